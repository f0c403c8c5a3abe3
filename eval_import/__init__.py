"""`make eval-import`: score the importer on saved news pages with a true article body."""
