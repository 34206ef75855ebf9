from click.testing import CliRunner

from publisher.cli import main
from publisher.core.locales import native_names
from publisher.sources.config import load_settings


def test_doctor_reports_locales_fonts_and_libraries(project):
    result = CliRunner().invoke(main, ["--project", str(project), "doctor"])
    assert result.exit_code == 0, result.output
    settings = load_settings(project)
    catalogs = len(list(settings.locales_dir.glob("*.pot")))
    assert "ar (العربية): rtl, 6 plural form(s), digits latn, " \
        f"{catalogs} catalog(s)" in result.output
    name = native_names(settings.all_locales)["zh_CN"]
    assert f"zh_CN ({name}): Noto Serif CJK SC" in result.output
    assert "HarfBuzz subsetter" in result.output


def test_doctor_names_a_missing_font_and_fails(project):
    settings = project / "publisher.toml"
    settings.write_text(settings.read_text() + '\n[fonts]\nde = ["No Such Font Family"]\n')
    result = CliRunner().invoke(main, ["--project", str(project), "doctor"])
    assert result.exit_code == 1
    assert "de (Deutsch): none of No Such Font Family is installed" in result.output
