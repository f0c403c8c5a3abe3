"""The old import path of the schema's full-text field, for indexes written before 2026-12.

Whoosh pickles the schema into each index's table of contents, naming each field's class by
its module: indexes built before the engine's Whoosh code moved to search/whoosh/ name
`search.analysis.ParagraphText`. This alias lets them open; new indexes name the new path.
"""

from search.whoosh.analysis import ParagraphText

__all__ = ["ParagraphText"]
