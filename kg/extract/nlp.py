"""The spaCy pipeline: fr_core_news_md with a tokenizer fix in front of the parse.

``fr_core_news_md`` splits capitalised hyphenated names (Pays-Bas, Extreme-Down)
and some dotted names (Cpasbien.PE); the ``kg_merge_names`` component joins them
back into one token before the tagger and parser run, so the parse sees one noun.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.lexicon import DATA

MODEL = "fr_core_news_md"

_WORDS = json.loads((DATA / "tokenizer.json").read_text(encoding="utf-8"))
_CLITICS = frozenset(_WORDS["clitics"])
_WORD = r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+"
# Capitalised hyphenated compounds: Pays-Bas, Ed2k-It, Île-de-France, Saint-Pétersbourg.
HYPHENATED_NAME = re.compile(rf"(?<![\w-])[A-ZÀ-ÖØ-Þ0-9]{_WORD[:-1]}*(?:-{_WORD})+(?![\w-])")
# Domain names: allofmp3.com, Cpasbien.PE, vpn.ht, zone-annuaire.net.
DOMAIN_NAME = re.compile(
    r"(?<![\w@.-])(?:[0-9A-Za-zÀ-ÿ](?:[0-9A-Za-zÀ-ÿ-]*[0-9A-Za-zÀ-ÿ])?\.)+"
    rf"(?:{'|'.join(sorted(_WORDS['tlds'], key=len, reverse=True))})"
    r"(?![\w-])",
    re.IGNORECASE,
)
# An English possessive opening a name: 'Anna’s Archive' (the French tokenizer cuts it as an elision, 'Anna’ s').
POSSESSIVE_NAME = re.compile(r"(?<!\w)[A-ZÀ-Þ][\w-]*['’]s(?= [A-ZÀ-Þ0-9])")


def _is_name_compound(text: str) -> bool:
    parts = text.split("-")
    if any(part.lower() in _CLITICS for part in parts[1:]):
        return False
    return any(part[:1].isupper() or part[:1].isdigit() for part in parts[1:])


@Language.component("kg_merge_names")
def merge_names(doc: Doc) -> Doc:
    """Merge hyphenated names and domain names into single tokens."""
    spans = []
    for match in DOMAIN_NAME.finditer(doc.text):
        spans.append((match.start(), match.end()))
    for match in POSSESSIVE_NAME.finditer(doc.text):
        spans.append((match.start(), match.end()))
    for match in HYPHENATED_NAME.finditer(doc.text):
        if _is_name_compound(match.group()):
            spans.append((match.start(), match.end()))
    taken: list[tuple[int, int]] = []
    with doc.retokenize() as retokenizer:
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            span = doc.char_span(start, end, alignment_mode="strict")
            if span is None or len(span) < 2:
                continue
            taken.append((start, end))
            retokenizer.merge(span, attrs={"LEMMA": span.text})
    return doc


_SENTENCE_END = (".", "!", "?", "…", "»", '"', "”", ")", "]", ";")


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentence boundaries the parser must respect.

    A line break ends a sentence (a headline never runs into the next paragraph),
    and a sentence never starts right after a word or a comma: the parser
    otherwise splits "Le site X, principale source de Y, a été fermé" in two.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_space:
            token.is_sent_start = False  # a blank line stays with the sentence before it
        elif "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif not previous.text.endswith(_SENTENCE_END):
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The French pipeline, loaded once per process."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("kg_merge_names", first=True)
    nlp.add_pipe("kg_paragraph_breaks", after="kg_merge_names")
    return nlp
