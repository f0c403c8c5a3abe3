"""Load the benchmark's saved pages, run the importer and trafilatura's defaults over them."""

import gzip
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import frontmatter

ROOT = Path(__file__).resolve().parent.parent
PAGES_ENV = "EVAL_IMPORT_PAGES"
DEFAULT_PAGES = ROOT.parent / "shared" / "benchmarks" / "article-extraction"


@dataclass(frozen=True)
class Page:
    """One saved page and its true article body."""

    key: str
    url: str
    true: str
    html: str


@dataclass
class Outcome:
    """What one extractor made of one page: the body, or why there is none."""

    body: str = ""
    failure: str = ""
    language: str = ""


def pages_folder() -> Path:
    """Return the benchmark folder: $EVAL_IMPORT_PAGES or ../shared/benchmarks/..."""
    return Path(os.environ.get(PAGES_ENV) or DEFAULT_PAGES)


def load_pages(folder: Path) -> list[Page]:
    """Read every page that has a ground truth, in key order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [Page(key, item.get("url", ""), item.get("articleBody", ""),
                 gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
                 .decode("utf-8"))
            for key, item in sorted(truth.items())]


def run_importer(pages: list[Page], work: Path) -> tuple[dict[str, Outcome], float]:
    """Import every page in one batch, as a user would; return each page's outcome and the
    seconds the batch took."""
    folder, corpus = work / "pages", work / "corpus"
    folder.mkdir(parents=True)
    paths = []
    for page in pages:
        paths.append(folder / f"{page.key}.html")
        paths[-1].write_text(page.html, encoding="utf-8")
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "search", "import", "--corpus", str(corpus),
                          *map(str, paths)], cwd=ROOT, capture_output=True, text=True,
                         timeout=3600, check=False)
    seconds = time.perf_counter() - start
    outcomes = {page.key: Outcome() for page in pages}
    for written in corpus.glob("*.md"):
        post = frontmatter.load(written)
        key = Path(str(post.metadata["source"])).stem
        outcomes[key] = Outcome(post.content, language=str(post.metadata.get("language", "")))
    lines = (run.stdout + run.stderr).splitlines()
    for path, page in zip(paths, pages, strict=True):
        if not outcomes[page.key].body:
            said = [line for line in lines if line.startswith(f"{path}: ")]
            outcomes[page.key].failure = said[0][len(f"{path}: "):] if said else "no file written"
    return outcomes, seconds


def run_extractor(pages: list[Page], extract: Callable[[str], str | None]
                  ) -> tuple[dict[str, Outcome], float]:
    """Run an extractor over every page; return each page's outcome and the seconds taken."""
    start = time.perf_counter()
    outcomes = {}
    for page in pages:
        body = extract(page.html) or ""
        outcomes[page.key] = Outcome(body, "" if body else "nothing extracted")
    return outcomes, time.perf_counter() - start


def trafilatura_defaults(html: str) -> str | None:
    """Extract the main text with trafilatura's default settings."""
    import trafilatura

    result: str | None = trafilatura.extract(html)
    return result
