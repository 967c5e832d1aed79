"""Scans of a sentence for the few words a rule starts from, read on the article's tables (kg/extract/relations/
doctables.py) instead of a new spaCy Token and a lemma_of call per word of the sentence."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span, Token

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
