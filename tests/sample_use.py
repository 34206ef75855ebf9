"""Which tests read the shipped sample project (the repository's own
publisher.toml, documents/, locales/ and templates/), found by watching, not
by a list kept by hand.

An audit hook (sys.addaudithook) sees every file opened, every folder listed
and every subprocess started.  A test reads the sample when, while pytest
collects its module, sets up one of its fixtures or runs it, something opens
or lists a path of the sample, or starts a process in the repository's root
or with one of those paths (or the root itself) among its arguments.  A
fixture that read the sample marks every test that uses it, so a module-scoped
copy of the sample counts for all its tests, not just the first; a module that
read the sample while it was imported (a parametrization over the sample's
locales) marks all its tests.

``sample_tests(session)`` names them once they have run;
test_suite_on_a_grown_project.py runs after every other test (marker
``after_the_rest``) and runs them again in a grown copy of the repository.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[1])
SAMPLE = tuple(os.path.join(ROOT, name) for name in
               ("publisher.toml", "documents", "locales", "templates"))
NOT_SAMPLE = tuple(os.path.join(ROOT, name) for name in ("tests", ".venv", "publisher"))

_reading: list = []                  # what is being collected, set up or run now, innermost last
_read: set = set()                   # collectors, fixture definitions and items that read the sample
_seconds: dict = {}                  # seconds each test module took (set-up, call, tear-down)


def _path(value) -> str | None:
    if isinstance(value, int) or value is None:
        return None
    try:
        return os.path.abspath(os.fsdecode(value))
    except (TypeError, ValueError):
        return None


def is_sample(value) -> bool:
    path = _path(value)
    return path is not None and any(path == p or path.startswith(p + os.sep) for p in SAMPLE)


def names_sample(argument: str) -> bool:
    """``argument`` (of a command line) names the repository's root or a
    path of its sample, perhaps inside a longer string (``-c`` code)."""
    start = argument.find(ROOT)
    while start != -1:
        rest = argument[start:]
        if not any(rest.startswith(p) for p in NOT_SAMPLE):
            return True
        start = argument.find(ROOT, start + 1)
    return False


def _audit(event: str, args: tuple) -> None:
    if not _reading:
        return
    if event in ("open", "os.scandir", "os.listdir"):
        hit = bool(args) and is_sample(args[0])
    elif event == "subprocess.Popen":
        _executable, argv, cwd, _env = args
        argv = [argv] if isinstance(argv, (str, bytes, os.PathLike)) else list(argv or ())
        hit = _path(cwd) == ROOT or any(names_sample(os.fsdecode(a)) for a in argv
                                        if isinstance(a, (str, bytes, os.PathLike)))
    else:
        return
    if hit:
        _read.add(_reading[-1])


def _watching(key):
    _reading.append(key)
    try:
        return (yield)
    finally:
        _reading.pop()


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    return (yield from _watching(collector.nodeid))


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    return (yield from _watching(fixturedef))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    return (yield from _watching(item.nodeid))


def pytest_runtest_logreport(report):
    module = report.nodeid.split("::", 1)[0]
    _seconds[module] = _seconds.get(module, 0.0) + report.duration


def pytest_configure(config):
    config.addinivalue_line("markers", "after_the_rest: runs after every other test of the "
                                       "session (it uses what they did)")
    if not getattr(sys, "_publisher_sample_audit", False):
        sys.addaudithook(_audit)      # a hook cannot be removed: install it once per process
        sys._publisher_sample_audit = True
    _read.clear()
    _seconds.clear()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker("after_the_rest") is not None)


def reads_sample(item) -> bool:
    if item.nodeid in _read:
        return True
    if any(node.nodeid in _read for node in item.listchain()[1:-1]):
        return True
    definitions = getattr(item, "_fixtureinfo", None)
    definitions = definitions.name2fixturedefs.values() if definitions else ()
    return any(chain and chain[-1] in _read for chain in definitions)


def sample_tests(session) -> list[str]:
    """The tests of ``session`` that read the sample, as ids of functions (every
    parameter: a grown project may have more), in the order they ran."""
    found: dict[str, None] = {}
    for item in session.items:
        if item.get_closest_marker("after_the_rest") is None and reads_sample(item):
            found[item.nodeid.split("[", 1)[0]] = None
    return list(found)


def split(tests: list[str], parts: int) -> list[list[str]]:
    """``tests`` in at most ``parts`` groups of whole modules with about equal
    time, by what each module took in this session (longest first, each to
    the group with the least time so far); each group keeps the given order."""
    modules: dict[str, float] = {}
    for test in tests:
        module = test.split("::", 1)[0]
        modules[module] = max(modules.get(module, 0.0), _seconds.get(module, 0.0))
    loads = [0.0] * max(1, min(parts, len(modules)))
    group: dict[str, int] = {}
    for module, seconds in sorted(modules.items(), key=lambda item: (-item[1], item[0])):
        index = min(range(len(loads)), key=lambda i: (loads[i], i))
        loads[index] += seconds
        group[module] = index
    groups: list[list[str]] = [[] for _ in loads]
    for test in tests:
        groups[group[test.split("::", 1)[0]]].append(test)
    return [g for g in groups if g]


def ran_alone(session) -> bool:
    """Whether nothing but ``after_the_rest`` tests was selected."""
    return all(item.get_closest_marker("after_the_rest") for item in session.items)
