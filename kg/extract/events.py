"""Events: each stated action with its agent, target, place and date.

The relations stage records every action it reads (``relations.Action``: a trigger word
and the ends found for it). Here each becomes an ``Event`` of a class of the ontology
(``sues`` -> Lawsuit, ``arrests`` -> Arrest...), dated and placed from the words attached
to its trigger in the parse: "arrêté à Chypre", "une décision du 29 mai". A date or a place
hanging on another verb ("le communiqué, publié mercredi 26 août, ...") is not the action's.
Events stand beside the direct triples; an action without a named target still gives an
event ("un homme de 50 ans a été arrêté à Chypre") with the words that describe it, and no
person is invented. Nominalised actions the text dates ("une décision de la justice russe,
datée du 16 août 2007") are events of their own.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg.extract.dates import DateMention, find_dates
from kg.extract.entities import MentionSpan, token_mentions
from kg.extract.relations import Action, load_rules
from kg.extract.relations.agents import agents_of
from kg.extract.relations.syntax import is_irrealis, is_negated, subjects_of
from kg.lexicon import DATA
from kg.records import Event

_CLAUSE_DEPS = {"acl", "acl:relcl", "appos", "punct", "advcl", "parataxis"}
_ANOTHER = {"autre", "autres"}


@dataclass(frozen=True)
class EventRules:
    kinds: dict[str, str]
    dated_only: frozenset[str]
    nouns: dict[str, dict]
    transparent_verbs: frozenset[str]
    place_preps: frozenset[str]
    unnamed_targets: frozenset[str]
    person_nouns: frozenset[str]


@lru_cache(maxsize=1)
def load_event_rules() -> EventRules:
    raw = json.loads((DATA / "event_patterns.json").read_text(encoding="utf-8"))
    return EventRules(
        kinds=raw["kinds"],
        dated_only=frozenset(raw["dated_only"]),
        nouns=raw["nouns"],
        transparent_verbs=frozenset(raw["transparent_verbs"]),
        place_preps=frozenset(raw["place_preps"]),
        unnamed_targets=frozenset(raw["unnamed_targets"]),
        person_nouns=frozenset(raw["person_nouns"]),
    )


class SentenceDates:
    """The date expressions of each sentence, with the token each hangs on."""

    def __init__(self, doc: Doc, reference: datetime.date | None):
        self.doc = doc
        self.reference = reference
        self._cache: dict[int, list[tuple[DateMention, Token, Span]]] = {}
        self._anchors: dict[int, datetime.date] | None = None

    def anchor(self, sent: Span) -> datetime.date | None:
        """The last full date ('3 mars 2024') the article gave before this sentence."""
        if self._anchors is None:
            self._anchors, last = {}, None
            for other in self.doc.sents:
                if last is not None:
                    self._anchors[other.start] = last
                for mention in find_dates(other.text, None):
                    if mention.datatype == "date":
                        last = datetime.date.fromisoformat(mention.value)
        return self._anchors.get(sent.start)

    def of(self, sent: Span) -> list[tuple[DateMention, Token, Span]]:
        if sent.start not in self._cache:
            found = []
            for mention in find_dates(sent.text, self.reference, self.anchor(sent)):
                span = self.doc.char_span(
                    sent.start_char + mention.start, sent.start_char + mention.end, alignment_mode="expand"
                )
                if span is not None and len(span):
                    found.append((mention, span.root, span))
            self._cache[sent.start] = found
        return self._cache[sent.start]


def _is_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and not token.dep_.startswith("aux") and token.dep_ != "cop"


def _anchors(trigger: Token) -> set[int]:
    """The trigger, and the word that governs it when that word carries its time and place.

    'a décidé le 3 mars de fermer X': the date hangs on 'décidé'; 'visé en février par une action':
    on the verb whose agent the action noun is.
    """
    anchors = {trigger.i}
    if trigger.dep_ == "xcomp" or (
        trigger.pos_ == "NOUN" and trigger.dep_ in {"obj", "obl:agent", "nsubj:pass", "nsubj", "obl", "obl:arg"}
    ):
        anchors.add(trigger.head.i)
    return anchors


def _hangs_on(token: Token, anchors: set[int], transparent: frozenset[str]) -> bool | None:
    """True when token's chain of heads reaches an anchor without crossing another verb.

    None when the chain ends at a root first (a misparse: the caller looks at the surface).
    """
    node = token
    for _ in range(12):
        if node.i in anchors:
            return True
        if node.i != token.i and _is_verb(node) and node.lemma_.lower() not in transparent:
            return False
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _same_clause(doc: Doc, a: int, b: int, transparent: frozenset[str]) -> bool:
    low, high = sorted((a, b))
    return not any(
        (_is_verb(doc[i]) and doc[i].lemma_.lower() not in transparent) or doc[i].text in {";", ":"}
        for i in range(low + 1, high)
    )


def _date_of(anchors: set[int], trigger: Token, dates: list, rules: EventRules) -> DateMention | None:
    best: tuple[int, DateMention] | None = None
    for mention, head, span in dates:
        if any(i in anchors for i in range(span.start, span.end)):
            continue
        hangs = _hangs_on(head, anchors, rules.transparent_verbs)
        if hangs is None:
            hangs = _same_clause(trigger.doc, trigger.i, head.i, rules.transparent_verbs)
        if hangs:
            distance = abs(head.i - trigger.i)
            if best is None or distance < best[0]:
                best = (distance, mention)
    return best[1] if best else None


def _places_of(anchors: set[int], sent: Span, index: dict[int, MentionSpan], rules: EventRules) -> list[str]:
    """Place names introduced by à/en/au/dans and hanging on the trigger, lists included."""
    doc = sent.doc
    places: list[str] = []
    seen: set[int] = set()
    for i in range(sent.start, sent.end):
        m = index.get(i)
        if m is None or m.start in seen or m.mention.coarse != "Place":
            continue
        seen.add(m.start)
        root = doc[m.start : m.end].root
        before = doc[m.start - 1].lower_ if m.start > sent.start else ""
        before2 = doc[m.start - 2].lower_ if m.start - 1 > sent.start else ""
        introduced = before in rules.place_preps or (before in {"le", "la", "les", "l'", "l’"} and before2 == "dans")
        if not introduced:
            continue
        node = root
        while node.dep_ == "conj" and node.head.i != node.i and index.get(node.head.i) is not None:
            node = node.head  # 'en Suède, en Norvège et au Danemark': the list hangs on its first place
        if node.head.i in anchors and node.i not in anchors:
            places.append(m.mention.text)
    return places


def _description(token: Token) -> str:
    """The words of a noun phrase without its clauses and asides: 'Un homme de 50 ans'."""
    drop: set[int] = set()
    for child in token.children:
        if child.dep_ in _CLAUSE_DEPS:
            drop.update(t.i for t in child.subtree)
    kept = [t.i for t in token.subtree if t.i not in drop]
    start, end = min(kept), max(kept)
    comma = next((i for i in range(token.i + 1, end + 1) if token.doc[i].text == ","), None)
    end = comma - 1 if comma is not None else end  # 'Son responsable, âgé de 24 ans': the aside is not the name
    while end > start and token.doc[end].is_punct:
        end -= 1
    return token.doc[start : end + 1].text


def _concerned(token: Token, index: dict[int, MentionSpan], exclude: set[str]) -> list[str]:
    """Groups and sites named inside a noun phrase ('l'un des responsables de Sparks')."""
    out: list[str] = []
    for t in token.subtree:
        m = index.get(t.i)
        if m and m.mention.coarse in {"Organization", "Website"} and m.mention.text not in exclude:
            if m.mention.text not in out:
                out.append(m.mention.text)
    return out


def _unique(names) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _allowed(mentions: list[MentionSpan], allowed: frozenset[str]) -> list[str]:
    return [m.mention.text for m in mentions if not m.mention.coarse or m.mention.coarse in allowed]


class EventReader:
    """Per-article state: mentions by token, dates by sentence, the rules."""

    def __init__(self, doc: Doc, spans: list[MentionSpan], reference: datetime.date | None):
        self.doc = doc
        self.index = token_mentions(spans)
        self.dates = SentenceDates(doc, reference)
        self.rules = load_event_rules()
        self.constraints = load_rules().constraints
        self.operated: set[str] = set()  # sites and groups the article says someone runs

    def from_action(self, action: Action) -> list[Event]:
        kind = self.rules.kinds.get(action.predicate)
        if kind is None:
            return []
        domain, range_ = self.constraints[action.predicate]
        trigger = action.trigger
        description, concerns = "", ()
        if action.emitted:
            agents = _unique(s for s, _ in action.emitted)
            targets = _unique(o for _, o in action.emitted)
        elif action.subjects and action.objects:
            return []  # every pair was refused by the types: not this action
        else:
            agents = _unique(_allowed(action.subjects, domain))
            targets = _unique(_allowed(action.objects, range_))
            if action.predicate in self.rules.unnamed_targets:
                # 'le fondateur de X, Y, a été arrêté': Y is arrested, not the site Y runs
                targets = tuple(t for t in targets if t not in self.operated) or targets
            if trigger is not None and trigger.pos_ == "NOUN":
                pass  # a nominalisation without both ends is an event only when dated (below)
            elif not targets and action.predicate in self.rules.unnamed_targets:
                for tok in action.object_tokens:
                    if tok.lemma_.lower() in self.rules.person_nouns and self.index.get(tok.i) is None:
                        description = _description(tok)
                        # '..., présenté comme le fondateur du groupe X, a été arrêté': the aside may hang on the verb
                        asides = [c for c in trigger.children if c.dep_ in {"advcl", "acl"} and c.i < trigger.i]
                        concerns = _unique(
                            name for node in [tok, *asides] for name in _concerned(node, self.index, set(agents))
                        )
                        break
            if not (agents or targets or description):
                return []
        date, places = None, []
        if trigger is not None:
            anchors = _anchors(trigger)
            date = _date_of(anchors, trigger, self.dates.of(action.sent), self.rules)
            places = [p for p in _places_of(anchors, action.sent, self.index, self.rules) if p not in agents + targets]
        if date is None and (action.predicate in self.rules.dated_only):
            return []
        if trigger is not None and trigger.pos_ == "NOUN" and not action.emitted and date is None:
            return []
        if not (targets or description or date or places):
            return []  # 'la MPAA poursuit son offensive': an agent alone says no action
        event = self._event(kind, action.predicate, action.sent, action.rule, action.confidence, agents, targets,
                            description, concerns, places, date)
        events = [event]
        if trigger is not None and (description or targets):
            events += self._elliptic(event, trigger, action.sent)
        return events

    def _event(self, kind, predicate, sent, rule, confidence, agents, targets, description, concerns, places, date):
        return Event(
            kind=kind,
            predicate=predicate,
            sentence=sent.text.strip(),
            start=sent.start_char,
            end=sent.end_char,
            rule=f"event.{rule}",
            confidence=round(confidence * (0.9 if date or places else 0.85), 2),
            agents=tuple(agents),
            targets=tuple(targets),
            target_description=description,
            concerns=tuple(concerns),
            places=tuple(places),
            date_text=date.text if date else "",
            date_value=date.value if date else "",
            date_type=date.datatype if date else "",
        )

    def _elliptic(self, event: Event, trigger: Token, sent: Span) -> list[Event]:
        """'... a été arrêté à Chypre ; un autre, dans le Kansas': the verb is understood again."""
        doc, out = self.doc, []
        end = sent.end
        if doc[end - 1].text == ";" and end < len(doc):
            end = doc[end].sent.end  # the parser's sentence stopped at the semicolon
        i = trigger.i
        while i < end - 2:
            if doc[i].text in {";", ","} and doc[i + 1].lower_ in {"un", "une", "deux", "trois"} and (
                doc[i + 2].lower_ in _ANOTHER
            ):
                words = doc[i + 1 : i + 3].text
                j = i + 3
                while j < end and doc[j].text not in {";", "."} and not _is_verb(doc[j]):
                    m = self.index.get(j)
                    if m is not None and m.mention.coarse == "Place":
                        before = doc[m.start - 1].lower_
                        if before in self.rules.place_preps or doc[m.start - 2].lower_ == "dans":
                            out.append(
                                replace(
                                    event,
                                    targets=(),
                                    target_description=words,
                                    places=(m.mention.text,),
                                    rule=event.rule + ".elliptic",
                                )
                            )
                        break
                    j += 1
                i = j
            i += 1
        return out

    def from_nouns(self, sent: Span, taken: set[str]) -> list[Event]:
        """Dated nominalised actions no verb of the sentence already gave: 'une décision datée du 16 août 2007'."""
        events = []
        for token in sent:
            spec = self.rules.nouns.get(token.lemma_.lower())
            if spec is None or token.pos_ != "NOUN" or spec["kind"] in taken:
                continue
            phrase = {t.lemma_.lower() for t in token.subtree} | {token.head.lemma_.lower()}
            if spec.get("requires") and not phrase & set(spec["requires"]):
                continue
            governor = token.head if token.head.i != token.i and _is_verb(token.head) else None
            if governor is not None and (is_negated(governor) or is_irrealis(governor)):
                continue
            anchors = _anchors(token)
            date = _date_of(anchors, token, self.dates.of(sent), self.rules)
            if date is None:
                continue
            agents, targets = self._noun_ends(token, spec, governor)
            if not (agents or targets):
                continue
            exclude = set(agents) | set(targets)
            concerns = tuple(
                name
                for name in _concerned(token, self.index, exclude)
                if self._coarse(name) == "Website" or token.lemma_.lower() in {"décision", "jugement"}
            )
            places = [p for p in _places_of(anchors, sent, self.index, self.rules) if p not in exclude]
            events.append(
                self._event(spec["kind"], "", sent, f"noun.{token.lemma_.lower()}", 0.7, agents, targets, "",
                            concerns, places, date)
            )
            taken.add(spec["kind"])
        return events

    def _coarse(self, name: str) -> str:
        for m in self.index.values():
            if m.mention.text == name:
                return m.mention.coarse
        return ""

    def _noun_ends(self, noun: Token, spec: dict, governor: Token | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        agents: list[str] = []
        targets: list[str] = []
        for child in noun.children:
            if not child.dep_.startswith(("nmod", "obl")):
                continue
            case = next((c.lower_ for c in child.children if c.dep_ == "case"), "")
            m = self.index.get(child.i)
            if m is None:  # 'le blocage du site X': the name closing the kind noun
                m = next((self.index[g.i] for g in child.children
                          if g.dep_ in {"nmod", "appos", "flat:name"} and g.i in self.index and g.i > child.i), None)
            if m is None:
                continue
            if case == "par" or (case in {"de", "du", "des", "d'", "d’"} and spec["de"] == "agent"):
                agents.append(m.mention.text)
            elif case in {"contre", "de", "du", "des", "d'", "d’"}:
                targets.append(m.mention.text)
        if governor is not None:
            if noun.dep_ == "obl:agent":  # 'X a été visé par une action'
                targets += [self.index[t.i].mention.text for t in governor.children
                            if t.dep_ in {"nsubj:pass", "nsubj"} and t.i in self.index]
            elif noun.dep_ == "obj" and not agents and not (
                spec["kind"] in ORDERED_KINDS and governor.lemma_.lower() in ORDERING_VERBS
            ):  # 'la MPAA a déposé une plainte'; but who orders a blocking does not block
                subjects = subjects_of(governor) + agents_of(governor)
                if governor.dep_ == "conj" and governor.head.pos_ in {"NOUN", "PROPN"}:
                    subjects.append(governor.head)  # 'La MPAA et des studios ont déposé': the list parsed as clauses
                agents += [self.index[t.i].mention.text for t in subjects if t.i in self.index]
        return _unique(agents), _unique(targets)


# A blocking is ordered by a court or asked for by a rights holder, and carried out by others.
ORDERED_KINDS = {"Blocking"}
ORDERING_VERBS = {"ordonner", "imposer", "exiger", "obtenir", "demander", "réclamer", "prononcer"}


def extract_events(
    doc: Doc, spans: list[MentionSpan], actions: list[Action], reference: datetime.date | None = None
) -> list[Event]:
    """The events of one parsed article, in text order, one per action and sentence."""
    reader = EventReader(doc, spans, reference)
    reader.operated = {o for action in actions if action.predicate == "operates" for _, o in action.emitted}
    events: list[Event] = []
    by_sentence: dict[int, set[str]] = {}
    for action in actions:
        found = reader.from_action(action)
        events += found
        by_sentence.setdefault(action.sent.start, set()).update(e.kind for e in found)
    for sent in doc.sents:
        events += reader.from_nouns(sent, by_sentence.setdefault(sent.start, set()))
    unique: dict[tuple, Event] = {}
    for event in events:
        key = (event.start, event.kind, event.agents, event.targets, event.target_description, event.places)
        unique.setdefault(key, event)
    kept = [e for e in unique.values() if not any(_subsumes(other, e) for other in unique.values())]
    return sorted(kept, key=lambda e: (e.start, e.kind, e.agents, e.targets, e.target_description))


def _subsumes(full: Event, partial: Event) -> bool:
    """What another event of the article already says in full.

    In one sentence, two triggers of one action ('a porté plainte' and 'plainte') give one event;
    across sentences, a restatement that lost its agent adds nothing ('X est poursuivi' after
    'la MPAA poursuit X').
    """
    if full is partial or full.kind != partial.kind:
        return False
    if full.start == partial.start:
        return (
            set(partial.agents) <= set(full.agents)
            and set(partial.targets) <= set(full.targets)
            and set(partial.places) <= set(full.places)
            and partial.date_value in {"", full.date_value}
            and not partial.target_description
            and (full.agents, full.targets, full.places, full.date_value)
            != (partial.agents, partial.targets, partial.places, partial.date_value)
        )
    return (
        not partial.agents
        and bool(full.agents)
        and bool(partial.targets)
        and set(partial.targets) <= set(full.targets)
        and not partial.date_value
        and not partial.places
    )
