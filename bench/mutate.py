"""Mutation testing of the engine's core modules (mutmut), each against only its own tests.

`make mutate` runs this; never part of `make test`. Each module is mutated in its own scratch
copy of the project (mutants-work/<module>/), because mutmut reads one [tool.mutmut] section
from the pyproject.toml of the folder it runs in, and each module has its own list of tests.
Writes docs/mutation.md: per module, mutants killed, survived and timed out, and the survivors.
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants-work"
REPORT = ROOT / "docs" / "mutation.md"
EXPLANATIONS = ROOT / "docs" / "mutation-equivalent.json"
SCORES = ROOT / "docs" / "mutation.json"  # each module's last score, kept beside the report
# What the tests need beside the code: the real corpus, the pages' templates and assets.
COPIED = ["search", "tests", "corpus", "templates", "static"]
MUTMUT = str(Path(sys.executable).parent / "mutmut")

# Each module with the tests that exercise it: a run stays within minutes on 2 cores.
MODULES: dict[str, list[str]] = {
    "search/query/text.py": ["tests/test_query_reading.py", "tests/test_security_limits.py",
                             "tests/test_security_traps.py", "tests/test_guards.py"],
    "search/sanitize.py": ["tests/test_guards.py", "tests/test_security_xss.py"],
    "search/query/spellings.py": ["tests/test_spelling.py"],
    "search/research/export.py": ["tests/test_research_export.py", "tests/test_near_identical.py"],
    "search/whoosh/facets.py": ["tests/test_engine_search.py", "tests/test_performance_counts.py",
                                "tests/test_guards.py", "tests/test_web_api.py",
                                "tests/test_grouping.py", "tests/test_web_params.py",
                                "tests/test_languages.py"],
    "search/whoosh/scoring.py": ["tests/test_performance_matching.py",
                                 "tests/test_performance_equivalence.py",
                                 "tests/test_research_compare.py", "tests/test_engine_search.py"],
    "search/whoosh/spelling.py": ["tests/test_spelling.py", "tests/test_spelling_choices.py"],
    "search/ids/assign.py": ["tests/test_identity.py"],
    "search/ids/ledger.py": ["tests/test_identity.py"],
    "search/whoosh/stemming.py": ["tests/test_query_reading.py",
                                  "tests/test_performance_matching.py"],
    "search/whoosh/acronyms.py": ["tests/test_spelling.py"],
    "search/whoosh/wildcards.py": ["tests/test_wildcards.py", "tests/test_query_reading.py",
                                   "tests/test_security_limits.py"],
}
# Mutants run side by side ($MUTATE_WORKERS): mutmut is CPU-heavy; 1 on a shared machine.
WORKERS = os.environ.get("MUTATE_WORKERS", "2")


@dataclass
class Outcome:
    """The score of one module: mutants by status, and the names of those that lived."""

    module: str
    tests: list[str]
    date: str
    commit: str
    counts: dict[str, int] = field(default_factory=dict)
    survivors: list[str] = field(default_factory=list)


def mutmut_config(module: str, tests: list[str]) -> str:
    """Return the [tool.mutmut] section that mutates module and runs only tests."""
    return "\n".join([
        "", "[tool.mutmut]",
        'source_paths = ["search"]',
        f"only_mutate = {json.dumps([module])}",
        f"also_copy = {json.dumps(COPIED[2:])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]',
        "",
    ])


def scratch(module: str) -> Path:
    """Return the scratch folder where module is mutated."""
    return WORK / module.replace("/", ".").removesuffix(".py")


def prepare(module: str, tests: list[str]) -> Path:
    """Return a fresh scratch copy of the project set up to mutate module."""
    folder = scratch(module)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", ".hypothesis", "browser")
    for name in COPIED:
        shutil.copytree(ROOT / name, folder / name, ignore=skip)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (folder / "pyproject.toml").write_text(pyproject + mutmut_config(module, tests),
                                           encoding="utf-8")
    return folder


def run_module(module: str, tests: list[str]) -> None:
    """Mutate module in a fresh scratch copy, noting the date and commit of the run."""
    folder = prepare(module, tests)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    stamp = {"date": datetime.date.today().isoformat(), "commit": commit()}
    subprocess.run([MUTMUT, "run", "--max-children", WORKERS], cwd=folder, env=env, check=True)
    (folder / "run.json").write_text(json.dumps(stamp), encoding="utf-8")


def outcome(module: str) -> Outcome | None:
    """Return the score of module's last run: from its scratch folder, else as docs/mutation.json
    kept it (a fresh clone has no scratch folders); None when it has not run."""
    folder = scratch(module)
    if not (folder / "run.json").exists():
        kept = json.loads(SCORES.read_text(encoding="utf-8")) if SCORES.exists() else {}
        return Outcome(**kept[module]) if module in kept else None
    stamp = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    listing = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=folder, check=True,
                             capture_output=True, text=True).stdout
    found = Outcome(module, MODULES[module], stamp["date"], stamp["commit"])
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name:
            continue
        found.counts[status] = found.counts.get(status, 0) + 1
        if status == "survived":
            found.survivors.append(name)
    return found


def commit() -> str:
    """Return the commit the run measured (with + when the worktree had changes)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "search", "tests"], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout.strip()
    return head + ("+" if dirty else "")


def report(outcomes: list[Outcome]) -> str:
    """Return docs/mutation.md for outcomes."""
    explained: dict[str, str] = {}
    if EXPLANATIONS.exists():
        explained = json.loads(EXPLANATIONS.read_text(encoding="utf-8"))
    lines = [
        "# Mutation testing", "",
        "`make mutate` (mutmut; `MUTATE_MODULES=search/sanitize.py make mutate` runs one module "
        "and keeps the others' last scores). Each module is mutated with only the tests that "
        "exercise it (`MODULES` in bench/mutate.py); `other` is mutants that no test reaches.",
        "",
        "| module | tests | killed | survived | timed out | other | date | commit |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for o in outcomes:
        other = sum(n for s, n in o.counts.items() if s not in ("killed", "survived", "timeout"))
        lines.append(f"| `{o.module}` | {', '.join(Path(t).name for t in o.tests)} | "
                     f"{o.counts.get('killed', 0)} | {o.counts.get('survived', 0)} | "
                     f"{o.counts.get('timeout', 0)} | {other} | {o.date} | {o.commit} |")
    total = {s: sum(o.counts.get(s, 0) for o in outcomes) for s in ("killed", "survived")}
    unexplained = sum(n not in explained for o in outcomes for n in o.survivors)
    waiting = [m for m in MODULES if m not in {o.module for o in outcomes}]
    lines += ["", f"In all {total['killed']} mutants killed and {total['survived']} survived; "
              f"{unexplained} survivors are not yet explained. Not yet mutated: "
              f"{', '.join(waiting) or 'none'}.",
              "", "## Surviving mutants", "",
              "Each is equivalent (it changes no behaviour) for the reason given; "
              "`mutants-work/<module>/` has `mutmut show <name>` for each.", ""]
    for o in outcomes:
        for name in o.survivors:
            lines.append(f"- `{name}`: {explained.get(name, 'NOT YET EXPLAINED')}")
    if not any(o.survivors for o in outcomes):
        lines.append("None.")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Mutate every module in MODULES (or those named in MUTATE_MODULES) and write the report."""
    for module in os.environ.get("MUTATE_MODULES", "").split() or list(MODULES):
        run_module(module, MODULES[module])
    outcomes = [o for o in map(outcome, MODULES) if o is not None]
    SCORES.write_text(json.dumps({o.module: asdict(o) for o in outcomes}, indent=1) + "\n",
                      encoding="utf-8")
    REPORT.write_text(report(outcomes), encoding="utf-8")
    print(REPORT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
