"""Joins the stages: plans a build, keeps the cache, runs the PDF workers, writes the output folder and edition packs."""
