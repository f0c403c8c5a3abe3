"""Relevance harness (`make eval`): press-search beside tantivy and bm25s on judged queries."""
