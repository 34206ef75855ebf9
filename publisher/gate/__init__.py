"""The CI gate and reports: catalogs checked against the sources, glyph coverage, what changed since a reference."""
