"""The engine's API for the web layer and the research tools: search, lookups, completions.

The web layer imports the engine from here (and the lookups from their modules), never from
search/whoosh/: what a search needs of Whoosh stays behind that one door.
"""

from search.engine.answer import MAX_PAGE, search
from search.whoosh.admission import Busy, Gate
from search.whoosh.budget import SearchTimeout
from search.whoosh.handle import IndexHandle

__all__ = ["MAX_PAGE", "Busy", "Gate", "IndexHandle", "SearchTimeout", "search"]
