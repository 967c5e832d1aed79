"""Surface rule: a site that closed after a police or court operation ('X a fermé ses portes à la suite d'une
opération d'Europol', 'X n'est plus accessible depuis l'intervention de la police'): the operation's agents
shut it down."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.relations.anaphora import PUBLIC
from kg.extract.relations.mentions import Reader, weakly_typed
from kg.extract.relations.syntax import is_irrealis, is_negated, lemma_of
from kg.extract.relations.words import CLOSING_WORDS, OPERATION_NOUNS, TIME_LINKS


def closed_after_operation(sent: Span, reader: Reader):
    """(agent, site, rule) for each public body whose operation a closing sentence names as its cause."""
    doc = reader.doc
    closing = next((t for t in sent if lemma_of(t) in CLOSING_WORDS or t.lower_ in CLOSING_WORDS), None)
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
    for noun in sent:
        if lemma_of(noun) not in OPERATION_NOUNS:
            continue
        if not any(t.lower_ in TIME_LINKS for t in doc[max(sent.start, noun.i - 5) : noun.i]):
            continue  # the operation must be the closing's cause or start: 'après', 'à la suite de', 'depuis'
        end = next((t.i for t in doc[noun.i + 1 : sent.end] if t.pos_ in {"VERB", "AUX"} or t.text == ","), sent.end)
        agents = [m for m in reader.spans if noun.i < m.start < end and m.mention.fine in PUBLIC]
        closed = [s for s in sites if s.start < noun.i][:1]
        for agent in agents:
            for site in closed:
                yield agent, site, "shutsDown.after-operation"
