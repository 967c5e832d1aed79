"""What the sentences around a trigger tell the matcher: the site a possessive points back to, the subjects a
sentence leaves for the next one's pronouns, whether two names are one list, whether a sentence is about
sites at large, the sites a next sentence lists for a blocking that names none, the court behind a blocking."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.agents import obligated, ordering_courts
from kg.extract.relations.anaphora import Memory, anaphoric_ends, number_of
from kg.extract.relations.doctables import tables_of
from kg.extract.relations.listing import identified_after_relative, weakly_typed
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.scan import mentions_between, tokens_where
from kg.extract.relations.syntax import is_plural, lemma_of, subjects_of, to_be_done_by
from kg.extract.relations.words import (
    DEFINITE,
    FATE_NOUNS,
    FATE_VERBS,
    LIST_OPENINGS,
    ORDER_NOUNS,
    PARTITIVE_PREPS,
    PERSON_ROLES,
    POSSESSIVES,
    SITE_KIND_NOUNS,
    TIME_LINKS,
)
from kg.lexicon import fold

ANY_END = frozenset({"Person", "Organization", "Website"})
ISP_GROUP = ("Organization", "InternetServiceProvider")


def role_complement(doc: Doc, mention: MentionSpan) -> bool:
    """Whether a name closes 'le/les <role> de (le) (<kind>)': 'les responsables du tracker X'."""
    for k in range(mention.start - 1, max(-1, mention.start - 5), -1):
        if lemma_of(doc[k]) in PERSON_ROLES:
            return doc[k + 1].lower_ in PARTITIVE_PREPS
        if doc[k].pos_ not in {"ADP", "DET", "NOUN", "ADJ"} or doc[k].text in {",", "("}:
            return False
    return False


def possessive(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in POSSESSIVES for c in token.children)


def runnable(mention: MentionSpan) -> bool:
    """A site, or a pirate group or network: what a possessive role noun ('ses administrateurs') can be of."""
    return mention.mention.coarse == "Website" or mention.mention.fine == "PirateGroup"


def previous_site(reader: Reader, memory: Memory, sent: Span) -> list[MentionSpan]:
    """The site a possessive points back to: the previous sentence's subject if a site, else its one site."""
    subjects = [m for m in memory.last_subjects if runnable(m)]
    if subjects:
        return subjects[:1]
    previous = [s for s in reader.sentences if s.end <= sent.start][-1:]
    sites = {
        fold(m.mention.text): m
        for s in previous
        for m in reader.spans
        if s.start <= m.start < s.end and runnable(m)
    }
    return list(sites.values()) if len(sites) == 1 else []


def coordinated(doc: Doc, a: MentionSpan, b: MentionSpan) -> bool:
    """'X et Y', 'X, Y ou Z': a list with a conjunction between the two names (not 'le site X, Y' apposed)."""
    first, second = sorted((a, b), key=lambda m: m.start)
    return any(t.lower_ in {"et", "ou"} for t in doc[first.end : second.start])


def listed_with_objects(subject: MentionSpan, objects: list[MentionSpan], reader: Reader) -> bool:
    """A subject read from the objects' own list of three names or more ('a porté plainte contre A de X au Y, B de
    Z en W, et C de V': the parser made C a subject): never one of the action's subjects. (Names of another
    class may close a role's complement: 'les fondateurs de Y, A et B'.)"""
    lists = [reader.surface_list(o) for o in objects if o.mention.coarse == subject.mention.coarse]
    return any(len(listed) >= 2 and subject in listed for listed in lists)


def sentences_between(reader: Reader, names: list[MentionSpan], sent: Span) -> int:
    """How many sentences back the last of these names stands (a large number when none does)."""
    last = max((m.start for m in names if m.start < sent.start), default=None)
    return 99 if last is None else sum(1 for s in reader.sentences if last < s.end and s.start < sent.start)


def generic_sites(sent: Span) -> bool:
    """A sentence about sites at large: a plural site noun with no name ('de nombreux sites', 'les sites qui')."""
    return any(lemma_of(t) in {"site", "plateforme"} and is_plural(t) for t in sent)


def no_site_at_issue(sent: Span, reader: Reader, trigger: Token) -> bool:
    """A sentence about sites at large, or whose subject is an unnamed description of a company ('Le géant de
    l'informatique est sous la menace d'une plainte de X'), not the one acting ('les majors ont déposé plainte'): the
    article's site is not its target (people may be its own: 'Les deux hommes ont été interpellés suite à ...')."""
    acting = trigger.head if trigger.dep_ == "obj" else None
    # the subject of the nearest clause the trigger sits in ('le géant est sous la menace de ...': of 'menace')
    subjects = [[t for t in a.children if t.dep_ in {"nsubj", "nsubj:pass"}] for a in trigger.ancestors if a != acting]
    heads = [t for t in next((s for s in subjects if s), []) if t.pos_ == "NOUN"]
    # (a description the text identifies is named: 'Les sociétés qui ont porté plainte sont A et B')
    cues = [reader.lexicon.cues.get(lemma_of(t)) for t in heads if reader.index.get(t.i) is None and not (
        identified_after_relative(t, reader.index, reader.surface_list))]
    # (a rights holder's description is a plaintiff: 'Les majors, ne voyant pas ..., ont déposé plainte')
    other = any(cue is not None and cue[0] == "Organization" and cue[1] != "RightsHolder" for cue in cues)
    return generic_sites(sent) or other


def main_subjects(sent: Span, reader: Reader) -> list[MentionSpan]:
    """Subjects of the sentence's clauses in text order; a root that is a name counts as one."""
    found = []
    root_mention = reader.index.get(sent.root.i)
    if root_mention is not None and sent.root.pos_ in {"NOUN", "PROPN"}:
        found.append(root_mention)
    tables = tables_of(sent.doc)
    for tok in (tables.tokens[i] for i in range(sent.start, sent.end) if tables.deps[i] in {"nsubj", "nsubj:pass"}):
        if "Rel" not in tok.morph.get("PronType"):
            named = reader.mentions_at(tok)
            # a coordinated subject counts whole ('La Sacem et la SCPP ont ...': 'Ils' stands for both)
            whole = any(c.dep_ == "conj" for c in tok.children) or tok.pos_ == "NOUN" and is_plural(tok)
            # (a list the parser broke up, all of it before the verb: 'A, B et C ont saisi ...')
            whole = whole or len(named) > 1 and named[0].start == tok.i and all(m.end <= tok.head.i for m in named)
            found.extend(named if whole else named[:1])  # 'Deux Russes, X et Y, ...' too
    heads = [t for t in sent if t.dep_ in {"nsubj", "nsubj:pass"} and t.head.i == sent.root.i]
    anaphors = [t for t in heads if t.pos_ == "PRON" or lemma_of(t) == "dernier"]
    # 'Le tribunal s'est d'abord dit incompétent': a definite description the main clause opens with, unnamed
    anaphors += [
        t for t in heads if t.pos_ == "NOUN" and reader.index.get(t.i) is None
        and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in t.children)
    ]
    anaphors.sort(key=lambda t: t.i)
    if reader.memory is not None and anaphors and all(anaphors[0].i < m.start for m in found):
        # 'Ce dernier a été interpellé ...', 'Il a ordonné ..., que X avait signalées': the antecedent the main
        # clause's subject follows stays the one to follow, before the names of the clauses after it
        found = anaphoric_ends(anaphors[:1], reader.memory, ANY_END) + found
    return sorted(unique(found), key=lambda m: m.start)


def sentence_defendants(
    sent: Span, reader: Reader, plaintiffs: list[MentionSpan], noun: Token
) -> dict[str, MentionSpan]:
    """Who a lawsuit the sentence tells without its target may be against: its sites ('Suite à une plainte de X, le
    site Y a été fermé'), else, when the lawsuit is told as a cause ('suite à', 'après'), the company its first
    subject names ('Y ferme ses portes suite aux procès intentés par X'; no public body, no rights holder, none of
    the plaintiffs: 'Y a tenté de faire annuler cette procédure' is no lawsuit against Y)."""
    named = mentions_between(reader.spans, sent.start, sent.end)
    sites = {fold(m.mention.text): m for m in named if m.mention.coarse == "Website"}
    if sites or not any(t.lower_ in TIME_LINKS for t in reader.doc[max(sent.start, noun.i - 4) : noun.i]):
        return sites
    if any(c.dep_ == "obj" and reader.mentions_at(c) for c in sent.root.children):
        return {}  # 'X met en demeure le groupe Y suite à une plainte de Z': X acts on Y, Z sued Y
    companies = [m for m in main_subjects(sent, reader)[:1] if m.mention.coarse == "Organization"]
    return {fold(m.mention.text): m for m in companies if m.mention.fine in {"", "PirateGroup"} and m not in plaintiffs}


def same_fate(sent: Span, reader: Reader) -> list[MentionSpan]:
    """'Deux autres sites, X et Y, viennent de connaître un sort identique': the names that met the fate the
    article just told."""
    for verb in tokens_where(sent, FATE_VERBS):
        if any(lemma_of(c) in FATE_NOUNS for c in verb.children if c.dep_ == "obj"):
            return unique([m for t in subjects_of(verb) for m in reader.mentions_at(t) if m.mention.coarse != "Place"])
    return []


def announced_sites(reader: Reader, token: Token) -> list[MentionSpan]:
    """The sites the next sentence lists when it opens as a list does ('Ce sont 16 sites : X, Y'), a heading
    between them skipped ('À la charge des opérateurs': a short line without a verb)."""
    sent = reader.next_sentence(token)
    if sent is not None and len(sent) < 12 and "\n" in sent[-1].text and not any(t.pos_ == "VERB" for t in sent):
        sent = reader.next_sentence(sent[-1])
    if sent is None or not sent.text.strip().lower().startswith(LIST_OPENINGS):
        return []
    group = reader.names_in(sent.start, sent.end, lambda m: m.mention.coarse == "Website" or weakly_typed(m))
    return list(group.values()) if len(group) >= 2 else []


def counted_parties(tokens: list[Token], reader: Reader, token: Token) -> list[MentionSpan]:
    """The parties a counted plural noun announces and the next sentence names, as many as counted ('attaque deux
    sociétés belges en justice. Selon elle, A et B vendent ...': its first list); none when the count
    differs."""
    nouns = [t for t in tokens if t.pos_ == "NOUN" and is_plural(t)]
    counts = [number_of(c) for t in nouns for c in t.children if c.dep_ == "nummod"]
    sent = reader.next_sentence(token) if len(counts) == 1 and (counts[0] or 0) >= 2 else None
    if sent is None:
        return []
    first = next(iter(mentions_between(reader.spans, sent.start, sent.end)), None)
    listed = [first, *reader.surface_list(first)] if first is not None else []
    parties = [m for m in listed if m.mention.coarse in {"Organization", "Person"}]
    return parties if len(parties) == len(listed) == counts[0] else []


def unnamed_sites(tokens: list[Token], reader: Reader, listed: int) -> bool:
    """No object, or only nouns of sites that name none, or quantities of them ('une centaine de noms de domaine à
    bloquer par X', 'l'ensemble des sous-domaines'), never counted otherwise than the names listed ('cinq sites',
    then two names: not those)."""
    return all(
        not reader.mentions_at(t)
        and any(lemma_of(n) in SITE_KIND_NOUNS for n in (t, *(c for c in t.children if c.dep_ == "nmod")))
        and all(number_of(c) in {None, listed} for c in t.children if c.dep_ == "nummod")
        for t in tokens
    )


def blocking_orders(verb: Token, voice: str, reader: Reader, memory: Memory) -> list[tuple[MentionSpan, str, str]]:
    """The courts that order whom a blocking verb makes block, each with its rule and its tier ('' for the
    action's own): 'Sur décision du tribunal X, Orange devra bloquer Y' (the decision's court); 'Le tribunal a
    ordonné le blocage de Y. Orange devra bloquer ces sites' (the court told before); 'Rendues par le tribunal X,
    trois décisions visent des noms à bloquer par Orange' (the one court of a sentence about its decisions, named
    with the providers whatever the sites)."""
    if voice == "active":
        courts = ordering_courts(verb, reader)
        if courts:
            return [(court, "orders.by-decision", "") for court in courts]
        told = memory.sentencing_court(verb) if obligated(verb) else []
        return [(court, "orders.obligation", "anaphoric") for court in told]
    sent = verb.sent
    if not to_be_done_by(verb) or not tokens_where(sent, ORDER_NOUNS):
        return []
    courts = list(reader.names_in(sent.start, sent.end, lambda m: m.mention.fine == "Court").values())
    return [(courts[0], "orders.by-decision", "explicit")] if len(courts) == 1 else []
