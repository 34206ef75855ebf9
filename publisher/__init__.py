"""publisher: multilingual publishing and translation workflow with gettext."""

__version__ = "0.1.0"
#: The name of the distribution on PyPI (``pip install publisher-gettext``);
#: the command and the import name stay ``publisher`` (the name ``publisher``
#: on PyPI belongs to an unrelated project).
DISTRIBUTION = "publisher-gettext"
