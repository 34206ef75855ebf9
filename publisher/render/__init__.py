"""Translated documents -> HTML pages, web fonts, bilingual pages, proof marks and PDFs (the only stage that imports WeasyPrint)."""
