"""The matcher: every trigger of the pattern table, every surface rule, over one parsed article."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.adversaries import surface_against
from kg.extract.relations.agents import agents_of, principals_of
from kg.extract.relations.anaphora import PUBLIC, Memory, anaphoric_ends
from kg.extract.relations.arguments import match_pattern
from kg.extract.relations.brackets import bracketed_brand, bracketed_works
from kg.extract.relations.captions import party_captions
from kg.extract.relations.clefts import cleft_blocking
from kg.extract.relations.closures import closed_after_operation, operation_led
from kg.extract.relations.context import (
    ISP_GROUP,
    announced_sites,
    blocking_orders,
    coordinated,
    counted_parties,
    generic_sites,
    listed_with_objects,
    main_subjects,
    no_site_at_issue,
    possessive,
    previous_site,
    role_complement,
    same_fate,
    sentence_defendants,
    sentences_between,
    unnamed_sites,
)
from kg.extract.relations.ends import end_type, listed_type, wider_place
from kg.extract.relations.fallbacks import fronted_leader
from kg.extract.relations.frames import NAME_FRAMES
from kg.extract.relations.hosting import hosted_in
from kg.extract.relations.listing import respectively, role_targets, weakly_typed
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.places import wider_places
from kg.extract.relations.plaintiffs import clients_of, plaintiff_groups
from kg.extract.relations.roles import hidden_behind
from kg.extract.relations.rules import Rules, load_rules, type_allows
from kg.extract.relations.scan import tokens_where
from kg.extract.relations.surface import located_in, operation_aside
from kg.extract.relations.syntax import is_irrealis, is_negated, lemma_of
from kg.extract.relations.triggers import may_trigger, triggered
from kg.extract.relations.words import (
    ADDITIVE_ADVERBS,
    ASKING_VERBS,
    COMPLAINT_NOUNS,
    DEFINITE,
    LEADING_VERBS,
    OPERATION_NOUNS,
    ORDER_NOUNS,
    PENALTY_WORDS,
    PERSON_ROLES,
    PROSECUTING_COURTS,
    RAID_NOUNS,
    SERVER_NOUNS,
)
from kg.extract.relations.works import rights_possessive
from kg.lexicon import Lexicon, fold, name_key, seated_elsewhere
from kg.records import Fact


def _sentence_offsets(sent: Span) -> tuple[str, int, int]:
    return sent.text.strip(), sent.start_char, sent.end_char


@dataclass
class Action:
    """One stated action (a trigger and the ends found for it), for the events of kg/extract/events.py.

    ``emitted`` holds the (subject, object) surface pairs that became facts; an action with none is
    still an event when one end or a description is there ('un homme a été arrêté à Chypre').
    """

    predicate: str
    trigger: Token | None  # None for surface rules that have no single trigger word
    sent: Span
    subjects: list[MentionSpan]
    objects: list[MentionSpan]
    object_tokens: list[Token]
    rule: str
    confidence: float
    emitted: list[tuple[str, str]] = field(default_factory=list)


# Actions done to people: reached through a role noun ('l'administrateur de X'), the target is the person.
PERSON_TARGETED = frozenset({"arrests", "convicts"})
SANCTIONS = frozenset({"orders", "convicts", "arrests", "shutsDown", "blocks"})

SURFACE_RULES = {
    "closed_after_operation": closed_after_operation,
    "operation_led_shutdown": partial(operation_led, predicate="shutsDown"),
    "operation_led_arrest": partial(operation_led, predicate="arrests"),
    "located_in": located_in,
    "hosted_in": hosted_in,
    "operation_aside": operation_aside,
    "rights_possessive": rights_possessive,
    "bracketed_works": bracketed_works,
    "bracketed_brand": bracketed_brand,
    "cleft_blocking": cleft_blocking,
    "hidden_behind": hidden_behind,
    **NAME_FRAMES,
}


def extract_relations(
    doc: Doc,
    spans: list[MentionSpan],
    lexicon: Lexicon,
    actions: list[Action] | None = None,
    rules: Rules | None = None,
) -> tuple[list[Fact], dict[str, str]]:
    """The facts of one parsed article, and the untyped names a relation typed (name -> coarse type).

    With ``actions``, also every action stated, for the events.
    """
    rules = rules or load_rules()
    reader = Reader(doc, spans, lexicon)
    memory = Memory(reader)
    reader.memory = memory  # surface rules reach descriptions through it ('Le forum, hébergé aux Pays-Bas')
    facts: dict[tuple, Fact] = {}
    typed: dict[str, str] = {}  # untyped names that a relation typed (its domain or range)
    discount = rules.anaphora_discount

    def _as_typed(end: MentionSpan, inferred: tuple[str, str], allowed: frozenset[str]) -> tuple[str, str]:
        earlier = typed.get(end.mention.text) if not end.mention.coarse else None
        return (earlier, "") if earlier is not None and earlier in allowed and earlier != inferred[0] else inferred

    def emit(
        subject: MentionSpan, predicate: str, obj: MentionSpan, sent: Span, rule: str, confidence: float, tier: str
    ):
        if subject.start == obj.start or name_key(subject.mention.text, lexicon) == name_key(obj.mention.text, lexicon):
            return  # one entity, maybe under two names ('Dragon Media Inc' and 'Dragon Media'), is never both ends
        if predicate == "locatedIn" and wider_place(subject, obj, lexicon):
            subject, obj = obj, subject
        domain, range_ = rules.constraints[predicate]
        subject_type = listed_type(reader, subject, domain) or end_type(rules, subject, domain, predicate, "subject")
        object_type = listed_type(reader, obj, range_) or end_type(rules, obj, range_, predicate, "object")
        # an untyped name an earlier fact typed keeps that type where this relation allows it ('Kuaibo')
        subject_type = _as_typed(subject, subject_type, domain)
        object_type = _as_typed(obj, object_type, range_)
        frame = rules.by_id.get(rule.rsplit(".", 1)[0])  # the row that told the fact ('operates.property.role')
        allowed = frame.object_fine_allowed if frame else frozenset()
        if not type_allows(rules, predicate, subject_type, object_type, allowed) or frame and (
            frame.subject_fine_required and subject_type[1] not in frame.subject_fine_required
        ):
            return
        if predicate == "sues" and subject_type[1] == "Court" and fold(subject.mention.text).split(" ")[0] not in (
            PROSECUTING_COURTS
        ):
            return  # 'la cour d'appel a confirmé le jugement': a tribunal judges, it never brings the case
        if predicate == "locatedIn" and seated_elsewhere(subject.mention.text, obj.mention.text, lexicon):
            return  # 'YouTube en Allemagne' is where a case about the platform is, not where the platform is
        for end, inferred in ((subject, subject_type[0]), (obj, object_type[0])):
            if inferred != end.mention.coarse and typed.get(end.mention.text, inferred) != inferred:
                return  # a name another fact of the article already typed otherwise: one type per name
        for end, inferred in ((subject, subject_type[0]), (obj, object_type[0])):
            if inferred != end.mention.coarse:
                typed[end.mention.text] = inferred
        if tier == "explicit" and not all(sent.start <= m.start < sent.end for m in (subject, obj)):
            tier = "anaphoric"  # an end named in another sentence ('... la plus grande bibliothèque. Il s'agit de X')
        text, start, end = _sentence_offsets(sent)
        confidence = rules.calibration.get(f"{rule}|{tier}", confidence)  # measured on real prose, if it was
        key = (subject.mention.text, predicate, obj.mention.text)
        fact = Fact(*key, text, start, end, rule, round(confidence, 2), tier)
        kept = facts.get(key)
        if (
            kept is None
            or kept.tier != "explicit" and tier == "explicit"
            or kept.tier == tier and fact.confidence > kept.confidence
        ):
            facts[key] = fact  # one fact per triple and article: the most explicit, then the surest statement
        return True

    for sent in doc.sents:
        for token in may_trigger(rules, sent, also=OPERATION_NOUNS):
            if lemma_of(token) in OPERATION_NOUNS:
                # 'Une opération d'Interpol et de la police X ...': who runs the operation the article tells
                end = next((t.i for t in doc[token.i + 1 : sent.end] if t.pos_ in {"VERB", "AUX"}), sent.end)
                agents = [
                    m
                    for m in reader.spans
                    if token.i < m.start < min(end, token.right_edge.i + 1) and m.mention.fine in PUBLIC
                ]
                # 'L'opération, baptisée X, a été menée par Europol et la police Y': who led it
                led = [c for c in (token.head, *token.children) if lemma_of(c) in LEADING_VERBS]
                if token.dep_.startswith("nsubj") and lemma_of(sent[0]) in LEADING_VERBS:
                    led.append(sent[0])  # 'Dirigée par le parquet de X, l'action de la police a permis de ...'

                agents = agents or [
                    m for v in led for a in agents_of(v) for m in reader.mentions_at(a) if m.mention.fine in PUBLIC
                ]
                memory.operation_agents = agents or memory.operation_agents
            # the narrowest range first: it types an untyped name before a wider one would ('éditer' a manga)
            ordered = sorted(triggered(rules, token), key=lambda p: len(rules.constraints[p.predicate][1]))
            matched = [(p, match_pattern(p, token, reader)) for p in ordered]
            # a frame that names its object noun wins over the bare verb ('détenir les droits de Y' runs no Y)
            specific = any(c is not None and p.with_obj for p, c in matched)
            for pattern, candidate in matched:
                if candidate is None or specific and not pattern.with_obj and pattern.kind == "verb":
                    continue
                if pattern.kind == "verb" and (is_negated(token) or is_irrealis(token, pattern.predicate)):
                    continue
                domain, range_ = rules.constraints[pattern.predicate]
                range_ = range_ & pattern.object_coarse if pattern.object_coarse else range_
                if pattern.kind != "role" and pattern.subject_coarse:  # (a role row's classes are its holder's)
                    domain = domain & pattern.subject_coarse
                subjects, objects, tier = candidate.subjects, candidate.objects, "explicit"
                if pattern.kind != "role":
                    subjects = [s for s in subjects if not listed_with_objects(s, objects, reader)]
                    subjects += principals_of(token, reader) if subjects and pattern.predicate == "sues" else []
                raid = pattern.by_operation or lemma_of(token) in rules.operation_lemmas  # 'L'intervention a ciblé Y'
                if raid and pattern.by_operation != any(lemma_of(t) in RAID_NOUNS for t in candidate.subject_tokens):
                    continue
                if pattern.by_decision:
                    # 'L'ordonnance (du tribunal X) cible Orange, SFR et Free': the court that gave the decision
                    decisions = [t for t in candidate.subject_tokens if lemma_of(t) in ORDER_NOUNS]
                    if not decisions:
                        continue
                    subjects = [m for m in subjects if m.mention.fine == "Court"]
                    subjects, tier = (subjects, tier) if subjects else (memory.sentencing_court(token), "anaphoric")
                if subjects and pattern.predicate in {"arrests", "shutsDown"}:
                    memory.recent_agents[pattern.predicate] = (subjects, sent.start)
                both = {m.start for m in subjects} & {m.start for m in objects}
                if both and len(objects) > len(both):
                    # 'les fondateurs de Y, A, B et C': the names apposed to the role are its holders, not more Y
                    objects = [o for o in objects if o.start not in both]
                if pattern.object_coarse:
                    # 'saisi les serveurs de X': an untyped name whose servers or domains are seized is a site
                    machines = any(lemma_of(t) in SERVER_NOUNS for t in candidate.object_tokens)
                    kept = [
                        o for o in objects if o.mention.coarse in pattern.object_coarse or machines and weakly_typed(o)
                    ]
                    listed = {m.start for o in kept for m in reader.surface_list(o)}
                    # a weak guess listed with a kept name shares its kind ('supprimer X et Tirexo')
                    objects = kept + [o for o in objects if o.start in listed and weakly_typed(o) and o not in kept]
                servers = any(lemma_of(t) in SERVER_NOUNS for t in candidate.subject_tokens)
                if pattern.predicate == "locatedIn" and servers:
                    continue  # where a site's servers stand says who hosts it (surface rule hosted_in)
                if pattern.predicate in PERSON_TARGETED and any(
                    lemma_of(t) in PERSON_ROLES for t in candidate.object_tokens
                ):
                    # 'condamne l'administrateur de X' convicts a person, not the site X (nor X untyped)
                    objects = role_targets(objects, candidate.object_tokens)
                if pattern.predicate in PERSON_TARGETED:
                    # 'condamné les responsables du tracker X' parsed with X as the object: the role's complement
                    objects = [o for o in objects if o.mention.coarse == "Person" or not role_complement(doc, o)]
                if not subjects:
                    # 'La plainte visait X': a definite lawsuit noun with no agent: the article's plaintiffs bring it
                    own = [token] if pattern.kind == "noun" and lemma_of(token) in COMPLAINT_NOUNS else []
                    leader = fronted_leader(sent, reader)  # 'Rassemblée derrière X, l'industrie a ...'
                    # a person's role held by no name here is a person's: 'les opérateurs de ces plates-formes'
                    personal = pattern.kind == "role" and lemma_of(token) in PERSON_ROLES
                    wanted = domain & {"Person"} if personal else domain
                    subjects = anaphoric_ends(candidate.subject_tokens or own, memory, wanted) if not leader else []
                    barred = rules.subject_fine_excluded.get(pattern.predicate, frozenset())
                    pronoun = [t for t in candidate.subject_tokens if t.lower_ in {"il", "elle"}]
                    if pronoun and subjects and all(m.mention.fine in barred for m in subjects):
                        # 'La cour a condamné X. Elle avait créé le site Y': no court runs a site, so 'elle' is
                        # the person the sentence before named
                        subjects = [p for p in [memory.previous_person(pronoun[0])] if p is not None]
                    if pattern.predicate == "sues" and pattern.kind == "verb":
                        subjects = memory.as_plaintiffs(subjects, domain)  # 'Le groupe réclame 80 millions'
                    if pattern.predicate == "blocks":  # who asked for the block never carries it out
                        asked = {name_key(m.mention.text, lexicon) for m in memory.plaintiffs}
                        subjects = [s for s in subjects if name_key(s.mention.text, lexicon) not in asked]
                    if (
                        not subjects
                        and (
                            pattern.predicate == "convicts"
                            or pattern.predicate == "orders"  # 'Il a été ordonné aux FAI de ...'
                            and candidate.voice == "passive"
                            and lemma_of(token) in ASKING_VERBS | {"ordonner", "enjoindre", "intimer"}
                        )
                        and pattern.kind == "verb"
                        # ('X a écopé de six mois': the penalty is no court; 'une (autre) décision par laquelle il
                        # était enjoint à X de ...': a decision is its court's)
                        and not [
                            t for t in candidate.subject_tokens
                            if t.lower_ not in PENALTY_WORDS and lemma_of(t) not in ORDER_NOUNS | {"autre"}
                        ]
                    ):
                        # 'X écope de deux ans de prison', 'Il a été condamné à ...', 'Il a été demandé aux FAI de
                        # bloquer ...': the court the article told
                        subjects = memory.sentencing_court(token)
                    if (
                        not subjects
                        and pattern.predicate == "sues"
                        and candidate.voice == "passive"
                        and pattern.kind == "verb"
                        and not (pattern.object_preps or pattern.with_obj)  # 'il a été demandé aux FAI' sues no one
                        and not candidate.subject_tokens
                        # named defendants of a full passive, or the plaintiffs just told ('Parmi les sites ciblés,
                        # on trouve X'), not 'Les sites ... attaqués aux États-Unis' heading another story
                        and (
                            candidate.objects and any(c.dep_ == "aux:pass" for c in token.children)
                            or sentences_between(reader, memory.plaintiffs, sent) <= 2
                            and sent.text.rstrip()[-1:] in '.!?…»"”)'  # a heading starts a story of its own
                        )
                    ):
                        subjects = memory.plaintiffs  # 'X et Y étaient assignés devant le tribunal': by the plaintiffs
                    if not subjects and pattern.predicate in {"arrests", "shutsDown"} and candidate.voice == "passive":
                        # 'Trois autres ont également été interpellés', 'X et Y ont été arrêtés' right after 'la
                        # police a arrêté trois personnes': by whoever did it just before
                        # ('X a démantelé le réseau Y. Ses administrateurs ont été arrêtés': the one who closed it)
                        other = "shutsDown" if pattern.predicate == "arrests" else "arrests"
                        agents, where = memory.recent_agents.get(pattern.predicate) or memory.recent_agents.get(
                            other, ([], -1))
                        if any(c.dep_ == "advmod" and c.lower_ in ADDITIVE_ADVERBS for c in token.children):
                            subjects = agents or memory.operation_agents
                        elif where >= 0 and sum(1 for s in reader.sentences if where <= s.start < sent.start) <= 2:
                            subjects = agents
                        subjects = subjects or (memory.acting_force(token) if pattern.predicate == "arrests" else [])
                    tier = "anaphoric" if subjects else tier
                    if leader:
                        subjects, tier = leader, "explicit"
                if not objects:
                    # 'le tribunal lui a infligé une peine': a pronoun a person's sentence stands for a person
                    pronoun = any(t.pos_ == "PRON" for t in candidate.object_tokens)
                    wanted = frozenset({"Person"}) if pattern.predicate in PERSON_TARGETED and pronoun else range_
                    objects = anaphoric_ends(candidate.object_tokens, memory, wanted)
                    # one entity is never both ends: a group the subject was read as loses the object ('Les
                    # compagnies reprochaient au FAI'), a named subject keeps it ('déposée par X et Y')
                    if candidate.subjects:
                        acting = {name_key(m.mention.text, lexicon) for m in subjects}
                        objects = [o for o in objects if name_key(o.mention.text, lexicon) not in acting]
                    else:
                        ends = {name_key(m.mention.text, lexicon) for m in objects}
                        subjects = [s for s in subjects if name_key(s.mention.text, lexicon) not in ends] or subjects
                    if pattern.predicate in SANCTIONS or pattern.predicate == "sues" and pronoun:
                        # who brought the case is never what a court orders, convicts or closes down, nor whom a
                        # pronoun sued stands for ('Ces labels l'accusent de ...': the one they sued before)
                        plaintiffs = {fold(m.mention.text) for m in memory.plaintiffs}
                        objects = [o for o in objects if fold(o.mention.text) not in plaintiffs]
                        objects = objects or (memory.targets.get("sues", []) if pattern.predicate == "sues" else [])
                    if not objects and subjects and pattern.predicate in {"blocks", "shutsDown"}:
                        # '... par le blocage. Ce sont 16 sites qui sont concernés : X, Y, Z.'
                        announced = announced_sites(reader, token)
                        objects = announced if unnamed_sites(candidate.object_tokens, reader, len(announced)) else []
                    elif not objects and subjects and pattern.predicate == "sues":
                        objects = counted_parties(candidate.object_tokens, reader, token)  # 'contre deux sociétés'
                    # 'Le fondateur, X, ...': of the site the article is about
                    bare = (
                        (lemma_of(token) in PERSON_ROLES or pattern.predicate == "hosts")  # 'L'hébergeur, X, ...'
                        and not any(c.dep_ in {"nmod", "obl:arg"} for c in token.children)
                        and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children)
                    )
                    # 'Pika et Alain Kahn, son président': the name just before 'son' owns the role, not a site
                    near = range(max(sent.start, token.i - 8), token.i)
                    owned = possessive(token) and any(
                        m.mention.coarse in {"Organization", "Person"} and m.start in near and m not in subjects
                        for m in reader.spans
                    )
                    possessed = (possessive(token) or bare) and not owned
                    if not objects and pattern.kind == "role" and subjects and possessed and not generic_sites(sent):
                        # 'Son administrateur, X': the site the sentence before was about
                        own = [m for m in main_subjects(sent, reader) if m.mention.coarse == "Website"]
                        own = [m for m in own if m.start < token.i]  # 'X a fermé ... chez son hébergeur Y'
                        objects = own[:1] or previous_site(reader, memory, sent) or memory.focal_site(token)
                    light = pattern.kind == "noun" or bool(pattern.with_obj) and pattern.predicate == "sues"
                    light = light and not surface_against(token)  # 'déposé une plainte ... contre X' names its target
                    # 'la condamnation de X, l'opérateur de Y': the person named after it is the target, not a site
                    light = light and not any(
                        token.i < m.start < sent.end and m.mention.coarse == "Person" and m not in subjects
                        for m in reader.spans
                    )
                    if not objects and not candidate.object_tokens and light and subjects:
                        # 'Suite à une plainte de X, le site Y a été fermé': the one defendant of the sentence
                        local = sentence_defendants(sent, reader, subjects, token)
                        if len(local) == 1:
                            objects = list(local.values())
                        elif memory.targets.get(pattern.predicate):
                            # 'la Cour d'appel a confirmé la condamnation': the target of the same action told before
                            objects = memory.targets[pattern.predicate]
                            tier = "anaphoric"
                        else:
                            # 'Une procédure initiée à la demande de X' right after a sentence about the site (not
                            # 'De nombreux sites font l'objet de poursuites menées par X': sites at large)
                            elsewhere = no_site_at_issue(sent, reader, token)
                            objects = [m for m in memory.last_subjects if m.mention.coarse == "Website"][:1]
                            objects = [] if elsewhere else objects or memory.focal_site(token)
                            tier = "anaphoric" if objects else tier
                    else:
                        tier = "anaphoric" if objects else tier
                    more = []
                else:
                    # 'fermer X et ses sites affiliés': a description coordinated with a name
                    described = [*candidate.object_tokens]
                    described += [c for o in objects for c in doc[o.start].children if c.dep_ == "conj"]
                    more = [
                        m
                        for tok in described
                        if tok.pos_ == "NOUN" and not reader.mentions_at(tok)
                        for m in anaphoric_ends([tok], memory, range_)
                    ]
                if not subjects and objects and pattern.predicate == "blocks" and pattern.kind == "noun":
                    # 'X ont obtenu le blocage de sept sites': the access providers the article lists apply it
                    subjects = memory.article_group(token, ISP_GROUP, None)
                    tier = "anaphoric" if subjects else tier
                subjects = clients_of(subjects, reader, memory) if pattern.predicate == "sues" else subjects
                rule = f"{pattern.id}.{candidate.voice}"
                confidence = pattern.confidence * (discount if tier == "anaphoric" else 1.0)
                action = Action(pattern.predicate, token, sent, subjects, objects + more, candidate.object_tokens,
                                rule, confidence)
                paired = respectively(sent, subjects, objects)
                own_domain = domain | {""} if pattern.kind != "role" and pattern.subject_coarse else None
                for subject in subjects:
                    if own_domain is not None and subject.mention.coarse not in own_domain:
                        continue  # a row's own narrower domain binds named subjects ('distribuer': a company's)
                    listed = {m.start for m in reader.surface_list(subject)}
                    for obj in paired.get(subject.start, objects):
                        # a role's closing names are no list with its complement ('les fondateurs de Y, X et Z')
                        closing = pattern.kind == "role" and subject.mention.coarse != obj.mention.coarse
                        if obj.start in listed and coordinated(doc, subject, obj) and not closing:
                            continue  # two names of one list are never the two ends of one action
                        if emit(subject, pattern.predicate, obj, sent, rule, confidence, tier):
                            action.emitted.append((subject.mention.text, obj.mention.text))
                    for obj in more:
                        if emit(subject, pattern.predicate, obj, sent, rule, pattern.confidence * discount,
                                "anaphoric"):
                            action.emitted.append((subject.mention.text, obj.mention.text))
                if actions is not None:
                    actions.append(action)
                if pattern.predicate == "blocks" and action.emitted:
                    for court, rule, own_tier in blocking_orders(token, candidate.voice, reader, memory):
                        weight = {"": confidence, "anaphoric": confidence * discount}.get(own_tier, pattern.confidence)
                        for subject in subjects:
                            emit(court, "orders", subject, sent, rule, weight, own_tier or tier)
                if pattern.predicate in {"shutsDown", "arrests"} and action.emitted and tier == "explicit":
                    memory.operation_agents = subjects
                # 'l'hébergeur X a dû fermer le site Y': a host named as such that takes a site down hosted it
                if pattern.predicate == "shutsDown":
                    for host in [s for s in subjects if s.mention.evidence == "cue:hébergeur"]:
                        for obj in [o for o in objects if (host.mention.text, o.mention.text) in action.emitted]:
                            emit(host, "hosts", obj, sent, "hosts.host-closing", pattern.confidence * 0.8, tier)
                if action.emitted and tier == "explicit":
                    done = {b for _, b in action.emitted}
                    memory.targets[pattern.predicate] = [o for o in objects if o.mention.text in done]
                    memory.target_sentences[pattern.predicate] = sent.start
                if pattern.predicate in {"convicts", "orders"} and action.emitted and tier == "explicit":
                    memory.judges = [m for m in subjects if m.mention.fine == "Court"] or memory.judges
                if pattern.predicate == "operates" and action.emitted:
                    memory.operators = [m for m in subjects if m.mention.coarse == "Person"] or memory.operators
                if pattern.predicate == "sues" and action.emitted:
                    memory.plaintiffs = [s for s in subjects if any(s.mention.text == a for a, _ in action.emitted)]
                elif pattern.predicate == "sues" and subjects and tier == "explicit":
                    # 'une plainte déposée par X et Y' whose target comes later ('La plainte visait Z')
                    memory.plaintiffs = [s for s in subjects if s.mention.coarse in domain]
                if pattern.predicate != "sues":
                    asking = [r for r in candidate.requesters if r.mention.fine not in rules.requester_fine_excluded]
                    # a measure's targets the sentence names, or the one site a description stands for ('contre le
                    # site'), not a counted group read from elsewhere (sites whose blocking X obtains are seldom
                    # its parties: the access providers are)
                    named = [o for o in objects if sent.start <= o.start < sent.end]
                    named = named or (objects if len(objects) == 1 else [])
                    if asking and not (named or candidate.measure_targets):
                        memory.plaintiffs = asking  # 'X et Y ont obtenu le blocage de sept sites': who sued
                    for requester in candidate.requesters:
                        if requester.mention.fine in rules.requester_fine_excluded:
                            continue  # a court that demands a measure orders it
                        # a requester a pronoun stood for ('Ils demandent le blocage de Y') is read from before
                        told = tier if sent.start <= requester.start < sent.end else "anaphoric"
                        for obj in named or candidate.measure_targets:
                            if emit(requester, "sues", obj, sent, f"{pattern.id}.requested", confidence * 0.9, told):
                                memory.plaintiffs = unique([*memory.plaintiffs, requester])
        agents, where = memory.recent_agents.get("shutsDown", ([], -1))
        fated = same_fate(sent, reader) if agents else []  # 'Deux autres sites, X et Y, ont connu un sort identique'
        if fated and sum(1 for s in reader.sentences if where <= s.start < sent.start) <= 3:
            for obj, agent in ((obj, agent) for obj in fated for agent in agents):
                emit(agent, "shutsDown", obj, sent, "shutsDown.same-fate", rules.same_fate_confidence, "anaphoric")
        for surface in rules.surface_rules:
            for subject, obj, rule, *rest in SURFACE_RULES[surface.id](sent, reader):
                tier = rest[0] if rest else "explicit"
                emitted = emit(subject, surface.predicate, obj, sent, rule, surface.confidence, tier)
                if emitted and actions is not None:
                    actions.append(
                        Action(surface.predicate, None, sent, [subject], [obj], [], rule, surface.confidence,
                               [(subject.mention.text, obj.mention.text)])
                    )
        # 'L'opération a été menée par X. Elle a permis de démanteler Y': the pronoun stands for the operation
        memory.operation_subject = any(
            t.dep_ in {"nsubj", "nsubj:pass"} and t.head == sent.root for t in tokens_where(sent, OPERATION_NOUNS)
        )
        if sent.text.rstrip()[-1:] in '.!?…»"”)':
            memory.last_subjects = main_subjects(sent, reader) or memory.last_subjects
        else:
            memory.last_subjects = []  # a heading or a teaser: no antecedent across it
    for subject, obj, sent in plaintiff_groups(reader, memory, facts.values()):
        emit(subject, "sues", obj, sent, "sues.plaintiff-group", rules.plaintiff_group_confidence, "anaphoric")
    for subject, obj, heading in party_captions(reader):
        emit(subject, "sues", obj, heading, "sues.party-caption", rules.party_caption_confidence, "explicit")
    found = [*facts.values(), *wider_places([*facts.values()], reader.spans, rules.calibration, reader.lexicon)]
    return sorted(found, key=lambda f: (f.start, f.subject, f.predicate, f.object)), typed
