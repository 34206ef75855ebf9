"""`publisher new DIR`: a project to start from, and the package's neutral
page chrome (a project's templates/ adds its own)."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from publisher.build.pipeline import build
from publisher.cli import main
from publisher.sources.config import load_settings

from growing import translate_everything


def new(tmp_path, *args):
    return CliRunner().invoke(main, ["new", str(tmp_path / "site"), *args])


def test_new_creates_a_project_that_checks_and_builds(tmp_path):
    result = new(tmp_path, "--locale", "de", "--locale", "ar")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    for name in ("publisher.toml", "documents/welcome.md", ".gitignore",
                 ".github/workflows/publish.yml", "templates/document.html",
                 "templates/index.html", "templates/base.html", "templates/style.css",
                 "locales/welcome.pot", "locales/templates.pot",
                 "locales/de/LC_MESSAGES/welcome.po", "locales/ar/LC_MESSAGES/templates.po"):
        assert (site / name).is_file(), name
    settings = load_settings(site)
    assert settings.locales == ("de", "ar") and settings.source_locale == "en"
    assert "/dist/" in (site / ".gitignore").read_text().splitlines()
    workflow = yaml.safe_load((site / ".github/workflows/publish.yml").read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["publish"]["steps"]]
    assert any("publisher check" in run for run in steps)
    assert any("publisher build" in run for run in steps)
    # Untranslated, the gate fails; translated, it passes and the site builds.
    assert CliRunner().invoke(main, ["--project", str(site), "check"]).exit_code == 1
    translate_everything(site)
    assert CliRunner().invoke(main, ["--project", str(site), "check"]).exit_code == 0
    report = build(settings, formats=("html",))
    assert report.fallbacks == {}
    page = (site / "dist/de/welcome.html").read_text("utf-8")
    assert "<code>{1,234}</code>" in page and "27.785" in page    # figures, the German way
    # the example shows a footnote, a link to a heading and a table of amounts
    assert '<sup class="footnote-ref"><a href="#fn-welcome-tools"' in page
    assert '<li id="fn-welcome-tools"' in page
    assert '<a href="#next-steps">' in page and '<h2 id="next-steps">' in page
    assert '<td style="text-align:right"><strong>42,75</strong></td>' in page


def test_new_never_overwrites(tmp_path):
    (tmp_path / "site" / "documents").mkdir(parents=True)
    (tmp_path / "site" / "documents" / "welcome.md").write_text("mine")
    result = new(tmp_path)
    assert result.exit_code == 2 and "already exists" in result.output
    assert (tmp_path / "site" / "documents" / "welcome.md").read_text() == "mine"
    assert not (tmp_path / "site" / "publisher.toml").exists()


def test_the_package_chrome_is_neutral_and_a_project_adds_its_own(tmp_path):
    result = new(tmp_path)
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    for name in ("document.html", "index.html"):
        (site / "templates" / name).unlink()          # the package's own defaults
    build(load_settings(site), formats=("html",))
    page = (site / "dist/en/welcome.html").read_text("utf-8")
    assert 'class="breadcrumb"' not in page and "Suggest to a friend" not in page
    assert "Please contact us" not in page
    assert "Download PDF" not in page and 'class="actions"' not in page   # no PDF made
    (site / "templates" / "document.html").write_text(
        '{% extends "base.html" %}{% block main %}<nav class="breadcrumb">'
        '{{ _("Home") }}</nav>{{ document.body }}{% endblock %}', "utf-8")
    build(load_settings(site), formats=("html",))
    page = (site / "dist/en/welcome.html").read_text("utf-8")
    assert '<nav class="breadcrumb">Home</nav>' in page


@pytest.mark.parametrize("args, words", [
    (["--source-locale", "fr", "--locale", "fr"], "--locale 'fr' is the source locale"),
    (["--source-locale", "zh_Hans_CN", "--locale", "zh_CN"], "--locale 'zh_CN' is the source locale"),
    (["--locale", "de", "--locale", "de"], "--locale 'de' is given twice"),
    (["--locale", "zh_CN", "--locale", "zh_Hans_CN"],
     "--locale 'zh_Hans_CN' is given twice (as 'zh_CN', the same CLDR locale)"),
])
def test_new_says_which_locale_is_wrong_and_why(tmp_path, args, words):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "site"), *args])
    assert result.exit_code == 2 and words in result.output, result.output
    assert not (tmp_path / "site").exists()


def test_a_documents_path_that_is_no_folder_is_refused_before_anything_is_written(tmp_path):
    """For a source in another language no file goes into documents/, which
    new still makes: it is checked with the other folders, first."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "documents").write_text("not a folder", "utf-8")
    result = CliRunner().invoke(main, ["new", str(site), "--source-locale", "fr"])
    assert result.exit_code == 2 and "is not a folder" in result.output, result.output
    assert sorted(p.name for p in site.iterdir()) == ["documents"]
