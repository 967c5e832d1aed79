"""Who hosts a site, on the surface: 'X, site hébergé aux Pays-Bas', 'hébergé chez Y', 'les serveurs de X,
situés en Y', 'X, dont les serveurs sont installés en Y'."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.anaphora import anaphoric_ends
from kg.extract.relations.listing import weakly_typed
from kg.extract.relations.mentions import Reader
from kg.extract.relations.participles import fronted_subject
from kg.extract.relations.places import listed_before, place_after, places_after, servers_placed
from kg.extract.relations.scan import tokens_where
from kg.extract.relations.syntax import antecedent_of, case_of, is_irrealis, is_negated, is_passive, is_plural, lemma_of
from kg.extract.relations.words import LOCATIVE_PREPS, MACHINE_ROOM_WORDS, PLACING_VERBS, SERVER_NOUNS

PLACED_OR_HOSTED = PLACING_VERBS | {"héberger"}  # placed servers, or a hosting verb
COUNTRY_PREPS = frozenset({"depuis", "en", "au", "aux"})  # 'héberge depuis la France', 'héberge en Suède'


def hosted_in(sent: Span, reader: Reader):
    """'X, site hébergé aux Pays-Bas', 'hébergé chez Y', 'serveurs situés en Y'."""
    for tok in tokens_where(sent, PLACED_OR_HOSTED):  # (other words: the test below skips them)
        servers = servers_placed(tok, sent) if lemma_of(tok) in PLACING_VERBS else None
        if servers is None and lemma_of(tok) == "héberger" and not is_passive(tok):
            yield from _hosting_country(tok, reader)
            continue
        if servers is None and (lemma_of(tok) != "héberger" or not is_passive(tok)):
            continue
        if is_negated(tok) or is_irrealis(tok):
            continue
        # A hosting company named in the phrase hosts the site; the city or country is then only where it
        # stands ('hébergé chez OVH à Roubaix': OVH hosts it, Roubaix does not)
        company, place = company_host(tok, reader), place_after(tok, reader)
        host = company or place
        also = place if company is not None and place is not None and place.mention.fine == "Country" else None
        if servers is not None and host is None:  # 'Basés quant à eux à Amsterdam, les serveurs ...'
            host = next((m for m in reader.spans if tok.i < m.start < servers.i and m.mention.coarse == "Place"), None)
        if servers is not None:  # 'les serveurs du site X, situés en Y': Y hosts X
            named = [m for m in reader.mentions_at(servers) or _whose(servers, reader)
                     if m.mention.coarse == "Website" or weakly_typed(m)]
            told = []
            if not reader.mentions_at(servers) and reader.memory is not None:  # 'les serveurs du site', told
                inner = [c for c in servers.children if c.dep_ == "nmod"] or [servers]
                # ('les serveurs d'hébergement de ces applications': the noun the hosting noun governs)
                inner = [g for c in inner for g in c.children if g.dep_ == "nmod" and not c.text[:1].isupper()
                         and lemma_of(c) in MACHINE_ROOM_WORDS | {"hébergement"}] or inner
                told = anaphoric_ends(inner, reader.memory, frozenset({"Website"}))
            placed = host is not None and host.mention.coarse in {"Place", "Organization"}
            for one in [host, *places_after(host, reader)] if placed else []:  # ('en France et aux Pays-Bas')
                yield from ((one, site, "hosts.servers-placed") for site in named)
                yield from ((one, site, "hosts.servers-placed", "anaphoric") for site in told)
            continue
        if host is None:
            j = tok.i + 1
            while (
                j < min(sent.end, tok.i + 9)
                and reader.index.get(j) is None
                and reader.doc[j].text not in {",", ";", "."}
            ):
                j += 1
            candidate = reader.index.get(j)
            if candidate is not None and reader.doc[candidate.start - 1].lower_ in LOCATIVE_PREPS:
                host = candidate
        if host is None:
            continue
        sites = reader.mentions_at(tok.head) if tok.dep_ in {"acl", "amod"} else []
        if tok.dep_ in {"acl", "amod"} and not sites and tok.head.dep_ == "appos":
            sites = reader.mentions_at(tok.head.head)
        if not sites:
            sites = [
                m  # 'X, qui était hébergé en Y': the relative pronoun's antecedent
                for c in tok.children
                if c.dep_ in {"nsubj:pass", "nsubj"}
                for m in reader.mentions_at(antecedent_of(c) or c)
            ]
        if not sites and tok.dep_ == "advcl" and tok.i >= 2 and reader.doc[tok.i - 1].text == ",":
            # 'Le site X, hébergé chez Y, proposait ...' parsed as an adverbial clause: the name before the comma
            before = reader.index.get(tok.i - 2)
            sites = [before] if before is not None and before.mention.coarse == "Website" else []
        if not sites and tok.dep_ == "advcl" and any(c.dep_ == "cop" for c in tok.head.children):
            # 'le site X est toujours en ligne, hébergé en Y': the copula's subject
            subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
            sites = [m for c in subjects for m in reader.mentions_at(c) if m.mention.coarse == "Website"]
        last = reader.index.get(tok.i - 1) if not sites and tok.lower_.endswith(("és", "ées")) else None  # plural
        if last is not None and last.end == tok.i and last.mention.coarse == "Website":
            sites = [last, *listed_before(last, reader)]  # 'des sites A, B et C hébergés en Y', the list parsed apart
        tier = "explicit"
        if not sites and not any(not t.is_punct for t in reader.doc[sent.start : tok.i]):
            # 'Hébergé en Russie, le site X ...': a participle opening the sentence places the main subject
            head = fronted_subject(tok)
            found = reader.mentions_at(head) if head is not None else []
            sites = [m for m in found if m.mention.coarse in {"Website", ""}][:1]
        if not sites and reader.memory is not None:
            # 'Ses serveurs, hébergés chez X', 'Le site, créé en 2016, était hébergé en Y': the site told before
            for subject in [c for c in tok.children if c.dep_ in {"nsubj:pass", "nsubj"}] + (
                [tok.head] if tok.dep_ in {"acl", "amod", "advcl"} else []
            ):
                found = reader.memory.possessor_site(subject)
                if not found and subject.pos_ == "NOUN" and not reader.mentions_at(subject):
                    one = reader.memory.resolve_description(subject, frozenset({"Website"}))
                    found = [one] if one is not None else []
                if not found and subject.pos_ == "NOUN" and is_plural(subject) and not reader.mentions_at(subject):
                    found = reader.memory.resolve_group(subject, frozenset({"Website"}))  # 'ces sites sont hébergés'
                if found:
                    sites, tier = found, "anaphoric"
                    break
        described = tok.head if tok.dep_ in {"acl", "amod"} else None
        if tok.dep_ == "advcl" and tok.i >= 2 and reader.doc[tok.i - 1].text == ",":
            described = reader.doc[tok.i - 2]  # 'Le site, hébergé en Y, générait ...': the noun before the comma
        if not sites and described is not None and reader.memory is not None and described.pos_ == "NOUN":
            # 'Le forum francophone, hébergé aux Pays-Bas, ...': the site the description stands for
            found = reader.memory.resolve_description(described, frozenset({"Website"}))
            sites, tier = ([found], "anaphoric") if found is not None else ([], tier)
        for site in sites:
            yield host, site, "hosts.hosted-in", tier
            if also is not None:  # 'hébergé en Islande par la société X': the country hosts it too
                yield also, site, "hosts.hosted-in", tier


def host_seat(sent: Span, reader: Reader):
    """'hébergé à Montréal chez X', 'des serveurs situés en Suède chez X': the hosting company stands where the
    phrase places the servers ('hébergé chez X à Y' is the apposed place of located_in)."""
    for tok in tokens_where(sent, PLACED_OR_HOSTED):
        if lemma_of(tok) == "héberger" and not is_passive(tok) or is_negated(tok) or is_irrealis(tok):
            continue
        place, company = place_after(tok, reader), company_host(tok, reader)
        if place is None or company is None or place.end > company.start:
            continue
        between = reader.doc[place.end : company.start]
        if between[0].lower_ == "chez" or between.text.startswith(", chez"):
            yield company, place, "locatedIn.host-seat"


def _hosting_country(verb: Token, reader: Reader):
    """'X héberge depuis la France le site Y': the country the hosting is done from hosts Y too (the subject, X,
    is the hosting verb's own reading)."""
    if is_negated(verb) or is_irrealis(verb):
        return
    objects = [c for c in verb.children if c.dep_ == "obj"]
    # ('hébergeait le site Y en France': the parser may hang the country on the object)
    placed = [*verb.children, *(g for c in objects for g in c.children if g.dep_ == "nmod")]
    countries = [m for c in placed if c.dep_.startswith(("obl", "nmod")) and case_of(c) in COUNTRY_PREPS
                 for m in reader.mentions_at(c) if m.mention.fine == "Country"]
    sites = [m for c in objects for m in reader.mentions_at(c) if m.mention.coarse == "Website" or weakly_typed(m)]
    yield from ((country, site, "hosts.hosted-in") for country in countries for site in sites)


def _whose(noun: Token, reader: Reader) -> list[MentionSpan]:
    """'X, dont les serveurs sont installés en Y': the antecedent of the noun's 'dont'."""
    whose = next((c for c in noun.children if c.lower_ == "dont"), None)
    antecedent = antecedent_of(whose) if whose is not None else None
    return reader.mentions_at(antecedent) if antecedent is not None else []


def company_host(tok: Token, reader: Reader) -> MentionSpan | None:
    """'hébergé chez OVH', 'situés à Roubaix chez OVH', 'hébergé par la société X': the company named with
    'chez' or 'par' in the hosting phrase (up to the end of the clause)."""
    doc = reader.doc
    for j in range(tok.i + 1, min(tok.sent.end, tok.i + 12)):
        if doc[j].text in {",", ";", ".", ":"}:
            if j + 1 < len(doc) and doc[j + 1].lower_ == "chez":
                continue  # 'hébergé à Roubaix, chez OVH'
            return None
        mention = reader.index.get(j)
        if mention is not None and mention.start == j and mention.mention.coarse == "Organization":
            k = j - 1
            while k > tok.i and reader.index.get(k) is None and (
                doc[k].pos_ in {"DET", "NOUN", "ADJ"} or doc[k].lower_ in reader.lexicon.cues  # a cue tagged a verb
            ):
                k -= 1  # 'chez l'hébergeur X', 'par la société X'
            if doc[k].lower_ in {"chez", "par"} or _in_machines_of(doc, k):
                return mention
    return None


def _in_machines_of(doc, k: int) -> bool:
    """'dans le data center de X', 'sur les serveurs de X', 'dans les centres de données de X': k is the 'de'
    of a phrase of machines that 'dans', 'sur' or 'chez' opens."""
    if doc[k].lower_ not in {"de", "du", "des", "d'", "d’"}:
        return False
    machines = False
    for j in range(k - 1, max(-1, k - 7), -1):
        word = doc[j].lower_
        if word in {"dans", "sur", "chez"}:
            return machines
        if lemma_of(doc[j]) in SERVER_NOUNS or word in MACHINE_ROOM_WORDS:
            machines = True  # whatever the tagger made of it ('center' a verb)
        elif doc[j].pos_ not in {"DET", "NOUN", "ADJ", "PROPN", "ADP"} or doc[j].is_punct:
            return False
    return False
