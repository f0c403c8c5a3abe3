"""The collections, each as a corpus folder for press-search, the same texts for the
baselines (by document key), and the judged queries.

CISI: one corpus file per abstract (its slug is the document key; a hit is mapped back by its
article's slug). Seed: a copy of corpus/ (the build writes its id ledger beside the corpus, so
the repository's corpus/ is never indexed in place); a paragraph is a document, keyed
`slug#number`, and a hit is mapped back by its text. Spanish: the same, over the Spanish
articles written for the harness (eval/spanish/, `language: es`) and eval/spanish_judgments.json.
"""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eval import cisi
from eval.markdown import corpus_paragraphs
from eval.model import Query
from eval.press import Hit
from eval.seed import HitMatcher, load_judgments
from search.corpus.article_file import read_article

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
JUDGMENTS = Path(__file__).resolve().parent / "seed_judgments.json"
SPANISH = Path(__file__).resolve().parent / "spanish"
SPANISH_JUDGMENTS = Path(__file__).resolve().parent / "spanish_judgments.json"


@dataclass(frozen=True)
class Collection:
    """A corpus folder, the baselines' documents (keys and texts), and the judged queries."""

    name: str
    title: str
    corpus: Path
    keys: list[str]
    texts: list[str]
    queries: list[Query]
    hit_key: Callable[[Hit], str]
    matcher: HitMatcher | None = None
    language: str = "en"  # the language the baselines analyse the texts in
    # each document's section heading and article title (by key): what press-search also
    # matches a query's words in (eval/ceiling.py)
    contexts: dict[str, str] | None = None


def cisi_collection(work: Path) -> Collection | None:
    """Load CISI and write its corpus under work; None when the benchmark folder is absent."""
    folder = BENCHMARKS / "cisi"
    if not (folder / "CISI.ALL").is_file():
        return None
    docs = cisi.documents(folder)
    texts = cisi.queries(folder)
    judged = cisi.judgments(folder)
    cisi.write_corpus(docs, work / "corpus")
    queries = [Query(qid, "cisi", texts[qid], judged[qid])
               for qid in sorted(judged, key=int)]
    return Collection("cisi", f"CISI ({len(docs):,} abstracts, {len(queries)} judged queries)",
                      work / "corpus", [d.slug for d in docs], [d.text for d in docs], queries,
                      lambda hit: hit.slug, contexts={d.slug: d.title for d in docs})


def seed_collection(work: Path) -> Collection:
    """Copy corpus/ under work and load the seed judgments over its paragraphs."""
    return _judged("seed", "Seed judgments", ROOT / "corpus", JUDGMENTS, work, "en")


def spanish_collection(work: Path) -> Collection:
    """Copy the Spanish articles under work and load their judgments."""
    return _judged("spanish", "Spanish", SPANISH, SPANISH_JUDGMENTS, work, "es")


def _judged(name: str, label: str, source: Path, judgments: Path, work: Path,
            language: str) -> Collection:
    """Copy a folder of articles under work and load judgments over its paragraphs."""
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    for path in source.iterdir():
        if path.suffix == ".md" or path.name == ".ids.json":
            shutil.copy2(path, corpus / path.name)
    paragraphs = corpus_paragraphs(corpus)
    queries, named = load_judgments(judgments, paragraphs)
    matcher = HitMatcher(paragraphs, named)
    articles = len({p.slug for p in paragraphs})
    return Collection(name, f"{label} ({articles} articles, {len(paragraphs)} paragraphs, "
                      f"{len(queries)} queries)", corpus,
                      [p.key for p in paragraphs], [p.text for p in paragraphs],
                      queries, lambda hit: matcher.key(hit.text), matcher, language,
                      _contexts(corpus))


def _contexts(corpus: Path) -> dict[str, str]:
    """Return each paragraph's section heading and article title, as press-search reads the
    files (keyed as corpus_paragraphs keys them)."""
    contexts = {}
    for path in sorted(corpus.glob("*.md")):
        article = read_article(path, path.name)
        for paragraph in article.paragraphs:
            contexts[f"{path.stem}#{paragraph.number}"] = \
                f"{paragraph.section or ''} {article.meta.title}"
    return contexts
