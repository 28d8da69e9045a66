"""Build dist/votedesk_VERSION_ARCH.deb from the PyInstaller bundle in dist/votedesk (dpkg-deb, no network)."""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from app import __version__  # noqa: E402
from build import size  # noqa: E402

BUNDLE = ROOT / "dist" / "votedesk"
LINUX = ROOT / "build" / "linux"
PREFIX = "opt/votedesk"
ICON = ROOT / "resources" / "icons" / "votedesk.png"
ICON_SIZES = (32, 48, 64, 128, 256)

# Libraries the bundle leaves to the host (linked, not shipped) and how the package asks for them. The C library
# is libc6's; libGL/libEGL/libxcb are left out by PyInstaller on purpose (they must match the host's drivers and
# X server); libcups must match the host's cupsd (build/README.md); Wayland only matters on a Wayland session
# (Qt falls back to XWayland). "None": only plugins votedesk never loads link it (eglfs, VNC, GTK theme, SVG).
HOST_LIBS: dict[str, tuple[str, str] | None] = {
    "libGL.so.1": ("Depends", "libgl1"), "libEGL.so.1": ("Depends", "libegl1"), "libxcb.so.1": ("Depends", "libxcb1"),
    "libcups.so.2": ("Recommends", "libcups2"),
    "libwayland-client.so.0": ("Recommends", "libwayland-client0"),
    "libwayland-cursor.so.0": ("Recommends", "libwayland-cursor0"),
    "libwayland-egl.so.1": ("Recommends", "libwayland-egl1"),
    **dict.fromkeys(["libQt6Network.so.6", "libQt6OpenGL.so.6", "libQt6Svg.so.6", "libdrm.so.2", "libgtk-3.so.0",
                     "libgdk-3.so.0", "libgdk_pixbuf-2.0.so.0", "libatk-1.0.so.0", "libcairo.so.2",
                     "libcairo-gobject.so.2", "libpango-1.0.so.0", "libpangocairo-1.0.so.0"]),
}
LIBC = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1", "libresolv.so.2"}

POSTINST = """#!/bin/sh
# Register votedesk's menu entry, icon and file types; each tool only if the system has it.
set -e
if [ "$1" = configure ]; then
    command -v update-mime-database >/dev/null && update-mime-database /usr/share/mime || true
    command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""
# Users' election files, keys and packages live in their home folders and on USB sticks: nothing here touches them.
POSTRM = """#!/bin/sh
# Unregister votedesk's file types and menu entry. Users' election files are never touched.
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
    command -v update-mime-database >/dev/null && update-mime-database /usr/share/mime || true
    command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""
COPYRIGHT = """votedesk (选举工作台) and the parts it ships in /opt/votedesk.

The Python runtime, Qt (PySide6, LGPL-3.0) and the Python packages are bundled by PyInstaller; their licence
files are in /opt/votedesk/_internal/*.dist-info. Data shipped with votedesk, each with its licence text:
  /opt/votedesk/_internal/resources/fonts    WenQuanYi Micro Hei (Apache-2.0); AR PL SungtiL GB and
                                             AR PL KaitiM GB (Arphic Public License, LICENSE-arphic.txt)
  /opt/votedesk/_internal/resources/strokes  stroke order from cnchar-order (MIT)
  /opt/votedesk/_internal/resources/pinyin   pinyin initials from pypinyin (MIT)
"""


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def elf_files(bundle: Path) -> list[Path]:
    return [p for p in size.real_files(bundle).values() if p.read_bytes()[:4] == b"\x7fELF"]


def host_needs(bundle: Path) -> tuple[set[str], tuple[int, ...]]:
    """(libraries the bundle's ELF files link but do not ship, highest GLIBC_x.y symbol version they require)."""
    shipped = {p.name for p in bundle.rglob("*.so*")}
    needed: set[str] = set()
    glibc: tuple[int, ...] = (2, 17)
    for path in elf_files(bundle):
        out = subprocess.run(["readelf", "-d", "-V", "--wide", str(path)], capture_output=True, text=True,
                             check=True).stdout
        needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", out))
        for version in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", out):
            glibc = max(glibc, tuple(int(n) for n in version.split(".")))
    return needed - shipped, glibc


def relations(needs: set[str], glibc: tuple[int, ...]) -> dict[str, list[str]]:
    """Depends and Recommends for the host libraries; stops on a library HOST_LIBS does not know yet."""
    unknown = sorted(n for n in needs if n not in HOST_LIBS and n not in LIBC and not n.startswith("ld-linux"))
    if unknown:
        raise SystemExit(f"the bundle needs {unknown} from the host: add them to HOST_LIBS in build/deb.py")
    fields: dict[str, list[str]] = {"Depends": [f"libc6 (>= {'.'.join(map(str, glibc))})"], "Recommends": []}
    for name in sorted(needs):
        relation = HOST_LIBS.get(name)
        if relation and relation[1] not in fields[relation[0]]:
            fields[relation[0]].append(relation[1])
    return fields


def control(version: str, arch: str, installed_kib: int, fields: dict[str, list[str]]) -> str:
    lines = ["Package: votedesk", f"Version: {version}", f"Architecture: {arch}",
             "Maintainer: votedesk maintainers <votedesk@localhost>", f"Installed-Size: {installed_kib}",
             "Section: misc", "Priority: optional"]
    lines += [f"{field}: {', '.join(packages)}" for field, packages in fields.items() if packages]
    lines += ["Description: committee election workbench (选举工作台)",
              " An offline desktop application that walks a grassroots Party organization through its",
              " committee election step by step under the 2020 election regulations, and writes a signed",
              " result report that the higher-level organization verifies and recounts.",
              " .",
              " Self-contained: Python, Qt and the CJK font are bundled in /opt/votedesk."]
    return "\n".join(lines) + "\n"


def write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    path.chmod(mode)


def normalise_modes(tree: Path) -> None:
    """Directories 755, executables 755, other files 644, whatever the build machine's umask was."""
    for dirpath, dirnames, filenames in os.walk(tree):
        for d in dirnames:
            p = Path(dirpath, d)
            if not p.is_symlink():
                p.chmod(0o755)
        for f in filenames:
            p = Path(dirpath, f)
            if not p.is_symlink():
                p.chmod(0o755 if p.stat().st_mode & 0o100 else 0o644)
    tree.chmod(0o755)


def icons(stage: Path) -> None:
    from PIL import Image  # the build venv has Pillow (reportlab needs it)

    with Image.open(ICON) as img:
        for px in ICON_SIZES:
            out = stage / f"usr/share/icons/hicolor/{px}x{px}/apps/votedesk.png"
            out.parent.mkdir(parents=True, exist_ok=True)
            (img if img.size == (px, px) else img.resize((px, px), Image.LANCZOS)).save(out, optimize=True)


def stage_tree(bundle: Path, stage: Path, version: str, arch: str) -> None:
    """The package's file tree in ``stage``: bundle, launcher, menu entry, icons, MIME types, control files."""
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(bundle, stage / PREFIX, symlinks=True)
    (stage / "usr/bin").mkdir(parents=True)
    (stage / "usr/bin/votedesk").symlink_to(f"/{PREFIX}/votedesk")
    write(stage / "usr/share/applications/votedesk.desktop", (LINUX / "votedesk.desktop").read_text("utf-8"))
    write(stage / "usr/share/mime/packages/votedesk.xml", (LINUX / "votedesk.xml").read_text("utf-8"))
    write(stage / "usr/share/doc/votedesk/copyright", COPYRIGHT)
    icons(stage)
    normalise_modes(stage)
    installed_kib = (size.disk_size(stage) + 1023) // 1024
    write(stage / "DEBIAN/control", control(version, arch, installed_kib, relations(*host_needs(bundle))))
    write(stage / "DEBIAN/postinst", POSTINST, 0o755)
    write(stage / "DEBIAN/postrm", POSTRM, 0o755)


def build_deb(bundle: Path = BUNDLE, out_dir: Path = ROOT / "dist", work: Path = ROOT / "out" / "deb") -> Path:
    """dpkg-deb over the staged tree; returns the .deb's path."""
    arch = architecture()
    name = f"votedesk_{__version__}_{arch}"
    stage = work / name
    stage_tree(bundle, stage, __version__, arch)
    deb = out_dir / f"{name}.deb"
    deb.unlink(missing_ok=True)
    # xz: every dpkg reads it (UOS and Kylin ship older ones than Debian 12); root-owned files, no fakeroot needed.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(deb)], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(stage)
    return deb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-size-check", action="store_true", help="skip the check against build/bundle-size.json")
    args = parser.parse_args()
    if not (BUNDLE / "votedesk").is_file():
        print("no bundle in dist/votedesk: run build/build.py first", file=sys.stderr)
        return 2
    deb = build_deb()
    print(f"package: {deb}")
    return 0 if args.no_size_check else size.enforce("deb", deb.stat().st_size)


if __name__ == "__main__":
    sys.exit(main())
