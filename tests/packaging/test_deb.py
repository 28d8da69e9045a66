"""The .deb recipe (build/deb.py): host dependencies, control file, menu entry, file types, maintainer scripts."""
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import __version__
from build import deb

ROOT = Path(__file__).resolve().parents[2]
needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed (not Debian)")


def mime_types() -> dict[str, str]:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(deb.LINUX / "votedesk.xml").getroot()
    return {t.get("type"): t.find("m:glob", ns).get("pattern") for t in root.findall("m:mime-type", ns)}


def desktop_entry() -> dict[str, str]:
    lines = (deb.LINUX / "votedesk.desktop").read_text("utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_file_types_registered_for_both_files():
    assert mime_types() == {"application/x-votedesk": "*.votedesk", "application/x-votedesk-package": "*.vdpkg"}
    entry = desktop_entry()
    assert set(filter(None, entry["MimeType"].split(";"))) == set(mime_types())
    assert entry["Exec"] == "votedesk %f" and entry["Icon"] == "votedesk"


def test_relations_from_what_the_bundle_links():
    needs = {"libc.so.6", "ld-linux-x86-64.so.2", "libGL.so.1", "libEGL.so.1", "libxcb.so.1", "libcups.so.2",
             "libwayland-client.so.0", "libgtk-3.so.0"}
    fields = deb.relations(needs, (2, 36))
    assert fields["Depends"] == ["libc6 (>= 2.36)", "libegl1", "libgl1", "libxcb1"]
    assert fields["Recommends"] == ["libcups2", "libwayland-client0"]


def test_unknown_host_library_stops_the_build():
    with pytest.raises(SystemExit, match="libfoo.so.1"):
        deb.relations({"libc.so.6", "libfoo.so.1"}, (2, 34))


def test_control_file_fields():
    text = deb.control("1.2.3", "arm64", 4242, {"Depends": ["libc6 (>= 2.34)", "libgl1"], "Recommends": []})
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", text, re.M))
    assert fields["Package"] == "votedesk" and fields["Version"] == "1.2.3" and fields["Architecture"] == "arm64"
    assert fields["Installed-Size"] == "4242" and fields["Depends"] == "libc6 (>= 2.34), libgl1"
    assert "Recommends" not in fields and fields["Maintainer"]
    assert text.endswith("\n") and all(line[0] in " ABCDIMPRSV" for line in text.splitlines())


def run_script(script: str, arg: str, tmp_path: Path, tools: bool) -> list[str]:
    """Run a maintainer script with fake update tools (or none on the PATH); returns the calls they logged."""
    bin_dir = tmp_path / f"bin-{len(list(tmp_path.iterdir()))}"
    bin_dir.mkdir()
    log = bin_dir / "calls.log"
    log.write_text("")
    if tools:
        for tool in ("update-mime-database", "update-desktop-database", "gtk-update-icon-cache"):
            (bin_dir / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> {log}\n')
            (bin_dir / tool).chmod(0o755)
    path = bin_dir / "script"
    path.write_text(script)
    proc = subprocess.run(["/bin/sh", str(path), arg], env={"PATH": str(bin_dir)}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return log.read_text().splitlines()


@pytest.mark.parametrize("script,arg", [(deb.POSTINST, "configure"), (deb.POSTRM, "remove"), (deb.POSTRM, "purge")])
def test_maintainer_scripts_update_databases_when_tools_exist(tmp_path: Path, script: str, arg: str):
    assert run_script(script, arg, tmp_path, tools=True) == [
        "update-mime-database /usr/share/mime", "update-desktop-database -q /usr/share/applications",
        "gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor"]
    assert run_script(script, arg, tmp_path, tools=False) == []
    assert run_script(script, "upgrade", tmp_path, tools=True) == []


def test_uninstall_leaves_users_files_alone():
    """The package owns only its own paths; its scripts delete nothing (users' files are in their homes)."""
    for script in (deb.POSTINST, deb.POSTRM):
        assert not re.search(r"\brm\b|/home|/root|\$HOME|find ", script)


def contents(package: Path) -> dict[str, str]:
    """Path in the package -> its `dpkg-deb -c` line."""
    out = subprocess.run(["dpkg-deb", "-c", str(package)], capture_output=True, text=True, check=True).stdout
    return {line.split(" ./", 1)[1].split(" -> ")[0].rstrip("/"): line for line in out.splitlines() if " ./" in line}


def check_package(package: Path) -> None:
    files = contents(package)
    assert files["usr/bin/votedesk"].startswith("l") and files["usr/bin/votedesk"].endswith("-> /opt/votedesk/votedesk")
    assert files["opt/votedesk/votedesk"].startswith("-rwxr-xr-x root/root")
    for path in ("usr/share/applications/votedesk.desktop", "usr/share/mime/packages/votedesk.xml",
                 "usr/share/icons/hicolor/48x48/apps/votedesk.png", "usr/share/doc/votedesk/copyright"):
        assert files[path].startswith("-rw-r--r-- root/root"), path
    owned = ("opt/votedesk", "usr/bin/votedesk", "usr/share/applications/votedesk.desktop",
             "usr/share/mime/packages/votedesk.xml", "usr/share/icons/hicolor/", "usr/share/doc/votedesk")
    parents = {"/".join(o.split("/")[:n]) for o in owned for n in range(1, o.count("/") + 1)}
    assert [p for p in files if p and not p.startswith(owned) and p not in parents] == []
    field = subprocess.run(["dpkg-deb", "-f", str(package), "Version", "Architecture", "Depends"],
                           capture_output=True, text=True, check=True).stdout
    assert f"Version: {__version__}\n" in field and f"Architecture: {deb.architecture()}\n" in field
    assert re.search(r"Depends: libc6 \(>= 2\.\d+\)", field)


@needs_dpkg
def test_package_from_a_small_bundle(tmp_path: Path):
    """The whole recipe over a stand-in bundle (one ELF executable), without PyInstaller: quick, every run."""
    bundle = tmp_path / "votedesk"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy2("/bin/true", bundle / "votedesk")
    (bundle / "_internal" / "data.txt").write_text("x")
    package = deb.build_deb(bundle, tmp_path, work=tmp_path / "work")
    assert package.name == f"votedesk_{__version__}_{deb.architecture()}.deb"
    check_package(package)
    assert "opt/votedesk/_internal/data.txt" in contents(package)
    assert not (tmp_path / "work" / package.stem).exists()


@needs_dpkg
def test_built_package():
    """The real package after build/deb.py (as in CI); skipped when dist/ has none."""
    packages = sorted((ROOT / "dist").glob("votedesk_*.deb"))
    if not packages:
        pytest.skip("no dist/votedesk_*.deb (build/build.py, then build/deb.py)")
    check_package(packages[-1])
    assert "opt/votedesk/_internal/resources/fonts/wqy-microhei.ttc" in contents(packages[-1])
