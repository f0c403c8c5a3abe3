"""Everything that touches Whoosh (the one door to it): schema, analysis, segment writing,
matching, counting, ranking and highlighting. No module outside this package imports whoosh."""
