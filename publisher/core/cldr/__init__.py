"""CLDR facts that Babel's data lacks, as tables generated from CLDR's JSON
release (``generate.py`` beside them says how)."""
