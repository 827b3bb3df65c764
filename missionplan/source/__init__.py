"""The format: mission files read, positioned and described (models, source map, schema)."""
