"""The type of a candidate name, from its context first and the NER label last; and whether it is a name."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.extract.entities.cues import cue_apposition, cue_before, cue_copula
from kg.extract.entities.institutions import institution_fine
from kg.extract.entities.sources import coined
from kg.extract.entities.words import CAMEL, CORPORATE, DETERMINERS, NER_TYPES
from kg.lexicon import Lexicon, fold


def trim(span: Span) -> Span | None:
    """Drop leading determiners/prepositions and edge punctuation from a span."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in {"+"}:
        end -= 1
    return doc[start:end] if end > start else None


def is_exact_name(text: str, lexicon: Lexicon) -> bool:
    """True when the text, article included, is a listed name or alias ('La Haye', not 'la MPAA')."""
    known = lexicon.known.get(fold(text))
    return known is not None and text.casefold() in {n.casefold() for n in (known.name, *known.aliases)}


def _is_word(token: Token) -> bool:
    """A common French word, capitalised only by its position."""
    lexeme = token.vocab[token.lower_]
    return lexeme.has_vector and not token.text.isupper()


def type_of(span: Span, source: str, lexicon: Lexicon) -> tuple[str, str, str, int] | None:
    """(coarse, fine, evidence, strength) for a candidate span, or None to drop it."""
    text = span.text
    known = lexicon.known.get(fold(text)) or lexicon.known.get(fold(CORPORATE.sub("", text)))
    if source == "domain":
        if known and known.coarse == "Organization" and known.fine == "MediaOutlet":
            return known.coarse, known.fine, "gazetteer", 5
        return "Website", "", "domain", 5
    if source == "institution":
        return "Organization", institution_fine(text), "institution", 5
    if source.startswith("list:"):
        cue_word = source.split(":", 1)[1]
        if known:
            return known.coarse, known.fine, "gazetteer", 5
        return (*lexicon.cues[cue_word], "list:" + cue_word, 3)
    if source == "corporate":
        return "Organization", lexicon.corporate_heads.get(span[-1].text, ""), "corporate-name", 4
    if source == "work":
        return (
            "CreativeWork",
            "Film" if "film" in span.doc[max(0, span.start - 3) : span.start].text.lower() else "",
            "quoted-title",
            4,
        )
    cue = (
        cue_before(span.doc, span.start, lexicon)
        or cue_apposition(span.doc, span.start, span.end, lexicon)
        or cue_copula(span, lexicon)
    )
    if known and known.coarse != "Place":
        return known.coarse, known.fine, "gazetteer", 5
    if known:  # a place name stays a place: 'le site US TorrentSpy'
        return known.coarse, known.fine, "lexicon", 4
    if cue and not (known and cue[0] == "Person"):
        if cue[0] == "Place" and not known:
            return None
        return cue[0], cue[1], cue[2], 4
    if known:
        return known.coarse, known.fine, "lexicon", 4
    label = span.label_ if source == "ner" else ""
    if label == "PER" and len(span) == 1 and span[0].pos_ in {"VERB", "NOUN", "ADJ", "ADV"} and _is_word(span[0]):
        return None  # 'Continuer', a button the NER took for a surname
    if label == "PER" and len(span) == 1 and CAMEL.match(text):
        return "Organization", "", "camel-case", 1  # 'MdeiServices' is no person
    if label in NER_TYPES:
        coarse, fine = NER_TYPES[label]
        return coarse, fine, "ner:" + label, 1
    if label == "MISC" and (CAMEL.match(text) or any(c.isdigit() for c in text) or text[:1].isupper()):
        return "", "", "ner:MISC", 0  # untyped: kept only if a relation types it
    return None


def display(span: Span) -> str:
    return re.sub(r"\s+", " ", span.text).strip(" ,.;:‘’'\"«»")


def is_name(span: Span, source: str, lexicon: Lexicon) -> bool:
    text = span.text.strip()
    if source in {"domain", "institution", "work"}:
        return True
    if source.startswith("list:") and fold(text) in lexicon.not_names:
        return False
    if not text or fold(text) in lexicon.not_names or text.casefold() in lexicon.not_names:
        return False
    if not any(c.isupper() or c.isdigit() for c in text) and not (len(span) == 1 and coined(span[0])):
        return False
    if len(text) < 2 or len(span) > 8:
        return False
    if all(t.is_stop or t.is_punct for t in span):
        return False
    return True
