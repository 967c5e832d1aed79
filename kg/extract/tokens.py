"""A parsed Doc's token attributes as plain Python lists, read once per article.

Every ``doc[i]`` or ``for token in doc`` makes a new spaCy ``Token`` object, and each attribute read
goes through it: in the extractors' whole-document scans that costs more than the rules themselves.
``TokenTable`` reads the columns the scans need with one ``Doc.to_array`` call and turns the hashes
back into strings through the vocabulary; ``table.words[i]`` is ``doc[i].text``, ``table.pos[i]``
is ``doc[i].pos_``, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LOWER, ORTH, POS, SENT_START, SPACY
from spacy.tokens import Doc


@lru_cache(maxsize=1)
def known_verbs() -> frozenset[str]:
    """The verbs (infinitives) of the model's lemmatizer tables."""
    from kg.extract.nlp import load_nlp  # (here: the pipeline's module imports this one)

    lookups = load_nlp().get_pipe("lemmatizer").lookups
    return frozenset(lookups.get_table("lemma_index", {}).get("verb", []))


def first_group_infinitive(lower: str, lemma: str) -> str:
    """The infinitive of a verb the lemmatizer left as written ('demande', 'réclament' -> 'demander', 'réclamer'),
    read as one of the first group; the lemma itself when it is an infinitive already. A form in '-re' left as
    written is a first-group verb's when only that reading is a known verb ('filtre', 'capture', not 'prendre').

    >>> first_group_infinitive("demande", "demande"), first_group_infinitive("ferme", "fermer")
    ('demander', 'fermer')
    >>> first_group_infinitive("filtre", "filtre"), first_group_infinitive("prendre", "prendre")
    ('filtrer', 'prendre')
    """
    if lemma.endswith("re") and lemma == lower and lower + "r" in known_verbs() and lower not in known_verbs():
        return lower + "r"
    if lemma.endswith(("er", "ir", "re")) or " " in lemma:
        return lemma
    for ending in ("ent", "es", "e"):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return lower[: -len(ending)] + "er"
    return lemma


@dataclass(frozen=True)
class TokenTable:
    text: str  # doc.text (Doc.text joins every token on each read)
    words: list[str]  # token.text
    lowers: list[str]  # token.lower_
    pos: list[str]  # token.pos_
    starts: list[int]  # token.idx
    whitespace: list[str]  # token.whitespace_
    is_punct: list[bool]
    is_space: list[bool]
    is_alpha: list[bool]
    sent_starts: list[bool]  # token.is_sent_start is True (False or None otherwise)

    @classmethod
    def of(cls, doc: Doc) -> TokenTable:
        columns = doc.to_array([ORTH, LOWER, POS, IDX, SPACY, IS_PUNCT, IS_SPACE, IS_ALPHA, SENT_START])
        orth, lower, pos, idx, spacy, punct, space, alpha, sent = (c.tolist() for c in columns.T)
        strings = doc.vocab.strings
        words = [strings[h] for h in orth]
        whitespace = [" " if v else "" for v in spacy]  # a token's trailing whitespace is one space or none
        return cls(
            text="".join(w + s for w, s in zip(words, whitespace, strict=True)),  # as Doc.text joins them
            words=words,
            lowers=[strings[h] for h in lower],
            pos=[strings[h] for h in pos],
            starts=idx,
            whitespace=whitespace,
            is_punct=[bool(v) for v in punct],
            is_space=[bool(v) for v in space],
            is_alpha=[bool(v) for v in alpha],
            sent_starts=[v == 1 for v in sent],
        )
