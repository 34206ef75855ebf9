"""Web fonts: subsets of the configured fonts, holding what the pages show."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from publisher.build.pipeline import build
from publisher.core.fonts import FontFile, find_font
from publisher.render.webfonts import (
    ASCII,
    css_content_text,
    font_stylesheet,
    page_set,
    page_text,
    plan_subsets,
    subset_font,
    unicode_range,
    webfont_files,
)
from publisher.sources.config import load_settings, parse_settings

from conftest import copy_project

PAGE = """<!DOCTYPE html><html lang="fr" dir="ltr"><head><title>Titre ignoré</title>
<style>body::before { content: "Ω"; }</style><script>var x = "π";</script></head>
<body><h1>Été <span lang="en" dir="ltr">Summer</span></h1>
<p>Un <em>œuf</em> et <strong><em>Ÿ</em></strong> <a lang="ar" dir="rtl">العربية</a>
<img src="x.png" alt="Chat ñ"><br/>fin</p></body></html>"""


def test_page_text_groups_visible_text_by_language_and_style():
    groups = page_text(PAGE)
    assert set(groups) == {("fr", "Regular"), ("fr", "Bold"), ("en", "Bold"), ("fr", "Italic"),
                           ("fr", "BoldItalic"), ("ar", "Regular")}
    assert set("Été") <= groups[("fr", "Bold")] and set("Summer") <= groups[("en", "Bold")]
    assert set("œuf") <= groups[("fr", "Italic")] and groups[("fr", "BoldItalic")] == {"Ÿ"}
    assert set("العربية") == groups[("ar", "Regular")]
    assert set("Chat ñfin") <= groups[("fr", "Regular")]
    every = set().union(*groups.values())
    assert not {"Ω", "π", "T", "\n"} & every, "head, style, script and controls are not shown"


def test_css_content_strings_are_read_with_their_escapes():
    css = '/* content: "x" */ .a::before { content: "›"; } .b::after { content: \'\\2039 \' "\\"" }'
    assert css_content_text(css) == {"›", "‹", '"'}


def test_unicode_ranges_are_compact():
    assert unicode_range([0x41, 0x42, 0x43, 0x45, 0x4E2D]) == "U+41-43, U+45, U+4E2D"


FAMILIES = {  # family -> (styles found, code points covered)
    "Latin": ({"Regular", "Bold"}, set(range(0x20, 0x250)) | set(range(0x2000, 0x2070))),
    "Arabic": ({"Regular"}, set(range(0x20, 0x40)) | set(range(0x600, 0x700))),
}


def fake_find(family, style):
    styles, _ = FAMILIES.get(family, (set(), set()))
    return FontFile(family, style, Path(f"/fonts/{family}-{style}.ttf"), 0) if style in styles else None


def fake_coverage(font):
    return frozenset(FAMILIES[font.family][1])


def test_each_character_goes_to_the_first_family_that_has_it():
    settings = parse_settings({"locales": ["ar"], "fonts": {
        "ar": ["Arabic", "Missing", "Latin"], "default": ["Latin"]}}, Path("/project"))
    groups = {("ar", "Regular"): set("سلام 1"), ("ar", "Bold"): set("عنوان"),
              ("en", "Bold"): set("Title"), ("en", "Regular"): set("é")}
    plan = plan_subsets(settings, "ar", groups, {"›"}, fake_find, fake_coverage)
    by_face = {(s.font.family, s.font.style): s.chars for s in plan.subsets}
    # Arabic has no bold face: the browser makes bold from the regular one.
    assert by_face[("Arabic", "Regular")] >= set("سلامعنوان 1")
    assert "a" not in by_face[("Arabic", "Regular")] and "›" not in by_face[("Arabic", "Regular")]
    assert set(ASCII) - by_face[("Arabic", "Regular")] <= by_face[("Latin", "Regular")]
    assert {"›", "é"} <= by_face[("Latin", "Regular")]
    assert by_face[("Latin", "Bold")] == set("Title")
    assert plan.stacks == {"ar": ("Arabic", "Missing", "Latin"), "en": ("Latin",)}
    assert plan.missing == ["Missing"]


def test_stylesheet_names_faces_and_language_stacks():
    face = FontFile('Odd "Name"', "Bold", Path("/f.ttf"), 0)
    from publisher.render.webfonts import Subset
    css = font_stylesheet("zh_CN", [(Subset(face, {"中"}), {0x4E2D})],
                          {"zh-CN": ("Noto Serif CJK SC", "Noto Serif")}, [])
    assert 'font-family: "Odd \\22 Name\\22 ";' in css
    assert 'src: url("zh_CN/OddName-Bold.woff2") format("woff2");' in css
    assert "font-weight: 700;" in css and "unicode-range: U+4E2D;" in css
    assert '[lang="zh-CN"] { font-family: "Noto Serif CJK SC", "Noto Serif", serif; }' in css


def test_pages_and_their_sets(tmp_path):
    assert page_set(tmp_path, tmp_path / "index.html") == (True, None)
    assert page_set(tmp_path, tmp_path / "ar" / "doc.html") == (True, "ar")
    assert page_set(tmp_path, tmp_path / "ar" / "doc.pdf")[0] is False
    assert page_set(tmp_path, tmp_path / "assets" / "x.html")[0] is False
    assert page_set(tmp_path, tmp_path.parent / "x.html")[0] is False


needs_fonts = pytest.mark.skipif(
    shutil.which("fc-match") is None or find_font("Noto Serif CJK SC") is None
    or find_font("Noto Serif") is None,
    reason="needs fontconfig and Debian's Noto fonts (fonts-noto-core, fonts-noto-cjk)")


def cmap_of(data: bytes) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(io.BytesIO(data)).getBestCmap())


@needs_fonts
def test_a_chinese_page_gets_a_small_font_with_all_its_characters(tmp_path):
    settings = parse_settings({"locales": ["zh_CN"]}, tmp_path)
    page = ('<html lang="zh-CN"><body><h1>中国的国际科技合作</h1><p>国际科技交流与合作是中国对外'
            '开放政策的重要组成部分。<span lang="en">English</span></p></body></html>')
    files = webfont_files(settings, {"zh_CN": [page]})
    regular = files["fonts/zh_CN/NotoSerifCJKSC-Regular.woff2"]
    bold = files["fonts/zh_CN/NotoSerifCJKSC-Bold.woff2"]
    assert regular[:4] == b"wOF2" and len(regular) < 60_000 and len(bold) < 20_000
    assert {ord(c) for c in "国际科技交流与合作是中国对外开放政策的重要组成部分。"} <= cmap_of(regular)
    assert {ord(c) for c in "中国的国际科技合作"} <= cmap_of(bold)
    assert set(range(0x20, 0x7F)) <= cmap_of(regular)
    css = files["fonts/zh_CN.css"].decode()
    assert 'url("zh_CN/NotoSerifCJKSC-Regular.woff2")' in css
    assert "fonts/zh_CN/NotoSerif-Regular.woff2" in files, "English text gets a Latin font"
    # Same pages, same bytes, also when the subset is made anew.
    from publisher.render import webfonts
    font = find_font("Noto Serif CJK SC")
    chars = "".join(sorted(set(page) - set("<>/=\"")))
    assert webfonts._subset.__wrapped__(webfonts._stamp(font), chars) == \
        webfonts._subset.__wrapped__(webfonts._stamp(font), chars)
    assert webfont_files(settings, {"zh_CN": [page]}) == files


@needs_fonts
def test_subsets_keep_the_licence():
    data, points = subset_font(find_font("Noto Serif"), "Hello")
    from fontTools.ttLib import TTFont

    names = TTFont(io.BytesIO(data))["name"]
    assert names.getDebugName(13) and "Open Font License" in names.getDebugName(13)
    assert {ord(c) for c in "Helo"} <= points


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("webfonts") / "project")
    settings = load_settings(root)
    build(settings, formats=("html",))
    return settings.output_dir


@needs_fonts
def test_the_build_ships_fonts_for_every_page_set(built):
    fonts = built / "assets" / "fonts"
    assert fonts.is_dir(), "the build writes the web fonts (publisher.render.webfonts.site_webfonts)"
    sizes: dict[str, int] = {}
    for name in ["index", "en", "ar", "de", "es", "fr", "hi", "ru", "zh_CN"]:
        css = (fonts / f"{name}.css").read_text("utf-8")
        urls = re.findall(r'url\("([^"]+)"\)', css)
        assert urls, name
        for url in urls:
            assert (fonts / url).is_file(), url
        sizes[name] = sum(p.stat().st_size for p in (fonts / name).glob("*.woff2"))
        page = (built / ("index.html" if name == "index" else f"{name}/index.html")).read_text()
        assert f'href="{"" if name == "index" else "../"}assets/fonts/{name}.css" media="screen"' in page
    assert sizes["zh_CN"] < 300_000 and max(sizes.values()) < 300_000, sizes
    assert sum(sizes.values()) < 1_000_000, sizes
