"""``publisher new DIR``: a project to start from.

Settings, one example document, ``templates/`` with copies of the templates
and styles a project may override, a ``.gitignore`` and a CI workflow that
runs the ``publisher check`` gate and builds.  The files are plain data
(:func:`scaffold_files`); :func:`create_project` writes them, refusing to
overwrite anything.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError
from .fsutil import atomic_write_bytes
from .locales import check_locale_name
from .sources import PACKAGE_TEMPLATES

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

Figures go in braces, as in `{{1,234}}` or `{{2026:year}}`: the build writes
them the way each language writes numbers, such as {{27,785}} people in
{{1995:year}}.  The [next steps](#next-steps) say how to publish.

| Office   | Staff | Budget (USD million) |
|----------|------:|---------------------:|
| Head     |    42 |                 12.5 |
| Regional |   118 |                 30.25 |
| **Total** | **160** |            **42.75** |

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
      - name: publisher
        run: pip install "${{{{ vars.PUBLISHER_PACKAGE || 'publisher' }}}}"
      - name: The templates are up to date with the documents
        run: publisher extract && git diff --exit-code -- locales
      - name: Check the translations
        run: publisher check --format github
      - name: Build
        run: publisher build
      - uses: actions/upload-artifact@v6
        with:
          name: dist
          path: dist/
'''


def scaffold_files(source_locale: str = "en", locales: tuple[str, ...] = (),
                   date: str = "2026-01-01") -> dict[str, bytes]:
    """The new project's files: relative path -> bytes."""
    check_locale_name(source_locale)
    for locale in locales:
        check_locale_name(locale)
    files = {
        "publisher.toml": SETTINGS.format(source=source_locale,
                                          locales=", ".join(f'"{l}"' for l in locales)),
        "documents/welcome.md": EXAMPLE.format(date=date),
        ".gitignore": GITIGNORE,
        ".github/workflows/publish.yml": WORKFLOW.format(),
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
    clashes = [name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if clashes:
        raise ConfigError(f"{folder / clashes[0]} already exists; publisher new never overwrites",
                          path=str(folder / clashes[0]),
                          hint="choose a new or empty folder")
    written = []
    for name, data in files.items():
        try:
            atomic_write_bytes(folder / name, data)
        except OSError as exc:
            raise ConfigError(f"cannot write the file: {exc.strerror}", path=str(folder / name),
                              hint="check that the folder is writable") from None
        written.append(folder / name)
    return written
