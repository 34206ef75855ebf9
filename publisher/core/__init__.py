"""Foundations every stage uses: the base exception, atomic writes, CLDR facts of locales, the `%` grammar, calendars, fonts, terminal-safe text."""
