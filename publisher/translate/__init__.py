"""Catalogs applied to documents: translated documents, link notes, pseudo-locales."""
