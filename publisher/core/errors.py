"""The project's one base exception and its kinds.

Every error names where it happened (file and line when known), what is wrong
and what to do about it.  Only the command line turns an error into a message
and an exit code.
"""

from __future__ import annotations

from pathlib import Path


class PublisherError(Exception):
    """Base of every error publisher raises on purpose.

    ``exit_code`` is the status the command line exits with: 1 for a problem in
    the user's files, 2 for a usage or configuration problem.
    """

    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None,
                 line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __reduce__(self):
        # Errors cross process boundaries (PDF workers): keep path, line and hint.
        return (_rebuild, (type(self), self.message, self.path, self.line, self.hint))

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ConfigError(PublisherError):
    """The project settings are missing or wrong."""

    exit_code = 2


class SourceError(PublisherError):
    """A source document or template cannot be read."""


class CatalogError(PublisherError):
    """A PO or POT file cannot be read or written safely."""


class RenderError(PublisherError):
    """HTML or PDF rendering failed."""


def _rebuild(cls: type, message: str, path: str | None, line: int | None,
             hint: str | None) -> PublisherError:
    return cls(message, path=path, line=line, hint=hint)
