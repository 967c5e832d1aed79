"""Take page chrome out of an article and normalise its layout.

Chrome is matched line by line against a table of patterns (data, not code):
navigation, subscription prompts, comment forms, teasers for other articles,
date and breadcrumb lines. What is left is joined into paragraphs, so that a
sentence broken over several lines reads as one.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import replace

from kg.ingest import TABLES
from kg.lexicon import DATA
from kg.records import Article

# Each pattern (kg/data/ingest.json) matches a whole line (after stripping) that carries no article content.
CHROME_LINE_PATTERNS: tuple[str, ...] = tuple(TABLES["chrome_line_patterns"])
_CHROME = re.compile("|".join(f"(?:{p})" for p in CHROME_LINE_PATTERNS), re.IGNORECASE)

# Chrome that opens a line of content ("date 2023-04 Constatant que...").
# A run of spaces inside a line (a page's layout, not its words) reads as one: the parser takes a run for a token.
_SPACE_RUN = re.compile(r"[ \t\u00a0\u202f]{2,}")
_LEADING_CHROME = re.compile(r"^\s*date \d{4}-\d{2}(-\d{2})?\s+", re.IGNORECASE)
_DATE_IN_CHROME = re.compile(r"date (\d{4}-\d{2}(?:-\d{2})?)", re.IGNORECASE)

# Where the article ends: a comment form or a subscription block follows.
_END_MARKERS = re.compile(r"^(leave a reply|laisser un commentaire|commentaires?\s*$)", re.IGNORECASE)

# "LokiTorrent.Dans un courrier", "(X).Elles": a sentence glued to the next one, not a domain name.
# A capitalised word (upper then lower case) after the dot: a new sentence, whereas a
# domain's suffix is all lower or all upper case (films.to, Cpasbien.PE).
# A capitalised suffix that is a site's domain ('Ebook.Bike') stays glued, unless it is a French word too.
_CAPITALISED_TLDS = "|".join(
    tld.capitalize()
    for tld in json.loads((DATA / "tokenizer.json").read_text(encoding="utf-8"))["tlds"]
    if len(tld) >= 4 and tld not in TABLES["french_words_among_tlds"]
)
_GLUED_SENTENCE = re.compile(
    rf"(?:(?<=[a-zà-ÿ0-9]{{2}})|(?<=\)))\.(?!(?:{_CAPITALISED_TLDS})\b)(?=[A-ZÀ-Ý][a-zà-ÿ]+\b)"
)
_TERMINAL = '.!?…»"”:;)'
# A list's item laid out as its own line: a bullet, a dash or a number opens it; it holds a name, not a clause.
_LIST_MARK = re.compile(r"^(?:[-–•*·▪]|\d{1,2}[.)])\s+")
_LIST_ITEM_WORDS = 6
_CLOSING_QUOTES = '»"”'
_SIGNATURE = re.compile(r"^[A-ZÉ][a-zéèëï\-]+(?: [A-ZÉ][a-zéèëïA-Z\-]+){1,2}$")


# Where a page names its own site ("Abonnez-vous à Numerama sur Google News", "© 2020 Le Monde"): its publisher.
_PUBLISHER_LINES = tuple(re.compile(p, re.IGNORECASE) for p in TABLES["publisher_line_patterns"])
# "Source : Torrent Freaks": a source the article quotes (kgo:citesSource), not who published it.
_SOURCE_LINE = re.compile(TABLES["source_line_pattern"], re.IGNORECASE)
# French date words are the date reader's (kg/data/dates.json); English ones are the ingest tables'
_DATE_WORDS = json.loads((DATA / "dates.json").read_text(encoding="utf-8"))
_MONTHS: dict[str, int] = {**_DATE_WORDS["months"], **TABLES["english_months"]}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_WEEKDAY = "(?:" + "|".join([*_DATE_WORDS["weekdays"], *TABLES["english_weekdays"]]) + ")"
_DATE_PREFIX = r"(?:(?:publié|mis à jour|modifié|posted|published|updated|last updated)(?: le| on)?\s*:?\s*)?"
_TIME = r"(?:\s*(?:à|at|,|-|–)?\s*\d{1,2}\s*(?:h|:)\s*\d{0,2}(?:\s*(?:am|pm|[a-z]{2,4}))?)?"
_DAY_MONTH_YEAR = rf"(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
_MONTH_DAY_YEAR = rf"(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(?P<y2>\d{{4}})"
_NUMERIC = r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y3>\d{4})"
_ISO = r"(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})"
_DATE_LINE = re.compile(
    rf"{_DATE_PREFIX}(?:{_WEEKDAY}\s*,?\s*)?(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_NUMERIC}|{_ISO}){_TIME}\.?",
    re.IGNORECASE,
)


def date_line(line: str) -> str:
    """The ISO date a line that holds only a date (and maybe a weekday, a time, "Publié le") gives, else "".

    French and English orders: day month year, month day year, day/month/year (month/day/year when the
    first number cannot be a month), and ISO.

    >>> date_line("Friday , September 18 2020"), date_line("18/09/2020"), date_line("18 septembre 2020")
    ('2020-09-18', '2020-09-18', '2020-09-18')
    >>> date_line("Publié le 1er mars 2021 à 10h30"), date_line("Sept. 3, 2019"), date_line("09/18/2020")
    ('2021-03-01', '2019-09-03', '2020-09-18')
    >>> date_line("Le 18 septembre 2020, la police a fermé le site."), date_line("31/02/2020")
    ('', '')
    """
    match = _DATE_LINE.fullmatch(line.strip())
    if match is None:
        return ""
    g = match.groupdict()
    if g["y1"]:
        year, month, day = int(g["y1"]), _MONTHS[g["m1"].lower()], int(g["d1"])
    elif g["y2"]:
        year, month, day = int(g["y2"]), _MONTHS[g["m2"].lower()], int(g["d2"])
    elif g["y3"]:
        day, month, year = int(g["a"]), int(g["b"]), int(g["y3"])
        if month > 12 >= day:  # 09/18/2020: the American order
            day, month = month, day
    else:
        year, month, day = int(g["y4"]), int(g["m4"]), int(g["d4"])
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return ""


def publisher_line(line: str) -> str:
    """The site a line of page chrome names as its own, else "".

    >>> publisher_line("Abonnez-vous à Numerama sur Google News pour ne manquer aucune info !")
    'Numerama'
    >>> publisher_line("🔴 Pour ne manquer aucune actualité de 01net, suivez-nous sur Google Actualités et WhatsApp.")
    '01net'
    >>> publisher_line("© 2020 Le Monde - Tous droits réservés"), publisher_line("La police a fermé le site.")
    ('Le Monde', '')
    """
    for pattern in _PUBLISHER_LINES:
        match = pattern.fullmatch(line.strip())
        if match and match.group("name").strip():
            return match.group("name").strip()
    return ""


def cited_source(line: str) -> str:
    """The source a "Source : X" line names, else "".

    >>> cited_source("Source : Torrent Freaks"), cited_source("Via: TorrentFreak."), cited_source("Sources")
    ('Torrent Freaks', 'TorrentFreak', '')
    """
    match = _SOURCE_LINE.fullmatch(line.strip())
    return match.group("name").strip() if match else ""


def is_chrome(line: str) -> bool:
    """True when a whole line is page chrome."""
    stripped = line.strip()
    return bool(stripped) and _CHROME.fullmatch(stripped) is not None


_JOINING_WORDS = frozenset(TABLES["joining_words"])


def _ends_heading(previous: str, line: str) -> bool:
    """A headline line followed by a new sentence: 'X bloqués par les FAI' / 'Le tribunal ordonne...'; a headline
    may close on a quoted word ('... bloquer 118 domaines « pirates »'), a sentence's quote on its period."""
    quoted = previous[-1:] in _CLOSING_QUOTES and previous.rstrip(_CLOSING_QUOTES + " ")[-1:] not in _TERMINAL
    if not previous or previous[-1] in _TERMINAL + "," and not quoted or not line[:1].isupper() or len(previous) > 150:
        return False
    return previous.split()[-1].lower() not in _JOINING_WORDS


def _paragraphs(lines: list[str]) -> list[str]:
    """Join lines into paragraphs: a blank line, a headline or a list's item ends one; a lone newline is a space."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        item = bool(current) and _LIST_MARK.match(line.strip()) is not None
        if not line.strip() or item or (current and _ends_heading(current[-1], line.strip())):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if not line.strip():
                continue
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _list_item(paragraph: str) -> str:
    """The item a short paragraph lays out in a list ('- kinovox.top;'), or '' for a paragraph that is prose."""
    item = _LIST_MARK.sub("", paragraph).rstrip(" ;,.")
    words = item.split()
    if not words or len(words) > _LIST_ITEM_WORDS or any(mark in item for mark in ":!?«»"):
        return ""
    return item


def _run_in_lists(paragraphs: list[str]) -> list[str]:
    """A list laid out one item a paragraph after a colon ('... vise trois sites :' / 'kinovox.top' / 'kinotube.im')
    becomes the end of that sentence ('vise trois sites : kinovox.top, kinotube.im et ...'): left apart, each item
    is a sentence of its own and the clause that introduced them reaches none."""
    joined: list[str] = []
    index = 0
    while index < len(paragraphs):
        paragraph, items = paragraphs[index], []
        # A clause introduces the list; a lone word ('ENTRE :') opens a legal caption, whose parties stand apart.
        if paragraph.endswith(":") and len(paragraph.split()) > 2:
            for following in paragraphs[index + 1 :]:
                if not (item := _list_item(following)):
                    break
                items.append(item)
        if len(items) >= 2:
            joined.append(f"{paragraph} {', '.join(items[:-1])} et {items[-1]}.")
            index += 1 + len(items)
        else:
            joined.append(paragraph)
            index += 1
    return joined


def clean_text(raw: str) -> tuple[str, dict[str, str]]:
    """Return the article body without chrome, and metadata found in the chrome."""
    metadata: dict[str, str] = {}
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        stripped = line.strip()
        if _END_MARKERS.match(stripped):
            break
        date = _DATE_IN_CHROME.match(stripped)
        if date and "date" not in metadata:
            metadata["date"] = date.group(1)
        stripped = _LEADING_CHROME.sub("", stripped)
        if "date" not in metadata and (found := date_line(stripped)):
            metadata["date"] = found  # a dated line, in any common French or English form
            kept.append("")
            continue
        own_site = publisher_line(stripped)  # the page names its own site: chrome, and its publisher
        if own_site or is_chrome(stripped):
            if own_site and "publisher" not in metadata:
                metadata["publisher"] = own_site
            kept.append("")
            continue
        key = stripped.casefold()
        if key and key in seen and len(stripped) < 200:
            kept.append("")  # a breadcrumb repeating the headline, a duplicated caption
            continue
        if key:
            seen.add(key)
        kept.append(_SPACE_RUN.sub(" ", stripped))
    paragraphs = _run_in_lists(_paragraphs(kept))
    # A short last paragraph without a verb-like ending is a signature: author or outlet.
    while paragraphs and len(paragraphs[-1].split()) <= 4 and paragraphs[-1][-1] not in _TERMINAL:
        last = paragraphs.pop()
        if cited_source(last):
            metadata.setdefault("cites", cited_source(last))
        elif publisher_line(last):
            metadata.setdefault("publisher", publisher_line(last))
        elif _SIGNATURE.match(last) and last.split()[0].lower() not in {"le", "la", "les", "l'"}:
            metadata.setdefault("author", last)
        else:
            metadata.setdefault("publisher", last)
    if paragraphs and cited_source(paragraphs[-1]):
        metadata.setdefault("cites", cited_source(paragraphs.pop()))
    body = "\n\n".join(_GLUED_SENTENCE.sub(". ", p) for p in paragraphs)
    if paragraphs and len(paragraphs[0]) < 200 and len(paragraphs) > 1:
        metadata.setdefault("title", paragraphs[0])
    return body, metadata


def clean_article(article: Article) -> Article:
    """The article with its body cleaned and its empty metadata filled from the chrome."""
    body, found = clean_text(article.text)
    return replace(
        article,
        text=body,
        title=article.title or found.get("title", ""),
        date=article.date or found.get("date", ""),
        publisher=article.publisher or found.get("publisher", ""),
        author=article.author or found.get("author", ""),
        cites=article.cites or found.get("cites", ""),
    )
