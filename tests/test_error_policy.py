"""Every error is a PublisherError with its file (and line where there is one):
a handler that catches everything must re-raise as one, or report where the
error happened."""

from __future__ import annotations

import ast
from pathlib import Path

import publisher.core.errors as errors

PACKAGE = Path(errors.__file__).resolve().parent.parent   # the whole package
KINDS = {name for name, value in vars(errors).items()
         if isinstance(value, type) and issubclass(value, errors.PublisherError)}


def broad_handlers():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and (
                    node.type is None or isinstance(node.type, ast.Name)
                    and node.type.id in ("Exception", "BaseException")):
                yield path, node


def reraises_as_ours(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(handler):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                and isinstance(node.exc.func, ast.Name) and node.exc.func.id in KINDS \
                and any(k.arg == "path" for k in node.exc.keywords):
            return True
        if isinstance(node, ast.Raise) and node.exc is None:
            return True      # re-raised as it was
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "set_exception" and handler.name is not None \
                and any(isinstance(a, ast.Name) and a.id == handler.name for a in node.args):
            return True      # handed to a Future: its result() raises it in the caller
    return False


def reports_where(handler: ast.ExceptHandler) -> bool:
    return any(isinstance(node, ast.Attribute) and node.attr == "lineno"
               for node in ast.walk(handler))


def test_every_broad_handler_reraises_as_a_publisher_error_or_names_the_place():
    found = list(broad_handlers())
    assert found, "the scan sees the package"
    bad = [f"{p.relative_to(PACKAGE.parent)}:{h.lineno}" for p, h in found
           if not (reraises_as_ours(h) or reports_where(h))]
    assert bad == []


def test_the_scan_catches_a_silent_handler(tmp_path):
    handler = ast.parse("try:\n    x()\nexcept Exception as e:\n    log(e)\n").body[0].handlers[0]
    assert not reraises_as_ours(handler) and not reports_where(handler)


def test_a_future_carries_the_error_to_the_caller():
    handler = ast.parse("try:\n    x()\nexcept BaseException as e:\n    f.set_exception(e)\n"
                        ).body[0].handlers[0]
    other = ast.parse("try:\n    x()\nexcept BaseException as e:\n    f.set_exception(None)\n"
                      ).body[0].handlers[0]
    assert reraises_as_ours(handler) and not reraises_as_ours(other)
