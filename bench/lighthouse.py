"""Run Lighthouse (Debian's chromium) on each kind of page, phone and desktop, against
`press-search serve` on the real corpus, and write the scores to docs/lighthouse.md.

`make lighthouse`; not part of `make test` (a minute or two, and a score is not a contract)."""

import json
import os
import shlex
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from search.index.build import build_index
from tests.servers import running_server

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORMS = {"phone": [], "desktop": ["--preset=desktop"]}


def page_paths(base: str) -> dict[str, str]:
    """Return the pages to audit; the paragraph and article are the first result for 'coup'."""
    with urllib.request.urlopen(base + "/api/search?q=coup&per_page=1", timeout=10) as answer:
        hit = json.load(answer)["results"][0]
    return {"home": "/", "results": "/search?q=coup", "compare": "/compare?q=coup",
            "paragraph": urlsplit(hit["permalink"]).path, "article": urlsplit(hit["article"]).path,
            "articles": "/a", "about": "/about"}


def command(url: str, form: str, out: Path) -> list[str]:
    """Return the Lighthouse command line for one page in one form."""
    return [str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}", "--output=json",
            f"--output-path={out}", *FORMS[form]]


ATTEMPTS = 3  # Lighthouse's trace recording fails now and then on a busy machine (NO_NAVSTART)


def audit(url: str, form: str, out: Path) -> tuple[dict[str, int], list[str]]:
    """Run Lighthouse; return its scores (0-100) and the audits that cost points. A run that
    fails is run again, as Lighthouse's own message asks, up to ATTEMPTS times."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            subprocess.run(command(url, form, out), check=True, timeout=300,
                           env={**os.environ, "CHROME_PATH": CHROME})
            break
        except subprocess.CalledProcessError:
            if attempt == ATTEMPTS:
                raise
    report = json.loads(out.read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = sorted({a["id"] for c in CATEGORIES for ref in report["categories"][c]["auditRefs"]
                      if ref["weight"] and (a := report["audits"][ref["id"]])["score"]
                      is not None and a["score"] < 1})
    return scores, failing


def main() -> None:
    """Index the corpus, serve it, audit every page in both forms and write the table."""
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: `make lighthouse` installs it with npm")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        assert build_index(ROOT / "corpus", work / "index").published
        with running_server(work / "index", work / "server.log") as base:
            rows = []
            for kind, path in page_paths(base).items():
                for form in FORMS:
                    scores, failing = audit(base + path, form, work / f"{kind}-{form}.json")
                    rows.append((kind, path, form, scores, failing))
                    print(kind, form, scores, " ".join(failing), flush=True)
    example = command("http://127.0.0.1:PORT/search?q=coup", "desktop", Path("report.json"))
    example[0] = "tools/lighthouse/node_modules/.bin/lighthouse"
    write(rows, "CHROME_PATH=" + CHROME + " " + shlex.join(example))


def write(rows: list[tuple[str, str, str, dict[str, int], list[str]]], example: str) -> None:
    """Write docs/lighthouse.md: the scores of every page and form, and how they were made."""
    lines = ["# Lighthouse scores", "",
             "Written by `make lighthouse` (`bench/lighthouse.py`): Lighthouse 12.2.3 with "
             "Debian's chromium, against `press-search serve` on the real corpus on a loopback "
             "port; phone is Lighthouse's default (a throttled mid-range phone), desktop is "
             "`--preset=desktop`. Each page is run once; performance varies a few points from "
             "run to run on a loaded machine. One of the commands:", "",
             "```", example, "```", "",
             "| page | path | form | performance | accessibility | best practices | SEO | "
             "audits below 1 |", "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for kind, path, form, scores, failing in rows:
        lines.append(f"| {kind} | `{path}` | {form} | "
                     + " | ".join(str(scores[c]) for c in CATEGORIES)
                     + f" | {', '.join(failing) or '—'} |")
    (ROOT / "docs" / "lighthouse.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
