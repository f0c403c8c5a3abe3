"""Where a paragraph gets its permanent id: the ledger and the assignment of ids."""
