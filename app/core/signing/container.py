"""The package container: a canonical, uncompressed ZIP written byte for byte the same way every time."""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

# Stored (no compression) with fixed times and attributes, so a package has exactly one encoding.
# The verifier re-packs what it read and demands identical bytes: any change to headers, padding,
# order or trailing data is then caught, not only changes to file contents.
_DOS_DATE = 0x0021  # 1980-01-01; the real time is in the signed manifest
_FLAGS = 0x0800  # names are UTF-8
_VERSION = 20
_MADE_BY = (3 << 8) | _VERSION  # Unix
_ATTRS = (0o100644 << 16)
MAX_ENTRIES = 1000
_BAD_NAME = re.compile(r"(^/|\\|(^|/)\.\.?(/|$)|//|/$|[\x00-\x1f\x7f:*?\"<>|])")


class ContainerError(Exception):
    """The bytes are not a well-formed package container; ``reason`` is a stable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def check_name(name: str) -> str:
    """A safe relative entry name (no absolute paths, no "..", no backslashes); raises ValueError."""
    if not name or _BAD_NAME.search(name) or len(name.encode("utf-8")) > 255:
        raise ValueError(f"unsafe file name in package: {name!r}")
    return name


def pack(entries: list[tuple[str, bytes]]) -> bytes:
    """The canonical ZIP of (name, data) pairs, in the order given."""
    out, central = io.BytesIO(), []
    for name, data in entries:
        raw = check_name(name).encode("utf-8")
        crc, offset = zlib.crc32(data) & 0xFFFFFFFF, out.tell()
        common = struct.pack("<HHHHIII", _FLAGS, 0, 0, _DOS_DATE, crc, len(data), len(data))
        out.write(struct.pack("<IH", 0x04034B50, _VERSION) + common + struct.pack("<HH", len(raw), 0) + raw + data)
        central.append(struct.pack("<IHH", 0x02014B50, _MADE_BY, _VERSION) + common
                       + struct.pack("<HHHHHII", len(raw), 0, 0, 0, 0, _ATTRS, offset) + raw)
    start = out.tell()
    cd = b"".join(central)
    out.write(cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), start, 0))
    return out.getvalue()


def looks_like_zip(data: bytes) -> bool:
    """Whether the bytes at least start like a ZIP file (for "unreadable" versus "tampered")."""
    return data[:4] == b"PK\x03\x04"


def unpack(data: bytes) -> list[tuple[str, bytes]]:
    """The (name, data) pairs of a canonical container; ContainerError when it is not exactly canonical."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise ContainerError("container_too_many_files", f"{len(infos)} files in the package")
            entries = [(check_name(i.filename), zf.read(i)) for i in infos]
    except ContainerError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError) as exc:
        raise ContainerError("container_damaged", f"the package file is damaged: {exc}") from None
    names = [n for n, _ in entries]
    if len(set(names)) != len(names):
        raise ContainerError("container_duplicate_file", "a file name appears twice in the package")
    if pack(entries) != data:
        raise ContainerError("container_not_canonical", "the package container was altered (headers, order or extra data)")
    return entries
