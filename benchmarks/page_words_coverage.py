"""Page words coverage: how many locales of the script matrix get the
package's own page words complete, in their language.

A locale counts when the first package catalog on its fallback chain
(``de_AT`` -> ``de``) translates every string of ``publisher.pot``; the
matrix is ``publisher.core.fonts.drawn_locales()`` (every CLDR locale whose
script an installed font draws).  Run: ``python benchmarks/page_words_coverage.py``.
"""

from __future__ import annotations

from collections import defaultdict

from publisher.catalogs.pagewords import fallback_chain, package_catalog_path, package_locales
from publisher.catalogs.pofile import read_po
from publisher.core.fonts import drawn_locales
from publisher.extract.pagewords import package_template


def complete_catalogs() -> set[str]:
    wanted = {m.key for m in package_template().messages if not m.is_header}
    complete = set()
    for locale in package_locales():
        catalog = read_po(package_catalog_path(locale))
        translated = {m.key for m in catalog.messages if m.translated and not m.obsolete}
        if wanted <= translated:
            complete.add(locale)
    return complete


def first_catalog(locale: str) -> str | None:
    """The package catalog a locale's page words come from: the first on its chain."""
    return next((name for name in fallback_chain(locale) if package_catalog_path(name).is_file()),
                None)


def main() -> None:
    complete = complete_catalogs()
    matrix = drawn_locales()
    covered = [l for l in matrix if first_catalog(l) in complete]
    languages = defaultdict(list)
    for locale in matrix:
        languages[locale.split("_")[0]].append(locale)
    covered_languages = [l for l, names in languages.items() if any(n in covered for n in names)]
    print(f"package catalogs: {len(package_locales())}, complete: {len(complete)}")
    print(f"locales with complete page words: {len(covered)} / {len(matrix)} in the matrix "
          f"({100 * len(covered) / len(matrix):.1f}%)")
    print(f"languages: {len(covered_languages)} / {len(languages)} "
          f"({100 * len(covered_languages) / len(languages):.1f}%)")


if __name__ == "__main__":
    main()
