"""Publishing partial translations: `[publish] threshold` leaves out a locale
(or a document in it) translated too little, from the output, the chooser,
the language menus and hreflang, and the build says so; a page that shows
source-language text says so at its top, in its own language, with a link
to the source page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.build.pipeline import build
from publisher.catalogs.pofile import read_po, write_po
from publisher.cli.progress import summary
from publisher.core.errors import ConfigError
from publisher.sources.config import load_settings

from projects import make_project

NOTICE = "Parts of this page are not translated yet and are shown in %(language)s."
LINK = "Read the page in %(language)s"
POLICY = "\n[publish]\nthreshold = 80\n"


def untranslate(path: Path, keep: int) -> None:
    """Leave the first ``keep`` entries translated, empty the rest."""
    catalog = read_po(path)
    for number, message in enumerate(m for m in catalog.messages if not m.obsolete):
        if number >= keep:
            message.msgstr = ""
            message.msgstr_plural = [""] * len(message.msgstr_plural)
    write_po(path, catalog)


def translate(path: Path, msgid: str, msgstr: str) -> None:
    catalog = read_po(path)
    next(m for m in catalog.messages if m.msgid == msgid).msgstr = msgstr
    write_po(path, catalog)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "site", {
        "report": "# Report\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\n"
                  "Fourth paragraph.\n",
        "letter": "# Letter\n\nDear friends.\n\nKind regards.\n",
    }, ("de", "fr", "nl"))
    locales = root / "locales"
    translate(locales / "de/LC_MESSAGES/templates.po", NOTICE,
              "Teile dieser Seite sind noch nicht übersetzt und erscheinen auf %(language)s.")
    translate(locales / "de/LC_MESSAGES/templates.po", LINK, "Die Seite auf %(language)s")
    untranslate(locales / "de/LC_MESSAGES/report.po", keep=4)      # 4 of 5: 80 %
    untranslate(locales / "fr/LC_MESSAGES/report.po", keep=2)      # 2 of 5: 40 %
    for path in (locales / "nl/LC_MESSAGES").glob("*.po"):
        untranslate(path, keep=0)
    return root


def policy(site: Path, text: str = POLICY) -> None:
    settings = site / "publisher.toml"
    settings.write_text(settings.read_text("utf-8") + text, "utf-8")


def hreflangs(html: str) -> set[str]:
    return set(re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html))


def test_below_the_threshold_nothing_is_published_and_the_build_says_so(site):
    report = build(load_settings(site), formats=("html",))       # no policy: all published
    dist = site / "dist"
    assert (dist / "nl/report.html").is_file() and (dist / "fr/report.html").is_file()
    policy(site)
    report = build(load_settings(site), formats=("html",))
    assert sorted(report.withheld) == ["fr report: 40% translated, 80% required",
                                       "nl: 0% translated, 80% required"]
    # left out, and what an earlier build published of them is taken back
    assert not (dist / "nl").exists()
    assert not (dist / "fr/report.html").exists() and (dist / "fr/letter.html").is_file()
    fr_index = (dist / "fr/index.html").read_text("utf-8")
    assert "letter.html" in fr_index and "report.html" not in fr_index
    chooser = (dist / "index.html").read_text("utf-8")
    assert 'hreflang="nl"' not in chooser and 'href="fr/index.html"' in chooser
    assert "1 document" in chooser                 # French publishes one of the two
    # hreflang and the language menu name only what is published
    assert hreflangs((dist / "de/report.html").read_text("utf-8")) == {"en", "de", "x-default"}
    letter = (dist / "de/letter.html").read_text("utf-8")
    assert hreflangs(letter) == {"en", "de", "fr", "x-default"}
    assert 'href="../fr/letter.html"' in letter and "../nl/" not in letter
    lines = summary(report, str, None)
    assert "not published: nl: 0% translated, 80% required ([publish] threshold); " \
           "`publisher build --proof --locale nl` builds its proof pages" in lines
    # proof output has everything
    proof = build(load_settings(site), formats=("html",), proof=True)
    assert proof.withheld == [] and (proof.output / "nl/report.html").is_file()
    assert (proof.output / "fr/report.html").is_file()


def test_thresholds_per_locale_and_document(site):
    policy(site, "\n[publish]\nthreshold = 80\n[publish.locales]\nnl = 0\n"
                 "[publish.documents]\nreport = 30\n")
    report = build(load_settings(site), formats=("html",))
    assert report.withheld == []           # the lower of locale and document applies
    assert (site / "dist/fr/report.html").is_file() and (site / "dist/nl/report.html").is_file()


def test_a_page_with_source_text_says_so_at_its_top_in_its_language(site):
    build(load_settings(site), ["en", "de"], formats=("html",))
    page = (site / "dist/de/report.html").read_text("utf-8")
    main = page.split('<main id="main"', 1)[1]
    notice = re.search(r'<aside class="partial-translation" role="note">(.*?)</aside>', main,
                       re.S)
    assert notice and main.index("partial-translation") < main.index("<article")
    text = " ".join(notice.group(1).split())
    assert "Teile dieser Seite sind noch nicht übersetzt und erscheinen auf Englisch." in text
    assert '<a href="../en/report.html" hreflang="en">Die Seite auf Englisch</a>' in text
    # the untranslated paragraph keeps its language marks
    assert re.search(r'<span lang="en" dir="ltr">Fourth paragraph\.</span>', page)
    letter = (site / "dist/de/letter.html").read_text("utf-8")
    assert "partial-translation" not in letter
    assert "partial-translation" not in (site / "dist/en/report.html").read_text("utf-8")


def test_template_strings_in_the_source_language_bring_the_notice_too(site):
    """A string of the project's own templates left untranslated shows in
    the source language, so the page says so; the notice itself is in the
    page's language, from the package's page words where the project has
    none."""
    from click.testing import CliRunner

    from publisher.catalogs.pagewords import package_translations
    from publisher.cli import main

    from growing import override_a_template

    untranslate(site / "locales/de/LC_MESSAGES/templates.po", keep=0)   # the package's words
    translate(site / "locales/de/LC_MESSAGES/report.po", "Fourth paragraph.", "Vierter Absatz.")
    override_a_template(site)                    # one more string, nobody's translation
    for command in ("extract", "update"):
        assert CliRunner().invoke(main, ["--project", str(site), command]).exit_code == 0
    build(load_settings(site), ["de"], formats=("html",))
    page = (site / "dist/de/report.html").read_text("utf-8")
    notice = next(t.lookup(NOTICE) for t in package_translations("de") if t.lookup(NOTICE))
    assert notice.replace("%(language)s", "Englisch") in " ".join(page.split())
    assert "Figures of the survey office are provisional." in page
    assert "partial-translation" in (site / "dist/de/index.html").read_text("utf-8")


@pytest.mark.parametrize("text, message", [
    ("\n[publish]\nthreshold = 120\n", "publish.threshold = 120 is not a percentage"),
    ("\n[publish]\nlevel = 80\n", "unknown setting 'publish.level'"),
    ("\n[publish.locales]\nxx-yy = 80\n", "publish.locales"),
])
def test_bad_publish_settings_are_refused(site, text, message):
    policy(site, text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(site)
