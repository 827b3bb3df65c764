"""Getting outputs to people: files written atomically (and later servers)."""
