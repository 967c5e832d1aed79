"""Scans of a sentence for the few words a rule starts from, read on the article's tables (kg/extract/relations/
doctables.py) instead of a new spaCy Token and a lemma_of call per word of the sentence."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Container, Sequence

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.doctables import tables_of
from kg.extract.relations.syntax import lemma_of


def lemmas_of(doc: Doc) -> list[str]:
    """lemma_of of every token of the doc."""
    tables = tables_of(doc)
    if tables.lemmas is None:
        tables.lemmas = [lemma_of(t) for t in tables.tokens]
    return tables.lemmas


def tokens_where(sent: Span, lemmas: Container[str] = (), lowers: Container[str] = ()) -> list[Token]:
    """The sentence's tokens, in order, whose lemma_of is one of ``lemmas`` or whose ``lower_`` one of ``lowers``."""
    tables = tables_of(sent.doc)
    known, forms, tokens = lemmas_of(sent.doc), tables.lowers, tables.tokens
    return [tokens[i] for i in range(sent.start, sent.end) if known[i] in lemmas or forms[i] in lowers]


# The mentions' first tokens for the last mention list read (one tuple, swapped whole, as lemma_of's answers), or
# None for a list not in text order
_STARTS: tuple[object, int, list[int] | None] = (None, 0, None)


def mentions_between(spans: Sequence[MentionSpan], start: int, end: int) -> list[MentionSpan]:
    """``[m for m in spans if start <= m.start < end]``, found by bisection when the mentions are in text order (as
    the entity finder gives them): the rules ask it of every sentence, and scanning every mention each time made
    them quadratic in the article's length."""
    global _STARTS
    if _STARTS[0] is not spans or _STARTS[1] != len(spans):
        starts = [m.start for m in spans]
        _STARTS = (spans, len(spans), starts if starts == sorted(starts) else None)
    starts = _STARTS[2]
    if starts is None:
        return [m for m in spans if start <= m.start < end]
    return list(spans[bisect_left(starts, start) : bisect_left(starts, end)])
