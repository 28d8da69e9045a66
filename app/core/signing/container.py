"""The package container: a canonical, uncompressed ZIP written byte for byte the same way every time."""
from __future__ import annotations

import hashlib
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
# Limits checked from the central directory before any entry is read (hostile files, issue 12):
MAX_PACKAGE = 200 * 1024 * 1024  # the whole file; as the verifier's MAX_PACKAGE
MAX_JSON = 16 * 1024 * 1024  # one JSON document: a whole branch election's ballots and audit log fit many times over
_CHUNK = 1024 * 1024
# Refusals of a file that is not even read as a package (exit 2, "unreadable"), unlike a package that fails a check.
LIMIT_REASONS = frozenset({"container_too_large", "container_entry_too_large", "container_too_many_files",
                           "container_compressed", "container_entries_overlap"})
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


def _limit(name: str) -> int:
    return MAX_JSON if name.endswith((".json", ".sig", ".pem")) else MAX_PACKAGE


def _checked_infos(zf: zipfile.ZipFile, size: int) -> list[zipfile.ZipInfo]:
    """The entries, refused before reading when their count, method or sizes cannot be a package's."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ContainerError("container_too_many_files", f"{len(infos)} files in the package")
    total = 0
    for i in infos:
        if i.compress_type != zipfile.ZIP_STORED or i.flag_bits & 0x1:
            # A package is never compressed nor encrypted: refusing here means no bomb is ever inflated.
            raise ContainerError("container_compressed", f"{i.filename!r} is compressed or encrypted: not unpacked")
        if i.file_size != i.compress_size or i.file_size > _limit(i.filename):
            raise ContainerError("container_entry_too_large", f"{i.filename!r} claims {i.file_size} bytes")
        total += i.file_size
        if total > size:  # stored entries cannot hold more than the file: they overlap
            raise ContainerError("container_entries_overlap", "the package's files overlap or claim more bytes than it has")
    return infos


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes read in chunks, never more than its stated size (zipfile also checks its CRC)."""
    out, left = bytearray(), info.file_size
    with zf.open(info) as fh:
        while chunk := fh.read(min(_CHUNK, left + 1)):
            left -= len(chunk)
            if left < 0:
                raise ContainerError("container_damaged", f"{info.filename!r} holds more than it states")
            out += chunk
    return bytes(out)


def entries(data: bytes) -> list[tuple[str, bytes]]:
    """The (name, data) pairs of a package-like ZIP, within the limits but not necessarily canonical."""
    if len(data) > MAX_PACKAGE:
        raise ContainerError("container_too_large", f"the package file has {len(data)} bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            out = [(check_name(i.filename), _read_entry(zf, i)) for i in _checked_infos(zf, len(data))]
    except ContainerError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError) as exc:
        raise ContainerError("container_damaged", f"the package file is damaged: {exc}") from None
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        raise ContainerError("container_duplicate_file", "a file name appears twice in the package")
    return out


def unpack(data: bytes) -> list[tuple[str, bytes]]:
    """The (name, data) pairs of a canonical container; ContainerError when it is not exactly canonical."""
    found = entries(data)
    if pack(found) != data:
        raise ContainerError("container_not_canonical", "the package container was altered (headers, order or extra data)")
    return found


def manifest_digest(data: bytes, manifest: str = "manifest.json") -> str | None:
    """SHA-256 of the signed manifest's bytes: the same signed content however the ZIP is laid out; None if none."""
    try:
        found = dict(entries(data))
    except ContainerError:
        return None
    return hashlib.sha256(found[manifest]).hexdigest() if manifest in found else None
