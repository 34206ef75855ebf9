"""One rule per fact: the plural rule, the % directive grammar and the
percentage are each decided in one place, and every reader agrees."""

from __future__ import annotations

import pytest

from publisher.catalogs.checks import read_plural_forms
from publisher.catalogs.model import Catalog, Message, percent
from publisher.catalogs.pofile import parse_po
from publisher.catalogs.stats import CatalogStats
from publisher.catalogs.translations import Translations
from publisher.core.errors import CatalogError, PublisherError
from publisher.core.formatting import FormatMismatch, directives, placeholders


def po_with(plural_forms: str) -> bytes:
    return (f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Plural-Forms: {plural_forms}\\n"\n\nmsgid "a"\nmsgid_plural "as"\n'
            + "".join(f'msgstr[{i}] "x{i}"\n' for i in range(_count(plural_forms)))).encode()


def _count(plural_forms: str) -> int:
    try:
        return max(1, min(int(plural_forms.split("nplurals=")[1].split(";")[0]), 200))
    except (IndexError, ValueError):
        return 2


def accepted_by_reader(plural_forms: str) -> bool:
    try:
        parse_po(po_with(plural_forms), "x.po")
        return True
    except CatalogError:
        return False


def accepted_by_checks(plural_forms: str) -> bool:
    try:
        read_plural_forms(plural_forms)
        return True
    except ValueError:
        return False


def accepted_by_lookups(plural_forms: str) -> bool:
    catalog = Catalog(messages=[Message(msgid="a", msgid_plural="as", msgstr_plural=["x", "y"])])
    catalog.set_header_field("Plural-Forms", plural_forms)
    try:
        Translations(catalog, "de")
        return True
    except PublisherError:
        return False


RULES = {
    "nplurals=2; plural=(n != 1);": True,
    "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;": True,
    "nplurals=2; plural=n;": False,                 # form 2 for n=2: one past the last
    "nplurals=3; plural=n>1 ? 3 : 0;": False,       # form 3 of 0..2
    "nplurals=3; plural=n>1 ? 2 : 0;": True,        # the last form, exactly
    "nplurals=1; plural=0;": True,
    "nplurals=0; plural=0;": False,
    "nplurals=100; plural=n%100;": True,
    "nplurals=101; plural=n%101;": False,
    "nplurals=2; plural=n%0;": False,
    "nplurals=2; plural=(n-2)/3 > 5;": True,        # unsigned: n-2 wraps for n < 2
    "nplurals=7; plural=n%7;": True,                # more than CLDR's six categories
    "nplurals=2; plural=n +;": False,
    "nplurals=2;": False,
}


@pytest.mark.parametrize("plural_forms, valid", RULES.items())
def test_reader_checks_and_lookups_agree_on_each_plural_rule(plural_forms, valid):
    assert accepted_by_reader(plural_forms) is valid
    assert accepted_by_checks(plural_forms) is valid
    assert accepted_by_lookups(plural_forms) is valid


def test_the_lookups_use_the_rule_they_accepted():
    catalog = Catalog(messages=[Message(msgid="a", msgid_plural="as",
                                        msgstr_plural=[f"f{i}" for i in range(7)])])
    catalog.set_header_field("Plural-Forms", "nplurals=7; plural=n%7;")
    translations = Translations(catalog, "de")        # de's own rule has 2 forms
    assert [translations.lookup_plural("a", n) for n in (6, 7, 13)] == ["f6", "f0", "f6"]
    catalog.set_header_field("Plural-Forms", "nplurals=2; plural=(n-2)/3 > 5;")
    translations = Translations(catalog, "de")
    assert translations.plural_index(1) == 1 and translations.plural_index(2) == 0


@pytest.mark.parametrize("text, names", [
    ("Page %(page)s of %(pages)s", {"page": 1, "pages": 1}),
    ("100%% sure, %(who)s", {"who": 1}),
    ("no placeholders", {}),
])
def test_template_placeholders_are_the_plain_names_of_the_one_grammar(text, names):
    assert dict(placeholders(text)) == names
    assert [d.key for d in directives(text) if d.conv != "%"] == list(names)


@pytest.mark.parametrize("text", ["50% off", "%(x)5s", "%s", "%(x)d", "%(a.b)s", "% %", "%(x)"])
def test_every_other_directive_is_refused_in_templates(text):
    with pytest.raises(FormatMismatch):
        placeholders(text)


def test_the_grammar_reads_python_directives_as_python_does():
    found = directives("%(n)5.2f and %-3d%% of %r")
    assert [(d.key, d.flags, d.width, d.precision, d.conv) for d in found] == [
        ("n", "", "5", "2", "f"), (None, "-", "3", None, "d"), (None, "", None, None, "%"),
        (None, "", None, None, "r")]
    # The checks of python-format catalogs read the same directives.
    from publisher.catalogs.checks import check_python_format

    message = Message(msgid="%(n)5.2f done", msgstr="%(n)5.2d fait", flags=["python-format"])
    assert [p.code for p in check_python_format(message)] == ["E203"]   # d is not f


@pytest.mark.parametrize("part, whole, shown", [
    (0, 0, 100.0), (1, 3, 33.3), (2, 3, 66.6), (999, 1000, 99.9), (9999, 10000, 99.9),
    (1000, 1000, 100.0), (0, 5, 0.0),
])
def test_one_percentage_rule_rounds_down(part, whole, shown):
    assert percent(part, whole) == shown
    assert CatalogStats("x", None, None, translated=part, untranslated=whole - part).percent == shown


# -- the evaluator against an independent one ------------------------------------

# (Where C and Python differ, C is right: && and || give 0 or 1, and n - 2
# wraps for n < 2; see test_unsigned_arithmetic_wraps_as_in_c.)
EXPRESSIONS = [
    "n != 1", "n > 1", "n == 1 ? 0 : n == 2 ? 1 : 2", "n%10==1 && n%100!=11 ? 0 : 1",
    "n < 3 || n >= 7", "n <= 4 && !(n == 2)", "(n + 3) * 2 / 5 % 4", "n + 1 > 2",
    "!n", "n / 3 - 1 == 2", "(n%10>=2 && n%10<=4) ? 1 : 0", "n == 0 ? 5 : (n > 9) + 1",
    "3 - 1 - 1", "12 / 2 / 3", "2 + 3 * 4", "(2 + 3) * 4", "1 || 0 && 0", "n < 2 == 1",
    "n ? 1 : 0 ? 2 : 3", "n % 7 != 0 && n % 3 == 1", " n>1 ", "(n)", "n > 5 ? n % 3 : 1",
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_the_plural_evaluator_agrees_with_pythons_gettext(expression):
    import gettext

    from publisher.catalogs.plurals import compile_plural

    ours, theirs = compile_plural(expression), gettext.c2py(expression)
    assert [ours(n) for n in range(0, 120)] == [int(theirs(n)) for n in range(0, 120)]


def test_every_cldr_rule_reads_the_same_in_both_evaluators():
    import gettext

    from babel import Locale, localedata
    from babel.messages.plurals import get_plural

    from publisher.catalogs.plurals import compile_plural, parse_plural_forms

    seen = set()
    for name in localedata.locale_identifiers():
        value = str(get_plural(Locale.parse(name)))
        if value in seen:
            continue
        seen.add(value)
        nplurals, expression = parse_plural_forms(value)
        ours, theirs = compile_plural(expression), gettext.c2py(expression)
        assert [ours(n) for n in range(300)] == [int(theirs(n)) for n in range(300)], value
    assert len(seen) > 10


def test_unsigned_arithmetic_wraps_as_in_c():
    from publisher.catalogs.plurals import compile_plural

    assert compile_plural("n - 2")(1) == 2 ** 64 - 1
    assert compile_plural("(n - 2) / 3 > 5")(1) == 1
    assert compile_plural("n * 4294967296 * 4294967296")(3) == 0
    assert compile_plural("n % 7 != 0 && n % 3")(2) == 1 and compile_plural("0 || 5")(0) == 1


@pytest.mark.parametrize("bad", ["n +", "(n", "n ? 1", "n ) ", "n $ 2", "", "n n", "? 1 : 2"])
def test_unreadable_expressions_are_refused(bad):
    from publisher.catalogs.plurals import compile_plural

    with pytest.raises(ValueError):
        compile_plural(bad)


def test_plural_values_are_read_whatever_the_spacing():
    from publisher.catalogs.plurals import parse_plural_forms

    assert parse_plural_forms("nplurals = 3 ; plural = n%3 ;") == (3, "n%3")
    assert parse_plural_forms("nplurals=2; plural=(n != 1);") == (2, "(n != 1)")
    for bad in ("nplurals=2;", "plural=n;", "nplurals=x; plural=n;", "nplurals=2; plural= ;"):
        with pytest.raises(ValueError):
            parse_plural_forms(bad)


@pytest.mark.parametrize("expression, message", [
    ("n $ 2", "unexpected '$'"),
    ("n ? 1", "'?' without ':'"),
    ("(n", "missing ')'"),
    ("n +", "the expression is incomplete"),
    ("n n", "unexpected 'n'"),
    (") n", "unexpected ')'"),
])
def test_an_unreadable_expression_says_what_is_wrong(expression, message):
    from publisher.catalogs.plurals import compile_plural

    with pytest.raises(ValueError) as info:
        compile_plural(expression)
    assert str(info.value) == message


@pytest.mark.parametrize("value, message", [
    ("nplurals=2;", "Plural-Forms must give nplurals=NUMBER and plural=EXPRESSION"),
    ("nplurals=0; plural=0;", "nplurals=0 is not a sensible number of plural forms (1 to 100)"),
    ("nplurals=2; plural=n%0;", "the plural expression divides by zero for n=0"),
    ("nplurals=2; plural=n;", "the plural expression gives form 2 for n=2, but nplurals=2 "
                              "allows only 0 to 1"),
    ("nplurals=2; plural=(n;", "the plural expression '(n' cannot be read: missing ')'"),
])
def test_a_refused_plural_rule_says_what_is_wrong(value, message):
    from publisher.catalogs.plurals import plural_table

    with pytest.raises(ValueError) as info:
        plural_table(value)
    assert str(info.value) == message
