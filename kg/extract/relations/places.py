"""Place phrases the location rules of surface.py read: a seat ('X a son siège en Y'), towns listed after
their country, kind nouns placed in a country, a country bracketed after a city, the place after a word,
the article's mention of a named place, the servers a placing verb is about."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.anaphora import PUBLIC
from kg.extract.relations.fallbacks import surface_subject
from kg.extract.relations.listing import hometown_places
from kg.extract.relations.mentions import Reader
from kg.extract.relations.scan import mentions_between, tokens_where
from kg.extract.relations.syntax import antecedent_of, case_of, is_plural, lemma_of
from kg.extract.relations.words import (
    COMPASS_WORDS,
    LOCATIVE_PREPS,
    PARTITIVE_PREPS,
    PLACE_KIND_NOUNS,
    PLACING_VERBS,
    SEAT_NOUNS,
)
from kg.lexicon import Lexicon, closing_place, fold
from kg.records import Fact

# the rules that place a place in a wider one ("Oslo, en Norvège", "La Haye (Pays-Bas)", "à Belley dans l'Ain")
PLACE_IN_PLACE = (
    "locatedIn.apposed-place",
    "locatedIn.bracketed-country",
    "locatedIn.comma-region",
    "locatedIn.apposed-place-kind",
)


def seats(sent: Span, reader: Reader):
    """'SCEA, la branche américaine de Sony, a son siège en Californie', 'X, dont le siège est à Y'."""
    for noun in tokens_where(sent, SEAT_NOUNS):
        k = noun.i + 1
        while k < sent.end and (reader.doc[k].pos_ in {"ADJ", "AUX"} or reader.doc[k].lemma_ == "être" or (
            lemma_of(reader.doc[k]) in PLACING_VERBS and k > noun.i + 1
        )):
            k += 1  # 'son siège social est à Y', 'dont le siège est basé à Y'
        place = place_after(reader.doc[k - 1], reader) if k > noun.i else None
        whose = next((c for c in noun.children if c.lower_ == "dont"), None)
        if place is None or place.mention.fine == "" and place.mention.evidence.startswith("ner") and whose is None:
            continue  # a name only the NER calls a place, unless 'dont le siège est à' says it is one
        holder = None
        if noun.dep_ == "obj" and lemma_of(noun.head) == "avoir":
            holder = next((m for c in noun.head.children if c.dep_ == "nsubj" for m in reader.mentions_at(c)), None)
            holder = holder or next(iter(surface_subject(noun.head, reader)), None)  # "X, la branche de Y, a ..."
        if holder is None and whose is not None:
            antecedent = antecedent_of(whose)
            holder = next(iter(reader.mentions_at(antecedent)), None) if antecedent is not None else None
            if holder is None and whose.i >= 2 and reader.doc[whose.i - 1].text == ",":
                holder = reader.index.get(whose.i - 2)  # the name before ', dont' when the parse lost the clause
            if holder is None and antecedent is not None and antecedent.pos_ == "NOUN" and reader.memory is not None:
                # 'cette société dont le siège est installé au Canada': the company told before
                told = reader.memory.resolve_description(antecedent, frozenset({"Organization", "Website"}))
                if told is not None:
                    yield told, place, "locatedIn.seat", "anaphoric"
                continue
        if holder is not None and holder.mention.coarse in {"Organization", "Website"}:
            yield holder, place, "locatedIn.seat"
            doc, k = reader.doc, place.end  # 'dont le siège est à Norwalk, dans le Connecticut': the wider place
            k += k < len(doc) and doc[k].text == ","
            k += k < len(doc) and doc[k].lower_ in {"dans", "en", "au", "aux"}
            wider = reader.described_name(k) if k > place.end + 1 else None
            if wider is not None and wider.mention.coarse == "Place":
                yield holder, wider, "locatedIn.seat"


def towns_after_country(sent: Span, reader: Reader):
    """'deux en Espagne, à Séville et Valdemoro', 'en Normandie à Flers et Vire', 'le nord de la Belgique (Gand,
    Anvers et Hasselt)': the towns a country's or a region's phrase then names are in it."""
    doc = reader.doc
    wide = {"Country", "Region"}
    for m in [m for m in mentions_between(reader.spans, sent.start + 1, sent.end) if m.mention.fine in wide]:
        if m.end + 2 >= sent.end:
            continue
        bracket = doc[m.end].text == "("  # 'dans le nord de la Belgique (Alost, Anvers et Hasselt)'
        comma = doc[m.end].text == ","  # ('en Normandie à Flers, Vire et Verson': with no comma too)
        at = {"à", "a"} if comma else {"à"}  # (an unaccented 'a' after a comma only: 'basé en Espagne a été ...')
        if not bracket and (doc[m.start - 1].lower_ not in {"en", "au", "aux"} or doc[m.end + comma].lower_ not in at):
            continue
        first = m.end + 1 + (comma and not bracket)
        town = reader.index.get(first)
        if town is None or town.start != first or town.mention.coarse != "Place" or town.mention.fine in wide:
            continue
        for item in [town, *reader.surface_list(town)]:
            if item.mention.coarse == "Place" and item.mention.fine != "Country":
                yield item, m, "locatedIn.town-after-country"


def town_of_name(sent: Span, reader: Reader):
    """'un détaillant de Lyon, X': the person a lowercase noun of a town introduces after a comma stands in it;
    'A et B de Lyon, C de Nantes': a company a town closes with 'de' stands in it, and so do the companies
    coordinated right before it. A city only: 'X de France' names a branch, a court's or a force's own town is
    part of its name."""
    doc = reader.doc
    for town in mentions_between(reader.spans, sent.start + 2, sent.end):
        if town.mention.fine != "City" or doc[town.start - 1].lower_ not in {"de", "d'", "d’"}:
            continue
        after = doc[town.end].text if town.end < sent.end else "."
        if doc[town.start - 2].pos_ == "NOUN" and doc[town.start - 2].is_lower:
            named = reader.index.get(town.end + 1) if after == "," else None
            if named is not None and named.start == town.end + 1 and named.mention.coarse == "Person":
                yield named, town, "locatedIn.town-of-name"
            continue
        holder = reader.index.get(town.start - 2)
        if holder is None or holder.end != town.start - 1 or after not in {",", "et", ".", ";", ")"}:
            continue
        while holder is not None and holder.mention.coarse == "Organization" and holder.mention.fine not in PUBLIC:
            yield holder, town, "locatedIn.town-of-name"
            k = holder.start - 1  # 'A et B de Lyon': back over the names the town closes together
            holder = reader.index.get(k - 1) if k > sent.start and doc[k].lower_ in {"et", ","} else None
            holder = holder if holder is not None and holder.end == k else None


def places_of_kind(sent: Span, reader: Reader):
    """'plusieurs pays d'Asie, comme le Japon ou la Corée du Sud', 'des villes du Maroc, dont Rabat et Fès': the
    places a plural kind noun of a wider place then lists are in it."""
    doc = reader.doc
    for noun in tokens_where(sent, PLACE_KIND_NOUNS):
        of = noun.i + 3 < sent.end and doc[noun.i + 1].lower_ in PARTITIVE_PREPS
        wider = reader.index.get(noun.i + 2) if of else None
        if wider is None or wider.start != noun.i + 2 or wider.mention.coarse != "Place" or not is_plural(noun):
            continue
        if wider.end + 4 >= sent.end:
            continue  # (no room left for a list)
        k = wider.end + (doc[wider.end].text == ",")
        k += 1 if doc[k].lower_ in {"comme", "dont", "notamment", "(", ":"} else 2 * (doc[k].lower_ == "tels")
        k += k > wider.end + 1 and doc[k].lower_ in {"que", "qu'", "qu’"}  # ('tels que')
        k += k < sent.end and doc[k].pos_ == "DET"
        first = reader.index.get(k) if k > wider.end + 1 else None
        if first is None or first.start != k or first.mention.coarse != "Place":
            continue
        for item in [first, *reader.surface_list(first)]:
            if item.mention.coarse == "Place" and item.start > wider.end:
                yield item, wider, "locatedIn.places-of-kind"


def described_in_place(sent: Span, reader: Reader):
    """A kind noun placed in a country describes the names it stands for.

    'les fournisseurs d'accès en France, dont Orange et SFR', 'X était un des sites phares ... en France',
    'le plus gros site de streaming en France, X'.
    """
    doc = reader.doc
    for noun in tokens_where(sent, reader.lexicon.cues, reader.lexicon.cues):  # (no cue: the test below skips it)
        cue = reader.lexicon.cues.get(lemma_of(noun)) or reader.lexicon.cues.get(noun.lower_)
        if cue is None or cue[0] not in {"Website", "Organization"} or reader.index.get(noun.i) is not None:
            continue
        places = [
            reader.index[c.i]
            for c in noun.subtree
            if c.dep_ in {"nmod", "obl", "obl:mod"}
            and case_of(c) in {"en", "au", "aux"}
            and c.i in reader.index
            and reader.index[c.i].mention.fine == "Country"
            and not any(t.pos_ in {"VERB", "AUX"} and "Part" not in t.morph.get("VerbForm") for t in path_up(c, noun))
        ]
        adjective = next(
            (c for c in doc[noun.i + 1 : noun.i + 4] if c.dep_ == "amod" and c.lower_ in reader.lexicon.adjectives),
            None,
        )
        if not places and adjective is not None:  # 'aux fournisseurs d'accès belges (A, B et C)', Belgique named
            place = place_mention(reader, reader.lexicon.adjectives[adjective.lower_].name)
            bracket = adjective.i + 1 < len(doc) and doc[adjective.i + 1].text == "("  # (the doc may end on it)
            inside = reader.index.get(adjective.i + 2) if bracket else None
            for name in [inside, *reader.surface_list(inside)] if inside is not None and place is not None else []:
                yield name, place, "locatedIn.described-nationality", "anaphoric"
        if len(places) != 1:
            continue
        described = reader.closing_name(noun) or reader.member_list(noun)
        if not described:
            # copula: 'X était un des sites ...' / 'X est le premier site ...'
            predicate = noun.head if noun.dep_ == "nmod" and noun.head.pos_ in {"NUM", "PRON"} else noun
            if any(c.dep_ == "cop" for c in predicate.children):
                described = [m for c in predicate.children if c.dep_ == "nsubj" for m in reader.mentions_at(c)]
        for name in described:
            if name.mention.coarse in {"Website", "Organization"} and doc[name.start - 1].lower_ not in {
                "en",
                "au",
                "aux",
            }:
                yield name, places[0], "locatedIn.described-in-place"


STATE_NOUNS = frozenset({"état", "etat", "province", "comté", "canton", "région", "département"})


def bracketed_country(place: MentionSpan, reader: Reader) -> MentionSpan | None:
    """'La Haye (Pays-Bas)', 'Gand, en Belgique', 'Tacoma (État de Washington)': the country or the region given
    right after a city."""
    doc = reader.doc
    j = place.end
    if j < len(doc) and doc[j].text in {"(", ","}:
        j += 1
        if j < len(doc) and doc[j].lower_ in {"en", "au", "aux"} and doc[j - 1].text == ",":
            j += 1
        if j + 2 < len(doc) and doc[j - 1].text == "," and doc[j].lower_ == "dans" and doc[j + 1].pos_ == "DET":
            j += 2  # 'la ville d'X, dans le nord-est du Maroc'
        if j + 1 < len(doc) and doc[j - 1].text in {"(", "le", "la", "l'", "l’"} and doc[j].lower_ in COMPASS_WORDS:
            j += 2 if doc[j + 1].lower_ in {"de", "des", "du", "d'", "d’"} else 1  # '(nord-est des États-Unis)'
            j += j < len(doc) and doc[j].lower_ in {"la", "l'", "l’"}
        stated = doc[j - 1].text == "(" and j + 2 < len(doc) and doc[j].lower_ in STATE_NOUNS and doc[j + 1].lower_ in {
            "de", "du", "d'", "d’"}  # '(Etat du Washington, nord-ouest)': a region whatever the lexicon says
        j += 2 * stated
        country = reader.index.get(j)
        if stated and country is not None and country.start == j and country.mention.coarse == "Place":
            return country
        town = place.mention.fine in {"City", ""} or _city_closed(place, reader)
        wider = {"Country", "Region"} if town else {"Country"}
        if country is not None and country.start == j and country.mention.fine in wider:
            return country  # 'Rennes (Ille-et-Vilaine)' too
        unknown = country is not None and country.start == j and not country.mention.fine
        if unknown and country.mention.coarse == "Place" and place.mention.fine == "City" and doc[j - 1].text == "(":
            # 'Amiens (Somme)': a place the lexicon does not know, alone in brackets after a known city
            return country if country.end < len(doc) and doc[country.end].text in {")", ","} else None
    return None


def _city_closed(body: MentionSpan, reader: Reader) -> bool:
    """Whether a body's name closes with a town ('la brigade de recherche de Tarbes (Hautes-Pyrénées)': the
    region in brackets is the town's, as after the town alone)."""
    if body.mention.evidence != "institution":
        return False
    closing = closing_place(body.mention.text, reader.lexicon)
    return closing is not None and closing[1] == "City"


def place_after(tok: Token, reader: Reader) -> MentionSpan | None:
    """The place a locative phrase after the token names: 'à Y', 'dans l'Ain', 'dans la ville de Y', 'dans les
    villes égyptiennes d'Y et de Z' (the first; the caller reads the list)."""
    doc = reader.doc
    j, kind = tok.i + 1, False
    while j < min(len(doc), tok.i + 4 + 3 * kind):
        mention = reader.index.get(j)
        if mention is not None:
            return mention if mention.mention.coarse == "Place" else None
        kind = kind or lemma_of(doc[j]) in PLACE_KIND_NOUNS and j > tok.i + 1
        if doc[j].lower_ not in LOCATIVE_PREPS | {"l'", "l’", "la", "le", "les"} and not (
            kind and (lemma_of(doc[j]) in PLACE_KIND_NOUNS or doc[j].pos_ == "ADJ" or doc[j].lower_ in PARTITIVE_PREPS)
        ):
            return None
        j += 1
    return None


def listed_places(place: MentionSpan, reader: Reader) -> list[MentionSpan]:
    """The places listed with a place, each with its own preposition too ('en Belgique et au Luxembourg')."""
    found = [m for m in reader.surface_list(place) if m.mention.coarse == "Place"]
    return found + [m for m in places_after(found[-1] if found else place, reader) if m not in found]


def places_after(place: MentionSpan, reader: Reader) -> list[MentionSpan]:
    """The places a locative list goes on with: 'situés en France et aux Pays-Bas', 'en Suède, en Norvège'."""
    doc, found, k = reader.doc, [], place.end
    while k + 1 < len(doc) and doc[k].lower_ in {"et", ","}:
        j = k + 1 + (doc[k + 1].lower_ in LOCATIVE_PREPS)
        nxt = reader.index.get(j)
        if nxt is None or nxt.start != j or nxt.mention.coarse != "Place" or j == k + 1 and doc[k].text == ",":
            break
        found.append(nxt)
        k = nxt.end
    return found


def place_mention(reader: Reader, name: str) -> MentionSpan | None:
    """A mention of the named place anywhere in the article (a nationality needs its country named)."""
    key = fold(name)
    found = [
        mention
        for mention in reader.spans
        if mention.mention.coarse == "Place"
        and (known := reader.lexicon.known.get(fold(mention.mention.text))) is not None
        and fold(known.name) == key
    ]
    # the place under its own name first ('Chine' before 'China' cut out of 'Yahoo China')
    return min(found, key=lambda m: (fold(m.mention.text) != key, m.start), default=None)


def servers_placed(tok: Token, sent: Span) -> Token | None:
    """The 'serveurs' a placing participle or verb is about: its head, its subject, or the noun it fronts
    ('Basés à Amsterdam, les serveurs du site X ...')."""
    if tok.dep_ in {"acl", "amod"}:
        for noun in (tok.head, tok.head.head):  # 'les serveurs du site X, situés en Y' may hang on X
            if lemma_of(noun) == "serveur":
                return noun
    for child in tok.children:
        if child.dep_ in {"nsubj", "nsubj:pass"} and lemma_of(child) == "serveur":
            return child
    if tok.dep_ == "advcl" and tok.i >= 2 and tok.doc[tok.i - 1].text == ",":
        node = tok.doc[tok.i - 2]  # 'les serveurs de X, situés en Y' parsed as an adverbial clause
        for _ in range(3):
            if lemma_of(node) == "serveur":
                return node
            node = node.head
    if tok.i == sent.start:
        for later in tok.doc[tok.i + 1 : min(sent.end, tok.i + 10)]:
            if later.text == "," and later.i + 2 < sent.end and lemma_of(tok.doc[later.i + 2]) == "serveur":
                return tok.doc[later.i + 2]  # ', les serveurs ...' right after the fronted participle
    return None


def wider_places(facts: list[Fact], spans: list[MentionSpan], calibration: dict[str, float], lexicon: Lexicon):
    """What lies in a place lies in the wider place the same sentence puts it in: 'X, basé à Belley dans l'Ain'
    places X in the Ain too, 'Y, un résident de Riviera Beach, en Floride' places Y in Florida.

    >>> a = Fact("X", "locatedIn", "Belley", "s", 0, 9, "locatedIn.based", 0.9)
    >>> b = Fact("Belley", "locatedIn", "Ain", "s", 0, 9, "locatedIn.apposed-place", 0.8)
    >>> from types import SimpleNamespace
    >>> place = SimpleNamespace(mention=SimpleNamespace(text="Belley", coarse="Place", fine="City", evidence="lexicon"))
    >>> [(f.subject, f.object) for f in wider_places([a, b], [place], {}, Lexicon())]
    [('X', 'Ain')]
    """
    places = {m.mention.text for m in spans if m.mention.coarse == "Place"}
    regions = {m.mention.text for m in spans if m.mention.fine in {"Country", "Region"}}
    closing = {
        m.mention.text: found
        for m in spans
        if m.mention.evidence == "institution" and (found := closing_place(m.mention.text, lexicon)) is not None
    }
    held = {(f.subject, f.predicate, f.object) for f in facts}
    wider = {}  # (place, sentence start) -> the places that sentence puts it in
    for f in facts:
        if f.predicate == "locatedIn" and f.subject in places and f.rule in PLACE_IN_PLACE:
            wider.setdefault((f.subject, f.start), []).append(f)
    for f in facts:
        if f.predicate != "locatedIn" or f.tier != "explicit":
            continue
        inner = closing[f.subject] if f.subject in closing and f.object in regions else None
        inner = None if inner is None or inner[1] == "Country" else inner  # a country lies in no region
        if inner is not None and inner[0] != f.object and (inner[0], "locatedIn", f.object) not in held:
            # 'le tribunal d'Uppsala (Suède)': what places the court places the town its name closes with
            held.add((inner[0], "locatedIn", f.object))
            rule = "locatedIn.institution-place"
            confidence = calibration.get(f"{rule}|explicit", f.confidence)
            yield Fact(inner[0], "locatedIn", f.object, f.sentence, f.start, f.end, rule, confidence)
        if f.rule in PLACE_IN_PLACE:
            continue
        for outer in wider.get((f.object, f.start), []):
            if outer.object != f.subject and (f.subject, "locatedIn", outer.object) not in held:
                held.add((f.subject, "locatedIn", outer.object))
                rule = "locatedIn.wider-place"
                confidence = calibration.get(f"{rule}|explicit", round(f.confidence * outer.confidence, 2))
                yield Fact(f.subject, "locatedIn", outer.object, f.sentence, f.start, f.end, rule, confidence)


def acting_from(verb: Token, reader: Reader) -> MentionSpan | None:
    """'X, opéré depuis la Bulgarie', 'Y administrait le site depuis Bordeaux': the place a verb of running
    or broadcasting is done from."""
    run = any(c.dep_ == "aux:pass" for c in verb.children)  # ('X était exploitée aux États-Unis': run in)
    for child in verb.children:
        inside = run and case_of(child) in {"en", "au", "aux"}
        if child.dep_.startswith("obl") and (case_of(child) == "depuis" or inside):
            place = next((m for m in reader.mentions_at(child) if m.mention.coarse == "Place"), None)
            if place is not None and (not inside or place.mention.fine in {"Country", "Region"}):
                return place
    return None


def listed_before(mention: MentionSpan, reader: Reader) -> list[MentionSpan]:
    """The names a list gives before this one, whatever preposition opens it: 'contre A, B et C, les trois
    fournisseurs du pays' (a description after the list is said of all of them)."""
    doc, k, found = reader.doc, mention.start - 1, []
    while k > 0 and doc[k].lower_ in {",", "et"}:
        prev = reader.index.get(k - 1)
        if prev is None or prev.end != k:
            break
        found.append(prev)
        k = prev.start - 1
    return found


# what may introduce the names a kind noun stands for after a colon or a comma ('les FAI belges : A, B', ', dont A')
_INTRODUCERS = frozenset({"dont", "comme", "notamment", "tels", "telles", "parmi"})
# the prepositions of a kind noun's own complement ('fournisseur d'accès', 'organisme de lutte contre le piratage'),
# not of an aside ('site français selon l'ALPA')
_COMPLEMENT_PREPS = frozenset({"de", "d'", "d’", "du", "des", "contre"})


def named_after_kind(noun: Token, sent: Span, reader: Reader) -> list[MentionSpan]:
    """The names a kind noun stands for, read on the surface past its own words: 'le fournisseur canadien
    d'IPTV X', 'l'organisme brésilien de lutte contre le piratage X', 'les FAI belges : A, B et C', 'des
    géants canadiens des télécommunications, dont A et B' (the parser hangs such names anywhere)."""
    doc, j = reader.doc, noun.i + 1
    while j < min(sent.end, noun.i + 10):
        named = reader.index.get(j)
        if named is not None:
            return [named, *reader.surface_list(named)] if named.start == j else []
        if doc[j].text in {":", ","}:
            k = j + 1
            while k < sent.end and doc[k].lower_ in _INTRODUCERS | {"que", "lesquels", "lesquelles"}:
                k += 1
            if doc[j].text == "," and k == j + 1:
                return []  # a bare comma may open the next clause
            named = reader.index.get(k)
            return [named, *reader.surface_list(named)] if named is not None and named.start == k else []
        own = doc[j].is_lower and (doc[j].pos_ in {"ADJ", "DET", "NOUN"} or doc[j].lower_ in _COMPLEMENT_PREPS)
        if not own and not (doc[j].text.isupper() and doc[j - 1].lower_ in {"d'", "d’", "de"}):
            return []  # ('d'IPTV': an acronym complement is the noun's own word)
        j += 1
    return []


def path_up(token: Token, ancestor: Token) -> list[Token]:
    """The tokens strictly between token and its ancestor in the tree."""
    path = []
    node = token.head
    while node.i != ancestor.i and node.head.i != node.i:
        path.append(node)
        node = node.head
    return path


def hometown(sent: Span, reader: Reader):
    """'Julien X, de Grenoble, a été condamné', 'Y, 47 ans, du Texas (sud), ...': a person's town or region
    apposed with 'de' between commas, maybe after the person's age; or, in a list, with 'de' and its wider place
    ('A de Marvigny au Québec, B de Tolbrec en Ontario')."""
    doc = reader.doc
    for person in reader.spans:
        k = person.end
        if not sent.start <= person.start < sent.end or person.mention.coarse != "Person" or k + 3 >= sent.end:
            continue
        places = hometown_places(doc, reader.index, k)  # 'A de Marvigny au Québec, B de ...': no commas
        if places and places[-1].end < sent.end and doc[places[-1].end].lower_ in {",", "et"}:
            yield from ((person, p, "locatedIn.hometown") for p in places)
            continue
        aged = doc[k + 1].lower_ in {"âgé", "âgée"} and doc[k + 2].lower_ == "de"
        if doc[k].text == "," and doc[k + 1 + 2 * aged].like_num and doc[k + 2 + 2 * aged].lower_ == "ans":
            k += 3 + 2 * aged  # (past the age: ', 34 ans' or ', âgé de 34 ans')
        of = k + 3 < sent.end and doc[k].text == "," and doc[k + 1].lower_ in {"de", "d'", "d’", "du"}
        place = reader.index.get(k + 2) if of else None
        if place is not None and place.start == k + 2 and place.mention.coarse == "Place" and (
            place.mention.fine != "Country" and place.end < sent.end and doc[place.end].text in {",", "("}
        ):
            yield person, place, "locatedIn.hometown"
            wider = reader.index.get(place.end + 1) if doc[place.end].text == "(" else None
            if wider is not None and wider.mention.coarse == "Place" and doc[wider.end].text == ")":
                yield person, wider, "locatedIn.hometown"  # 'de Fresno (Californie)': the region too
