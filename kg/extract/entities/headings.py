"""The parties a judgment's heading lists, one per line in capitals ('ENTRE : / WARNER BROS. ENTERTAINMENT INC. /
... / demanderesses / et / TYLER WHITE, faisant affaire sous le nom de BEAST IPTV / défendeurs'): each line is
one whole name, legal form included, which the NER cuts into pieces ('WARNER BROS.', 'INC').

>>> kind_of_party("SONY PICTURES TELEVISION INC.")
'Organization'
>>> kind_of_party("TYLER WHITE")
'Person'
"""

from __future__ import annotations

import json
import re

from spacy.tokens import Doc, Span

from kg.extract.entities.words import GIVEN_NAMES, WORDS
from kg.lexicon import DATA, Lexicon, fold

# the heading's words, shared with the relation reader's caption frame (kg/extract/relations/captions.py)
_CAPTION = json.loads((DATA / "relation_words.json").read_text(encoding="utf-8"))
OPENINGS = frozenset(_CAPTION["caption_openings"]["words"])
DEFENDANT_LABELS = frozenset(_CAPTION["caption_defendant_labels"]["words"])
LABELS = frozenset(_CAPTION["caption_plaintiff_labels"]["words"]) | DEFENDANT_LABELS
LEGAL_FORMS = frozenset(WORDS["heading_legal_forms"])
HEADING_REACH = 4000  # characters from the top of the page where a heading may start
BLOCK_REACH = 3000  # characters a heading's names may run over
TRADE_NAME = re.compile(r",?\s+(?:faisant affaire|exerçant|opérant)\s+sous le nom (?:de |d['’])", re.IGNORECASE)


def kind_of_party(name: str, company_words: frozenset[str] = frozenset()) -> str:
    """A company when the name ends on a legal form or holds a company word ('MEDIA'); a person when it is two
    to four plain words (a heading gives companies their legal form) or opens on a known given name; else ''."""
    words_of = [w.strip(".") for w in name.replace(",", " ").split() if w.strip(".")]
    if words_of and words_of[-1].upper() in LEGAL_FORMS:
        return "Organization"  # ('1326030 ONTARIO INC.': a numbered company)
    if not words_of or any(not re.sub(r"[-'’.&]", "", w).isalpha() for w in words_of):
        return ""
    if any(w.title() in company_words for w in words_of):
        return "Organization"
    plain = 2 <= len(words_of) <= 4 and all(len(w) >= 2 for w in words_of)
    return "Person" if plain or words_of[0].casefold() in GIVEN_NAMES else ""


def heading_parties(doc: Doc, text: str, lexicon: Lexicon) -> list[tuple[Span, str]]:
    """Spans of the names a heading lists in capitals (source 'heading:<kind>'), and the trade name a line
    gives its party ('heading:trade'). Nothing when the page opens on no such heading."""
    opening = next(
        (m for m in re.finditer(r"^\s*(\w+)\s*:?\s*$", text[:HEADING_REACH], re.MULTILINE)
         if m.group(1).casefold() in OPENINGS and (m.group(1).isupper() or ":" in m.group(0))),
        None,
    )
    if opening is None:
        return []
    found: list[tuple[Span, str]] = []
    offset = opening.end()
    lines = text[offset : offset + BLOCK_REACH].split("\n")
    company_words = frozenset(lexicon.corporate_heads)
    for k, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        bare = line.strip()
        if _label(bare, DEFENDANT_LABELS) and _next_words(lines[k + 1 :]) != "et":
            break  # the last defendants' label ends the heading ('... / et / X / défenderesses/ / non-intimées')
        if not bare or _label(bare, LABELS) or bare.casefold() == "et":
            continue
        joined = re.match(r"\s*(?:ET|AND)\s+", line)  # 'ET X': a second party's line opens on the conjunction
        line = " " * joined.end() + line[joined.end() :] if joined else line  # (blanked: offsets stay)
        trade = TRADE_NAME.search(line)
        for at, name in _party_names(line[: trade.start()] if trade else line):
            if not _in_capitals(name) or fold(name.strip()) in lexicon.known:
                continue  # a known name ('BELL CANADA'): the gazetteer types it
            kind = kind_of_party(name.strip(), company_words)
            found += _span(doc, start + at, name, f"heading:{kind}") if kind else []
        if trade and _in_capitals(line[trade.end() :]):
            found += _span(doc, start + trade.end(), line[trade.end() :], "heading:trade")
    return found


def _next_words(lines: list[str]) -> str:
    """The first line after a label that is neither empty nor a label itself."""
    return next((n.strip() for n in lines if n.strip() and not _label(n.strip(), LABELS)), "")


def _label(line: str, labels: frozenset[str]) -> bool:
    """A line of role words ('demanderesses', 'requérantes/', 'défenderesses/ non-intimées')."""
    parts = [p.strip().split("-")[-1] for p in line.casefold().split("/") if p.strip()]
    return bool(parts) and all(p in labels for p in parts)


def _party_names(line: str) -> list[tuple[int, str]]:
    """The names a line lists with commas, each with its offset in the line; a legal form after a comma
    belongs to the name before it ('COLUMBIA PICTURES INDUSTRIES, INC., DISNEY ENTERPRISES, INC.')."""
    names: list[tuple[int, str]] = []
    at = 0
    for part in line.split(","):
        if names and part.strip().strip(".").upper() in LEGAL_FORMS:
            first, name = names[-1]
            names[-1] = (first, f"{name},{part}")
        elif part.strip():
            names.append((at, part))
        at += len(part) + 1
    return names


def _in_capitals(part: str) -> bool:
    letters = [c for c in part if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _span(doc: Doc, start: int, part: str, source: str) -> list[tuple[Span, str]]:
    lead = len(part) - len(part.lstrip())
    bare = re.sub(r"\s+ET AL\.?$", "", part.strip().rstrip(",;:"))  # ('X ET AL.': the others, unnamed)
    span = doc.char_span(start + lead, start + lead + len(bare), alignment_mode="expand")
    return [(span, source)] if span is not None else []
