"""Two baselines over the same texts: tantivy (Lucene-like BM25) and bm25s, as usually run.

tantivy: one `text` field with its `en_stem` tokenizer (words, lowercase, English stemmer); a
query becomes its words (`\\w+`), lowercased so that none reads as an operator, any of which may
match (the query parser's default disjunction). bm25s: PyStemmer's English stemmer, English stop
words, default BM25 parameters (Lucene variant, k1=1.5, b=0.75). Each returns the positions
of the best documents in the list it was given, at most k, none without a matching word.
"""

import re

import bm25s
import Stemmer
import tantivy

WORD_RE = re.compile(r"\w+")


class TantivyBaseline:
    """An in-memory tantivy index of the texts."""

    def __init__(self, texts: list[str]) -> None:
        """Index the texts, each a document numbered by its position."""
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
        builder.add_integer_field("n", stored=True)
        self.index = tantivy.Index(builder.build())
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

    def __init__(self, texts: list[str]) -> None:
        """Tokenize (stop words out, stemmed) and index the texts."""
        self.stemmer = Stemmer.Stemmer("english")
        self.size = len(texts)
        self.retriever = bm25s.BM25()
        self.retriever.index(self._tokens(texts), show_progress=False)

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = bm25s.tokenize(texts, stopwords="en", stemmer=self.stemmer,
                                                 return_ids=False, show_progress=False)
        return tokens

    def search(self, query: str, k: int) -> list[int]:
        """Return the best k documents with a positive score."""
        tokens = self._tokens([query])
        if not tokens[0]:
            return []
        found, scores = self.retriever.retrieve(tokens, k=min(k, self.size),
                                                show_progress=False)
        return [int(n) for n, score in zip(found[0], scores[0], strict=True) if score > 0]
