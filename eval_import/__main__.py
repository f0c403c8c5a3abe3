"""`make eval-import`: run the importer and trafilatura's defaults over the benchmark's pages,
score both, and write docs/import-quality.md.

    python -m eval_import        pages from $EVAL_IMPORT_PAGES or ../shared/benchmarks/...

The pages are read from there at run time and never copied into the repository.
"""

import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from eval_import.pages import (
    ROOT,
    load_pages,
    pages_folder,
    run_extractor,
    run_importer,
    trafilatura_defaults,
)
from eval_import.report import Run, section, write_report
from eval_import.score import score_page

REPORT = ROOT / "docs" / "import-quality.md"


def main() -> int:
    """Measure, print the summary, and write the report; skip when the pages are absent."""
    folder = pages_folder()
    if not (folder / "ground-truth.json").is_file():
        print(f"eval-import: skipped: no benchmark pages at {folder} (set EVAL_IMPORT_PAGES to "
              "a folder with ground-truth.json and html/*.html.gz)")
        return 0
    pages = load_pages(folder)
    with tempfile.TemporaryDirectory(prefix="eval-import-") as work:
        imported, import_seconds = run_importer(pages, Path(work))
    extracted, extract_seconds = run_extractor(pages, trafilatura_defaults)
    runs = [Run(name, outcomes, {p.key: score_page(p.true, outcomes[p.key].body)
                                 for p in pages}, seconds)
            for name, outcomes, seconds in (
                ("press-search import", imported, import_seconds),
                ("trafilatura defaults", extracted, extract_seconds))]
    generated = section(runs, pages, folder, version("trafilatura"))
    write_report(REPORT, generated)
    print(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
