"""Plaintiffs named as a group ('Les plaignants réunissent : X, Y, Z', 'X et Y se sont portés partie civile'):
each sues the article's defendant."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.agents import agents_of
from kg.extract.relations.anaphora import Memory
from kg.extract.relations.frames import PARTIES, SUED
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.scan import tokens_where
from kg.extract.relations.syntax import antecedent_of, case_of, is_plural, lemma_of, subjects_of
from kg.extract.relations.words import (
    AGAINST_WORDS,
    COMPLAINT_NOUNS,
    COUNSEL_NOUNS,
    DEFENDANT_NOUNS,
    JOINING_VERBS,
    PARTITIVE_PREPS,
    PLAINTIFF_LISTING_FORMS,
    PLAINTIFF_NOUNS,
    POSSESSIVES,
    SUING_PARTICIPLES,
)
from kg.lexicon import fold


def clients_of(subjects: list[MentionSpan], reader: Reader, memory: Memory) -> list[MentionSpan]:
    """'leur avocat, Me X, a présenté la plainte contre Y': counsel files a lawsuit for a client, who is the one
    that sues: the client the counsel noun names ('X, l'avocat de Z'), or for 'leur avocat' the plaintiffs the
    article told. Counsel whose client is not found sues no one."""
    found: list[MentionSpan] = []
    for subject in subjects:
        noun = _counsel_noun(subject, reader)
        if noun is None:
            found.append(subject)
            continue
        clients = [m for c in noun.children if c.dep_ == "nmod" and case_of(c) in PARTITIVE_PREPS
                   for m in reader.mentions_at(c) if m.mention.coarse in PARTIES]
        if not clients and any(c.dep_ == "det" and c.lower_ in POSSESSIVES for c in noun.children):
            clients = memory.plaintiffs
        found += [m for m in clients if m not in found]
    return found


def _counsel_noun(subject: MentionSpan, reader: Reader) -> Token | None:
    """The counsel noun or title a person is named with ('leur avocat, Me X', 'X, l'avocat de Z', 'Maître X')."""
    doc, i = reader.doc, subject.start - 1
    if subject.mention.coarse != "Person":
        return None
    titled = i >= 0 and doc[i].lower_ in COUNSEL_NOUNS
    i -= titled
    if i >= 1 and doc[i].text == "," and lemma_of(doc[i - 1]) in COUNSEL_NOUNS:
        return doc[i - 1]  # 'leur avocat, Me X'
    if subject.end < len(doc) and doc[subject.end].text == ",":
        after = [t for t in doc[subject.end + 1 : subject.end + 4] if lemma_of(t) in COUNSEL_NOUNS]
        if after:
            return after[0]  # 'X, l'avocat de Z'
    return doc[subject.start - 1] if titled else None


def plaintiff_groups(reader: Reader, memory: Memory, facts) -> list[tuple[MentionSpan, MentionSpan, Span]]:
    """'X, Y et Z s'étaient portées partie civile', 'Les plaignants réunissent : X, Y, Z', 'tels X et Y, tous
    parties civiles': the names a plaintiff noun describes sue the article's defendant (the one most often
    sued, convicted or arrested in what it says, else the site it is about)."""
    doc = reader.doc
    counts: dict[str, int] = {}
    for fact in facts:
        if fact.predicate in {"sues", "convicts", "arrests"}:
            counts[fact.object] = counts.get(fact.object, 0) + 1
    defendants = _named_defendants(reader) or [
        m for m in reader.spans if counts and m.mention.text == max(counts, key=lambda k: (counts[k], -len(k)))
    ][:1] or _most_named_site(reader) or _most_named_defendant(reader)
    found = []
    for sent in reader.sentences:
        joined = [t for t in tokens_where(sent, JOINING_VERBS) if _joins_lawsuit(t)]
        if joined:  # 'X et Y sont associés à la plainte', 'Z s'est joint à la procédure'
            members = [m for t in subjects_of(joined[0]) for m in reader.mentions_at(antecedent_of(t) or t)]
            found += [(m, defendants[0], sent) for m in members if m.mention.coarse in PARTIES]
            continue
        nouns = [t for t in tokens_where(sent, _PLAINTIFF_LEMMAS, {"partie", "parties"}) if _plaintiff_noun(t)]
        if not nouns:  # 'Les membres de X dans la poursuite comprennent A, B et C': members of the lawsuit
            in_suit = [t.head for t in tokens_where(sent, COMPLAINT_NOUNS) if t.dep_ == "nmod" and case_of(t) == "dans"]
            listed = [m for noun in in_suit if is_plural(noun) for m in _copula_members(noun, reader)]
            found += _suing(listed, _sued_just_before(reader, sent) or defendants, sent)
            continue
        noun = nouns[0]
        members = []
        if lemma_of(noun.head) in {"porter", "constituer"} or case_of(noun) == "comme" and noun.head.pos_ == "VERB":
            # 'X et Y se sont portés partie civile', 'X, Y et Z sont cités comme plaignants'
            subjects = subjects_of(noun.head) or [c for c in noun.head.children if c.dep_ == "nsubj:pass"]
            members = [m for t in subjects for m in reader.mentions_at(antecedent_of(t) or t)]
        k = noun.i - 1
        while k > sent.start and doc[k].lower_ in {"tous", "toutes", "les", "deux", "trois", "quatre", "également"}:
            k -= 1
        if not members and doc[k].text == "," and reader.index.get(k - 1) is not None:
            last = reader.index[k - 1]  # 'X, Y ou Z, tous parties civiles'
            members = [last, *reader.surface_list(last)]
        if not members and k >= 3 and doc[k - 2 : k + 1].text.lower() == "en tant que" and k - 3 in reader.index:
            last = reader.index[k - 3]  # 'la plainte comprend X, Y et Z en tant que plaignants'
            members = [last, *reader.surface_list(last)]
        if not members:
            members = _copula_members(noun, reader)  # 'Les plaignants dans l'affaire étaient X, Y et Z'
        civil = noun.i + 2 if noun.i + 1 < len(doc) and doc[noun.i + 1].lower_.startswith("civil") else 0
        if not members and civil and civil + 1 < sent.end and doc[civil].text == ",":
            first = reader.described_name(civil + 1)  # 'payer à la partie civile, la Sacem (en l'occurrence)'
            members = [first, *reader.surface_list(first)] if first is not None else []
        named = reader.index.get(noun.i + 1) if not members and is_plural(noun) else None
        if named is not None and named.start == noun.i + 1:
            members = [named, *reader.surface_list(named)]  # 'Selon les plaignants X, Y et Z, ...'
        if not members:  # 'Les plaignants réunissent un bloc inédit : X, Y, Z'
            colon = next((t.i for t in doc[noun.i : sent.end] if t.text == ":"), None)
            after = reader.index.get(colon + 1) if colon is not None else None
            members = [after, *reader.surface_list(after)] if after is not None else reader.member_list(noun)
        found += _suing(members, _sued_just_before(reader, sent) or defendants, sent)
    return found + inverted_defendants(reader)


def _suing(
    members: list[MentionSpan], sued: list[MentionSpan], sent: Span
) -> list[tuple[MentionSpan, MentionSpan, Span]]:
    """Each member that can be a party sues each defendant not listed among the members."""
    return [(m, d, sent) for m in members if m.mention.coarse in PARTIES for d in sued if d not in members]


def _sued_just_before(reader: Reader, sent: Span) -> list[MentionSpan]:
    """'Des poursuites ont été intentées contre le service X. Les demandeurs sont A, B et C.': the names a lawsuit
    of the sentence just before is brought against, which the group sues rather than the article's defendant."""
    doc = reader.doc
    before = doc[sent.start - 1].sent if sent.start > 0 else None
    if before is None or not tokens_where(before, LAWSUIT_WORDS):
        return []
    for token in before:
        if token.lower_ in AGAINST_WORDS:
            first = reader.described_name(token.i + (2 if token.lower_ == "encontre" else 1))
            if first is not None and first.mention.coarse in SUED:
                return [first, *(m for m in reader.surface_list(first) if m.mention.coarse in SUED)]
    return []


def inverted_defendants(reader: Reader) -> list[tuple[MentionSpan, MentionSpan, Span]]:
    """'Une assignation a été adressée par A, B et C. Ont été visés Bouygues, Free et SFR.', 'L'action, déposée par
    A. Les accusés comprennent des sites, X et Y.': the names an inverted passive of suing opens, or a defendant
    noun lists, are sued by whoever filed the complaint the sentence before tells."""
    found = []
    for before, sent in zip(reader.sentences, reader.sentences[1:], strict=False):
        listed = _listed_defendants(sent, reader)
        if not listed:
            continue
        plaintiffs = [  # 'Une plainte a été déposée par X', 'L'action, déposée par X, ...'
            m
            for t in before
            if lemma_of(t) in COMPLAINT_NOUNS
            for verb in ([t.head] if t.dep_ == "nsubj:pass" else []) + [c for c in t.children if c.dep_ == "acl"]
            for a in agents_of(verb)
            for m in reader.mentions_at(a)
            if m.mention.coarse in PARTIES
        ]
        for defendant in listed:
            found += [(p, defendant, sent) for p in unique(plaintiffs) if defendant.mention.coarse in PARTIES]
    return found


def _listed_defendants(sent: Span, reader: Reader) -> list[MentionSpan]:
    """The names an inverted passive of suing opens ('Ont été visés X, Y'), or those after the listing verb of a
    plural defendant noun that opens the sentence ('Les accusés comprennent ... X et Y')."""
    noun = next((t for t in sent[:3] if lemma_of(t) in DEFENDANT_NOUNS and is_plural(t)), None)
    listing = next((t for t in sent[:6] if t.lower_ in PLAINTIFF_LISTING_FORMS), None) if noun is not None else None
    if listing is not None and listing.i > noun.i:
        return [m for m in reader.spans if listing.i < m.start < sent.end and m.mention.coarse in SUED]
    if sent[0].lower_ not in {"ont", "sont", "seront"}:
        return []  # 'Ont été visés X', 'Sont poursuivis X': the verb opens the sentence
    verb = next((t for t in sent[:4] if lemma_of(t) in SUING_PARTICIPLES), None)
    first = None
    for k in range(verb.i + 1, min(sent.end, verb.i + 8)) if verb is not None else ():
        first = reader.described_name(k)
        if first is not None or reader.doc[k].pos_ not in {"ADV", "CCONJ", "PUNCT"}:
            break
    return [first, *reader.surface_list(first)] if first is not None else []


def _named_defendants(reader: Reader) -> list[MentionSpan]:
    """'Les défendeurs, X et la société liée Y, sont ...': the names a defendant noun announces."""
    doc = reader.doc
    for token in tokens_where(doc[:], DEFENDANT_NOUNS):
        if token.i + 2 < len(doc) and doc[token.i + 1].text in {",", ":"}:
            first = reader.described_name(token.i + 2) or reader.index.get(token.i + 2)
            if first is not None and first.mention.coarse in SUED:
                return [first, *(m for m in reader.surface_list(first) if m.mention.coarse in SUED)]
    return []


LAWSUIT_WORDS = COMPLAINT_NOUNS | SUING_PARTICIPLES  # a sentence that brings a lawsuit


def _copula_members(noun: Token, reader: Reader) -> list[MentionSpan]:
    """'Les plaignants (dans l'affaire) étaient X, Y et Z', 'Parmi les plaignants figurent X et Y': the names after
    the copula the plaintiff noun opens, read on the surface (the parser often takes the first name for a verb).
    A verb before the copula, or any word but a determiner or an adverb between the copula and the first name,
    ends the frame."""
    doc = reader.doc
    sent_end = noun.sent.end
    k = noun.i + 1
    while k < min(sent_end, noun.i + 7) and doc[k].lower_ not in PLAINTIFF_LISTING_FORMS:
        if doc[k].pos_ == "VERB" or doc[k].text in {",", ";", ":"}:
            return []
        k += 1
    if k >= sent_end or doc[k].lower_ not in PLAINTIFF_LISTING_FORMS:
        return []
    j = k + 1
    while j < sent_end and reader.index.get(j) is None and doc[j].pos_ in {"ADV", "DET"}:
        j += 1  # 'étaient notamment les sociétés X'
    first = reader.described_name(j)
    if first is None:  # 'comprennent certains des plus grands éditeurs, notamment X, Y et Z'
        noun = next((t for t in doc[j : min(sent_end, j + 6)] if t.pos_ == "NOUN"), None)
        return reader.member_list(noun) if noun is not None else []
    return [first, *reader.surface_list(first)]


def _most_named_site(reader: Reader) -> list[MentionSpan]:
    """The site the article names most often, when one does."""
    ranked = reader.sites_by_count()
    return [ranked[0][0]] if ranked and (len(ranked) == 1 or len(ranked[0]) > len(ranked[1])) else []


def _most_named_defendant(reader: Reader) -> list[MentionSpan]:
    """Without a site, the group or company the article names most often (strictly), when it is no known
    rights holder, court, police or access provider ('Anna's Archive', 'le groupe X')."""
    counts: dict[str, list[MentionSpan]] = {}
    for m in reader.spans:
        if m.mention.coarse == "Organization" and m.mention.fine in {"", "PirateGroup"}:
            counts.setdefault(fold(m.mention.text), []).append(m)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if ranked and len(ranked[0]) >= 2 and (len(ranked) == 1 or len(ranked[0]) > len(ranked[1])):
        return [ranked[0][0]]
    return []


def _joins_lawsuit(verb: Token) -> bool:
    """'associés à la plainte', 's'est joint à la procédure': a verb of joining whose partner is the lawsuit."""
    return lemma_of(verb) in JOINING_VERBS and any(
        c.dep_.startswith(("obl", "iobj")) and case_of(c) in {"à", "au", "aux"} and lemma_of(c) in COMPLAINT_NOUNS
        for c in verb.children
    )


# the lemmas _plaintiff_noun can hold for, besides the forms 'partie' and 'parties'
_PLAINTIFF_LEMMAS = PLAINTIFF_NOUNS | {"partie", "ayant", "ayants"}


def _plaintiff_noun(token: Token) -> bool:
    """'plaignant(s)', 'partie(s) civile(s)', 'ayant(s) droit', 'demandeur(s)'."""
    lemma = lemma_of(token)
    nxt = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
    return (
        lemma in PLAINTIFF_NOUNS
        or (lemma == "partie" or token.lower_ in {"partie", "parties"}) and nxt.startswith("civil")  # 'party' too
        or lemma in {"ayant", "ayants"} and nxt.startswith("droit")
    )
