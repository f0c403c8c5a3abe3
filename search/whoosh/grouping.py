"""One result per article: each article's best paragraph, in the search's order."""

from collections import Counter

from search.whoosh.arrays import Ints


def best_per_article(order: list[tuple[int, float | None]], article_of: Ints
                     ) -> list[tuple[int, float | None, int]]:
    """Keep the first (best) paragraph of each article from an ordered list of matches, with
    how many more of its paragraphs the list holds."""
    articles = article_of[[d for d, _ in order]].tolist() if order else []
    matches = Counter(articles)
    seen: set[int] = set()
    best = []
    for (doc, score), article in zip(order, articles, strict=True):
        if article not in seen:
            seen.add(article)
            best.append((doc, score, matches[article] - 1))
    return best
