"""extract_article: one article in, its mentions and facts out (pure, per article)."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components import annotate
from kg.extract.dates import parse_reference
from kg.extract.nlp import load_nlp
from kg.extract.relations.learned import learned_facts, load_pair_model
from kg.extract.relations.pairs import view_of
from kg.lexicon import Lexicon, abbreviates, fold, is_acronym, load_lexicon, spells_capitals
from kg.records import Article, ArticleFacts, Mention

_PAREN = re.compile(r"([^()]{2,80}?)\s*\(([^()]{2,80})\)")


def _may_rename(a: str, b: str) -> bool:
    """Whether a bracketed name can be another name of the one before it: an acronym, or a shared word.

    >>> _may_rename("Motion Picture Association of America", "MPAA"), _may_rename("Cisco", "OpenDNS")
    (True, False)
    >>> _may_rename("Association de lutte contre la piraterie audiovisuelle", "Alpa")
    True
    """
    short, long = sorted((a, b), key=len)
    if is_acronym(a) or is_acronym(b) or spells_capitals(short, long):
        return True  # 'DoD (DrinkOrDie)'
    if abbreviates(short, long):
        return True  # 'Alpa' skips a word of 'Association de lutte contre la piraterie audiovisuelle'
    words = [{w for w in fold(x).split() if len(w) >= 4} for x in (a, b)]
    return bool(words[0] & words[1]) or fold(long).startswith(fold(short))


# 'X, alias Y', 'X (alias Y)', 'X, dit « Y »', 'X, surnommé "Y"': a person's pseudonym
_PSEUDONYM = r"(?:,\s*|\s*\(\s*|\s+)(?:alias|dit|surnommée?|connue? sous le pseudonyme de)\s+[«\"“']?\s*"


def stated_aliases(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    """Pairs the text states as one name: 'MPAA (Motion Picture Association of America)', 'X, alias Y'."""
    kinds: dict[str, set[str]] = {}  # each name and the kinds it was typed with
    for m in mentions:
        kinds.setdefault(m.text, set()).add(m.coarse)
    names = kinds.keys()
    pairs = []
    if re.search(r"\b(?:alias|dit|surnomm|pseudonyme)", text):
        for person in [n for n in names if "Person" in kinds[n]]:
            for match in re.finditer(re.escape(person) + _PSEUDONYM, text):
                tail = text[match.end() : match.end() + 80]
                for other in names:
                    if other != person and re.match(re.escape(other) + r"\b", tail):
                        pairs.append((person, other) if len(person) <= len(other) else (other, person))
    if "(" not in text:
        return sorted(set(pairs))
    for match in _PAREN.finditer(text):
        before, inside = match.group(1), match.group(2).strip()
        for name in names:
            if not (before.rstrip().endswith(name) and inside in names and inside != name):
                continue
            if "Place" in kinds[name] | kinds[inside] or not kinds[name] & kinds[inside]:
                continue  # 'La Haye (Pays-Bas)' locates: only a name of the same kind renames
            if not _may_rename(name, inside):
                continue  # 'Cisco (OpenDNS)' names a service of the company, not the company
            pairs.append((name, inside) if len(name) <= len(inside) else (inside, name))
    return sorted(set(pairs))


def extract_article(article: Article, nlp: Language | None = None, lexicon: Lexicon | None = None) -> ArticleFacts:
    """Parse one cleaned article and return what it says, as plain records."""
    nlp = nlp or load_nlp()
    return extract_from_doc(article, nlp(article.text), lexicon or load_lexicon())


def extract_from_doc(article: Article, doc: Doc, lexicon: Lexicon, learned: bool = True) -> ArticleFacts:
    """What an already parsed article says (the Doc may come from ``nlp.pipe`` in batches).

    ``learned=False`` leaves out the learned reader's facts (its trainer reads the rules' facts alone).
    """
    annotate(doc, lexicon, parse_reference(article.date))
    spans, facts, typed, events = doc._.kg_mentions, doc._.kg_facts, doc._.kg_typed, doc._.kg_events
    mentions = []
    # 'Nakayama' after 'Alberto Nakayama': a person's surname alone is that person, whatever a relation made of it
    surnames = {s.mention.text.split()[-1] for s in spans if s.mention.coarse == "Person" and " " in s.mention.text}
    for span in spans:
        mention = span.mention
        if mention.text in surnames and (mention.coarse in {"", "Person"} or mention.strength <= 1):
            mention = replace(mention, coarse="Person", fine="", evidence="surname", strength=max(mention.strength, 2))
        elif mention.text in typed:  # an untyped or NER-only name, typed by the relation it takes part in
            mention = replace(mention, coarse=typed[mention.text], fine="", evidence="relation", strength=2)
        elif not mention.coarse:
            continue  # a MISC name no context or relation could type
        mentions.append(mention)
    # a name a relation typed as no place is no event's place either ('ordonné à X Fibre de bloquer Y')
    events = tuple(
        replace(e, places=tuple(p for p in e.places if typed.get(p, "Place") == "Place"))
        if any(typed.get(p, "Place") != "Place" for p in e.places)
        else e
        for e in events
    )
    model = load_pair_model() if learned else None
    if model is not None:
        facts = tuple(facts) + tuple(learned_facts(article.text, view_of(doc, model.cues), mentions, facts, model))
    return ArticleFacts(
        article=article,
        mentions=tuple(mentions),
        facts=tuple(facts),
        aliases=tuple(stated_aliases(article.text, mentions)),
        events=tuple(events),
    )
