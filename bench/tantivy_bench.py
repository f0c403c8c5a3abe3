"""The same corpus and queries on tantivy (Rust, Lucene family), for a ratio beside each figure.

Run as a child: `python -m bench.tantivy_bench CORPUS INDEX PASSES`; prints JSON. The build time
covers indexing only (reading the corpus files is timed separately); each search does what our
page needs: count, top 10 (by score or date), outlet facet, month x outlet timeline, fetch the
stored hits and highlight them.
"""

import json
import re
import sys
import time
from pathlib import Path

import tantivy

from bench.queries import Args, query_set
from bench.stats import percentile
from search.corpus.load import load_corpus

ANALYZER = "ours"


def analyzer() -> tantivy.TextAnalyzer:
    """Return our analysis in tantivy: words, lowercase, ASCII folding, English stemming."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("english")).build())


def schema() -> tantivy.Schema:
    """Return a schema equivalent to ours (metadata as fast fields for filters and facets)."""
    b = tantivy.SchemaBuilder()
    b.add_text_field("pid", stored=True, tokenizer_name="raw")
    b.add_text_field("slug", stored=True, tokenizer_name="raw", fast=True)
    b.add_integer_field("number", stored=True, fast=True)
    for name in ("text", "title", "outlet_text", "author_text", "section"):
        b.add_text_field(name, stored=name in ("text", "section"), tokenizer_name=ANALYZER)
    for name in ("outlet", "author", "month"):
        b.add_text_field(name, tokenizer_name="raw", fast=True)
    b.add_integer_field("date", fast=True, indexed=True)
    return b.build()


def build(corpus: Path, index: Path) -> dict[str, float]:
    """Index the corpus; return read and index seconds."""
    started = time.perf_counter()
    articles = load_corpus(corpus).articles
    read = time.perf_counter() - started
    index.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ix = tantivy.Index(schema(), path=str(index))
    ix.register_tokenizer(ANALYZER, analyzer())
    writer = ix.writer(heap_size=256_000_000)
    for article in articles:
        m = article.meta
        for p in article.paragraphs:
            writer.add_document(tantivy.Document(
                pid=f"{m.slug}-{p.number}", slug=m.slug, number=p.number, text=p.text,
                section=p.section or "", title=m.title, outlet=m.outlet, outlet_text=m.outlet,
                author=list(m.authors), author_text=" ".join(m.authors), month=m.month,
                date=int(m.date_start.replace("-", ""))))
    writer.commit()
    writer.wait_merging_threads()
    return {"read": read, "index": time.perf_counter() - started}


def to_query(ix: tantivy.Index, sch: tantivy.Schema, args: Args) -> tantivy.Query:
    """Translate our arguments: all words required, outlets OR'd, dates as a range."""
    text = " ".join(v for k, v in args if k == "q")
    must: list[tuple[tantivy.Occur, tantivy.Query]] = []
    if text:
        try:
            parsed = ix.parse_query(text.replace("-", " -"), ["text"],
                                    conjunction_by_default=True)
        except ValueError:  # punctuation tantivy's syntax refuses (OAS's, a question): its words
            parsed = ix.parse_query(" ".join(re.findall(r"\w+", text)), ["text"],
                                    conjunction_by_default=True)
        must.append((tantivy.Occur.Must, parsed))
    outlets = [v for k, v in args if k == "outlet"]
    if outlets:
        must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(sch, "outlet", o))
             for o in outlets])))
    lo = next((v for k, v in args if k == "from"), None)
    hi = next((v for k, v in args if k == "to"), None)
    if lo or hi:
        low = int((lo or "0000").replace("-", "").ljust(8, "0"))
        high = int((hi or "9999").replace("-", "").ljust(8, "9"))
        must.append((tantivy.Occur.Must, tantivy.Query.range_query(
            sch, "date", tantivy.FieldType.Integer, low, high)))
    if not must:
        return tantivy.Query.all_query()
    return tantivy.Query.boolean_query(must)


def run(ix: tantivy.Index, sch: tantivy.Schema, args: Args) -> int:
    """Do what the results page needs; return the total."""
    searcher = ix.searcher()
    q = to_query(ix, sch, args)
    sort = next((v for k, v in args if k == "sort"), None)
    order = tantivy.Order.Asc if sort == "oldest" else tantivy.Order.Desc
    found = searcher.search(q, limit=10, count=True, order_by_field="date", order=order) \
        if sort else searcher.search(q, limit=10, count=True)
    searcher.aggregate(q, {"outlets": {"terms": {"field": "outlet", "size": 100}}})
    searcher.aggregate(q, {"months": {"terms": {"field": "month", "size": 100}, "aggs": {
        "outlets": {"terms": {"field": "outlet", "size": 100}}}}})
    snippets = tantivy.SnippetGenerator.create(searcher, q, sch, "text")
    for _, address in found.hits:
        snippets.snippet_from_doc(searcher.doc(address)).to_html()
    return int(getattr(found, "count", 0) or 0)  # the stubs omit count


def main() -> None:
    """Build, then time the query set cold and warm; print JSON."""
    corpus, index, passes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    times = build(corpus, index)
    ix = tantivy.Index.open(str(index))
    ix.register_tokenizer(ANALYZER, analyzer())
    sch = ix.schema
    ix.reload()
    queries = [args for _, args in query_set()]
    warm = []
    for _ in range(passes + 1):
        one = []
        for args in queries:
            started = time.perf_counter()
            run(ix, sch, args)
            one.append((time.perf_counter() - started) * 1000)
        warm.append(one)
    cold = warm.pop(0)
    print(json.dumps({**times, "cold_p50": percentile(cold, 0.5),
                      "cold_p95": percentile(cold, 0.95),
                      "warm_p50": [percentile(p, 0.5) for p in warm],
                      "warm_p95": [percentile(p, 0.95) for p in warm]}))


if __name__ == "__main__":
    main()
