"""Any locale, any script: fonts from the locale's script, one line when a
script has no font, typography per script, code that prints as written,
symbols the fonts draw, dates in the locale's calendar.

The project is a copy of the real one, plus Sinhala (a script no shipped
locale uses) added with ``publisher init`` and a document of code spans;
tests iterate over whatever locales the project configures.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.build.pipeline import build
from publisher.catalogs.pofile import read_po, write_po
from publisher.cli import main
from publisher.core.calendars import format_long_date
from publisher.core.errors import ConfigError
from publisher.core.fonts import default_stack, draws_script, find_font
from publisher.core.locales import locale_info, script_of
from publisher.gate.check import check_project
from publisher.gate.glyphs import script_font_problem
from publisher.render.typography import keep_end, keep_heading_ends
from publisher.render.webfonts import page_text
from publisher.sources.config import load_settings

from conftest import copy_project
from pdfvalid import invalid

NEW = "si"            # Sinhala: a script none of the shipped locales uses
SINHALA = "ශ්‍රී ලංකා රජය විද්‍යාව තාක්ෂණය සහයෝගිතාව ව්‍යාපෘතිය ප්‍රතිඵල".split()

CODE_DOC = "code-notes"
IDENTIFIERS = ["publisher.catalogs.checks.FontCoverage", "collections.abc", "Parser/Python.asdl",
               "ElementTree", "std::vector", "xml.etree.ElementTree", "__init__.py",
               "importlib.resources.files", "DocumentationTranslations",
               "Lib/test/test_unicodedata.py"]
CODE_PARAGRAPHS = [
    "The parser reads `Parser/Python.asdl` and the tree module `xml.etree.ElementTree` "
    "together with `collections.abc`, whose abstract classes describe containers; "
    "translators never change `publisher.catalogs.checks.FontCoverage` or `__init__.py`.",
    "Extensive documentation explains `importlib.resources.files` and "
    "`DocumentationTranslations`, then compares `ElementTree` with `std::vector` and the "
    "regression tests in `Lib/test/test_unicodedata.py` for characterisation.",
    "Untranslated paragraphs keep `collections.abc`, `ElementTree`, `Parser/Python.asdl` and "
    "`publisher.catalogs.checks.FontCoverage` whole, in every edition and every column.",
]
GERMAN = [
    "Der Parser liest `Parser/Python.asdl` und das Baummodul `xml.etree.ElementTree` "
    "zusammen mit `collections.abc`, dessen abstrakte Klassen Behälter beschreiben; "
    "Übersetzungsverantwortliche ändern niemals `publisher.catalogs.checks.FontCoverage` "
    "oder `__init__.py`.",
    "Umfangreiche Dokumentationsabschnitte erläutern `importlib.resources.files` und "
    "`DocumentationTranslations`, vergleichen dann `ElementTree` mit `std::vector` und die "
    "Regressionstests in `Lib/test/test_unicodedata.py` zur Charakterisierung.",
    None,   # shown in English inside the German page
]
FRENCH_SYMBOLS = "Températures de \u22125 °C à 30 °C ; écart \u2264 2 % ; flux A \u2192 B, coût 12 € « net »."


def _fill(path: Path, translate) -> None:
    catalog = read_po(path)
    for message in catalog.messages:
        if message.is_header or message.obsolete:
            continue
        text = translate(message)
        if text is None:
            continue
        if message.is_plural:
            message.msgstr_plural = [text] * len(message.msgstr_plural or [text, text])
        else:
            message.msgstr = text
        message.set_fuzzy(False)
    write_po(path, catalog)


_KEEP = re.compile(r"(%\(\w+\)s|\{[^}]*\}|`[^`]*`|\]\([^)]*\)|<[^>]*>|&\w+;|\*+|_+)")


def sinhala(message) -> str:
    """A stand-in Sinhala text with the source's placeholders, figures and markup."""
    words = iter(SINHALA * 400)
    source = message.msgid_plural if message.is_plural else message.msgid
    parts = _KEEP.split(source)
    return "".join(part if i % 2 else re.sub(r"[A-Za-z][A-Za-z'’]*", lambda _: next(words), part)
                   for i, part in enumerate(parts))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("scripts") / "project")
    meta = "---\ntitle: Notes on code\nsummary: Names that must print as written.\n"
    meta += "date: 2026-03-01\n---\n\n"
    (root / "documents" / f"{CODE_DOC}.md").write_text(meta + "\n\n".join(CODE_PARAGRAPHS) + "\n")
    (root / "documents" / "symbols.md").write_text(
        "---\ntitle: Symbols\n---\n\nTemperatures from minus five to thirty degrees.\n")
    runner = CliRunner()
    for command in (["extract"], ["update"], ["init", NEW]):
        result = runner.invoke(main, ["--project", str(root), *command])
        assert result.exit_code == 0, result.output
    assert "warning: fonts" not in result.output      # the Sinhala font is found
    folder = root / "locales"
    for path in (folder / NEW / "LC_MESSAGES").glob("*.po"):
        _fill(path, sinhala)
    german = dict(zip(CODE_PARAGRAPHS, GERMAN))
    _fill(folder / "de" / "LC_MESSAGES" / f"{CODE_DOC}.po",
          lambda m: german.get(m.msgid) if m.msgid in german else "Notizen zum Code"
          if m.msgid == "Notes on code" else None)
    _fill(folder / "fr" / "LC_MESSAGES" / "symbols.po",
          lambda m: "Symboles" if m.msgid == "Symbols" else FRENCH_SYMBOLS
          if m.msgid.startswith("Temperatures") else None)
    settings = load_settings(root)
    build(settings, formats=("html", "pdf"))
    build(settings, locales=["de", "fr"], formats=("bilingual",))
    return root


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.replace("\u202b", "").replace("\u202c", "").replace("\u202a", "")


def embedded_fonts(path: Path) -> list[str]:
    """The families a PDF embeds (subset tag and style taken off)."""
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    names = []
    for row in rows:
        name = row.split()[0].split("+", 1)[-1]
        name = re.sub(r"-(Bold|Italic|BoldItalic|Regular)$", "", name)
        names.append(name.replace("-", " "))
    return names


# --- fonts from the script -----------------------------------------------------

@pytest.mark.parametrize("locale, script", [
    ("he", "Hebr"), ("th", "Thai"), ("ja", "Jpan"), ("ko", "Kore"), ("zh_TW", "Hant"),
    ("zh_CN", "Hans"), ("bn", "Beng"), ("ta", "Taml"), ("am", "Ethi"), ("hy", "Armn"),
    ("ka", "Geor"), ("el", "Grek"), ("uk", "Cyrl"), ("si", "Sinh"), ("km", "Khmr"),
    ("gu", "Gujr"), ("sr_Latn", "Latn"), ("pa_Arab", "Arab"), ("de", "Latn")])
def test_the_script_comes_from_cldr(locale, script):
    assert script_of(locale) == script


def test_stacks_are_named_from_the_script_serif_first_then_latin_and_symbols():
    assert default_stack("Hebr") == ("Noto Serif Hebrew", "Noto Sans Hebrew", "Noto Serif",
                                     "Noto Sans", "Noto Sans Math", "Noto Sans Symbols",
                                     "Noto Sans Symbols2")
    assert default_stack("Beng")[0] == "Noto Serif Bengali"      # CLDR says "Bangla"
    assert default_stack("Jpan")[0] == "Noto Serif CJK JP"
    assert default_stack("Hant", "zh_HK")[0] == "Noto Serif CJK HK"
    assert default_stack("Latn")[0] == "Noto Serif"
    assert "Noto Sans Math" in default_stack("Latn")


def test_a_slanted_regular_face_is_not_an_italic_face():
    if find_font("Noto Serif Hebrew") is None or find_font("Noto Serif") is None:
        pytest.skip("Noto fonts are not installed")
    assert find_font("Noto Serif Hebrew", "Italic") is None      # fontconfig would slant it
    assert find_font("Noto Serif Hebrew", "Bold") is not None
    assert find_font("Noto Serif", "Italic") is not None


def test_every_configured_locale_has_a_font_of_its_script(site):
    settings = load_settings(site)
    for locale in settings.all_locales:
        stack = settings.fonts_for(locale)
        assert script_font_problem(locale, tuple(stack)) is None, locale
        first = next(f for f in stack if find_font(f) is not None)
        assert draws_script(find_font(first), locale_info(locale).script), (locale, first)


def test_every_locale_pdf_embeds_a_font_of_its_script(site):
    settings = load_settings(site)
    for locale in settings.all_locales:
        script = locale_info(locale).script
        for pdf in sorted((site / "dist" / locale).glob("*.pdf")):
            if "bilingual" in pdf.name:
                continue
            families = embedded_fonts(pdf)
            assert any(find_font(f) is not None and draws_script(find_font(f), script)
                       for f in families), (pdf, families)


def test_every_script_pdf_passes_pdf_ua_1(site):
    """Every locale's PDFs, the new Sinhala locale's and the bilingual ones
    included, validated (tests/pdfvalid.py)."""
    pdfs = sorted((site / "dist").glob("*/*.pdf"))
    assert pdfs
    assert invalid(pdfs, "pdf/ua-1") == {}


def test_a_new_script_is_published_in_its_script_with_no_settings(site):
    assert "[fonts]" not in (site / "publisher.toml").read_text().replace("# [fonts]", "")
    pdf = site / "dist" / NEW / "china-st-cooperation.pdf"
    assert "Noto Serif Sinhala" in embedded_fonts(pdf)
    assert "ශ්" in pdf_text(pdf) or "ශ" in pdf_text(pdf)
    html = (site / "dist" / NEW / "china-st-cooperation.html").read_text()
    assert 'lang="si"' in html
    css = (site / "dist" / "assets" / "fonts" / f"{NEW}.css").read_text()
    assert '"Noto Serif Sinhala"' in css and "@font-face" in css


def test_check_finds_no_glyph_problem_in_any_locale(site):
    report = check_project(load_settings(site))
    glyphs = [(c.path, p.code, p.message) for c in report.catalogs for p in c.problems
              if p.code in ("E501", "W502")]
    assert glyphs == []


def _ranges(css: str) -> set[int]:
    points: set[int] = set()
    for value in re.findall(r"unicode-range:\s*([^;]+);", css):
        for part in value.split(","):
            low, _, high = part.strip()[2:].partition("-")
            points.update(range(int(low, 16), int(high or low, 16) + 1))
    return points


def test_the_web_fonts_cover_every_character_the_pages_show(site):
    settings = load_settings(site)
    for locale in settings.all_locales:
        css = (site / "dist" / "assets" / "fonts" / f"{locale}.css").read_text()
        covered = _ranges(css)
        shown: set[str] = set()
        for page in (site / "dist" / locale).glob("*.html"):
            if "bilingual" in page.name:
                continue
            for chars in page_text(page.read_text()).values():
                shown |= chars
        missing = {c for c in shown if ord(c) not in covered and c.strip()
                   and c not in "\u200d\u200c\u200e\u200f\u00ad"}
        assert not missing, (locale, sorted(missing)[:20])


# --- one line when a script has no font ------------------------------------------

def test_a_script_without_font_is_said_once_per_locale_with_the_package(site, tmp_path):
    root = copy_project(tmp_path / "p")
    for path in (site / "locales" / NEW).rglob("*.po"):
        target = root / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    settings_file = root / "publisher.toml"
    text = settings_file.read_text().replace('locales = [', f'locales = ["{NEW}", ', 1)
    settings_file.write_text(text + f'\n[fonts]\n{NEW} = ["Noto Serif", "Noto Sans"]\n')
    runner = CliRunner()
    doctor = runner.invoke(main, ["--project", str(root), "doctor"])
    lines = [l for l in doctor.output.splitlines() if l.split()[2:3] == [f"{NEW}"]
             and "script" in l]
    assert len(lines) == 1, doctor.output
    assert "Noto Serif Sinhala is installed" in lines[0] and f"fonts.{NEW}" in lines[0]
    assert doctor.exit_code == 1
    check = runner.invoke(main, ["--project", str(root), "check", "--locale", NEW])
    said = [l for l in check.output.splitlines() if "Sinhala script" in l]
    assert len(said) == 1, check.output
    assert "E501" not in check.output


# --- typography ------------------------------------------------------------------

TITLES = {
    "ja": "国際科学技術協力に関する政府間年次報告書の概要",
    "zh_CN": "中国国际科学技术合作与交流的主要成就和年度报告",
    "th": "รายงานประจำปีว่าด้วยความร่วมมือระหว่างประเทศด้านวิทยาศาสตร์และเทคโนโลยี",
}


@pytest.mark.parametrize("locale", sorted(TITLES))
def test_headings_and_cover_titles_never_end_with_a_lone_character(locale, tmp_path):
    from weasyprint import HTML

    styles = (Path(__file__).resolve().parents[1] / "publisher" / "templates")
    blocks = []
    for width in range(30, 130, 7):
        blocks.append(f'<h2 style="width:{width}mm">{TITLES[locale]}</h2><p>¶</p>')
        blocks.append(f'<p class="cover-title" style="width:{width}mm; font-size: 26pt">'
                      f"{TITLES[locale]}</p><p>¶</p>")
    family = {"ja": "Noto Serif CJK JP", "zh_CN": "Noto Serif CJK SC", "th": "Noto Serif Thai"}
    page = keep_heading_ends(
        f'<html lang="{locale.replace("_", "-")}"><head><style>'
        f'body {{ font-family: "{family[locale]}" }}</style></head><body>{"".join(blocks)}'
        "</body></html>")
    pdf = tmp_path / "t.pdf"
    HTML(string=page, base_url=str(styles)).write_pdf(
        pdf, stylesheets=[str(styles / "style.css"), str(styles / "print.css")])
    text = pdf_text(pdf)
    headings = [block.strip() for block in text.split("¶") if block.strip()]
    assert len(headings) == 2 * len(range(30, 130, 7))
    for heading in headings:
        lines = [_bases(l) for l in heading.splitlines() if l.strip()]
        assert "".join(lines) == _bases(TITLES[locale])    # nothing added to the text
        if len(lines) > 1:
            assert len(lines[-1]) >= 3, lines


def _bases(text: str) -> str:
    """Base letters only: the PDF text layer reorders Thai marks and splits
    SARA AM (a WeasyPrint limitation, see the dependency notes)."""
    import unicodedata

    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Mn"
                   and c not in "\u0e32\u0e33")


def test_keep_end_binds_words_or_characters_without_changing_the_text():
    for text in ("Annual Report on Cooperation", "国際協力について科学技術",
                 "รัฐบาลเทคโนโลยีความร่วมมือ", "A &amp; B", "x", "中文&amp;测试"):
        head, tail = keep_end(text)
        assert head + tail == text
    assert keep_end("Annual Report on Cooperation")[1] == ""     # a long last word is fine
    assert keep_end("The results of it")[1] == "of it"
    assert keep_end("国際協力について科学技術")[1] == "科学技術"
    # Khmer subscripts (coeng) stay with the consonant they join
    head, tail = keep_end("ព្រះរាជាណាចក្រកម្ពុជា")
    assert not tail.startswith(("\u17d2",)) and not head.endswith("\u17d2")


@pytest.mark.parametrize("locale", ["ja", "th", "he"])
def test_emphasis_in_scripts_without_italics_is_never_slanted(locale, tmp_path):
    from weasyprint import HTML

    from publisher.render.typography import script_css

    styles = Path(__file__).resolve().parents[1] / "publisher" / "templates"
    tag = locale_info(locale).tag
    page = (f'<html lang="{tag}"><head><style>{script_css([locale, "en"])}</style></head>'
            '<body><p>本文 <em>強調</em> <span lang="en">and <em>italic</em></span></p></body></html>')
    document = HTML(string=page, base_url=str(styles)).render(
        stylesheets=[str(styles / "style.css")])
    styles_of = {}

    def walk(box):
        if getattr(box, "element_tag", None) == "em":
            styles_of[box.element.text] = (box.style["font_style"], box.style["font_weight"])
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    assert styles_of["強調"][0] == "normal" and styles_of["強調"][1] >= 600
    assert styles_of["italic"][0] == "italic"     # English inside keeps its italics


# --- code prints as written ------------------------------------------------------

ALLOWED_AFTER = "./_:-"


def _broken(identifier: str, text: str) -> list[str]:
    """The ways ``identifier`` comes back split where it may not be, or with a
    hyphen or space it does not have."""
    found = []
    for cut in range(1, len(identifier)):
        before, after = identifier[:cut], identifier[cut:]
        allowed = before[-1] in ALLOWED_AFTER
        gap = r"[ \t\u2010\u00ad-]+\n?|\n" if not allowed else r"[ \t\u2010\u00ad-]+\n?|-\n"
        pattern = re.escape(before) + "(?:" + gap + ")" + re.escape(after)
        if before[-1] == "-" or after[:1] == "-":
            continue
        if re.search(pattern, text):
            found.append(re.search(pattern, text).group(0))
    return found


@pytest.mark.parametrize("pdf", [f"en/{CODE_DOC}.pdf", f"de/{CODE_DOC}.pdf",
                                 f"de/{CODE_DOC}-bilingual.pdf", f"fr/{CODE_DOC}-bilingual.pdf"])
def test_code_is_never_hyphenated_or_split_inside_a_name(site, pdf):
    text = pdf_text(site / "dist" / pdf)
    flat = re.sub(r"(?<=[./_:])\n", "", text)
    for identifier in IDENTIFIERS:
        assert identifier in flat, (identifier, pdf)
        assert _broken(identifier, text) == [], (identifier, pdf)


def test_code_styles_never_hyphenate():
    css = (Path(__file__).resolve().parents[1] / "publisher" / "templates" / "style.css").read_text()
    rule = re.search(r"\ncode, kbd, samp, pre \{([^}]*)\}", css)
    assert rule and "hyphens: manual" in rule.group(1) and "overflow-wrap: normal" in rule.group(1)


# --- symbols ---------------------------------------------------------------------

def test_a_french_catalog_with_minus_and_comparison_signs_passes_and_prints(site):
    report = check_project(load_settings(site), locales=["fr"])
    symbols = [c for c in report.catalogs if c.domain == "symbols"]
    assert symbols and not [p for p in symbols[0].problems if p.code in ("E501", "W502")]
    pdf = site / "dist" / "fr" / "symbols.pdf"
    text = pdf_text(pdf)
    assert "\u2212" in text and "\u2264" in text and "\u2192" in text
    families = embedded_fonts(pdf)
    has = lambda family, char: ord(char) in __import__("publisher.core.fonts", fromlist=["x"]) \
        .character_map(find_font(family))  # noqa: E731
    assert any(find_font(f) and has(f, "\u2212") and has(f, "\u2264") for f in families), families
    assert "DejaVu Sans" not in families and "DejaVu Serif" not in families


# --- dates in the locale's calendar ------------------------------------------------

def test_thai_dates_are_in_the_buddhist_era_by_default():
    day = datetime.date(2026, 3, 1)
    assert "2569" in format_long_date(day, "th") and "2026" not in format_long_date(day, "th")
    assert "2026" in format_long_date(day, "th", "gregorian")
    assert format_long_date(day, "fa", "persian") == "10 اسفند 1404"
    assert "رمضان" in format_long_date(day, "ar", "islamic-civil")
    assert format_long_date(day, "de") == "1. März 2026"


def test_the_calendar_setting_chooses_and_is_checked(project):
    settings_file = project / "publisher.toml"
    base = settings_file.read_text()
    settings_file.write_text(base + '\n[calendar]\nth = "gregorian"\nfa = "persian"\n')
    settings = load_settings(project)
    assert settings.calendar_for("th") == "gregorian"
    assert settings.calendar_for("fa") == "persian"
    assert settings.calendar_for("de") == "gregorian"
    settings_file.write_text(base + '\n[calendar]\nth = "mayan"\n')
    with pytest.raises(ConfigError, match="calendar.th"):
        load_settings(project)


def test_georgian_names_are_not_capitalised_into_mtavruli():
    assert locale_info("ka").native_name == "ქართული"


def test_web_fonts_keep_the_parts_of_two_part_vowel_signs():
    from publisher.render.webfonts import subset_font

    face = find_font("Noto Serif Tamil")
    if face is None:
        pytest.skip("Noto Serif Tamil is not installed")
    _, held = subset_font(face, "தொழில்")        # U+0BCA = U+0BC6 + U+0BBE
    assert {0x0BCA, 0x0BC6, 0x0BBE} <= held


def test_a_missing_glyph_names_an_installed_font_that_has_it():
    from publisher.catalogs.checks import check_glyphs
    from publisher.catalogs.model import Message
    from publisher.gate.glyphs import coverage

    if find_font("Noto Serif") is None or find_font("Noto Sans Math") is None:
        pytest.skip("Noto fonts are not installed")
    [problem] = check_glyphs(Message(msgid="a - b", msgstr="a \u2212 b"), coverage(("Noto Serif",)))
    assert problem.code == "E501" and "Noto Sans Math" in problem.message


@pytest.mark.parametrize("locale, package, family", [
    ("si", "fonts-noto-core", "Noto Serif Sinhala"), ("ja", "fonts-noto-cjk", "Noto Serif CJK JP"),
    ("am", "fonts-noto-core", "Noto Serif Ethiopic")])
def test_a_machine_without_the_script_font_is_told_the_package(monkeypatch, locale, package,
                                                                 family):
    import publisher.core.fonts
    import publisher.gate.glyphs

    monkeypatch.setattr(publisher.core.fonts, "find_font", lambda *args: None)
    monkeypatch.setattr(publisher.gate.glyphs, "find_font", lambda *args: None)
    message = script_font_problem(locale, default_stack(script_of(locale)))
    assert message is not None and message.count("\n") == 0
    assert f"install Debian's {package} ({family})" in message and f"fonts.{locale}" in message
