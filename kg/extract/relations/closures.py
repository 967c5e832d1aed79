"""Surface rule: a site that closed after a police or court operation ('X a fermé ses portes à la suite d'une
opération d'Europol', 'X n'est plus accessible depuis l'intervention de la police'): the operation's agents
shut it down."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.relations.agents import agents_of
from kg.extract.relations.anaphora import PUBLIC
from kg.extract.relations.listing import weakly_typed
from kg.extract.relations.mentions import Reader
from kg.extract.relations.scan import tokens_where
from kg.extract.relations.syntax import is_irrealis, is_negated, lemma_of
from kg.extract.relations.words import (
    ACTIVITY_NOUNS,
    CLOSING_WORDS,
    DEFINITE,
    LEADING_VERBS,
    OPERATION_NOUNS,
    POSSESSIVES,
    TIME_LINKS,
)

SITE = frozenset({"Website"})
LAWSUIT_NOUNS = frozenset({"action", "procédure"})  # a rights holder's lawsuit is no closing of theirs


def closed_after_operation(sent: Span, reader: Reader):
    """(agent, site, rule) for each public body whose operation a closing sentence names as its cause."""
    doc = reader.doc
    closing = next(iter(tokens_where(sent, CLOSING_WORDS, CLOSING_WORDS)), None) or _closes_its_doors(sent)
    if closing is None or is_irrealis(closing):
        return  # 'X pourrait fermer après ...': no fact
    if closing.pos_ == "VERB" and is_negated(closing):
        return  # 'X n'a pas fermé après ...' ('n'est plus accessible' is the closing itself)
    sites = [
        m
        for m in reader.spans
        if sent.start <= m.start < sent.end and (m.mention.coarse == "Website" or weakly_typed(m))
    ]
    tier = "explicit"
    if not sites and reader.memory is not None:
        # 'la plateforme ferme ses portes après une enquête de X': the site the description stands for
        # (the closing's subject, or the definite noun before it when the tagger misread the verb)
        subjects = [c for c in closing.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"] or [
            t for t in doc[sent.start : closing.i] if t.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in DEFINITE for c in t.children)
        ][-1:]
        described = [reader.memory.resolve_description(c, SITE) for c in subjects]
        sites, tier = [d for d in described if d is not None], "anaphoric"
    if not sites:
        return
    for noun in tokens_where(sent, OPERATION_NOUNS):
        if not any(t.lower_ in TIME_LINKS for t in doc[max(sent.start, noun.i - 5) : noun.i]):
            continue  # the operation must be the closing's cause or start: 'après', 'à la suite de', 'depuis'
        end = next((t.i for t in doc[noun.i + 1 : sent.end] if t.pos_ in {"VERB", "AUX"} or t.text == ","), sent.end)
        # a public body's operation, or a rights holder's inquiry
        inquiry = lemma_of(noun) not in LAWSUIT_NOUNS
        agents = [
            m for m in reader.spans
            if noun.i < m.start < end and (m.mention.fine in PUBLIC or inquiry and m.mention.fine == "RightsHolder")
        ]
        closed = [s for s in sites if s.start < noun.i or tier == "anaphoric"][:1]
        for agent in agents:
            for site in closed:
                yield agent, site, "shutsDown.after-operation", tier


def _closes_its_doors(sent: Span):
    """'X ferme ses portes': the present tense the tagger reads as the adjective ('une peine ferme'), known by the
    possessive and the activity after it."""
    doc = sent.doc
    for tok in sent[:-2]:
        after = doc[tok.i + 2]
        possessed = doc[tok.i + 1].lower_ in POSSESSIVES and lemma_of(after) in ACTIVITY_NOUNS
        if tok.lower_ in {"ferme", "ferment"} and possessed:
            return tok
    return None


def operation_led(sent: Span, reader: Reader, predicate: str):
    """'X a été fermé. L'opération, menée par l'ICE, ...': the public bodies that led the operation a definite
    description picks up did what the article just told (the shutdown or the arrests), an anaphoric fact."""
    memory = reader.memory
    told = memory.target_sentences.get(predicate) if memory is not None else None
    if told is None or sum(1 for s in reader.sentences if told <= s.start < sent.start) > 2:
        return  # only the action of the last two sentences: further on, 'l'opération' may be another one
    for noun in tokens_where(sent, OPERATION_NOUNS):
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children):
            continue
        for participle in noun.children:
            if participle.dep_ not in {"acl", "amod"} or lemma_of(participle) not in LEADING_VERBS:
                continue
            if is_negated(participle) or is_irrealis(participle):
                continue
            for agent in agents_of(participle):
                for leader in reader.mentions_at(agent):
                    if leader.mention.fine not in PUBLIC:
                        continue
                    for target in memory.targets.get(predicate, []):
                        yield leader, target, f"{predicate}.operation-led", "anaphoric"
