"""Pseudo-locales: en_XA (accented, expanded) and ar_XB (right to left) are
built like any locale, with every figure, placeholder and markup intact."""

from __future__ import annotations

import re
import subprocess

import pytest

from publisher.build.pipeline import build
from publisher.catalogs.checks import check_entry
from publisher.catalogs.model import Message
from publisher.core.errors import ConfigError
from publisher.sources.config import load_settings
from publisher.translate.pseudo import RLO, pseudo_text

from proofing import DOC, german_project

SAMPLES = [
    "By {1995}, {27,785} projects had *started* in **{96}** countries.",
    "Read the [report](https://example.org/a_b(c)) and `code_span` here.",
    "Line one\\\nline two with \\* a literal star.",
    "  Spaces around  ",
]


@pytest.mark.parametrize("locale", ["en_XA", "ar_XB"])
@pytest.mark.parametrize("text", SAMPLES)
def test_pseudo_translations_pass_every_check(locale, text):
    pseudo = pseudo_text(text, locale, markdown=True)
    assert pseudo != text
    problems = check_entry(Message(msgid=text, msgstr=pseudo), [], locale, document=True)
    assert [p for p in problems if p.severity == "error" or p.code == "W305"] == []
    for kept in re.findall(r"\{[^{}]*\}|`[^`]*`|\]\([^ ]*\)\)", text):
        assert kept in pseudo


def test_accented_locale_is_longer_and_bracketed():
    text = "We opened new offices in many cities this year."
    pseudo = pseudo_text(text, "en_XA")
    assert pseudo.startswith("[") and pseudo.endswith("]")
    assert 1.3 * len(text) <= len(pseudo) <= 1.45 * len(text)
    assert not re.search(r"[a-zA-Z]{2}", pseudo.split(" one")[0]), "every letter accented"
    assert pseudo_text("Page %(page)s of %(pages)s", "en_XA").count("%(page") == 2


def test_right_to_left_locale_overrides_each_word():
    assert pseudo_text("Two words", "ar_XB") == f"[{RLO}Two\u202c {RLO}words\u202c]"


@pytest.fixture(scope="module")
def pseudo_build(tmp_path_factory):
    root = german_project(tmp_path_factory.mktemp("pseudo") / "project")
    settings = load_settings(root)
    build(settings, locales=["en_XA", "ar_XB"], formats=("html", "pdf"), jobs=1)
    return root


def test_pseudo_locales_build_html_and_pdf_with_figures_intact(pseudo_build):
    for locale in ("en_XA", "ar_XB"):
        page = (pseudo_build / "dist" / locale / f"{DOC}.html").read_text("utf-8")
        assert "1,250" in page, "the figure, written by CLDR"
        assert "<strong>" in page and "<em>" in page, "the markup survives"
        assert "*" not in re.sub(r"<[^>]*>", "", page.split("<main")[1])
        text = subprocess.run(["pdftotext", str(pseudo_build / "dist" / locale / f"{DOC}.pdf"),
                               "-"], capture_output=True, text=True, check=True).stdout
        assert "1,250" in text
    accented = (pseudo_build / "dist" / "en_XA" / f"{DOC}.html").read_text("utf-8")
    assert '<html lang="en-XA" dir="ltr">' in accented and "Ûñšéŕ" not in accented
    assert "[Åññûáļ ŕéþöŕţ one]" in accented


def test_right_to_left_pseudo_locale_is_mirrored(pseudo_build):
    page = (pseudo_build / "dist" / "ar_XB" / f"{DOC}.html").read_text("utf-8")
    assert '<html lang="ar-XB" dir="rtl">' in page
    text = subprocess.run(["pdftotext", "-layout", str(pseudo_build / "dist" / "ar_XB" /
                                                       f"{DOC}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    line = next(l for l in text.splitlines() if "1,250" in l)
    width = max(len(l) for l in text.splitlines())
    assert len(line) - len(line.lstrip()) > width // 4, "set from the right"


def test_pseudo_locales_are_not_in_the_chooser_and_others_are_refused(pseudo_build):
    chooser = (pseudo_build / "dist" / "index.html").read_text("utf-8")
    assert "en_XA" not in chooser and "en-XA" not in chooser
    with pytest.raises(ConfigError):
        build(load_settings(pseudo_build), locales=["fr_XA"], formats=("html",))
