"""Where a project's sources are: its documents and its page templates.

The default templates and styles ship inside the package; a file of the same
name in the project's ``templates/`` folder overrides the default.  Both the
extractor and the renderer read templates through this module, so that they
always see the same files with the same Jinja2 settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.fsutil import check_readable
from .config import Settings

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: The package's own page words: the catalogs of its templates' strings,
#: ``<locale>/LC_MESSAGES/publisher.po`` beside ``publisher.pot``.
PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"
PACKAGE_DOMAIN = "publisher"

#: Jinja2 settings shared by extraction and rendering.
JINJA_I18N_OPTIONS = {"trimmed": "true", "newstyle_gettext": "true", "silent": "false"}

#: Functions whose first argument is a message, beyond gettext's usual ones.
EXTRA_KEYWORDS = {"css_gettext": None}


@dataclass(frozen=True)
class TemplateFile:
    name: str      # name as templates refer to it: base.html
    path: Path     # file on disk
    shown: str     # path in references and messages


def template_folders(settings: Settings) -> list[Path]:
    """The folders templates are looked up in, the project's first."""
    return [settings.templates_dir, PACKAGE_TEMPLATES]


def effective_templates(settings: Settings, suffix: str = ".html") -> list[TemplateFile]:
    """Each template name once, from the folder that wins for it, sorted by name."""
    found: dict[str, TemplateFile] = {}
    for folder in template_folders(settings):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(f"*{suffix}")):
            name = path.relative_to(folder).as_posix()
            if name in found:
                continue
            if folder == PACKAGE_TEMPLATES:
                shown = "publisher/templates/" + name
            else:
                shown = settings.relative(path)
                check_readable(path, settings.root, shown, "template")
            found[name] = TemplateFile(name=name, path=path, shown=shown)
    return [found[name] for name in sorted(found)]
