"""French date expressions, resolved against the article's date as precisely as the text allows.

``find_dates(text, reference)`` returns every date expression of a sentence with its value
and its XSD type: ``date`` (2007-08-16), ``gYearMonth`` (2006-02), ``gYear`` (2006) or
``gMonthDay`` (--05-29). A day and a month without a year take the year from the
article's date when there is one; without it they stay a ``gMonthDay``. Relative
expressions ("il y a un an", "lundi dernier", "hier") need the article's date and give
nothing without it: no date is invented.

>>> [(d.text, d.value, d.datatype) for d in find_dates("Une décision datée du 16 août 2007.")]
[('16 août 2007', '2007-08-16', 'date')]
>>> [(d.value, d.datatype) for d in find_dates("le 29 mai dernier")]
[('--05-29', 'gMonthDay')]
>>> [(d.value, d.datatype) for d in find_dates("il y a un an", reference=datetime.date(2007, 6, 11))]
[('2006', 'gYear')]
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import DATA

_WORDS = json.loads((DATA / "dates.json").read_text(encoding="utf-8"))
MONTHS: dict[str, int] = _WORDS["months"]
WEEKDAYS: dict[str, int] = _WORDS["weekdays"]
NUMBERS: dict[str, int] = _WORDS["numbers"]

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"

# The table of expressions, most specific first; each names how its groups make a value.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "day_month",
        re.compile(
            rf"\b(?:{_WEEKDAY}\s+)?(?P<day>1er|[0-3]?\d)\s+{_MONTH}(?:\s+{_YEAR})?(?:\s+(?P<rel>dernier|prochain))?\b",
            re.I,
        ),
    ),
    ("month_year", re.compile(rf"\b(?:(?:début|fin|courant)\s+|mi-)?{_MONTH}\s+{_YEAR}\b", re.I)),
    ("year", re.compile(rf"\b(?:en|depuis|dès|début|fin|courant|au cours de l'année|l'année)\s+{_YEAR}\b", re.I)),
    (
        "month_alone",
        re.compile(rf"(?:\b(?:en|début|fin|courant|au mois de|le mois de)\s+|\bmi-){_MONTH}(?!\s+\d)\b", re.I),
    ),
    ("weekday_relative", re.compile(rf"\b{_WEEKDAY}\s+(?P<rel>dernier|prochain)\b", re.I)),
    (
        "ago",
        re.compile(
            rf"\bil y a\s+(?:environ\s+|plus d[’']\s*|près d[’']\s*)?{_COUNT}\s+"
            r"(?P<unit>ans?|années?|mois|semaines?|jours?)\b",
            re.I,
        ),
    ),
    (
        "last_unit",
        re.compile(r"\b(?:l[’']an|l[’']année|le mois|la semaine)\s+(?P<rel>dernier|dernière|prochaine?)\b", re.I),
    ),
    ("this_year", re.compile(r"\bcette année\b", re.I)),
    ("deictic", re.compile(r"\b(?P<word>avant-hier|hier|aujourd[’']hui|après-demain|demain)\b", re.I)),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text and what it resolves to."""

    start: int
    end: int
    text: str
    value: str  # the XSD lexical form
    datatype: str  # date | gYearMonth | gYear | gMonthDay


def parse_reference(value: str) -> datetime.date | None:
    """The article's own date from its metadata ('2021-03-04', '2021-03-04T10:00', '4 mars 2021')."""
    value = (value or "").strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    for found in find_dates(value):
        if found.datatype == "date":
            return datetime.date.fromisoformat(found.value)
    return None


def _month_day(month: int, day: int, year: int | None) -> str | None:
    try:
        datetime.date(year or 2000, month, day)  # 2000 is a leap year: 29 February stays valid
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _year_for(month: int, day: int, reference: datetime.date, rel: str) -> int:
    """The year of 'le 12 mars' in an article of that date: the nearest past one unless 'prochain'."""
    year = reference.year
    candidate = datetime.date(year, month, min(day, 28 if month == 2 else day))
    if rel == "prochain":
        return year if candidate >= reference else year + 1
    if rel == "dernier":
        return year if candidate <= reference else year - 1
    # news mostly reports the past, but a deadline a few weeks ahead is common ('jusqu'au 12 juin')
    return year - 1 if candidate > reference + datetime.timedelta(days=60) else year


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text.lower()]


def _year_after(month: int, day: int, anchor: datetime.date) -> int:
    """The year of 'le 12 avril' told after '3 mars 2024': the anchor's, or the next one when the day would
    fall half a year or more before the anchor (the story moves on: '15 décembre 2023 ... le 12 janvier')."""
    candidate = datetime.date(anchor.year, month, min(day, 28 if month == 2 else day))
    return anchor.year + 1 if candidate < anchor - datetime.timedelta(days=182) else anchor.year


def _resolve(
    kind: str, m: re.Match[str], reference: datetime.date | None, anchor: datetime.date | None = None
) -> tuple[str, str] | None:
    groups = {k: (v or "") for k, v in m.groupdict().items()}
    rel = groups.get("rel", "").lower()
    if kind == "day_month":
        day = 1 if groups["day"].lower() == "1er" else int(groups["day"])
        month = MONTHS[groups["month"].lower()]
        year = int(groups["year"]) if groups["year"] else None
        if year is None and anchor is not None and not rel:
            year = _year_after(month, day, anchor)  # the text's own last explicit date comes first
        if year is None and reference is not None:
            year = _year_for(month, day, reference, rel)
        value = _month_day(month, day, year)
        return (value, "date" if year else "gMonthDay") if value else None
    if kind == "month_year":
        return f"{int(groups['year']):04d}-{MONTHS[groups['month'].lower()]:02d}", "gYearMonth"
    if kind == "year":
        return groups["year"], "gYear"
    if reference is None:
        return None  # every expression below is relative to the article's date
    if kind == "month_alone":
        month = MONTHS[groups["month"].lower()]
        year = reference.year if month <= reference.month else reference.year - 1
        return f"{year:04d}-{month:02d}", "gYearMonth"
    if kind == "weekday_relative":
        weekday = WEEKDAYS[groups["weekday"].lower()]
        if rel == "dernier":
            delta = (reference.weekday() - weekday) % 7 or 7
            return (reference - datetime.timedelta(days=delta)).isoformat(), "date"
        delta = (weekday - reference.weekday()) % 7 or 7
        return (reference + datetime.timedelta(days=delta)).isoformat(), "date"
    if kind == "ago":
        count, unit = _count(groups["count"]), groups["unit"].lower()
        if unit.startswith(("an", "ann")):
            return f"{reference.year - count:04d}", "gYear"
        if unit == "mois":
            months = reference.year * 12 + reference.month - 1 - count
            return f"{months // 12:04d}-{months % 12 + 1:02d}", "gYearMonth"
        days = count * (7 if unit.startswith("semaine") else 1)
        when = reference - datetime.timedelta(days=days)
        # 'il y a deux semaines' is vaguer than a day: keep the month
        if unit.startswith("jour"):
            return when.isoformat(), "date"
        return f"{when.year:04d}-{when.month:02d}", "gYearMonth"
    if kind == "last_unit":
        step = -1 if rel.startswith("dernier") else 1
        text = m.group(0).lower()
        if "semaine" in text:
            return None  # a week has no XSD type; saying a day would invent one
        if "mois" in text:
            months = reference.year * 12 + reference.month - 1 + step
            return f"{months // 12:04d}-{months % 12 + 1:02d}", "gYearMonth"
        return f"{reference.year + step:04d}", "gYear"
    if kind == "this_year":
        return f"{reference.year:04d}", "gYear"
    if kind == "deictic":
        shift = {"avant-hier": -2, "hier": -1, "après-demain": 2, "demain": 1}.get(groups["word"].lower(), 0)
        return (reference + datetime.timedelta(days=shift)).isoformat(), "date"
    return None


@lru_cache(maxsize=1 << 12)  # a sentence is read for its dates more than once (its own, the anchors before it)
def _matches(text: str) -> tuple[tuple[str, re.Match[str]], ...]:
    """Every match of every pattern, in the table's order: what find_dates reads before resolving."""
    return tuple((kind, match) for kind, pattern in PATTERNS for match in pattern.finditer(text))


def find_dates(
    text: str, reference: datetime.date | None = None, anchor: datetime.date | None = None
) -> list[DateMention]:
    """Every date expression of text, left to right, none overlapping (the most specific wins).

    ``anchor`` is the last explicit date the article gave before this text: a day and a month without
    a year take its year before the publication's.

    >>> [d.value for d in find_dates("le 12 avril", datetime.date(2025, 6, 1), anchor=datetime.date(2024, 3, 3))]
    ['2024-04-12']
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, match in _matches(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            continue
        resolved = _resolve(kind, match, reference, anchor)
        if resolved is None:
            continue
        taken.append((start, end))
        found.append(DateMention(start, end, match.group(0), *resolved))
    return sorted(found, key=lambda d: d.start)
