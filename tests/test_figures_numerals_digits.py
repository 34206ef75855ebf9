"""Numerals left as text (dates, times, versions, addresses, standards) take
the locale's digits like the figures around them, and nothing else changes:
punctuation, code, link targets, image sources, and Latin-digit pages."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.catalogs.model import Catalog, Message
from publisher.catalogs.translations import Translations
from publisher.cli import main
from publisher.figures import numbers as figures
from publisher.sources.documents import parse_document
from publisher.translate import document as translate
from publisher.translate.document import render_body, translate_document

from projects import make_project

DOCUMENT = """---
title: Notes of 2020-10-25
---

# Release 3.2.1

The meeting on 2020-10-25 starts at 10:30; install version 3.2.1 on 192.168.0.1 and read ISO 8601-1:2019. By 1995, 27,785 projects.

Run `ping 192.168.0.1` or read [the notes of 2020-10-25](https://example.org/2020/10/25.html "Notes 2020") and <https://example.org/v/2020> or <12@34.56>.

```
host 192.168.0.1 at 10:30
```
"""

# (digits of the locale, how 2020-10-25 / 10:30 / 3.2.1 / 192.168.0.1 / 8601-1:2019 come out)
NATIVE = {
    "fa": ("۰۱۲۳۴۵۶۷۸۹", "۲۰۲۰-۱۰-۲۵", "۱۰:۳۰", "۳.۲.۱", "۱۹۲.۱۶۸.۰.۱", "۸۶۰۱-۱:۲۰۱۹"),
    "ar_EG": ("٠١٢٣٤٥٦٧٨٩", "٢٠٢٠-١٠-٢٥", "١٠:٣٠", "٣.٢.١", "١٩٢.١٦٨.٠.١", "٨٦٠١-١:٢٠١٩"),
    "hi": ("०१२३४५६७८९", "२०२०-१०-२५", "१०:३०", "३.२.१", "१९२.१६८.०.१", "८६०१-१:२०१९"),
}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def text_content(self) -> str:
        return "".join(c if isinstance(c, str) else c.text_content() for c in self.children)

    def iter(self, *tags: str):
        for child in self.children:
            if isinstance(child, Element):
                if child.tag in tags:
                    yield child
                yield from child.iter(*tags)


class Tree(HTMLParser):
    """An HTML page as a tree of elements (the standard library's parser)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack[-1].tag != tag:
            self.stack.pop()
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(text: str) -> Element:
    tree = Tree()
    tree.feed(text)
    tree.close()
    return tree.root


def build(project: Path, output: Path) -> None:
    # --force: a test that patches the code must not get pages from the cache
    args = ["--project", str(project), "build", "--format", "html", "--output", str(output),
            "--force"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("numerals"), {"notes": DOCUMENT},
                        ("fa", "ar_EG", "hi", "de"), settings='\n[numbering]\nhi = "deva"\n')


@pytest.fixture(scope="module")
def built(project, tmp_path_factory):
    output = tmp_path_factory.mktemp("built") / "dist"
    build(project, output)
    return output


def page(output: Path, locale: str) -> Element:
    found = [p for p in output.rglob("*.html") if p.parent.name == locale and p.stem == "notes"]
    assert len(found) == 1, sorted(output.rglob("*.html"))
    return parse(found[0].read_text("utf-8"))


@pytest.mark.parametrize("locale", sorted(NATIVE))
def test_numerals_left_as_text_take_the_locales_digits(built, locale):
    html = page(built, locale)
    digits, date, time, version, address, standard = NATIVE[locale]
    body = next(html.iter("main"))
    paragraph = next(p.text_content() for p in body.iter("p") if "ISO" in p.text_content())
    for numeral in (date, time, version, address, standard):
        assert numeral in paragraph, (numeral, paragraph)
    # the figures around them were already written in the same digits
    assert digits[1] + digits[9] + digits[9] + digits[5] in paragraph
    assert not any(c.isascii() and c.isdigit() for c in paragraph), paragraph
    heading = next(h.text_content() for h in body.iter("h1", "h2") if "Release" in h.text_content())
    assert version in heading
    assert date in next(html.iter("title")).text_content()
    # code, code blocks, link targets and titles, autolinks keep their digits
    assert [c.text_content() for c in body.iter("code")] == ["ping 192.168.0.1",
                                                            "host 192.168.0.1 at 10:30\n"]
    link = next(a for a in body.iter("a") if "notes" in a.text_content())
    assert link.get("href") == "https://example.org/2020/10/25.html"
    assert link.get("title") == "Notes 2020"
    assert date in link.text_content()
    assert any(a.get("href") == a.text_content() == "https://example.org/v/2020" for a in body.iter("a"))
    assert any(a.get("href") == "mailto:12@34.56" and a.text_content() == "12@34.56"
               for a in body.iter("a"))


def test_latin_digit_pages_are_unchanged_byte_for_byte(project, built, tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "localize_numerals", lambda text, system: text)
    monkeypatch.setattr(translate, "_localize_numerals", lambda tokens, system: None)
    build(project, tmp_path / "without")
    pages = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert any(p.parts[0] == "de" for p in pages) and any(p.parts[0] == "en" for p in pages)
    for path in pages:
        same = (built / path).read_bytes() == (tmp_path / "without" / path).read_bytes()
        if path.parts[0] in ("de", "en"):
            assert same, path
    # the switch is real: a page in Persian digits does change
    assert next(page(built, "fa").iter("title")).text_content() != \
        next(page(tmp_path / "without", "fa").iter("title")).text_content()


PARAGRAPH = "Served on {2020-10-25:date}; the 2020-10-25 release 3.2.1 (build `x 10:30`)."
ALT = "Plan of 2020-10-25"


def _translate(pairs: dict[str, str], locale: str = "fa", system: str = "arabext"):
    doc = parse_document(PARAGRAPH + "\n\n![" + ALT + "](plan-2020.png)\n", "doc.md")
    assert [s.text for s in doc.segments] == [PARAGRAPH, ALT]
    messages = [Message(msgid=k, msgstr=v) for k, v in pairs.items()]
    result = translate_document(doc, Translations(Catalog(messages=messages), locale), "en", system)
    return result, render_body(result)


def test_digits_a_translator_typed_are_localized_like_the_rest():
    _, html = _translate({PARAGRAPH: "تاریخ {2020-10-25:date}؛ نسخهٔ 3.2.1 در 2020-10-25 ساعت "
                                     "10:30 (ساخت `x 10:30`)."})
    assert "نسخهٔ ۳.۲.۱ در ۲۰۲۰-۱۰-۲۵ ساعت ۱۰:۳۰" in html
    assert "<code>x 10:30</code>" in html


def test_image_sources_keep_their_digits_and_alt_text_is_localized():
    _, html = _translate({ALT: "نقشهٔ 2020-10-25"})
    image = next(parse(html).iter("img"))
    assert image.get("src") == "plan-2020.png"
    assert image.get("alt") == "نقشهٔ ۲۰۲۰-۱۰-۲۵"


def test_a_fallback_keeps_the_source_digits():
    result, html = _translate({})      # untranslated: shown in English, with English digits
    assert len(result.fallbacks) == 2
    assert "the 2020-10-25 release 3.2.1" in html and "October 25, 2020" in html
    assert 'alt="Plan of 2020-10-25"' in html


@pytest.mark.parametrize("text, expected", [
    ("on 2020-10-25 at 10:30", "on ۲۰۲۰-۱۰-۲۵ at ۱۰:۳۰"),
    ("3.2.1 and 192.168.0.1.", "۳.۲.۱ and ۱۹۲.۱۶۸.۰.۱."),
    ("ISO 8601-1:2019, +1 555 0100", "ISO ۸۶۰۱-۱:۲۰۱۹, +۱ ۵۵۵ ۰۱۰۰"),
    ("(12,345.6) «2019»", "(۱۲,۳۴۵.۶) «۲۰۱۹»"),          # never regrouped nor re-punctuated
    ("G20, COVID-19, UTF-8, x86_64, v2.0", "G20, COVID-19, UTF-8, x86_64, v2.0"),   # Latin words
    ("https://example.org/2020 a1@example.org", "https://example.org/2020 a1@example.org"),
    ("در2020", "در۲۰۲۰"),
    ("no digits", "no digits"),
])
def test_localize_numerals(text, expected):
    assert figures.localize_numerals(text, "arabext") == expected
    assert figures.localize_numerals(text, "latn") is text
