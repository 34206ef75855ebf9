"""The CLDR tables Babel lacks are what publisher/core/cldr/generate.py makes
from the pinned npm releases: one generator, one place, nothing edited by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from publisher.core.cldr import generate
from publisher.core.locales import fallback_chain

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "cldr"


@pytest.fixture(scope="module")
def cldr() -> Path:
    try:
        generate.fetch(CACHE)            # `make test` fetched them already: nothing to do
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"the pinned CLDR packages could not be fetched with npm ({exc}): run make setup")
    return CACHE


def test_the_tables_are_what_the_generator_makes(cldr):
    result = subprocess.run([sys.executable, "-m", "publisher.core.cldr.generate", "check", str(cldr)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_every_locale_gets_cldr_s_own_minimum_grouping(cldr):
    from publisher.figures.numbers import minimum_grouping_digits

    values = generate.grouping_values(cldr)
    wrong = {locale: (value, minimum_grouping_digits(locale)) for locale, value in values.items()
             if locale != "root" and minimum_grouping_digits(locale) != value}
    assert wrong == {}


def test_every_locale_gets_cldr_s_own_calendar_names(cldr):
    from publisher.core.calendars import calendar_names

    for calendar, package in generate.CALENDARS.items():
        values = generate.calendar_values(cldr, calendar, package)
        wrong = [locale for locale, value in values.items()
                 if locale != "root" and calendar_names(calendar, locale) != value]
        assert wrong == [], calendar


def test_compression_keeps_only_what_the_chain_does_not_give():
    values = {"root": 1, "es": 2, "es_419": 1, "es_MX": 1, "pt": 1, "pt_PT": 2, "pt_AO": 1}
    assert generate.compress(values, 1) == {"es": 2, "es_419": 1, "pt_PT": 2, "pt_AO": 1}
    assert fallback_chain("es_MX")[1] == "es_419"


def test_a_hand_edit_is_caught(cldr, tmp_path, monkeypatch):
    copy = tmp_path / "minimum_grouping.py"
    copy.write_text(generate.GROUPING_TABLE.read_text("utf-8").replace("'es': 2", "'es': 1"), "utf-8")
    monkeypatch.setattr(generate, "GROUPING_TABLE", copy)
    monkeypatch.setattr(generate, "CALENDAR_TABLE", generate.CALENDAR_TABLE)
    assert generate.main(["generate", "check", str(cldr)]) == 1
