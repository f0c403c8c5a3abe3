"""press-search: paragraph-level full-text search over press coverage."""
