"""Dates in the calendar a locale officially uses.

Thai official documents count years in the Buddhist era (2569 for 2026): it
is the default for ``th``.  The Persian Solar Hijri calendar (``persian``, as
Iran and Afghanistan use) and the tabular Islamic calendar
(``islamic-civil``) are chosen through the ``[calendar]`` settings, as is
``gregorian`` for a Thai edition that wants it.  Days are converted with
convertdate; month names, era names and the long date pattern come from CLDR:
Babel's for the Gregorian and Buddhist months, CLDR's calendar data
(``data/calendars.json``) for the others.  Pure functions.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.dates import DateTimeFormat, format_date, get_date_format, parse_pattern

from .locales import fallback_chain

#: Calendars a locale may use; the names are CLDR's.
CALENDARS = ("gregorian", "buddhist", "persian", "islamic-civil")

#: Where the official calendar is not the Gregorian one by default.
DEFAULT_CALENDARS = {"th": "buddhist"}


def default_calendar(locale: str) -> str:
    """The calendar a locale's dates use when the settings choose none."""
    return next((DEFAULT_CALENDARS[key] for key in fallback_chain(locale) if key in DEFAULT_CALENDARS),
                "gregorian")


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("publisher").joinpath("data/calendars.json").read_text("utf-8")
    return json.loads(text)


def calendar_names(calendar: str, locale: str) -> dict:
    """CLDR's months, era and long pattern of ``calendar`` for ``locale``
    (its own, its language's, or the root's)."""
    table = _data()["islamic" if calendar.startswith("islamic") else calendar]
    for key in (*fallback_chain(str(Locale.parse(locale))), "root", "und"):
        if key in table:
            return table[key]
    raise KeyError(calendar)


def convert(value: _dt.date, calendar: str) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in ``calendar``."""
    if calendar == "buddhist":
        return value.year + 543, value.month, value.day
    if calendar == "persian":
        from convertdate import persian

        return persian.from_gregorian(value.year, value.month, value.day)
    if calendar == "islamic-civil":
        from convertdate import islamic

        return islamic.from_gregorian(value.year, value.month, value.day)
    return value.year, value.month, value.day


class _CalendarFormat(DateTimeFormat):
    """Babel's formatter with year, month, day and era of another calendar."""

    def __init__(self, value: _dt.date, locale: str, calendar: str) -> None:
        super().__init__(value, locale)
        self.calendar = calendar
        self.ymd = convert(value, calendar)
        self.names = calendar_names(calendar, locale)

    def __getitem__(self, name: str) -> str:
        char, num = name[0], len(name)
        year, month, day = self.ymd
        if char == "G":
            return self.names["era"]
        if char in "yY":
            return self.format(year % 100 if num == 2 else year, 2 if num == 2 else num)
        if char in "ML" and num >= 3 and self.calendar != "buddhist":
            return self.names["months"][month - 1]
        if char in "ML":
            return self.format(month, num) if num <= 2 else super().__getitem__(name)
        if char == "d":
            return self.format(day, num)
        return super().__getitem__(name)


@lru_cache(maxsize=None)
def has_month_names(locale: str) -> bool:
    """Whether CLDR names the Gregorian months in ``locale``: where it does
    not (Dhivehi, N'Ko Bambara, Tai Dam and some ninety other locales),
    Babel's long date prints root's placeholders ("14 M03 2027")."""
    wide = Locale.parse(locale).months.get("format", {}).get("wide", {})
    return bool(wide) and not any(re.fullmatch(r"M\d\d", str(name)) for name in wide.values())


def numeric_pattern(locale: str) -> str:
    """The locale's short date pattern with the year in full: the long date
    of a locale whose months CLDR does not name."""
    pattern = str(get_date_format("short", locale=locale).pattern)
    return re.sub(r"(?<!y)yy(?!y)", "y", pattern)


def format_long_date(value: _dt.date, locale: str, calendar: str | None = None) -> str:
    """A date in the long format of ``locale``, in ``calendar`` (default:
    the locale's official one); in its short numeric form with the full
    year where CLDR has no month names for the locale."""
    calendar = calendar or default_calendar(locale)
    if calendar in ("gregorian", "buddhist") and not has_month_names(locale):
        year, month, day = convert(value, calendar)
        return format_date(_dt.date(year, month, day), numeric_pattern(locale), locale=locale)
    if calendar == "gregorian":
        return format_date(value, format="long", locale=locale)
    names = calendar_names(calendar, locale)
    pattern = names.get("long") or str(get_date_format("long", locale=locale).pattern)
    return parse_pattern(pattern).format % _CalendarFormat(value, locale, calendar)
