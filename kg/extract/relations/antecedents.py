"""Antecedents told as a group: 'ces derniers', 'ceux-ci', a plural object pronoun ('le parquet les a mis en
examen'), the object a coordinated verb's clitic takes over ('a visé X et l'a fermé') or its description ('poursuit X et
accuse le site'), and the parties an asking
verb addresses before a 'que' clause."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.syntax import case_of, is_plural, lemma_of
from kg.extract.relations.words import (
    ASKING_VERBS,
    COMPLAINT_NOUNS,
    CONTROL_VERBS,
    LATTER_GLUE,
    LIST_ADVERBS,
    LIST_DETERMINERS,
    PLAINTIFF_NOUNS,
)

if TYPE_CHECKING:  # the memory holds the article's reading; it calls these, they only read it
    from kg.extract.relations.anaphora import Memory
    from kg.lexicon import Lexicon


def latter_group(token: Token, memory: Memory, allowed: frozenset[str]) -> list[MentionSpan]:
    """'Ces derniers', 'ceux-ci', 'celles-ci', 'tous': the names of the last list told before, two at least, in the
    same or the two sentences before; 'ce dernier', 'celui-ci': the last name of the right type."""
    doc = token.doc
    first = token.i if token.lower_ in {"ces", "ce", "cette"} else token.i - 1
    pair = doc[max(first, 0) : first + 2].text.lower()
    word = token.lower_ + ("-ci" if doc[token.i + 1 : token.i + 3].text.replace(" ", "") == "-ci" else "")
    latter = word in {"ceux-ci", "celles-ci"} or pair in {"ces derniers", "ces dernières"}
    # 'A, B et C ... Tous avaient assigné Y': a plural quantifier standing alone as the subject
    latter = latter or word in {"tous", "toutes"} and token.dep_ in {"nsubj", "nsubj:pass"}
    one = word in {"celui-ci", "celle-ci"} or pair in {"ce dernier", "cette dernière"}  # the tokenizer splits '-ci'
    if not latter and not one:
        return []
    return _last_named(token, memory, allowed, one=one)


def _last_named(
    token: Token, memory: Memory, allowed: frozenset[str], one: bool, skip: frozenset[int] | None = None
) -> list[MentionSpan]:
    """The last name of an allowed type in the same or the two sentences before (one), or the last list of two
    names at least (glued by 'et', ',', 'ainsi que' ...); with skip (starts of names to leave out), the last
    such list past any single names."""
    doc, opening = token.doc, token.sent.start  # (token.sent walks the doc: once, not once per sentence)
    previous = [s for s in memory.reader.sentences if s.end <= opening][-2:]
    start = previous[0].start if previous else opening
    before = [
        m
        for m in memory.reader.spans
        if start <= m.start < token.i and m.mention.coarse in allowed and m.start not in (skip or ())
    ]
    while before:
        group = [before.pop()]
        if one:
            return group  # 'Ce dernier', 'celui-ci': the last one named
        while before and all(
            t.lower_ in LATTER_GLUE or t.lower_ in LIST_ADVERBS for t in doc[before[-1].end : group[-1].start]
        ):
            group.append(before.pop())  # 'une plainte de l'ALPA et de la Sacem': each item may keep its 'de la'
        if len(group) > 1:
            return sorted(group, key=lambda m: m.start)
        if skip is None:
            return []  # 'ces derniers' stands for the last names told, a list or nothing
    return []


def plural_clitic(token: Token, memory: Memory, allowed: frozenset[str]) -> list[MentionSpan]:
    """'Le parquet les a mis en examen': the last list of names before, other than the clause's own subject."""
    own = {m.start for c in token.head.children if c.dep_.startswith("nsubj") for m in memory.reader.mentions_at(c)}
    return _last_named(token, memory, allowed, one=False, skip=frozenset(own))


def shared_object(pronoun: Token, reader: Reader, allowed: frozenset[str]) -> list[MentionSpan]:
    """'La police a perquisitionné trois sites, dont A, B et C, et les a fermés', 'X a identifié le site Y et l'a
    fermé': the object clitic of a verb coordinated with an earlier one stands for that verb's object, the names
    in its phrase (all of them for 'les', the one name for 'l'', 'le', 'la')."""
    verb = pronoun.head
    if pronoun.dep_ != "obj" or verb.dep_ != "conj" or verb.head.pos_ != "VERB" or verb.head.i > verb.i:
        return []
    objects = [c for c in verb.head.children if c.dep_ == "obj" and c.i < pronoun.i]
    found = [
        m
        for o in objects
        for m in reader.spans
        if o.left_edge.i <= m.start and m.end <= min(o.right_edge.i + 1, pronoun.i) and m.mention.coarse in allowed
    ] or [m for o in objects for m in reader.mentions_at(o) if m.mention.coarse in allowed]  # 'le tracker X' misparsed
    if pronoun.lower_ == "les":
        return unique(found)
    return found if len(found) == 1 else []


def parallel_object(noun: Token, reader: Reader, allowed: frozenset[str]) -> list[MentionSpan]:
    """'X est en procès contre Y et accuse le moteur de ...': a description as the object of a clause coordinated
    with an earlier one stands for the one name that clause was against (not one of its subjects)."""
    first = noun.head.head
    if noun.dep_ != "obj" or noun.head.dep_ != "conj" or first.i > noun.i:
        return []
    doc = noun.doc
    found = [
        m
        for m in reader.spans
        if first.left_edge.i < m.start < noun.head.i
        and m.start >= first.i
        and doc[m.start - 1 - (doc[m.start - 1].lower_ in LIST_DETERMINERS)].lower_ == "contre"
        and m.mention.coarse in allowed
    ]
    return found if len(found) == 1 else []


def asked_parties(pronoun: Token, reader: Reader, allowed: frozenset[str]) -> list[MentionSpan]:
    """'réclamer aux fournisseurs, comme X, Y et Z, qu'ils bloquent ...': the subject of a 'que' clause after an
    asking or ordering verb is whom that verb addresses (the parser often hangs the clause elsewhere)."""
    doc = pronoun.doc
    if pronoun.i == 0 or doc[pronoun.i - 1].lower_ not in {"qu'", "qu’", "que"}:
        return []
    verbs = [t for t in doc[pronoun.sent.start : pronoun.i] if lemma_of(t) in CONTROL_VERBS | ASKING_VERBS]
    if not verbs:
        return []
    addressed = [t for t in doc[verbs[-1].i + 1 : pronoun.i] if t.dep_.startswith(("obl", "iobj"))]
    addressed = [t for t in addressed if case_of(t) in {"à", "au", "aux"}]
    found = [m for t in addressed[:1] for m in reader.mentions_at(t) if m.mention.coarse in allowed]
    if not found:  # '... à une dizaine de fournisseurs, comme X, Y et Z, qu'ils': the names listed before 'que'
        named = [m for m in reader.spans if verbs[-1].i < m.start < pronoun.i and m.mention.coarse in allowed]
        found = [*named[-1:], *reader.surface_list(named[-1])] if named else []
    return sorted(unique(found), key=lambda m: m.start)


def without_bracketed_aliases(candidates: list[MentionSpan], doc) -> list[MentionSpan]:
    """The candidate antecedents less each acronym bracketed right after another candidate: 'la Fédération X (FX)'
    names one entity, which 'la Fédération' stands for."""
    ends = {c.end for c in candidates}
    return [m for m in candidates if not (m.start >= 1 and doc[m.start - 1].text == "(" and m.start - 1 in ends)]


def description_cue(token: Token, lexicon: Lexicon) -> tuple[str, str] | None:
    """The kind of entity a description noun stands for: its typing cue; but a trade of a kind of work ('le
    développeur de jeux en ligne', 'l'éditeur de mangas') describes the company that makes them, not a person."""
    cue = lexicon.cues.get(lemma_of(token)) or lexicon.cues.get(token.lower_)
    if cue is not None and cue[0] == "Person":
        made = [c for c in token.children if c.dep_ == "nmod" and case_of(c) in {"de", "d'", "d’"} and is_plural(c)]
        bare = [c for c in made if not any(d.dep_ == "det" for d in c.children)]  # 'de jeux', not 'des jeux X'
        if any(lexicon.cues.get(lemma_of(c), ("",))[0] == "CreativeWork" for c in bare):
            return ("Organization", "")
    return cue


def lawsuit_description(token: Token) -> bool:
    """'la plainte', 'les plaignants', 'le demandeur': a description of the lawsuit the article told, or of its
    plaintiffs; either stands for those plaintiffs."""
    return lemma_of(token) in COMPLAINT_NOUNS or lemma_of(token) in PLAINTIFF_NOUNS


def one_name(keys: set[str]) -> bool:
    """Whether folded names are one entity's short and long forms ('bein sports', 'bein sports france').

    >>> one_name({"bein sports", "bein sports france"}), one_name({"sacem", "scpp"})
    (True, False)
    """
    shortest = min(keys, key=len, default="")
    return bool(shortest) and all(k == shortest or k.startswith(shortest + " ") for k in keys)


def one_court(keys: set[str]) -> bool:
    """Whether folded court names are one court's, with and without its kind ('tribunal de paris', 'tribunal
    judiciaire de paris'): the same first word and the same place after the last 'de'.

    >>> one_court({"tribunal de paris", "tribunal judiciaire de paris"})
    True
    >>> one_court({"tribunal de paris", "cour de paris"})
    False
    """
    shapes = {(k.split(" ")[0], k.rpartition(" de ")[2]) for k in keys}
    return len(shapes) == 1 and all(" de " in k for k in keys)
