"""The repository runs alone: its copies of shared/domain (examples, rules.md) are current; no test reads outside."""
import re
from pathlib import Path

from tests.conftest import EXAMPLES_DIR, REPO, RULES_MD


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_examples_copied():
    names = files(EXAMPLES_DIR)
    assert len(names) >= 20
    inputs = {n for n in names if not n.endswith(".expected.json")}
    assert {n.replace(".expected.json", ".json") for n in names if n.endswith(".expected.json")} == inputs


def test_examples_equal_shared(shared_dir: Path):
    """Skipped when no shared/ folder is beside the checkout (a fresh clone); then the copy is all there is."""
    source = shared_dir / "domain" / "examples"
    assert files(EXAMPLES_DIR) == files(source), f"tests/fixtures/examples differs from {source}: copy it again"


def test_rules_md_equals_shared(shared_dir: Path):
    """The spec's rule ids are read by tests (citations); the copy must be the spec as it stands."""
    source = shared_dir / "domain" / "rules.md"
    assert RULES_MD.read_bytes() == source.read_bytes(), f"tests/fixtures/rules.md differs from {source}: copy it again"


def test_no_test_reads_beside_the_repository():
    """Only conftest.py names the shared/ folder; a test that reached outside the clone would fail there."""
    pattern = re.compile(r"""\.\./shared|/work/shared|/\s*["']shared["']|(REPO|ROOT)\.parent\b""")
    offenders = [p.relative_to(REPO).as_posix() for p in (REPO / "tests").rglob("*.py")
                 if p.name != "conftest.py" and p != Path(__file__).resolve() and pattern.search(p.read_text("utf-8"))]
    assert offenders == []
