"""The type each end of a fact takes: its own, or, for a name only the NER guessed or no one typed, the one the
predicate requires of it or the one of the names it is listed with."""

from __future__ import annotations

from kg.extract.entities import MentionSpan
from kg.extract.entities.words import GIVEN_NAMES
from kg.extract.relations.mentions import Reader
from kg.extract.relations.rules import Rules
from kg.lexicon import Lexicon, fold


def end_type(rules: Rules, end: MentionSpan, allowed: frozenset[str], predicate: str, role: str) -> tuple[str, str]:
    """The type of one end: its own, unless it is unknown or only the NER's guess and the predicate says otherwise."""
    mention = end.mention
    words = mention.text.split()
    # a person the NER found under a known given name ('Benoît Tersiguel') stays one: no relation makes a site of it
    named_person = mention.coarse == "Person" and len(words) >= 2 and words[0].casefold() in GIVEN_NAMES
    weak = mention.evidence.startswith("ner:") and mention.strength <= 1 and not named_person
    if mention.coarse and (mention.coarse in allowed or not weak):
        return mention.coarse, mention.fine
    inferred = _only(rules, allowed, predicate, role)
    return (inferred, "") if inferred else (mention.coarse, mention.fine)


def listed_type(reader: Reader, end: MentionSpan, allowed: frozenset[str]) -> tuple[str, str] | None:
    """An untyped name listed with names of one kind is of that kind ('X, Bureau en Gros et London Drugs')."""
    if end.mention.coarse:
        return None
    kinds = {m.mention.coarse for m in reader.surface_list(end) if m.mention.coarse}
    kind = next(iter(kinds)) if len(kinds) == 1 else ""
    return (kind, "") if kind in allowed else None


def _only(rules: Rules, allowed: frozenset[str], predicate: str, role: str) -> str:
    """An untyped name (spaCy's MISC) takes the type a predicate requires of it, where that is unambiguous."""
    return rules.relation_typing.get((predicate, role), next(iter(allowed)) if len(allowed) == 1 else "")


PLACE_RANK = {"City": 1, "Region": 2, "Country": 3}  # a place lies in a wider one, never the other way
WORLD_REGION_RANK = 4  # a region the gazetteer gives no country (Europe, Maghreb) holds countries


def wider_place(subject: MentionSpan, obj: MentionSpan, lexicon: Lexicon) -> bool:
    """Whether a place said to lie in another is the wider of the two ('basée à Palo Alto, Californie' parsed
    backwards): the fact then reads the other way round."""

    def rank(m: MentionSpan) -> int:
        known = lexicon.known.get(fold(m.mention.text)) if m.mention.fine == "Region" else None
        world = known is not None and known.coarse == "Place" and not known.country
        return WORLD_REGION_RANK if world else PLACE_RANK.get(m.mention.fine, 0)

    ranks = [rank(m) for m in (subject, obj)]
    return all(ranks) and ranks[0] > ranks[1]
