"""Where a query is understood: the text a user typed, read into words and operators."""
