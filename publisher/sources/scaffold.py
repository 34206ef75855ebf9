"""``publisher new DIR``: a project to start from.

Settings, one example document, ``templates/`` with copies of the templates
and styles a project may override, a ``.gitignore`` and a CI workflow that
runs the ``publisher check`` gate and builds.  The files are plain data
(:func:`scaffold_files`); :func:`create_project` writes them, refusing to
overwrite anything.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .. import DISTRIBUTION, __version__
from ..core.errors import ConfigError
from ..core.fsutil import atomic_write_bytes
from ..core.locales import check_locale_name, same_locale
from ..figures.numbers import format_number
from .lookup import PACKAGE_TEMPLATES

SETTINGS = '''\
# publisher settings (see the README of publisher, "Settings").
source_locale = "{source}"
locales = [{locales}]
documents = "documents"
templates = "templates"
locales_dir = "locales"
output = "dist"
page_size = "A4"
# contact = "office@example.org"   # shown under "Please contact us..."

# [check]
# threshold = 100                  # percent translated for `publisher check` to pass
'''

EXAMPLE = '''\
---
title: Welcome
summary: What this project publishes, and how a document is written.
date: {date}
section: About
---

This is an example document.  Write documents in Markdown in the
`documents/` folder; each paragraph, heading, list item, table cell and
footnote becomes one string for the translators.[^tools]

Figures go in braces, as in `{{{example}}}` or `{{2026:year}}`: the build writes
them the way each language writes numbers, such as {{{people}}} people in
{{1995:year}}.  The [next steps](#next-steps) say how to publish.

| Office   | Staff | Budget (USD million) |
|----------|------:|---------------------:|
| Head     |    42 |                 {head} |
| Regional |   118 |                 {regional} |
| **Total** | **160** |            **{total}** |

## Next steps

1. Run `publisher extract`, then `publisher init de` for each language.
2. Translate `locales/de/LC_MESSAGES/*.po` with Poedit, Weblate or a text editor.
3. Run `publisher check`, then `publisher build`: the pages and PDFs are in `dist/`.

Link to another document by its file, as in `[the annex](annex.md#tables)`;
each language's page links to the same language's page.

[^tools]: Any gettext tool will do; a footnote's text is translated like the rest.
'''

GITIGNORE = '''\
/dist/
/.*.publisher.lock
*.mo
.venv/
__pycache__/
'''

WORKFLOW = '''\
# Check every translation and build the pages and PDFs on each push and pull
# request.  The check gate fails the run when a catalog is broken or below
# its threshold, and annotates the lines at fault.
name: publish

on:
  push:
  pull_request:

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: Fonts, gettext and HarfBuzz's subsetter
        run: |
          sudo apt-get update
          sudo apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk \\
            libharfbuzz-subset0 gettext poppler-utils
      - name: publisher (the version that made this file)
        run: pip install "${{{{ vars.PUBLISHER_PACKAGE || '{package}' }}}}"
      - name: The templates are up to date with the documents
        run: publisher extract --check
      - name: Check the translations
        run: publisher check --format github
      - name: Build
        run: publisher build
      - uses: actions/upload-artifact@v6
        with:
          name: dist
          path: dist/
'''


def _example_figures(source_locale: str) -> dict[str, str]:
    """The example document's figures, written as an author in the source
    language types them (``1,234`` in English, ``1 234,5`` in French)."""
    if same_locale(source_locale, "en"):
        return {"example": "1,234", "people": "27,785", "head": "12.5", "regional": "30.25",
                "total": "42.75"}
    return {"example": format_number(Decimal("1234.5"), source_locale),
            "people": format_number(27785, source_locale),
            **{key: format_number(Decimal(value), source_locale)
               for key, value in (("head", "12.5"), ("regional", "30.25"), ("total", "42.75"))}}


def example_path(source_locale: str) -> str:
    """Where ``new`` writes its example document (in English): among the
    documents of an English-source project; beside them, in ``examples/``,
    where the documents are written in another language (an English text
    built as an Arabic page would be read right to left)."""
    return "documents/welcome.md" if source_locale.split("_")[0] == "en" else "examples/welcome.md"


def scaffold_files(source_locale: str = "en", locales: tuple[str, ...] = (),
                   date: str = "2026-01-01") -> dict[str, bytes]:
    """The new project's files: relative path -> bytes."""
    check_locale_name(source_locale)
    for locale in locales:
        check_locale_name(locale)
    files = {
        "publisher.toml": SETTINGS.format(source=source_locale,
                                          locales=", ".join(f'"{l}"' for l in locales)),
        example_path(source_locale): EXAMPLE.format(date=date, **_example_figures(source_locale)),
        ".gitignore": GITIGNORE,
        ".github/workflows/publish.yml": WORKFLOW.format(
            package=f"{DISTRIBUTION}=={__version__}"),
    }
    out = {name: text.encode("utf-8") for name, text in files.items()}
    for path in sorted(PACKAGE_TEMPLATES.iterdir()):
        if path.suffix in (".html", ".css"):
            out[f"templates/{path.name}"] = path.read_bytes()
    return out


def create_project(folder: Path, source_locale: str = "en", locales: tuple[str, ...] = (),
                   date: str = "2026-01-01") -> list[Path]:
    """Write the scaffold into ``folder`` (created if missing; an existing
    folder must not hold any of the files).  Returns the files written."""
    files = scaffold_files(source_locale, locales, date)
    # every folder on the way is checked before anything is written: a
    # symlinked folder (documents -> elsewhere) would send a file outside
    for name in [*files, "documents/"]:      # documents/ is made even when no file goes there
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            sub = folder.joinpath(*parts[:depth])
            if sub.is_symlink() or (sub.exists() and not sub.is_dir()):
                what = "a symlink" if sub.is_symlink() else "not a folder"
                raise ConfigError(f"{sub} is {what}; publisher new writes only into real "
                                  "folders", path=str(sub),
                                  hint="choose a new or empty folder")
    clashes = [name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if clashes:
        raise ConfigError(f"{folder / clashes[0]} already exists; publisher new never overwrites",
                          path=str(folder / clashes[0]),
                          hint="choose a new or empty folder")
    written = []
    for name, data in files.items():
        try:
            atomic_write_bytes(folder / name, data, folder)
        except OSError as exc:
            raise ConfigError(f"cannot write the file: {exc.strerror}", path=str(folder / name),
                              hint="check that the folder is writable") from None
        written.append(folder / name)
    (folder / "documents").mkdir(exist_ok=True)      # where the documents go
    return written
