"""Surface rule: a site that closed after a police or court operation ('X a fermé ses portes à la suite d'une
opération d'Europol', 'X n'est plus accessible depuis l'intervention de la police'): the operation's agents
shut it down."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.relations.agents import agents_of
from kg.extract.relations.anaphora import PUBLIC
from kg.extract.relations.mentions import Reader, weakly_typed
from kg.extract.relations.scan import tokens_where
from kg.extract.relations.syntax import is_irrealis, is_negated, lemma_of
from kg.extract.relations.words import CLOSING_WORDS, DEFINITE, LEADING_VERBS, OPERATION_NOUNS, TIME_LINKS


def closed_after_operation(sent: Span, reader: Reader):
    """(agent, site, rule) for each public body whose operation a closing sentence names as its cause."""
    doc = reader.doc
    closing = next(iter(tokens_where(sent, CLOSING_WORDS, CLOSING_WORDS)), None)
    if closing is None or is_irrealis(closing):
        return  # 'X pourrait fermer après ...': no fact
    if closing.pos_ == "VERB" and is_negated(closing):
        return  # 'X n'a pas fermé après ...' ('n'est plus accessible' is the closing itself)
    sites = [
        m
        for m in reader.spans
        if sent.start <= m.start < sent.end and (m.mention.coarse == "Website" or weakly_typed(m))
    ]
    if not sites:
        return
    for noun in tokens_where(sent, OPERATION_NOUNS):
        if not any(t.lower_ in TIME_LINKS for t in doc[max(sent.start, noun.i - 5) : noun.i]):
            continue  # the operation must be the closing's cause or start: 'après', 'à la suite de', 'depuis'
        end = next((t.i for t in doc[noun.i + 1 : sent.end] if t.pos_ in {"VERB", "AUX"} or t.text == ","), sent.end)
        agents = [m for m in reader.spans if noun.i < m.start < end and m.mention.fine in PUBLIC]
        closed = [s for s in sites if s.start < noun.i][:1]
        for agent in agents:
            for site in closed:
                yield agent, site, "shutsDown.after-operation"


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
