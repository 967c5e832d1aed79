"""The parties a judgment's heading names: 'ENTRE : A, B requérantes/demanderesses et C défendeur/intimé'
(the role word after the names), or 'DEMANDERESSE : A ... DÉFENDEUR : C' (before them). Each plaintiff sues
each defendant. The heading is read on the surface, a line at a time: it has no sentence to parse."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.frames import PARTIES, SUED
from kg.extract.relations.mentions import Reader
from kg.extract.relations.words import (
    CAPTION_COUNSEL_WORDS,
    CAPTION_DEFENDANT_LABELS,
    CAPTION_OPENINGS,
    CAPTION_PLAINTIFF_LABELS,
)

HEADING_REACH = 800  # tokens from the top of the page where a heading may start
BLOCK_REACH = 160  # tokens a heading's names may run over
SHORT_LINE = 6  # a label stands alone on its line, or before a colon
TRADE_NAME_WORDS = ("nom", "de")  # 'X faisant affaire sous le nom de Y': Y is X's trade name, no party


def _label(token: Token, labels: frozenset[str]) -> bool:
    """A role word of a heading: alone on its line ('requérantes/'), or before a colon ('DÉFENDEUR :')."""
    lower = token.lower_
    if lower not in labels and ("/" not in lower or not any(part in labels for part in lower.split("/"))):
        return False
    doc = token.doc
    following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    line = [t for t in token.sent if not t.is_space]
    return following == ":" or len(line) <= SHORT_LINE or _bracketed(token)


def _bracketed(token: Token) -> bool:
    """A role word in brackets that close its names' line ('A et B (demanderesses)')."""
    doc, i = token.doc, token.i
    closing = i + 2 >= len(doc) or "\n" in doc[i + 1].whitespace_ or "\n" in doc[i + 2].text
    return 0 < i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text == ")" and closing


def _opening(token: Token) -> bool:
    doc = token.doc
    following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    return token.lower_ in CAPTION_OPENINGS and (token.text.isupper() or following == ":")


def _parties(reader: Reader, start: int, end: int, kinds: frozenset[str]) -> list[MentionSpan]:
    doc = reader.doc
    found = []
    for m in reader.spans:
        if not start < m.start < end or m.mention.coarse not in kinds:
            continue
        before = tuple(t.lower_ for t in doc[max(0, m.start - 2) : m.start])
        if before == TRADE_NAME_WORDS:
            continue  # the trade name of the party before it
        line = doc[doc[m.start].sent.start : m.start]
        if any(t.lower_ in CAPTION_COUNSEL_WORDS for t in line):
            continue  # 'représentée par Maître X': the party's counsel
        found.append(m)
    return found


def _labels_after(doc: Doc, start: int, labels: frozenset[str]) -> list[int]:
    return [t.i for t in doc[start : min(len(doc), start + BLOCK_REACH)] if _label(t, labels)]


def party_captions(reader: Reader) -> list[tuple[MentionSpan, MentionSpan, Span]]:
    """(plaintiff, defendant, heading) for the first heading of parties in the page.

    A heading needs both role words; with 'ENTRE' before the plaintiffs' role word, each role word closes
    its names, otherwise each opens them (up to the next role word, or the end of the defendants' lines).
    """
    doc = reader.doc
    top = doc[: min(len(doc), HEADING_REACH)]
    plaintiff = next((t for t in top if _label(t, CAPTION_PLAINTIFF_LABELS)), None)
    if plaintiff is None:
        return []
    defendants = _labels_after(doc, plaintiff.i + 1, CAPTION_DEFENDANT_LABELS)
    if not defendants:
        return []
    opening = next((t for t in reversed(doc[max(0, plaintiff.i - BLOCK_REACH) : plaintiff.i]) if _opening(t)), None)
    if opening is not None:
        plaintiffs = _parties(reader, opening.i, plaintiff.i, PARTIES)
        sued = _parties(reader, plaintiff.i, defendants[-1], SUED)
        end = defendants[-1] + 1
    elif doc[plaintiff.i + 1].text == ":" and doc[defendants[0] + 1].text == ":":
        plaintiffs = _parties(reader, plaintiff.i, defendants[0], PARTIES)
        first_line_end = doc[defendants[0]].sent.end
        block_end = next((t.i for t in doc[first_line_end : defendants[0] + BLOCK_REACH] if "\n\n" in t.text
                          or _label(t, CAPTION_PLAINTIFF_LABELS)), min(len(doc), defendants[0] + BLOCK_REACH))
        sued = _parties(reader, defendants[0], block_end, SUED)
        end = block_end
    elif _bracketed(plaintiff) and _bracketed(doc[defendants[0]]):
        # 'A et B (demanderesses) / c. / C et D (défendeurs)': each role word closes its line of names
        plaintiffs = _parties(reader, plaintiff.sent.start - 1, plaintiff.i, PARTIES)
        sued = _parties(reader, doc[defendants[0]].sent.start - 1, defendants[0], SUED)
        end = defendants[0] + 1
    else:
        return []
    heading = doc[opening.i if opening is not None else plaintiff.i : end]
    return [(p, d, heading) for p in plaintiffs for d in sued if p.mention.text != d.mention.text]
