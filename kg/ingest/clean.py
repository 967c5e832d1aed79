"""Take page chrome out of an article and normalise its layout.

Chrome is matched line by line against a table of patterns (data, not code):
navigation, subscription prompts, comment forms, teasers for other articles,
date and breadcrumb lines. What is left is joined into paragraphs, so that a
sentence broken over several lines reads as one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import TABLES
from kg.records import Article

# Each pattern (kg/data/ingest.json) matches a whole line (after stripping) that carries no article content.
CHROME_LINE_PATTERNS: tuple[str, ...] = tuple(TABLES["chrome_line_patterns"])
_CHROME = re.compile("|".join(f"(?:{p})" for p in CHROME_LINE_PATTERNS), re.IGNORECASE)

# Chrome that opens a line of content ("date 2023-04 Constatant que...").
_LEADING_CHROME = re.compile(r"^\s*date \d{4}-\d{2}(-\d{2})?\s+", re.IGNORECASE)
_DATE_IN_CHROME = re.compile(r"date (\d{4}-\d{2}(?:-\d{2})?)", re.IGNORECASE)

# Where the article ends: a comment form or a subscription block follows.
_END_MARKERS = re.compile(r"^(leave a reply|laisser un commentaire|commentaires?\s*$)", re.IGNORECASE)

# "LokiTorrent.Dans un courrier": a sentence glued to the next one, not a domain name.
# A capitalised word (upper then lower case) after the dot: a new sentence, whereas a
# domain's suffix is all lower or all upper case (films.to, Cpasbien.PE).
_GLUED_SENTENCE = re.compile(r"(?<=[a-zà-ÿ0-9]{2})\.(?=[A-ZÀ-Ý][a-zà-ÿ]+\b)")
_TERMINAL = '.!?…»"”:;)'
_SIGNATURE = re.compile(r"^[A-ZÉ][a-zéèëï\-]+(?: [A-ZÉ][a-zéèëïA-Z\-]+){1,2}$")


def is_chrome(line: str) -> bool:
    """True when a whole line is page chrome."""
    stripped = line.strip()
    return bool(stripped) and _CHROME.fullmatch(stripped) is not None


_JOINING_WORDS = frozenset(TABLES["joining_words"])


def _ends_heading(previous: str, line: str) -> bool:
    """A headline line followed by a new sentence: 'X bloqués par les FAI' / 'Le tribunal ordonne...'."""
    if not previous or previous[-1] in _TERMINAL + "," or not line[:1].isupper() or len(previous) > 150:
        return False
    return previous.split()[-1].lower() not in _JOINING_WORDS


def _paragraphs(lines: list[str]) -> list[str]:
    """Join lines into paragraphs: a blank line or a headline ends one; a lone newline is a space."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or (current and _ends_heading(current[-1], line.strip())):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if not line.strip():
                continue
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


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
        if is_chrome(stripped):
            kept.append("")
            continue
        key = stripped.casefold()
        if key and key in seen and len(stripped) < 200:
            kept.append("")  # a breadcrumb repeating the headline, a duplicated caption
            continue
        if key:
            seen.add(key)
        kept.append(stripped)
    paragraphs = _paragraphs(kept)
    # A short last paragraph without a verb-like ending is a signature: author or outlet.
    while paragraphs and len(paragraphs[-1].split()) <= 4 and paragraphs[-1][-1] not in _TERMINAL:
        last = paragraphs.pop()
        if last.lower().startswith("source"):
            metadata.setdefault("publisher", last.split(":", 1)[-1].strip())
        elif _SIGNATURE.match(last) and last.split()[0].lower() not in {"le", "la", "les", "l'"}:
            metadata.setdefault("author", last)
        else:
            metadata.setdefault("publisher", last)
    if paragraphs and paragraphs[-1].lower().startswith("source"):
        metadata.setdefault("publisher", paragraphs.pop().split(":", 1)[-1].strip())
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
    )
