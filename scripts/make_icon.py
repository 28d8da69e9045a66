"""Draw the app icon (选 in gold on red) into resources/icons as PNG and ICO, with the bundled font."""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
RED, GOLD = (200, 16, 46), (255, 222, 0)


def draw(size: int = 512) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = size // 8
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=r, fill=RED)
    inset = size // 16
    d.rounded_rectangle((inset, inset, size - 1 - inset, size - 1 - inset), radius=r - inset // 2,
                        outline=GOLD, width=max(2, size // 64))
    font = ImageFont.truetype(str(FONT), int(size * 0.6), index=0)
    d.text((size / 2, size / 2), "选", font=font, fill=GOLD, anchor="mm")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.resize((256, 256), Image.LANCZOS).save(OUT / "votedesk.png")
    icon.save(OUT / "votedesk.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
