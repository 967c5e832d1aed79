"""Surface rules over the names of a sentence, where no single trigger word carries the relation:
"Oslo, en Norvège", "le site russe X", "X, basé à Y", "hébergé aux Pays-Bas",
"X (une opération menée par A et B)". Each is a generator of (subject, object, rule id); the
table ``surface_rules`` in ``kg/data/relation_patterns.json`` gives each its predicate and confidence.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.agents import agents_of
from kg.extract.relations.fallbacks import described_names
from kg.extract.relations.listing import weakly_typed
from kg.extract.relations.mentions import Reader
from kg.extract.relations.participles import fronted_subject
from kg.extract.relations.places import (
    acting_from,
    bracketed_country,
    described_in_place,
    listed_before,
    listed_places,
    named_after_kind,
    place_after,
    place_mention,
    seats,
    servers_placed,
    towns_after_country,
)
from kg.extract.relations.rules import load_rules
from kg.extract.relations.scan import mentions_between, tokens_where
from kg.extract.relations.syntax import case_of, is_plural, lemma_of
from kg.extract.relations.words import (
    ABSTRACT_INSTITUTIONS,
    COPULAS,
    COUNTERPART_NOUNS,
    DEFINITE,
    FOUNDING_PARTICIPLES,
    OPERATION_NOUNS,
    PERSON_ROLES,
    PLACE_KIND_NOUNS,
    PLACING_VERBS,
    RESIDING_VERBS,
    RUN_FROM_VERBS,
    SEAT_NOUNS,
)
from kg.lexicon import fold

# verbs that place a name, or say where it is run from, or founded ('Créé aux États-Unis, X')
PLACING_OR_RUN_FROM = PLACING_VERBS | RUN_FROM_VERBS | FOUNDING_PARTICIPLES


def _action_party(doc, m) -> bool:
    """A name an action's 'par' or 'à' introduces ('porté en justice par l'éditeur X en Allemagne', 'un procès à
    X en Allemagne'): a place right after it tells where the action was, not where X is."""
    if m.mention.fine in {"Court", "LawEnforcement"}:
        return False  # 'émis par le tribunal de district à New York': a court or a police sits where it acts
    root = doc[m.start : m.end].root
    nominal = root.head if root.dep_ in {"appos", "nmod", "flat:name"} and root.head.i < root.i else root
    return case_of(root) in {"par", "à", "au", "aux"} or case_of(nominal) in {"par", "à", "au", "aux"}


def located_in(sent: Span, reader: Reader):
    """'Oslo, en Norvège', 'la juge X en Californie', 'le site russe X', 'X, basé à Y'."""
    doc = reader.doc
    lexicon = reader.lexicon
    names = mentions_between(reader.spans, sent.start, sent.end)
    for i, m in enumerate(names):
        # ('En Australie, X a obtenu ...': a fronted place frames the event the clause tells, not where X is)
        # "La Haye (Pays-Bas)": a city and its country in brackets
        if m.mention.coarse == "Place" and m.mention.fine != "Country":
            country = bracketed_country(m, reader)
            if country is not None and (doc[m.end].text == "(" or doc[m.end + 1].lower_ == "dans"):
                yield m, country, "locatedIn.bracketed-country"
            # 'à Villupuram, Tamil Nadu.': a town, then its state or country alone before the clause ends
            closes = country is not None and (country.end >= sent.end or doc[country.end].is_punct)
            if closes and m.mention.fine in {"City", ""} and doc[m.end].text == "," and country.start == m.end + 1:
                after = reader.index.get(country.end + 1) if country.end + 1 < sent.end else None
                listed = doc[country.end].text == "," and (after is not None and after.mention.coarse == "Place")
                if not (listed or doc[m.start - 1].text == ","):  # ('à Austin, Texas, lundi'; not a list)
                    yield m, country, "locatedIn.comma-region"
        # 'le tribunal de Zwolle (centre des Pays-Bas)': a body or site, then its country alone in brackets
        if m.mention.coarse in {"Organization", "Website"} and m.end + 2 < sent.end and doc[m.end].text == "(":
            country = bracketed_country(m, reader)
            if country is not None and country.end < sent.end and doc[country.end].text == ")":
                yield m, country, "locatedIn.bracketed-country"
        # "l'AGCOM (l'autorité des communications en Italie)", "A et B, les deux FAI au Maroc": it places them
        if m.mention.coarse in {"Organization", "Website"} and m.end + 3 < sent.end and doc[m.end].text in "(,":
            place = _described_place(doc, m.end + 1, sent.end, reader, doc[m.end].text)
            for one in [m, *listed_before(m, reader)] if place is not None and doc[m.end].text == "," else [m]:
                if place is not None and one.mention.coarse == m.mention.coarse:
                    yield one, place, f"locatedIn.{'bracketed' if doc[m.end].text == '(' else 'apposed'}-description"
        # "le tribunal de X, dans la ville de Y", "à X dans la préfecture de Y": a body or a town, then the kind
        # of place it stands in, of a place (a town needs no comma: nothing but a place is 'dans' a region)
        town = m.mention.coarse == "Place" and m.mention.fine != "Country"
        within = m.end + 1 if m.end < sent.end and doc[m.end].text == "," else m.end if town else sent.end
        kind = doc[within + 2] if within + 4 < sent.end and doc[within].lower_ == "dans" else None
        if kind is not None and lemma_of(kind) in PLACE_KIND_NOUNS and doc[kind.i + 1].lower_ in {"de", "du", "d'"}:
            wider = reader.index.get(kind.i + 2)  # ', dans la ville de Y', ', dans la province du Y'
            if wider is not None and wider.start == kind.i + 2 and wider.mention.coarse == "Place" and (
                m.mention.coarse in {"Organization", "Website"} or town
            ):
                yield m, wider, "locatedIn.apposed-place"
        # "X, en Y" / "X en Y" with Y a place
        j = m.end
        if j < sent.end and doc[j].text in {",", "("}:
            j += 1
        if j < sent.end and doc[j].lower_ in {"en", "au", "aux"} | (
            {"à", "dans"} if m.mention.coarse == "Place" else {"à"} if m.mention.coarse == "Organization" else set()
        ):
            place = reader.index.get(j + 1 + (j + 2 < sent.end and doc[j + 1].pos_ == "DET"))  # 'dans l'Ain'
            listed = m.start > 0 and doc[m.start - 1].lower_ in {"en", "au", "aux"}
            # 'publie X au Japon': without a comma, a place the verb governs places the action, not X
            governed = place is not None and doc[place.start].head.pos_ == "VERB"
            # ('hébergeait le site X en France': the country hosts X, hosting's own reading)
            governed = governed or any(lemma_of(h) == "héberger" for h in (doc[m.start].head, doc[m.start].head.head))
            # ('basé à Wollerau en Suisse': a town and its country are one place phrase, whatever governs it)
            town = m.mention.coarse == "Place" and m.mention.fine != "Country" and place is not None and (
                place.mention.fine in {"Country", "Region"} and m.mention.fine != place.mention.fine
            )  # ('à Belley dans l'Ain': a town and its region too)
            listed = listed or doc[j - 1].text != "," and (governed or _action_party(doc, m)) and not town
            listed = listed or m.mention.coarse == "Place" and doc[m.start - 1].lower_ in {"le", "la"}  # 'le Napoli'
            # 'BREIN, l'équivalent de la RIAA aux Pays-Bas': the place is of the counterpart, not of the RIAA
            counterpart = next(
                (t for t in doc[max(sent.start, m.start - 4) : m.start] if t.lower_ in COUNTERPART_NOUNS), None
            )
            if counterpart is not None and place is not None and place.start == j + 1 and doc[j - 1].text != ",":
                start = min([counterpart.i, *(c.i for c in counterpart.children if c.dep_ == "det")])
                named = reader.index.get(start - 2) if doc[start - 1].text == "," else None
                if named is not None and named.mention.coarse in {"Organization", "Website"}:
                    yield named, place, "locatedIn.counterpart"
            listed = listed or counterpart is not None
            if place is not None and place.mention.coarse == "Place" and place.start in {j + 1, j + 2} and not listed:
                if not (m.mention.coarse == "Place" and m.mention.fine == "Country"):
                    # 'le bureau de X à Athènes': a body and its city inside one noun phrase (no verb governs the city)
                    city = m.mention.coarse == "Organization" and place.mention.fine == "City" and not governed
                    if not (doc[j].lower_ in {"à", "dans"} and m.mention.coarse != "Place") or city:
                        yield m, place, "locatedIn.apposed-place"
        # "La Chapelle-aux-Bois, paisible village des Vosges": a place's kind noun apposed, of a wider place
        if m.mention.coarse == "Place" and m.mention.fine != "Country" and m.end + 2 < sent.end and (
            doc[m.end].text == ","
        ):
            for k in range(m.end + 1, min(sent.end - 1, m.end + 5)):
                if lemma_of(doc[k]) in PLACE_KIND_NOUNS and doc[k + 1].lower_ in {"de", "d'", "d’", "du", "des"}:
                    j = k + 2 + (k + 2 < sent.end and doc[k + 2].lower_ in {"la", "l'", "l’", "le"})  # 'un quartier de
                    # ('la commune de Y': a kind noun chained to the first)
                    chained = j + 1 < sent.end and lemma_of(doc[j]) in PLACE_KIND_NOUNS and doc[j + 1].lower_ in {
                        "de", "d'", "d’", "du"}
                    j = j + 2 if chained else j
                    wider = reader.index.get(j)
                    if wider is not None and wider.start == j and wider.mention.coarse == "Place":
                        yield m, wider, "locatedIn.apposed-place-kind"
                    break
                if doc[k].pos_ not in {"DET", "ADJ"}:
                    break
        # "X, le plus gros hébergeur d'Ukraine": a kind noun apposed, of a country
        if m.end + 2 < sent.end and doc[m.end].text == "," and m.mention.coarse in {"Organization", "Website"}:
            for k in range(m.end + 1, min(sent.end - 1, m.end + 7)):
                if doc[k].lower_ in lexicon.cues and doc[k + 1].lower_ in {"de", "d'", "d’", "du"}:
                    place = reader.index.get(k + 2)
                    if place is not None and place.start == k + 2 and place.mention.fine == "Country":
                        yield m, place, "locatedIn.apposed-kind"
                    break
                if doc[k].pos_ not in {"DET", "ADJ", "ADV", "NOUN"}:
                    break
        # "X, l'un des sites de piratage les plus notoires de Corée": a superlative kind, of a country
        if m.end + 2 < sent.end and doc[m.end].text == "," and m.mention.coarse in {"Organization", "Website"}:
            place = _superlative_country(doc, m.end + 1, sent.end, reader)
            single = doc[m.end + 1].lower_ in {"l'", "l’", "le", "la", "un", "une"}  # ('A et B, deux des sites ...')
            if place is not None:
                for item in [m] if single else [m, *reader.surface_list(m)]:
                    if item.start <= m.start and item.mention.coarse in {"Organization", "Website"}:
                        yield item, place, "locatedIn.superlative-kind"
        # "X est (devenu) l'un des plus grands sites de France", "X s'est imposé comme ...": said of the subject
        predicate = _predicative_start(doc, m.end, sent.end)
        if predicate is not None and m.mention.coarse in {"Organization", "Website"}:
            place = _superlative_country(doc, predicate, sent.end, reader)
            if place is not None:
                yield m, place, "locatedIn.superlative-kind"
        # an apposed kind noun with a nationality: "X, un site russe très populaire", "X, l'hébergeur suédois"
        if m.end + 3 < sent.end and doc[m.end].text == "," and m.mention.coarse in {"Website", "Organization"}:
            for k in range(m.end + 1, min(sent.end, m.end + 5)):
                if reader.index.get(k) is not None:
                    break  # 'X, la justice française ...': another name, no apposition
                country = lexicon.adjectives.get(doc[k].lower_) if doc[k].pos_ == "ADJ" else None
                if is_plural(doc[k - 1]) or doc[m.end + 1].lower_ in {"plusieurs", "des", "les", "certains"}:
                    break  # 'cité par X, plusieurs éditeurs japonais ...': a plural is no apposition of one name
                if country is not None and (lexicon.cues.get(lemma_of(doc[k - 1])) or doc[k - 1].pos_ == "NOUN"):
                    rest = doc[k + 1 : sent.end]
                    close = next((t.i for t in rest if t.is_punct), sent.end)
                    if any(reader.index.get(i) is not None for i in range(k + 1, close)):
                        break  # 'X, le groupe qatari beIN a lancé': the noun phrase names someone else
                    place = place_mention(reader, country.name)
                    if place is not None and place.mention.fine == "Country":
                        yield m, place, "locatedIn.apposed-nationality"
                    break
                if doc[k].pos_ not in {"DET", "NOUN", "ADJ"}:
                    break
        # nationality adjective right after the name: "la GEMA allemande", "face à la Sacem française"
        after = doc[m.end] if m.end < sent.end else None
        if after is not None and m.mention.coarse in {"Organization", "Website"} and reader.index.get(m.end) is None:
            country = lexicon.adjectives.get(after.lower_) if after.pos_ in {"ADJ", "PROPN", "NOUN"} else None
            place = place_mention(reader, country.name) if country is not None else None
            if place is not None and place.mention.fine == "Country" and doc[m.start - 1].lower_ in DEFINITE:
                named = reader.index.get(m.start - 3) if doc[m.start - 2].text == "," else None  # 'X, le Y chinois'
                if named is None or named.end == m.start - 2 and named.mention.coarse in {"Organization", "Website"}:
                    yield named or m, place, "locatedIn.nationality-after"
        # a body named with its nationality ('la police belge', 'le parquet suédois'), its country named elsewhere;
        last = doc[m.end - 1]  # 'le Département thaïlandais des enquêtes': an agency's nationality is its 2nd word
        last = last if last.lower_ in lexicon.adjectives or m.end - m.start < 3 else doc[m.start + 1]
        # ('la justice russe' is a country's courts at large, told as such, not a body the article places)
        body = m.mention.evidence == "institution" and doc[m.start].lower_ not in ABSTRACT_INSTITUTIONS
        body = body and m.start > 0 and doc[m.start - 1].lower_ in DEFINITE  # 'un tribunal néerlandais' is none
        if body and m.end - m.start >= 2 and last.lower_ in lexicon.adjectives:
            place = place_mention(reader, lexicon.adjectives[last.lower_].name)
            if place is not None and place.mention.fine == "Country":
                yield m, place, "locatedIn.own-nationality", "anaphoric"
        # nationality adjective before the name: "le site russe X", "un FAI américain, X"
        k = m.start - 1
        while k >= max(sent.start, m.start - 3) and doc[k].pos_ in {"ADJ", "PROPN", "NOUN", "X"}:
            country = lexicon.adjectives.get(doc[k].lower_) or (
                lexicon.known.get(fold(doc[k].text)) if doc[k].text.isupper() and len(doc[k].text) <= 3 else None
            )
            if country is not None and m.mention.coarse in {"Website", "Organization", "Person"}:
                place = place_mention(reader, country.name)
                if place is not None:
                    yield m, place, "locatedIn.nationality"
                break
            k -= 1
    yield from described_in_place(sent, reader)
    yield from towns_after_country(sent, reader)
    yield from seats(sent, reader)
    # "les six principaux FAI britanniques - Sky, BT ...", "les opérateurs français Orange, SFR et Free":
    # a kind noun with a nationality places the names it stands for
    for noun in tokens_where(sent, lexicon.cues, lexicon.cues):  # (no cue: the test below skips it)
        cue = lexicon.cues.get(lemma_of(noun)) or lexicon.cues.get(noun.lower_)
        if cue is None or cue[0] not in {"Organization", "Website"} or reader.index.get(noun.i) is not None:
            continue
        # ('les fournisseurs d'accès Internet belges': the adjective hung on the noun's own complement)
        own = [noun, *(c for c in noun.children if c.dep_ == "nmod" and c.pos_ == "NOUN" and c.i < noun.i + 4
                       and case_of(c) in {"", "de", "d'", "d’"})]  # (not 'des sites devant les tribunaux X')
        nationality = [lexicon.adjectives.get(c.lower_) for n in own for c in n.children if c.dep_ == "amod"]
        countries = [c for c in nationality if c is not None]
        if len(countries) != 1:
            continue
        place = place_mention(reader, countries[0].name)
        if place is None or place.mention.fine != "Country":
            continue  # 'des studios hollywoodiens' names a city's industry, not where each studio is
        named = [n for n in reader.mentions_at(noun) if n.mention.coarse in {"Organization", "Website"}]
        if not named and cue[1] not in {"Court", "LawEnforcement", "Government"}:  # ('les tribunaux américains, dont')
            after = named_after_kind(noun, sent, reader)  # (a name the NER left untyped takes the noun's class)
            named = [n for n in after if n.mention.coarse in {"Organization", "Website", ""}]
        k = noun.i - 1
        while k > max(sent.start, noun.i - 4) and doc[k].pos_ in {"ADJ", "NUM"}:
            k -= 1  # 'aux six principaux FAI britanniques': the noun's own determiner and number
        several = is_plural(noun) or any(  # 'FAI' has no plural form
            c.like_num or c.lower_ in {"les", "des", "ces", "leurs", "ses", "aux"} for c in doc[k : noun.i]
        )
        if not several:
            named = named[:1]  # 'le groupe néerlandais BREIN, le MPA et ACE': the one name the noun describes
        for name in named:
            if name.start > noun.i:
                yield name, place, "locatedIn.described-nationality"
        # a group told before: 'les quatre détaillants canadiens', 'ces sociétés japonaises' (not 'des studios')
        back = any(c.dep_ == "det" and c.lower_ in {"les", "ces", "ses", "leurs"} for c in noun.children)
        # ('mis en garde les opérateurs sénégalais': 'les' and a nationality name a class, unless counted)
        counted = any(c.lower_ in {"ces", "ses", "leurs"} or c.dep_ == "nummod" for c in noun.children)
        if not named and is_plural(noun) and counted and reader.memory is not None:
            # 'Super Channel accuse les quatre détaillants canadiens': the group the article listed
            for name in reader.memory.resolve_group(noun, frozenset({cue[0]})):
                yield name, place, "locatedIn.described-nationality", "anaphoric"
        # one told before: 'l'hébergeur français est mentionné', 'X ... Il s'agit d'un site espagnol'
        told = back or any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children) or (
            lemma_of(noun.head) == "agir" and any(c.lower_ in {"s'", "s’", "se"} for c in noun.head.children)
        )
        if not named and not is_plural(noun) and told and reader.memory is not None:
            one = reader.memory.resolve_description(noun, frozenset({cue[0]}))
            if one is not None:
                yield one, place, "locatedIn.described-nationality", "anaphoric"
    # "basé/installé/situé à Y" attached to a name
    for tok in tokens_where(sent, PLACING_OR_RUN_FROM):
        founding = lemma_of(tok) in FOUNDING_PARTICIPLES
        if founding and (tok.morph.get("VerbForm") != ["Part"] or any(not t.is_punct for t in doc[sent.start : tok.i])):
            continue  # only a participle opening the sentence: 'Créé aux États-Unis en 2004, X ...'
        if tok.tag_ != "":
            placing = lemma_of(tok) in PLACING_VERBS or founding
            place = place_after(tok, reader) if placing else acting_from(tok, reader)
            if place is None or servers_placed(tok, sent) is not None:
                continue  # where servers stand says who hosts the site (hosted_in), not where the site is
            holder, listed = None, []
            own_subjects = [
                c for c in tok.children if c.dep_ in {"nsubj", "nsubj:pass"} and "Rel" not in c.morph.get("PronType")
            ]
            if own_subjects and tok.dep_ not in {"acl", "amod", "appos"}:
                # 'X, qui a lancé Y, s'est installé à Z': the clause's own subject, not the last name before it
                found = [m for c in own_subjects for m in reader.mentions_at(c)]
                holder = found[0] if found else None
            # 'L'administrateur de X, un Argentin résidant à Y': a person lives there, not the site
            personal = tok.dep_ in {"acl", "amod", "appos"} and tok.head.dep_ == "appos" and (
                lemma_of(tok.head.head) in PERSON_ROLES or tok.head.lower_ in reader.lexicon.adjectives
            ) or any(lemma_of(c) in PERSON_ROLES for c in own_subjects)  # ('le fondateur de X vit à Y': not X)
            if holder is None and tok.dep_ in {"acl", "amod", "appos"}:
                found = reader.mentions_at(tok.head)
                if not found and tok.head.dep_ == "appos":
                    found = reader.mentions_at(tok.head.head)  # 'Fmovies, une plateforme basée au Vietnam'
                found = found or described_names(tok.head, reader)  # 'X, la plus grande plateforme pirate basée en Y'
                holder = found[0] if found else None
                listed = found[1:]
                if holder is not None and not is_plural(tok) and set(listed) & set(reader.surface_list(holder)):
                    holder = max((m for m in found if m.end <= tok.i), key=lambda m: m.end, default=holder)
            if holder is None:
                k = tok.i - 1
                while (
                    k >= max(sent.start, tok.i - 8)
                    and reader.index.get(k) is None
                    and (
                        doc[k].text in {",", "(", "qui", "de", "d'", "d’", "dont", "se", "s'", "s’"}
                        or doc[k].pos_ in {"DET", "ADJ", "NOUN", "AUX", "NUM"}  # 'X, un informaticien de 29 ans
                    )
                ):
                    k -= 1  # 'X, la société basée à Y', 'X, qui est basé à Y'
                holder = reader.index.get(k)
            if holder is None:  # 'X, qui héberge Y depuis 2020, est basée à Z': the subject of the participle
                subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubj:pass"}]
                found = [m for c in subjects for m in reader.mentions_at(c)]
                holder = found[0] if found else None
            if holder is None and tok.dep_ == "ROOT" and not any(c.dep_ == "nsubj" for c in tok.children):
                opening = reader.index.get(tok.sent.start)  # 'X, qui ..., est basé à Y' parsed without its subject
                if opening is not None and opening.mention.coarse != "Place" and opening.end < tok.i:
                    holder = opening
            if holder is None and not any(not t.is_punct for t in doc[sent.start : tok.i]):
                # 'Basé aux Seychelles, le site X ...': a participle opening the sentence places the main subject
                head = fronted_subject(tok)
                found = reader.mentions_at(head) if head is not None else []
                holder = found[0] if found and found[0].mention.coarse != "Place" else None
            if holder is None and tok.lower_.startswith("habit"):
                continue
            if holder is None and reader.memory is not None:
                # 'Basé au Panama, le service ...', 'Le site, installé en Y': the entity the description stands for
                nouns = [c for c in tok.children if c.dep_.startswith("nsubj")]
                nouns += [tok.head] if tok.dep_ in {"acl", "amod"} else []
                if tok.dep_ == "advcl" and tok.i >= 2 and doc[tok.i - 1].text == ",":
                    nouns.append(doc[tok.i - 2])  # 'Le site, basé en Y, ...' parsed as an adverbial clause
                nouns += [fronted_subject(tok)] if not any(not t.is_punct for t in doc[sent.start : tok.i]) else []
                # 'Le siège de la société se trouve à Y': the seat stands for whose it is
                nouns = [next((g for g in n.children if g.dep_ == "nmod"), n) if n is not None and lemma_of(n) in
                         SEAT_NOUNS else n for n in nouns]
                for noun in (n for n in nouns if n is not None and n.pos_ == "NOUN" and not reader.mentions_at(n)):
                    one = reader.memory.resolve_description(noun, frozenset({"Website", "Organization"}))
                    if one is not None:
                        yield one, place, placing_rule(tok), "anaphoric"
                        break
                continue
            if personal and holder is not None and holder.mention.coarse != "Person":
                continue
            if holder is not None and holder.mention.coarse == "Place" and lemma_of(tok) in RESIDING_VERBS:
                continue  # 'natif de X à Y, domicilié à Z': a town lives nowhere
            rule = placing_rule(tok)
            if holder is not None and is_plural(tok):  # 'les sociétés X et Y, basées à Z', 'dont X et Y basés à Z'
                for other in listed or reader.surface_list(holder):
                    if other.mention.coarse == holder.mention.coarse or weakly_typed(other):
                        yield other, place, rule
            if holder is not None:
                for one in [place, *listed_places(place, reader)]:
                    yield holder, one, rule  # 'basé dans les villes d'Alexandrie et du Caire': each of them
                country = bracketed_country(place, reader)
                if country is not None:
                    yield holder, country, rule


def _described_place(doc, start: int, end: int, reader: Reader, opening: str = "(") -> MentionSpan | None:
    """The country a description opening with a determined noun ends on, with nothing after it but the bracket
    ('(l'autorité des communications en Italie)', '(le régulateur des médias au Portugal)', 'X, principal
    opérateur de télévision en Y,') or, after a comma,
    the clause's punctuation ('X, les trois principaux fournisseurs d'accès à Internet au Maroc.')."""
    noun = start + (doc[start].pos_ == "DET")  # ('X, principal opérateur de télévision en Y': no determiner)
    while noun < min(end, start + 4) and doc[noun].pos_ in {"NUM", "ADJ"}:
        noun += 1  # 'les trois principaux fournisseurs'
    if noun >= end or doc[noun].pos_ != "NOUN" or doc[start].pos_ not in {"DET", "ADJ", "NOUN"}:
        return None
    if opening == "," and not {doc[noun].lower_, lemma_of(doc[noun])} & set(reader.lexicon.cues):
        return None  # after a comma, a kind noun only ('X, le fournisseur ...'), no aside of another sort
    closers = {")"} if opening == "(" else {",", ";", ".", ")"}
    for k in range(noun + 1, min(end - 1, start + 14)):
        if doc[k].text in {")", ",", ";", "("} or doc[k].pos_ in {"VERB", "AUX"}:
            return None
        if doc[k].lower_ in {"en", "au", "aux"}:
            place = reader.index.get(k + 1)
            if place is not None and place.start == k + 1 and place.mention.fine == "Country":
                return place if place.end < end and doc[place.end].text in closers or place.end >= end else None
    return None


def _predicative_start(doc, start: int, end: int) -> int | None:
    """Where the predicate of a name opening a copular clause starts ('X est devenu l'un des ...', 'X s'est
    imposé comme le plus ...'), if the clause is one."""
    k = start
    while k < min(end - 1, start + 5) and (doc[k].pos_ in {"AUX", "ADV", "PRON"} or lemma_of(doc[k]) in COPULAS):
        k += 1
    if k == start or not any(lemma_of(doc[j]) in COPULAS or doc[j].pos_ == "AUX" for j in range(start, k)):
        return None
    if doc[k].lower_ == "comme":
        k += 1
    return k if doc[k].lower_ in {"l'", "l’", "l'un", "l’un", "l'une", "l’une", "le", "la", "un", "une"} else None


def _superlative_country(doc, start: int, end: int, reader: Reader) -> MentionSpan | None:
    """The country that closes an apposition holding a kind noun and a superlative ('l'un des sites ... les plus
    notoires de Corée', 'le plus grand hébergeur de fichiers d'Allemagne'), before the apposition's end."""
    kind = superlative = False
    for k in range(start, min(end - 1, start + 20)):
        word = doc[k].lower_
        if doc[k].text in {",", ";", ":", "("} or doc[k].pos_ in {"VERB", "AUX"} and not (
            superlative and doc[k - 1].lower_ == "plus" and doc[k].morph.get("VerbForm") == ["Part"]
        ):  # (but 'les sites les plus visités de Belgique')
            return None
        kind = kind or word in reader.lexicon.cues or lemma_of(doc[k]) in reader.lexicon.cues
        superlative = superlative or word == "plus"
        if kind and superlative and word in {"de", "d'", "d’", "du"}:
            j = k + 2 if doc[k + 1].lower_ in {"la", "l'", "l’"} else k + 1
            place = reader.index.get(j)
            if place is not None and place.start == j and place.mention.fine in {"Country", "Region"}:
                return place
    return None


def placing_rule(verb: Token) -> str:
    """The rule a placing verb's fact is told by: being based somewhere, or acting from there."""
    return "locatedIn.based" if lemma_of(verb) in PLACING_VERBS | FOUNDING_PARTICIPLES else "locatedIn.run-from"


def operation_aside(sent: Span, reader: Reader):
    """'X (une opération menée par A et B)' after a site closed in the same sentence: A and B shut X down."""
    rules = load_rules()
    triggers = {head for p in rules.patterns if p.predicate == "shutsDown" for head in p.heads}
    if not tokens_where(sent, triggers):
        return
    doc = reader.doc
    for m in [m for m in mentions_between(reader.spans, sent.start, sent.end) if m.mention.coarse == "Website"]:
        if m.end + 2 >= sent.end or doc[m.end].text != "(":
            continue
        noun = next((t for t in doc[m.end + 1 : m.end + 4] if lemma_of(t) in OPERATION_NOUNS), None)
        if noun is None:
            continue
        for child in noun.children:
            if child.dep_ == "acl":
                for agent in agents_of(child):
                    for actor in reader.mentions_at(agent):
                        yield actor, m, "shutsDown.operation-aside"
