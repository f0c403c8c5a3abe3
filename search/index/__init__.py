"""Where the corpus is indexed: full and incremental builds, published atomically."""
