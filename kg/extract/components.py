"""kg's extractors as registered spaCy components, writing to ``Doc`` extensions.

``kg_entities`` finds and types the names (``doc._.kg_mentions``); ``kg_relations`` reads the
facts (``doc._.kg_facts``, plus ``doc._.kg_typed``: names a relation typed, and
``doc._.kg_actions``: every action stated); ``kg_events`` makes event records of the actions
(``doc._.kg_events``), dated against ``doc._.kg_reference`` (a ``datetime.date``) when set.
Each component runs the ones before it when their results are missing, so a user's own
French pipeline needs only the last one it wants::

    import spacy
    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("kg_relations", config={"extra_rules": ["my_verbs.jsonl"]})
    doc = nlp("La Sacem a assigné en justice le site Zikabox.")
    [(f.subject, f.predicate, f.object) for f in doc._.kg_facts]   # [('Sacem', 'sues', 'Zikabox')]

The factories are declared as ``spacy_factories`` entry points, so spaCy finds them once kg is
installed. kg's own build runs the same functions through :func:`annotate` on the docs of
``nlp.pipe``. The extensions hold spaCy spans and tokens: keep such docs in the process that
made them (``Doc.to_bytes`` cannot carry them).
"""

from __future__ import annotations

import datetime

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.entities import find_mentions
from kg.extract.events import extract_events
from kg.extract.relations import extract_relations, load_rules
from kg.extract.relations.rules import Rules
from kg.lexicon import Lexicon, load_lexicon

EXTENSIONS = ("kg_mentions", "kg_facts", "kg_typed", "kg_actions", "kg_events", "kg_reference")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def annotate_entities(doc: Doc, lexicon: Lexicon | None = None) -> Doc:
    doc._.kg_mentions = find_mentions(doc, lexicon or load_lexicon())
    return doc


def annotate_relations(doc: Doc, lexicon: Lexicon | None = None, rules: Rules | None = None) -> Doc:
    lexicon = lexicon or load_lexicon()
    if doc._.kg_mentions is None:
        annotate_entities(doc, lexicon)
    actions: list = []
    doc._.kg_facts, doc._.kg_typed = extract_relations(doc, doc._.kg_mentions, lexicon, actions, rules=rules)
    doc._.kg_actions = actions
    return doc


def annotate_events(doc: Doc, lexicon: Lexicon | None = None, reference: datetime.date | None = None) -> Doc:
    if doc._.kg_actions is None:
        annotate_relations(doc, lexicon)
    reference = reference or doc._.kg_reference
    doc._.kg_events = extract_events(doc, doc._.kg_mentions, doc._.kg_actions, reference)
    return doc


def annotate(doc: Doc, lexicon: Lexicon, reference: datetime.date | None = None) -> Doc:
    """All three, as kg's build runs them."""
    annotate_entities(doc, lexicon)
    annotate_relations(doc, lexicon)
    return annotate_events(doc, lexicon, reference)


class EntitiesComponent:
    def __call__(self, doc: Doc) -> Doc:
        return annotate_entities(doc)


class RelationsComponent:
    def __init__(self, extra_rules: list[str]):
        self.rules = load_rules(tuple(str(p) for p in extra_rules))

    def __call__(self, doc: Doc) -> Doc:
        return annotate_relations(doc, rules=self.rules)


class EventsComponent:
    def __call__(self, doc: Doc) -> Doc:
        return annotate_events(doc)


@Language.factory("kg_entities")
def make_entities(nlp: Language, name: str) -> EntitiesComponent:
    return EntitiesComponent()


@Language.factory("kg_relations", default_config={"extra_rules": []})
def make_relations(nlp: Language, name: str, extra_rules: list[str]) -> RelationsComponent:
    return RelationsComponent(extra_rules)


@Language.factory("kg_events")
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent()
