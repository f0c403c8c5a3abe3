"""Write the measurement into docs/import-quality.md, between markers, keeping the rest."""

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from eval_import.pages import Outcome, Page
from eval_import.score import PageScore, summarise

START = "<!-- eval-import: start (written by make eval-import; edit outside these markers) -->"
END = "<!-- eval-import: end -->"
WORST = 12


@dataclass
class Run:
    """One extractor's outcomes and scores over the pages."""

    name: str
    outcomes: dict[str, Outcome]
    scores: dict[str, PageScore]
    seconds: float


def table(runs: list[Run], pages: list[Page], published: bool = False) -> list[str]:
    """Return the summary table, one row per extractor."""
    rows = ["| extractor | F1 | precision | recall | pages imported or extracted | seconds |",
            "|---|---|---|---|---|---|"]
    for run in runs:
        s = summarise(list(run.scores.values()), published)
        got = sum(1 for o in run.outcomes.values() if o.body.strip())
        rows.append(f"| {run.name} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | "
                    f"{got} of {len(pages)} | {run.seconds:.0f} |")
    return rows


def worst(run: Run, pages: list[Page]) -> list[str]:
    """Return the pages the extractor did worst on, with what happened to each."""
    rows = ["| page | F1 | precision | recall | what happened |", "|---|---|---|---|---|"]
    ranked = sorted(pages, key=lambda p: (run.scores[p.key].f1, p.key))[:WORST]
    for page in ranked:
        s, outcome = run.scores[page.key], run.outcomes[page.key]
        said = outcome.failure or f"{len(outcome.body.split())} words written, " \
                                  f"{len(page.true.split())} true"
        rows.append(f"| `{page.key[:8]}` {page.url[:70]} | {s.f1:.3f} | {s.precision:.3f} | "
                    f"{s.recall:.3f} | {said.replace('|', '/')} |")
    return rows


def section(runs: list[Run], pages: list[Page], folder: Path, version: str) -> str:
    """Return the generated section of the report."""
    importer = runs[0]
    languages = Counter(o.language for o in importer.outcomes.values() if o.language)
    lines = [START, "", "## Latest measurement", "",
             f"{datetime.date.today().isoformat()}, {len(pages)} pages of `{folder.name}/` "
             f"(trafilatura {version}); the importer runs as one batch "
             "(`press-search import --corpus <tmp> pages/*.html`) and is scored on the "
             "Markdown body of each file it wrote.", "",
             *table(runs, pages), "",
             "Averaged as the benchmark's own `evaluate.py` does (precision only over pages "
             "where something was extracted):", "", *table(runs, pages, published=True), "",
             "Languages written: " + (", ".join(f"{lang} {n}" for lang, n in
                                                languages.most_common()) or "none") + ".", "",
             f"### The {WORST} worst pages for {importer.name}", "", *worst(importer, pages),
             "", END]
    return "\n".join(lines)


def write_report(path: Path, generated: str) -> None:
    """Replace the generated section of the report (or append one), keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Import quality\n\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + generated + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + generated + "\n"
    path.write_text(text, encoding="utf-8")
