"""The five raw seeds, imported with no flags, match the curated corpus paragraph for paragraph."""

from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from search.cli import main
from search.corpus.load import load_corpus
from tests.conftest import REAL_CORPUS

# The raw seeds as scraped, copied from the project's shared seeds so that a clean clone has them.
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
# What each seed states about itself (the curated corpus adds what had to be inferred).
STATED = {
    "000_1e2f03c16c4a9be6.txt": ("Red Flag", "2020-01"),
    "001_4640bf5a5e25830b.txt": (None, "2019-11-13"),  # the outlet is only in the chrome
    "002_cf37f61678316a0d.txt": ("The Revolutionary Communist Group", None),
    "003_8824d69fee82aaa3.txt": ("Left on the Move", None),
    "004_e2a97da1a8430e57.txt": ("Wedge", "2020-10-19"),
}


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("imported")
    result = CliRunner().invoke(main, ["import", "--corpus", str(out),
                                       *sorted(str(p) for p in SEEDS.glob("*.txt"))])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("seed", sorted(STATED))
def test_imported_seed_matches_the_curated_article(imported: Path, seed: str) -> None:
    curated = {a.meta.source: a for a in load_corpus(REAL_CORPUS).articles}[f"seeds/{seed}"]
    mine = next(p for p in imported.glob("*.md")
                if f"source: {seed}" in p.read_text(encoding="utf-8"))
    text = mine.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    blocks = [b for b in body.split("\n") if b.strip()]
    paragraphs = [norm(b.removeprefix("- ")) for b in blocks if not b.startswith("## ")]
    reference = [norm(p.text) for p in curated.paragraphs]
    identical = sum(1 for p in reference if p in set(paragraphs))
    assert identical / len(reference) >= 0.95
    assert [p for p in paragraphs if p not in set(reference)] == []  # no chrome kept
    headings = [b[3:] for b in blocks if b.startswith("## ")]
    assert headings == [s for s in dict.fromkeys(p.section for p in curated.paragraphs) if s]
    items = [norm(b[2:]) for b in blocks if b.startswith("- ")]
    assert items == [norm(p.text) for p in curated.paragraphs if p.kind == "li"]
    assert mine.stem == curated.meta.slug
    meta = frontmatter.loads(text).metadata
    assert meta["title"] == curated.meta.title
    assert meta["authors"] == list(curated.meta.authors)
    outlet, date = STATED[seed]
    assert meta.get("outlet") == outlet or (outlet is None and not meta.get("outlet"))
    assert str(meta.get("date") or "") == (date or "")
    assert meta.get("sources", []) == list(curated.meta.sources)
