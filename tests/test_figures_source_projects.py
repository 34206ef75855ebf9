"""French-, Chinese- and Arabic-source projects, each built (HTML) into two
targets with identity translations: every figure is printed in the
target's style, every identifier exactly as the source wrote it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main

NNBSP, NBSP = "\u202f", "\u00a0"

#: source locale -> (its document's paragraph, {target: (figures as printed, identifiers as written)})
PROJECTS = {
    "fr": ("On compte 27\u202f785 entreprises, 1\u00a0284,6 millions d'euros et 312 500 000 €, soit "
           "2,5 heures et 1,5 milliard ; la part atteint 12,5 %. Voir la section 3.2, la version 2,5, "
           "le port 10 023 et la Section 12.3.1 ; Debian 11 est parue en 2021.",
           {"en": (["27,785 entreprises", "1,284.6 millions", "312,500,000 €", "2.5 heures",
                    "1.5 milliard", "12.5%"],
                   ["section 3.2", "version 2,5", "port 10 023", "Section 12.3.1", "Debian 11", "2021"]),
            "de": (["27.785 entreprises", "1.284,6 millions", "312.500.000 €", "2,5 heures",
                    "1,5 milliard", f"12,5{NBSP}%"],
                   ["section 3.2", "version 2,5", "port 10 023", "Section 12.3.1", "Debian 11", "2021"])}),
    "zh": ("12.846亿美元，同比增长18.4%，共有27,785家企业，平均2.5小时。"
           "见第 6.2.6 节和 Python 3.12 版本，端口 10023，1997年。",
           {"en": (["12.846亿美元", "18.4%", "27,785家", "2.5小时"],
                   ["第 6.2.6 节", "Python 3.12 版本", "端口 10023", "1997年"]),
            "fr": (["12,846亿美元", f"18,4{NBSP}%", f"27{NNBSP}785家", "2,5小时"],
                   ["第 6.2.6 节", "Python 3.12 版本", "端口 10023", "1997年"])}),
    "ar": ("بلغت الإيرادات 12.5 مليار دولار و٢٧٬٧٨٥ شركة، بزيادة 18.4%، خلال 2.5 ساعة. "
           "انظر قسم 6.2 والإصدار 2.5 والمنفذ 10023 في عام 2021.",
           {"en": (["12.5 مليار", "و27,785 شركة", "18.4%", "2.5 ساعة"],
                   ["قسم 6.2", "الإصدار 2.5", "المنفذ 10023", "عام 2021"]),
            "fr": (["12,5 مليار", f"و27{NNBSP}785 شركة", f"18,4{NBSP}%", "2,5 ساعة"],
                   ["قسم 6.2", "الإصدار 2.5", "المنفذ 10023", "عام 2021"])}),
}


def run(project: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    from growing import translate_everything

    out = {}
    for source, (paragraph, targets) in PROJECTS.items():
        root = tmp_path_factory.mktemp(f"source-{source}")
        (root / "documents").mkdir()
        (root / "publisher.toml").write_text(f'source_locale = "{source}"\nlocales = []\n', "utf-8")
        (root / "documents" / "report.md").write_text(f"# Report\n\n{paragraph}\n", "utf-8")
        run(root, "extract")
        for target in targets:
            run(root, "init", target)
        # The identity translations keep the source's script: the targets'
        # fonts must draw it, or the build refuses them as check does (E501).
        from publisher.core.fonts import default_stack
        from publisher.core.locales import script_of

        stack = ", ".join(f'"{family}"' for family in default_stack(script_of(source), source))
        with (root / "publisher.toml").open("a", encoding="utf-8") as settings:
            settings.write("\n[fonts]\n" + "".join(f"{t} = [{stack}]\n" for t in targets))
        translate_everything(root)
        run(root, "build", "--format", "html", "--output", str(root / "dist"))
        out[source] = root / "dist"
    return out


def paragraph(output: Path, locale: str) -> str:
    found = [p for p in output.rglob("report.html") if p.parent.name == locale]
    assert len(found) == 1, sorted(output.rglob("*.html"))
    reader = Paragraphs()
    reader.feed(found[0].read_text("utf-8"))
    return " ".join(p for p in reader.paragraphs if "10" in p)


class Paragraphs(HTMLParser):
    """The text of each <p> of a page."""

    def __init__(self):
        super().__init__()
        self.paragraphs: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.depth += 1
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.paragraphs[-1] += data


@pytest.mark.parametrize("source, target", [(s, t) for s in PROJECTS for t in PROJECTS[s][1]])
def test_figures_in_the_targets_style_identifiers_as_written(built, source, target):
    text = " ".join(paragraph(built[source], target).split(" "))
    figures, identifiers = PROJECTS[source][1][target]
    for figure in figures:
        assert figure in text, (figure, text)
    for identifier in identifiers:
        assert identifier in text, (identifier, text)
