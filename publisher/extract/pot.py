"""Extraction: sources -> gettext templates (POT catalogs).

One catalog per document (its domain is the document's file name without
``.md``) and one for the page templates.  The functions here build catalogs in
memory; ``write_templates`` writes them.  The output depends on the sources
alone (no timestamps), so extracting twice leaves every file byte-identical.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract
from jinja2.ext import babel_extract as jinja_extract

from ..catalogs.checks import link_definitions
from ..catalogs.model import GENERATOR, Catalog, Message, pot_header
from ..core.errors import SourceError
from ..core.formatting import uses_placeholders
from ..core.fsutil import check_readable
from ..figures.numbers import FLAG as FIGURES_FLAG
from ..figures.numbers import NOTE as FIGURES_NOTE
from ..figures.numbers import placeholders as figure_placeholders
from ..sources.config import Settings
from ..sources.documents import Document, read_document
from ..sources.lookup import EXTRA_KEYWORDS, JINJA_I18N_OPTIONS, TemplateFile, effective_templates


def _add(catalog: Catalog, index: dict, message: Message) -> None:
    """Add ``message``, or merge its references and comments into an equal one."""
    existing = index.get(message.key)
    if existing is None:
        index[message.key] = message
        catalog.messages.append(message)
        return
    if existing.msgid_plural != message.msgid_plural:
        raise SourceError(f"{message.msgid!r} is used both with and without a plural form",
                          path=message.references[0] if message.references else None,
                          hint="give one of them a context (pgettext)")
    for reference in message.references:
        if reference not in existing.references:
            existing.references.append(reference)
    for comment in message.extracted_comments:
        if comment not in existing.extracted_comments:
            existing.extracted_comments.append(comment)
    for flag in message.flags:
        if flag not in existing.flags:
            existing.flags.append(flag)


def document_catalog(document: Document) -> Catalog:
    """The POT catalog of one parsed document."""
    shown = document.path.as_posix()
    catalog = Catalog(header=pot_header(document.name, f"Translatable text of {shown}."),
                      link_definitions=link_definitions(document.references))
    index: dict = {}
    for segment in document.segments:
        if not segment.needs_translation:
            continue
        comments = [f"front matter: {segment.field}" if segment.field else segment.kind]
        if segment.comment:
            comments.append(segment.comment)
        flags = []
        if figure_placeholders(segment.text):
            flags.append(FIGURES_FLAG)
            comments.append(FIGURES_NOTE)
        _add(catalog, index, Message(
            msgid=segment.text,
            msgctxt=segment.context,
            references=[f"{shown}:{segment.line}"],
            extracted_comments=comments,
            flags=flags,
        ))
    return catalog


def template_flags(message: Message) -> list[str]:
    """The flags of a template string, from its source text alone: a string
    with ``%(name)s`` placeholders is a Python format string.  (The build
    checks the translations it uses with these flags, as ``check`` does.)"""
    if uses_placeholders(message.msgid) or (message.msgid_plural
                                             and uses_placeholders(message.msgid_plural)):
        return ["python-format"]
    return []


def _template_messages(template: TemplateFile) -> list[Message]:
    try:
        source = template.path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the template: {exc.strerror}", path=template.shown) from None
    keywords = {**DEFAULT_KEYWORDS, **EXTRA_KEYWORDS}
    messages = []
    try:
        found = list(babel_extract(jinja_extract, io.BytesIO(source), keywords=keywords,
                                   comment_tags=("Translators:",), options=JINJA_I18N_OPTIONS,
                                   strip_comment_tags=False))
    except Exception as exc:  # Jinja2's TemplateSyntaxError and friends
        raise SourceError(f"cannot extract from the template: {exc}", path=template.shown,
                          line=getattr(exc, "lineno", None),
                          hint="fix the template syntax") from None
    for lineno, text, comments, context in found:
        if isinstance(text, tuple):
            singular, plural = text[0], text[1]
        else:
            singular, plural = text, None
        if not singular:
            continue
        message = Message(msgid=singular, msgid_plural=plural, msgctxt=context,
                          references=[f"{template.shown}:{lineno}"],
                          extracted_comments=[" ".join(c.split()) for c in comments])
        message.flags += template_flags(message)
        messages.append(message)
    return messages


def templates_catalog(templates: list[TemplateFile], domain: str) -> Catalog:
    """The POT catalog of the page templates, in template-name order."""
    catalog = Catalog(header=pot_header(domain, "Translatable text of the page templates."))
    index: dict = {}
    for template in templates:
        for message in _template_messages(template):
            _add(catalog, index, message)
    return catalog


#: Names the site's own pages and folders use: a document of that name would
#: be overwritten by them, or overwrite them.
RESERVED_NAMES = ("index", "assets", "editions")
#: The most a document's name may hold: letters, digits and marks of any
#: script, ``-``, ``_`` and ``.``, a letter or digit first; it is the page's file name
#: and address, unescaped.
_NAME_CHARS = frozenset("-_.")


def check_document_names(settings: Settings, paths: list[Path]) -> None:
    """Refuse document names that would collide with the site's pages, with
    each other (once case and Unicode normalization are set aside: ``Report``
    and ``report``, é as one character or as e and an accent, are one file
    on some disks and one address on some servers), or that are not safe in
    an address (``#``, ``?``, ``%``, spaces, control characters)."""
    import unicodedata

    seen: dict[str, Path] = {}
    for path in paths:
        name, shown = path.stem, settings.relative(path)
        hint = "rename the file: letters, digits, - and _ (e.g. annual-report.md)"
        if not name or not (name[0].isalnum() and all(
                c.isalnum() or c in _NAME_CHARS or unicodedata.category(c).startswith("M")
                for c in name)) or len(name) > 120:
            from ..core.terminal import printable

            raise SourceError(f"the document name {printable(name)!r} is not safe in an address "
                              "(only letters, digits, -, _ and . are, a letter or digit first, "
                              "at most 120)", path=printable(shown), hint=hint)
        folded = unicodedata.normalize("NFC", name).casefold()
        if folded in RESERVED_NAMES or folded.endswith("-bilingual"):
            raise SourceError(f"the document name {name!r} is taken by the site's own pages "
                              f"(the index, the bilingual pages, {', '.join(RESERVED_NAMES[1:])})",
                              path=shown, hint="rename the file, e.g. " + name + "-document.md"
                              if not folded.endswith("-bilingual") else "rename the file")
        if folded in seen:
            raise SourceError(f"the documents {seen[folded].name!r} and {path.name!r} differ only "
                              "in case or in how their accents are written: they would publish "
                              "as one page on some systems and two on others",
                              path=shown, hint="rename one of them, or remove the copy")
        seen[folded] = path


def load_documents(settings: Settings) -> list[Document]:
    """Every document of the project, parsed, in file-name order."""
    documents = []
    check_document_names(settings, settings.document_paths())
    for path in settings.document_paths():
        check_readable(path, settings.root, settings.relative(path), "document")
        documents.append(read_document(path, settings.relative(path), settings.source_locale))
    names = [d.name for d in documents]
    if settings.templates_domain in names:
        raise SourceError(f"a document is named like the templates catalog "
                          f"({settings.templates_domain!r})",
                          path=settings.relative(settings.documents_dir),
                          hint="rename the document or set templates_domain")
    return documents


def load_documents_apart(settings: Settings) -> tuple[list[Document], list[SourceError]]:
    """Every document of the project that can be read, parsed and whose
    images can be published, and the errors of those that cannot (a build
    reports them and builds the others)."""
    from ..sources.documents import local_images, localized_image

    check_document_names(settings, settings.document_paths())   # names clash: nothing is built
    documents, broken = [], []
    for path in settings.document_paths():
        try:
            check_readable(path, settings.root, settings.relative(path), "document")
            document = read_document(path, settings.relative(path), settings.source_locale)
            for image in local_images(document, settings.documents_dir).values():
                for locale in settings.all_locales:
                    localized_image(image, locale, settings.documents_dir)
        except SourceError as error:
            error.document = path.stem    # type: ignore[attr-defined]
            broken.append(error)
            continue
        documents.append(document)
    if settings.templates_domain in [d.name for d in documents]:
        load_documents(settings)      # raises the error that names the clash
    return documents, broken


def check_links(documents: list[Document]) -> None:
    """Refuse a link to a document the project does not have, or to an id
    (``other.md#budget``, ``#budget``) its document's headings do not have."""
    from urllib.parse import unquote

    from ..sources.documents import document_link

    by_name = {document.name: document for document in documents}
    for document in documents:
        shown = document.path.as_posix()
        for token in document.tokens:
            if token.type != "inline":
                continue
            line = document.offset + token.map[0] + 1 if token.map else None
            for child in token.children or []:
                if child.type != "link_open":
                    continue
                href = str(child.attrs.get("href") or "")
                found = document_link(href)
                if found is None and href.startswith("#") and len(href) > 1:
                    found = (document.name, unquote(href[1:]))
                if found is None:
                    continue
                name, fragment = found
                if name not in by_name:
                    raise SourceError(f"the link {href!r} goes to a document the project does "
                                      f"not have ({name}.md)", path=shown, line=line,
                                      hint="known: " + ", ".join(f"{n}.md" for n in by_name))
                anchors = by_name[name].anchors
                if fragment and fragment not in anchors:
                    raise SourceError(f"the link {href!r} goes to #{fragment}, which no heading "
                                      f"of {name}.md has", path=shown, line=line,
                                      hint="its headings' ids: " + (", ".join(anchors) or "none")
                                      + " (GitHub's rule, or {#id} after a heading)")


def extract_catalogs(settings: Settings, documents: list[Document] | None = None) -> dict[str, Catalog]:
    """Every POT catalog of the project, by domain (in memory; nothing written).
    Links between documents are checked first (:func:`check_links`)."""
    if documents is None:
        documents = load_documents(settings)
    check_links(documents)
    catalogs = {settings.templates_domain: templates_catalog(effective_templates(settings),
                                                             settings.templates_domain)}
    for document in documents:
        catalogs[document.name] = document_catalog(document)
    from ..sources.editions import DOMAIN, edition_paths, load_editions
    from .editions import editions_catalog
    if edition_paths(settings):   # the editions' cover texts (editions.py)
        if DOMAIN in catalogs:
            raise SourceError(f"a document is named like the editions catalog ({DOMAIN!r})",
                              path=settings.relative(settings.documents_dir),
                              hint="rename the document")
        catalogs[DOMAIN] = editions_catalog(load_editions(settings, [d.name for d in documents]))
    return catalogs


def write_templates(settings: Settings, catalogs: dict[str, Catalog]) -> tuple[list[Path], list[Path]]:
    """Write the POT files that changed, and remove those this command wrote
    for documents that no longer exist (translators' .po files stay: `check`
    reports them).  Returns (written, removed)."""
    from ..catalogs.pofile import write_po

    written, removed = [], []
    for domain, catalog in catalogs.items():
        path = settings.pot_path(domain)
        if write_po(path, catalog, settings.root):
            written.append(path)
    for path in stale_templates(settings, catalogs):
        path.unlink()
        removed.append(path)
    return written, removed


def stale_templates(settings: Settings, catalogs: dict[str, Catalog]) -> list[Path]:
    """The templates publisher wrote (its X-Generator) that no source makes any
    more; a file publisher did not write, or cannot read, is never counted."""
    from ..catalogs.pofile import read_po
    from ..core.errors import CatalogError

    found = []
    if settings.locales_dir.is_dir():
        for path in sorted(settings.locales_dir.glob("*.pot")):
            if path.stem in catalogs:
                continue
            try:
                generator = read_po(path).header_field("X-Generator")
            except CatalogError:
                continue
            if generator == GENERATOR:
                found.append(path)
    return found


def template_changes(settings: Settings, catalogs: dict[str, Catalog]) -> list[tuple[Path, str]]:
    """What :func:`write_templates` would do, without writing: (path, "created",
    "changed" or "removed") for each template, in path order.  In a git work
    tree, a template git does not track counts as created: a commit would
    leave it out."""
    from ..catalogs.pofile import encode_po

    found = []
    for domain, catalog in catalogs.items():
        path = settings.pot_path(domain)
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            found.append((path, "created"))
            continue
        except OSError as exc:
            raise SourceError(f"cannot read the template: {exc.strerror}",
                              path=settings.relative(path)) from None
        if current != encode_po(catalog):
            found.append((path, "changed"))
    found += [(path, "removed") for path in stale_templates(settings, catalogs)]
    listed = {path for path, _ in found}
    for path in _untracked(settings, [settings.pot_path(d) for d in catalogs]):
        if path not in listed:
            found.append((path, "created"))
    return sorted(found)


def _untracked(settings: Settings, paths: list[Path]) -> list[Path]:
    """Those of ``paths`` that exist but git does not track, when the
    project is in a git work tree (none otherwise, or without git)."""
    import subprocess

    existing = [p for p in paths if p.is_file()]
    if not existing:
        return []
    try:
        inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=settings.root,
                                capture_output=True, text=True, timeout=60)
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return []
        listed = subprocess.run(["git", "ls-files", "-z", "--", *(str(p) for p in existing)],
                                cwd=settings.root, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listed.returncode != 0:
        return []
    tracked = {(settings.root / name).resolve() for name in
               listed.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    return [p for p in existing if p.resolve() not in tracked]
