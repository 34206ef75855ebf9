"""The pure checkers of publisher check, on catalogs made in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.catalogs.checks import (
    CODES,
    SUPPRESSIBLE,
    FontCoverage,
    check_brace_format,
    check_catalog,
    check_copy,
    check_glyphs,
    check_header,
    check_markup,
    check_python_format,
    check_whitespace,
    cldr_rule,
    read_plural_forms,
)
from publisher.catalogs.model import Catalog, Message
from publisher.core.errors import ConfigError
from publisher.sources.config import CheckSettings, parse_settings

FR_PLURALS = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"


def header(locale: str = "fr", plural_forms: str = FR_PLURALS, charset: str = "UTF-8") -> Message:
    lines = [f"Language: {locale}", f"Content-Type: text/plain; charset={charset}",
             f"Plural-Forms: {plural_forms}"]
    return Message(msgid="", msgstr="\n".join(l for l in lines if not l.endswith(": ")) + "\n",
                   lineno=1)


def catalog(*messages: Message, **header_fields) -> Catalog:
    for number, message in enumerate(messages):
        message.lineno = message.lineno or 10 + 5 * number
    return Catalog(header=header(**header_fields), messages=list(messages))


def codes(problems) -> list[str]:
    return sorted(p.code for p in problems)


# -- placeholders -------------------------------------------------------------

@pytest.mark.parametrize("msgstr, expected", [
    ("Page %(page)s sur %(pages)s", []),
    ("%(pages)s pages : page %(page)s", []),          # moved
    ("Page %(page)s", ["E202"]),                       # dropped
    ("Page %(page)s sur %(pages)s %(secret)s", ["E202"]),   # added
    ("Page %(page)10s sur %(pages)s", ["E203"]),       # width
    ("Page %(page).2s sur %(pages)s", ["E203"]),       # precision
    ("Page %(page)d sur %(pages)s", ["E203"]),         # conversion
    ("Page %(page)s sur %s", ["E203"]),                # unnamed beside named
    ("Page %(page)s sur %(pages)s, 100 %", ["E203"]),  # a lone percent sign
    ("Page %(page)s sur %(pages)s, 100 %%", []),
])
def test_python_format_fields_and_forms(msgstr, expected):
    message = Message("Page %(page)s of %(pages)s", msgstr, flags=["python-format"], lineno=7)
    problems = check_python_format(message)
    assert codes(problems) == expected
    assert all(p.line == 7 for p in problems)


def test_unnamed_placeholders_keep_count_and_order():
    assert check_python_format(Message("%s of %d", "%s sur %d")) == []
    assert codes(check_python_format(Message("%s of %d", "%d sur %s"))) == ["E203", "E203"]
    assert codes(check_python_format(Message("%s of %d", "%s"))) == ["E202"]
    assert codes(check_python_format(Message("%s files", "%(n)s fichiers"))) == ["E203"]


def test_plural_forms_used_for_one_number_may_drop_named_placeholders():
    message = Message("One file", "", msgid_plural="%(count)s files",
                      msgstr_plural=["Один файл", "%(count)s файла", "%(count)s файлов"])
    assert check_python_format(message, cldr_rule("ru")) == []     # ru "one" is 1, 21, 31...
    problems = check_python_format(message, cldr_rule("en"))        # en "one" is 1 only
    assert codes(problems) == []
    message.msgstr_plural = ["%(count)s файл", "файла", "%(count)s файлов"]
    problems = check_python_format(message, cldr_rule("ru"))
    assert codes(problems) == ["E202"] and problems[0].message.startswith("msgstr[1]: ")


@pytest.mark.parametrize("msgstr, expected", [
    ("Bienvenue {user}", []),
    ("Bienvenue", ["E202"]),
    ("Bienvenue {user} {token}", ["E202"]),
    ("Bienvenue {user.password}", ["E202", "E203"]),
    ("Bienvenue {user[0]}", ["E202", "E203"]),
    ("Bienvenue {user:>500}", ["E203"]),
    ("Bienvenue {user!r}", ["E203"]),
    ("Bienvenue {user", ["E203"]),
])
def test_brace_format(msgstr, expected):
    assert codes(check_brace_format(Message("Welcome {user}", msgstr))) == expected


# -- markup -------------------------------------------------------------------

SOURCE = "Read the *whole* [report](https://example.org/r) and ![the chart](c.png)."


@pytest.mark.parametrize("msgstr, expected", [
    ("Lisez le [rapport](https://example.org/r) *entier* et ![le graphique](c.png).", []),
    ("Lisez le [rapport](https://example.org/r) entier et ![le graphique](c.png).", ["E301"]),
    ("Lisez le **[rapport](https://example.org/r)** *entier* et ![g](c.png).", ["E301"]),
    ("Lisez le [rapport](https://evil.example/r) *entier* et ![le graphique](c.png).", ["E302"]),
    ("Lisez le [rapport](https://example.org/r) *entier*.", ["E302"]),
    ("Lisez le [rapport](https://example.org/r) *entier* et ![g](c.png)<script>x()</script>.",
     ["E303"]),
    ("Lisez *le* [rapport](https://example.org/r) et ![g](c.png) <img src=x onerror=alert(1)>.",
     ["E303"]),
    ("Lisez le [rapport](JavaScript:alert(1)) *entier* et ![g](c.png).", ["E302", "E304"]),
    ("Lisez le [rapport](https://example.org/r) *entier* et ![g](data:image/png;base64,AA).",
     ["E302", "E304"]),
    ("[x](file:///etc/passwd) [rapport](https://example.org/r) *entier* ![g](c.png)", ["E304"]),
])
def test_markup(msgstr, expected):
    assert codes(check_markup(Message(SOURCE, msgstr))) == expected


def test_markup_problems_name_the_targets():
    [problem] = check_markup(Message("[a](https://a.example)", "[a](https://b.example)"))
    assert "https://a.example" in problem.message and "https://b.example" in problem.message


# -- whitespace, copies -------------------------------------------------------------

@pytest.mark.parametrize("msgid, msgstr, expected", [
    ("Name: ", "Nom : ", []),
    ("Name: ", "Nom :", ["E601"]),
    ("Name:", " Nom :", ["E601"]),
    ("\nSummary\n", "\nRésumé\n", []),
    ("\nSummary\n", "Résumé\n", ["E601"]),
    ("Summary", "Résumé\n\n", ["E601"]),
])
def test_whitespace(msgid, msgstr, expected):
    assert codes(check_whitespace(Message(msgid, msgstr))) == expected


def test_copies_are_warnings_unless_there_is_nothing_to_translate():
    [problem] = check_copy(Message("Documents", "Documents"))
    assert (problem.code, problem.severity) == ("W602", "warning")
    assert check_copy(Message("{1995}", "{1995}")) == []
    assert check_copy(Message("%(count)s", "%(count)s")) == []
    assert check_copy(Message("Documents", "Dokumente")) == []


def test_silencing_on_the_entry_by_flag_or_translator_comment():
    copies = [Message("Documents", "Documents"),
              Message("Documents", "Documents", msgctxt="a", flags=["publisher-ignore-W602"]),
              Message("Documents", "Documents", msgctxt="b",
                      translator_comments=["the same word; publisher-ignore-W602"]),
              Message("Archive", "Archives", msgctxt="c", flags=["publisher-ignore-E101"])]
    result = check_catalog(catalog(*copies), path="x.po")
    assert [(p.code, p.line) for p in result.problems] == [("W602", 10), ("W003", 25)]
    assert "W602" in SUPPRESSIBLE and "E101" not in SUPPRESSIBLE and SUPPRESSIBLE <= set(CODES)


# -- glyphs ---------------------------------------------------------------------------

def test_glyph_coverage_names_the_missing_characters():
    latin = FontCoverage(("Latin Serif",), ("Latin Serif",), frozenset(range(0x20, 0x250)))
    assert check_glyphs(Message("Capital", "Capitale\u00a0!"), latin) == []
    [problem] = check_glyphs(Message("Capital", "Capitale (北京)\u200f"), latin)
    assert problem.code == "E501" and "U+5317" in problem.message and "U+4EAC" in problem.message
    assert "U+200F" not in problem.message      # a direction mark needs no glyph
    result = check_catalog(catalog(Message("Capital", "北京")), path="x.po",
                           coverage=FontCoverage(("Missing Sans",)))
    assert codes(result.problems) == ["W502"]   # nothing installed: not checked, said so


def test_a_figure_placeholder_needs_no_glyph_of_its_own():
    """An Arabic or Chinese source's figures keep their digits in the
    placeholder, which the build replaces by the figure in the page's
    digits: only what the translation shows of its own is checked."""
    latin = FontCoverage(("Latin Serif",), ("Latin Serif",), frozenset(range(0x20, 0x250)))
    assert check_glyphs(Message("ارتفعت إلى {١٢٫٥٪}", "rose to {١٢٫٥٪}"), latin, True) == []
    assert check_glyphs(Message("共{１１０．８}亿元", "{１１０．８} billion yuan"), latin, True) == []
    [problem] = check_glyphs(Message("ارتفعت إلى {١٢٫٥٪}", "rose ١ to {١٢٫٥٪}"), latin, True)
    assert "U+0661" in problem.message and "U+066B" not in problem.message
    # a numeral prints its signs as written: the Arabic decimal separator needs a glyph
    [problem] = check_glyphs(Message("الإصدار {٣٫٢:numeral}", "version {٣٫٢:numeral}"), latin, True)
    assert "U+066B" in problem.message and "U+0663" not in problem.message
    # outside a document, braces are text the page shows
    assert check_glyphs(Message("{١٢}", "{١٢}"), latin)


# -- header ------------------------------------------------------------------------------

def test_header_fields():
    assert check_header(catalog(), "fr") == []
    assert codes(check_header(catalog(locale="de"), "fr")) == ["E401"]
    assert codes(check_header(catalog(locale="fr_XX"), "fr")) == ["E401"]
    assert codes(check_header(catalog(charset="CHARSET"), "fr")) == ["E403"]
    bare = Catalog(header=Message("", "Language: fr\n", lineno=3))
    problems = check_header(bare, None)
    assert codes(problems) == ["E402", "E403"] and {p.line for p in problems} == {3}
    assert codes(check_header(Catalog(), "fr")) == ["E401"]


@pytest.mark.parametrize("value, words", [
    ("nplurals=2; plural=(n != 1);", "nplurals=2, but fr has 3"),
    ("nplurals=3; plural=(n > 1 ? 2 : n);", "gives form 1 for n=1, CLDR's rule for fr gives form 0"),
    ("nplurals=3; plural=n % 0;", "divides by zero for n=0"),
    ("nplurals=3; plural=(n > 5 ? 1 / (n - 6) : 0);", "divides by zero for n=6"),
    ("nplurals=3; plural=n;", "gives form 3 for n=3"),
    ("nplurals=3; plural=(n ==;", "cannot be read"),
    ("nplurals=INTEGER; plural=EXPRESSION;", "nplurals"),
])
def test_plural_forms_must_be_cldrs(value, words):
    [problem] = check_header(catalog(plural_forms=value), "fr")
    assert problem.code == "E402" and words in problem.message
    assert FR_PLURALS in problem.message         # what to write instead


def test_plural_expressions_are_compared_on_every_count_up_to_1000():
    assert read_plural_forms(FR_PLURALS).forms == cldr_rule("fr").forms
    same_meaning = "nplurals=2; plural=n != 1;"
    assert read_plural_forms(same_meaning).forms == cldr_rule("de").forms
    result = check_catalog(catalog(Message("a", "b"), locale="de", plural_forms=same_meaning),
                           path="x.po", folder_locale="de")
    assert result.problems == []


def test_plural_entries_need_the_locales_number_of_forms():
    message = Message("%(n)s file", "", msgid_plural="%(n)s files",
                      msgstr_plural=["%(n)s Datei", "%(n)s Dateien"], flags=["python-format"])
    result = check_catalog(catalog(message), path="x.po")
    [problem] = result.problems
    assert problem.code == "E404" and "fr has 3" in problem.message
    assert "msgstr[0] for n = 0, 1" in problem.message


def test_a_plural_entry_with_an_empty_form_is_an_error():
    message = Message("%(n)s file", "", msgid_plural="%(n)s files",
                      msgstr_plural=["%(n)s fichier", "", "%(n)s fichiers"],
                      flags=["python-format"])
    result = check_catalog(catalog(message), path="x.po")
    assert codes(result.problems) == ["E104"] and result.translated == 1


# -- completeness and thresholds ---------------------------------------------------------------

def test_statistics_follow_msgfmt():
    messages = [Message("a", "", flags=["fuzzy"]), Message("b", "x", flags=["fuzzy"]),
                Message("c", "", msgid_plural="cs", msgstr_plural=["", "y", "z"]),
                Message("d", "", msgid_plural="ds", msgstr_plural=["x", "", "z"]),
                Message("", "ctx", msgctxt="k"), Message("e", "f"),
                Message("g", "h", obsolete=True)]
    assert Catalog(messages=messages).statistics() == {
        "translated": 3, "fuzzy": 1, "untranslated": 2, "obsolete": 1}
    assert [m.state for m in messages] == [
        "untranslated", "fuzzy", "untranslated", "translated", "translated", "translated", "obsolete"]


def test_threshold_turns_incompleteness_into_warnings():
    messages = [Message(f"s{i}", f"t{i}") for i in range(8)] + [Message("u", ""), Message("v", "w", flags=["fuzzy"])]
    strict = check_catalog(catalog(*messages), path="x.po")
    assert not strict.ok and strict.percent == 80.0
    assert codes(strict.problems) == ["E100", "E101", "E102"]
    assert {p.severity for p in strict.problems} == {"error"}
    lenient = check_catalog(catalog(*messages), path="x.po", threshold=80)
    assert lenient.ok and codes(lenient.problems) == ["E101", "E102"]
    assert {p.severity for p in lenient.problems} == {"warning"}


def test_against_the_sources_missing_and_stale_entries_and_template_flags():
    template = Catalog(messages=[Message("Page %(n)s", flags=["python-format"]),
                                 Message("New", references=["templates/base.html:3"])])
    po = catalog(Message("Page %(n)s", "Page %(n)5s"),     # the translator dropped the flag
                 Message("Gone", "Parti"))
    result = check_catalog(po, path="x.po", folder_locale="fr", template=template)
    assert codes(result.problems) == ["E100", "E103", "E203", "W106"]
    assert result.missing == 1 and result.percent == 50.0
    [missing] = [p for p in result.problems if p.code == "E103"]
    assert "templates/base.html:3" in missing.message and "publisher update" in missing.message


def test_percent_is_rounded_down():
    messages = [Message(f"s{i}", f"t{i}") for i in range(2999)] + [Message("u", "")]
    result = check_catalog(catalog(*messages), path="x.po")
    assert result.percent == 99.9 and not result.ok


# -- settings ---------------------------------------------------------------------------------

def test_check_settings():
    settings = parse_settings({"locales": ["fr", "de"], "check": {
        "threshold": 95, "locales": {"fr": 80, "de": 90}, "documents": {"report": 85}}},
        Path("."))
    check = settings.check
    assert check.threshold_for("es", "templates") == 95
    assert check.threshold_for("fr", "templates") == 80
    assert check.threshold_for("de", "report") == 85          # the lower of the two
    assert check.threshold_for("fr_CA", None) == 80           # by language
    assert check.threshold_for("es", None, default=50) == 50  # --threshold
    assert parse_settings({}, Path(".")).check == CheckSettings()


@pytest.mark.parametrize("table, words", [
    ({"threshold": 101}, "check.threshold = 101 is not a percentage"),
    ({"threshold": "90"}, "not a percentage"),
    ({"threshold": True}, "not a percentage"),
    ({"locales": {"fr": -1}}, "check.locales.fr"),
    ({"locales": {"../x": 50}}, "check.locales"),
    ({"locales": ["fr"]}, "check.locales' must be a table"),
    ({"documents": {"report": "all"}}, "check.documents.report"),
    ({"strict": True}, "unknown setting 'check.strict'"),
])
def test_bad_check_settings_are_configuration_errors(table, words):
    with pytest.raises(ConfigError) as info:
        parse_settings({"check": table}, Path("."))
    assert words in str(info.value) and info.value.exit_code == 2


def test_every_code_is_in_the_readme_table():
    """The README's table of check codes and CODES say the same, both ways:
    code, name, and severity (E fails the gate, W warns)."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `?([EW]\d{3})`? \| `?([\w-]+)`? \|", readme, re.M))
    assert rows == {code: name for code, (name, _) in CODES.items()}
