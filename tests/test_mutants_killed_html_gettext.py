"""Survivors of the html scope's second mutation run (benchmarks/mutation.py
html) that a user could see: pgettext's translations, CSS strings of control
characters, template text whose values are missing, and the source locale's
pages reporting no fallbacks."""

from __future__ import annotations

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.translations import Translations
from publisher.render.html import Localizer, css_string


def localizer(locale, messages=()):
    return Localizer(Translations(Catalog(messages=list(messages)), locale), "en")


def test_pgettext_takes_the_translation_of_its_context_and_fills_it():
    fr = localizer("fr", [Message(msgid="Home", msgstr="Accueil"),
                          Message(msgid="Home", msgstr="Page d'accueil", msgctxt="menu"),
                          Message(msgid="%(n)s of <%(all)s>", msgstr="%(n)s sur <%(all)s>",
                                  msgctxt="pager")])
    assert fr.pgettext("menu", "Home") == "Page d&#39;accueil"
    assert fr.gettext("Home") == "Accueil"
    assert fr.pgettext("pager", "%(n)s of <%(all)s>", n=2, all="<b>") == \
        "2 sur &lt;&lt;b&gt;&gt;"
    assert fr.fallbacks == []
    assert fr.pgettext("footer", "Home") == "Home"       # no entry in that context
    assert fr.fallbacks == ["Home"]


def test_a_translation_with_placeholders_its_source_lacks_is_not_used():
    de = localizer("de", [Message(msgid="Page %(n)s", msgstr="Seite %(n)s %(secret)s",
                                  msgctxt="pager"),
                          Message(msgid="Page %(n)s", msgstr="Seite %(n)s von %(total)s")])
    assert de.pgettext("pager", "Page %(n)s", n=3, secret="x") == "Page 3"
    assert de.css_gettext("Page %(n)s", n="counter(page)", total="x") == '"Page " counter(page)'
    assert de.fallbacks == ["Page %(n)s"]


def test_the_source_locale_reports_no_fallbacks():
    en = localizer("en")
    assert en.gettext("Home") == "Home" and en.pgettext("menu", "Home") == "Home"
    assert en.css_gettext("Page") == '"Page"'
    assert en.fallbacks == []


def test_css_strings_escape_control_characters_and_nothing_else():
    assert css_string("a\nb\x7fc\x1f") == '"a\\a b\\7f c\\1f "'
    assert css_string("XX \x80 é") == '"XX \x80 é"'


def test_a_template_that_gives_too_few_values_shows_the_text_escaped():
    fr = localizer("fr", [Message(msgid="%(n)s of <%(all)s>", msgstr="%(n)s sur <%(all)s>")])
    assert fr.gettext("%(n)s of <%(all)s>", n=1) == "%(n)s sur &lt;%(all)s&gt;"
