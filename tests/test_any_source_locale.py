"""`publisher new --source-locale` end to end for a right-to-left source: an
Arabic project translated into English and French (and, for the page words
of the PDF across scripts, Hindi, Russian and traditional Chinese): new,
extract, update, translations, check, HTML and PDF."""

from __future__ import annotations

import datetime as _dt
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.build.pipeline import build
from publisher.catalogs.pagewords import fallback_chain, package_catalog_path
from publisher.catalogs.pofile import read_po, write_po
from publisher.catalogs.translations import Translations
from publisher.cli import main
from publisher.figures.numbers import parse_figure
from publisher.render.html import Localizer
from publisher.sources.config import load_settings
from publisher.sources.scaffold import example_path, scaffold_files

REPORT = """\
---
title: التقرير السنوي
summary: موجز أعمال الوزارة.
date: 2027-03-14
---

بلغ عدد المؤسسات {27,785} مؤسسة في عام {2026:year}، بزيادة قدرها {18.4%}.

## الخطوات التالية

يُنشر التقرير باللغات العربية والإنجليزية والفرنسية.
"""

#: The report's translations, by locale, in the order of its strings.
TRANSLATIONS = {
    "en": ["Annual report", "A summary of the ministry's work.",
           "The number of companies reached {27,785} in {2026:year}, an increase of {18.4%}.",
           "Next steps", "The report is published in Arabic, English and French."],
    "fr": ["Rapport annuel", "Synthèse des travaux du ministère.",
           "Le nombre d'entreprises a atteint {27,785} en {2026:year}, soit une hausse de {18.4%}.",
           "Prochaines étapes", "Le rapport est publié en arabe, en anglais et en français."],
    "hi": ["वार्षिक रिपोर्ट", "मंत्रालय के कार्यों का सारांश।",
           "{2026:year} में कंपनियों की संख्या {27,785} तक पहुँची, यानी {18.4%} की वृद्धि।",
           "अगले कदम", "रिपोर्ट अरबी, अंग्रेज़ी और फ़्रेंच में प्रकाशित होती है।"],
    "ru": ["Годовой отчёт", "Краткий обзор работы министерства.",
           "В {2026:year} году число компаний достигло {27,785}, рост составил {18.4%}.",
           "Дальнейшие шаги", "Отчёт публикуется на арабском, английском и французском языках."],
    "zh_TW": ["年度報告", "部會工作摘要。",
              "{2026:year} 年企業數量達 {27,785} 家，成長 {18.4%}。",
              "後續步驟", "本報告以阿拉伯文、英文及法文發布。"],
}
DATE = _dt.date(2027, 3, 14)


def cli(site: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(site), *args])


def package_word(locale: str, msgid: str) -> str:
    """The package's translation of ``msgid`` for ``locale``, read from its catalog."""
    for name in fallback_chain(locale):
        if package_catalog_path(name).is_file():
            catalog = read_po(package_catalog_path(name))
            return next(m.msgstr for m in catalog.messages if m.msgid == msgid)
    raise AssertionError(f"no page words for {locale}")


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return spaced(re.sub("[\u202a\u202b\u202c]", "", text))


def spaced(text: str) -> str:
    """``text`` with every run of spaces (no-break ones too) one space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("arabic") / "site"
    result = CliRunner().invoke(main, ["new", str(site), "--source-locale", "ar",
                                       "--locale", "en", "--locale", "fr"])
    assert result.exit_code == 0, result.output
    (site / "documents" / "report.md").write_text(REPORT, "utf-8")
    for args in (["extract"], ["init", "hi"], ["init", "ru"], ["init", "zh_TW"], ["update"]):
        result = cli(site, *args)
        assert result.exit_code == 0, (args, result.output)
    settings = load_settings(site)
    for locale in settings.locales:
        path = settings.po_path(locale, "report")
        catalog = read_po(path)
        strings = [m for m in catalog.messages if not m.is_header and not m.obsolete]
        assert len(strings) == len(TRANSLATIONS[locale])
        for message, text in zip(strings, TRANSLATIONS[locale]):
            message.msgstr = text
        write_po(path, catalog)
    return site


def test_an_arabic_source_project_starts_without_an_english_document(tmp_path):
    """The example document is English: in an Arabic-source project it is
    kept beside the documents (examples/), never built as an Arabic page."""
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["new", str(site), "--source-locale", "ar", "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert (site / "examples/welcome.md").is_file() and (site / "documents").is_dir()
    assert list((site / "documents").iterdir()) == []
    assert "documents/ is empty: write the documents there in Arabic" in result.output
    assert cli(site, "check").exit_code == 0
    report = build(load_settings(site), formats=("html",))
    assert report.fallbacks == {} and not (site / "dist/ar/welcome.html").exists()


def test_an_arabic_source_project_checks_and_builds_in_every_target(arabic_site):
    site = arabic_site
    settings = load_settings(site)
    assert settings.source_locale == "ar" and settings.locales == ("en", "fr", "hi", "ru", "zh_TW")
    # The template strings are the package's: nothing for the project to translate.
    check = cli(site, "check")
    assert check.exit_code == 0, check.output
    assert "templates.po" in check.output and "FAILED" not in check.output
    report = build(settings, formats=("html", "pdf"), documents=["report"])
    assert report.fallbacks == {} and report.missing_catalogs == []
    pages = {locale: (site / "dist" / locale / "report.html").read_text("utf-8")
             for locale in settings.all_locales}
    assert '<html lang="ar" dir="rtl">' in pages["ar"]
    assert "نُشر في 14 مارس 2027" in pages["ar"]                   # the source's own words
    assert ">انتقل إلى المحتوى<" in pages["ar"]
    assert "Published March 14, 2027" in pages["en"] and "27,785" in pages["en"]
    assert "18.4%" in pages["en"]
    assert "Publié le 14 mars 2027" in pages["fr"] and "27\u202f785" in pages["fr"]
    assert "18,4\xa0%" in pages["fr"] and ">Aller au contenu<" in pages["fr"]
    index = (site / "dist" / "index.html").read_text("utf-8")
    assert "<h1>اختر لغة</h1>" in index                          # the chooser, in Arabic


def test_the_page_words_read_back_from_the_pdf_across_scripts(arabic_site):
    site = arabic_site
    settings = load_settings(site)
    if not (site / "dist" / "fr" / "report.pdf").exists():
        build(settings, formats=("html", "pdf"), documents=["report"])
    for locale in settings.all_locales:
        text = pdf_text(site / "dist" / locale / "report.pdf")
        footer = package_word(locale, "Page %(page)s of %(pages)s")
        localizer = Localizer(Translations(None, locale), "ar", settings.numbering_for(locale))
        dateline = package_word(locale, "Published %(date)s").replace(
            "%(date)s", localizer.long_date(DATE))
        if locale == "ar":
            # pdftotext loses the spaces around digits in a right-to-left
            # line and writes harakat apart: the footer's words and numbers,
            # and the date.
            assert re.search(r"الصفحة\s*1\s*من\s*1", text), text
            assert "مارس 2027" in text, text
            continue
        assert spaced(footer.replace("%(page)s", "1").replace("%(pages)s", "1")) in text, \
            (locale, text)
        assert spaced(dateline) in text, (locale, text)


@pytest.mark.parametrize("source", ["ja", "fa", "sr_Latn", "am"])
def test_new_works_for_sources_in_any_script(tmp_path, source):
    """A new project in each source language checks and builds its pages,
    their page words in the source language (the package's)."""
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["new", str(site), "--source-locale", source,
                                       "--locale", "de"])
    assert result.exit_code == 0, result.output
    # the English example, copied among the documents as a user trying it would
    (site / "documents/welcome.md").write_bytes((site / "examples/welcome.md").read_bytes())
    for args in (["extract"], ["update"]):
        assert cli(site, *args).exit_code == 0
    settings = load_settings(site)
    path = settings.po_path("de", "welcome")
    catalog = read_po(path)
    for message in catalog.messages:
        if not message.is_header:
            message.msgstr = message.msgid
    write_po(path, catalog)
    check = cli(site, "check")
    assert check.exit_code == 0, check.output
    report = build(settings, formats=("html",))
    assert report.fallbacks == {}
    page = (site / "dist" / source / "welcome.html").read_text("utf-8")
    dateline = re.search(r'<p class="dateline"><time[^>]*>([^<]*)<', page).group(1)
    expected = {"ja": "公開日：", "fa": "تاریخ انتشار: ", "sr_Latn": "Objavljeno ",
                "am": "የታተመበት ቀን፦ "}[source]
    assert dateline.startswith(expected), dateline
    assert "Veröffentlicht am" in (site / "dist/de/welcome.html").read_text("utf-8")


@pytest.mark.parametrize("source", ["en", "fr", "es", "de", "ar", "zh_CN", "hi"])
def test_the_example_document_writes_its_figures_as_the_source_language_does(source):
    text = scaffold_files(source)[example_path(source)].decode("utf-8")
    people = re.search(r"such as \{([^}]*)\} people", text).group(1)
    example = re.search(r"as in `\{([^}]*)\}`", text).group(1)
    assert parse_figure(people, source).value == 27785, people
    assert parse_figure(example, source).value in (1234, Decimal("1234.5")), example


def test_every_cldr_locale_can_be_a_source():
    """`new --source-locale` for any CLDR locale the fonts draw: its example
    document writes the figures as that locale does, and they read back."""
    from publisher.core.fonts import drawn_locales

    wrong = []
    for source in drawn_locales():
        text = scaffold_files(source, ("en",))[example_path(source)].decode("utf-8")
        people = re.search(r"such as \{([^}]*)\} people", text).group(1)
        example = re.search(r"as in `\{([^}]*)\}`", text).group(1)
        if parse_figure(people, source).value != 27785 or \
                parse_figure(example, source).value not in (1234, Decimal("1234.5")):
            wrong.append((source, people, example))
    assert not wrong, wrong[:10]
