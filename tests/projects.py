"""Helpers for tests that edit a project's settings without assuming how the
sample lays out its locale list (or which locales it has)."""

from __future__ import annotations

from pathlib import Path

from publisher.sources.config import add_locale_text


def add_locale_to_settings(project: Path, name: str) -> None:
    """Append ``name`` to the locales of ``project/publisher.toml``, nothing else
    (no catalogs): a hand edit of the settings."""
    path = project / "publisher.toml"
    path.write_text(add_locale_text(path.read_text("utf-8"), name), "utf-8")


CANDIDATES = ("pl", "it", "sw", "eo", "cy", "is", "mt", "ga", "eu", "lb")


def unused_locale(project: Path) -> str:
    """A CLDR locale the project does not have (its list may grow any time)."""
    from publisher.core.locales import same_locale
    from publisher.sources.config import load_settings

    have = load_settings(project).all_locales
    return next(c for c in CANDIDATES if not any(same_locale(c, h) for h in have))


def make_project(root: Path, documents: dict[str, str], locales: tuple[str, ...] = (),
                 translate: bool = True, settings: str = "") -> Path:
    """A project of the test's own in ``root``: ``documents`` (name -> Markdown),
    templates extracted, a catalog per locale, every string translated by its
    source text unless ``translate`` is false."""
    from click.testing import CliRunner

    from publisher.cli import main

    (root / "documents").mkdir(parents=True)
    (root / "publisher.toml").write_text(f'source_locale = "en"\nlocales = []\n{settings}', "utf-8")
    for name, text in documents.items():
        (root / "documents" / f"{name}.md").write_text(text, "utf-8")
    for args in (["extract"], *(["init", l] for l in locales)):
        result = CliRunner().invoke(main, ["--project", str(root), *args])
        assert result.exit_code == 0, (args, result.output)
    if translate and locales:
        from growing import translate_everything

        translate_everything(root)
    return root
