"""Research tools on top of the engine: the outlet comparison, exports and citations."""
