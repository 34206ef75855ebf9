"""publisher: multilingual publishing and translation workflow with gettext."""

__version__ = "0.1.0"
