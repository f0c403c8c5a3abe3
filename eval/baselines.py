"""Two baselines over the same texts: tantivy (Lucene-like BM25) and bm25s, as usually run.

tantivy: one `text` field with its `en_stem` tokenizer (words, lowercase, English stemmer), or
for Spanish texts the same pipeline with tantivy's Spanish Snowball stemmer (`es_stem`); a
query becomes its words (`\\w+`), lowercased so that none reads as an operator, any of which may
match (the query parser's default disjunction). bm25s: PyStemmer's stemmer and bm25s's stop
words for the texts' language, default BM25 parameters (Lucene variant, k1=1.5, b=0.75). Each
returns the positions of the best documents in the list it was given, at most k, none without a
matching word.
"""

import re

import bm25s
import Stemmer
import tantivy

from eval.model import STEMMERS

WORD_RE = re.compile(r"\w+")


def _stem_analyzer(language: str) -> tantivy.TextAnalyzer:
    """Return en_stem's pipeline with the language's stemmer (tantivy builds in only English's):
    simple words, the long ones out, lowercase, Snowball stemmer."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(STEMMERS[language])).build())


class TantivyBaseline:
    """An in-memory tantivy index of the texts."""

    def __init__(self, texts: list[str], language: str = "en") -> None:
        """Index the texts, each a document numbered by its position."""
        name = "en_stem" if language == "en" else f"{language}_stem"
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", stored=False, tokenizer_name=name)
        builder.add_integer_field("n", stored=True)
        self.index = tantivy.Index(builder.build())
        if language != "en":
            self.index.register_tokenizer(name, _stem_analyzer(language))
        writer = self.index.writer(heap_size=100_000_000, num_threads=1)
        for n, text in enumerate(texts):
            writer.add_document(tantivy.Document(text=text, n=n))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, query: str, k: int) -> list[int]:
        """Return the best k documents for any of the query's words."""
        words = WORD_RE.findall(query.lower())
        if not words:
            return []
        parsed = self.index.parse_query(" ".join(words), ["text"])
        found = self.searcher.search(parsed, limit=k)
        return [int(self.searcher.doc(address)["n"][0]) for _, address in found.hits]


class Bm25sBaseline:
    """A bm25s index of the texts."""

    def __init__(self, texts: list[str], language: str = "en") -> None:
        """Tokenize (stop words out, stemmed) and index the texts."""
        self.stemmer = Stemmer.Stemmer(STEMMERS[language])
        self.language = language
        self.size = len(texts)
        self.retriever = bm25s.BM25()
        self.retriever.index(self._tokens(texts), show_progress=False)

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = bm25s.tokenize(texts, stopwords=self.language,
                                                 stemmer=self.stemmer, return_ids=False,
                                                 show_progress=False)
        return tokens

    def search(self, query: str, k: int) -> list[int]:
        """Return the best k documents with a positive score."""
        tokens = self._tokens([query])
        if not tokens[0]:
            return []
        found, scores = self.retriever.retrieve(tokens, k=min(k, self.size),
                                                show_progress=False)
        return [int(n) for n, score in zip(found[0], scores[0], strict=True) if score > 0]
