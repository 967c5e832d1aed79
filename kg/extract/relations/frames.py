"""Frames read on names in a row, where the parse of news prose is least reliable: a label and its major
('Capitol Records d'UMG'), a trial that opposes two parties ('le procès qui a opposé X à Y') or that its parties
name ('l'affaire X c. Y'), a site named with its company ('le site X de la société Y'), a brand a company trades
under ('X, qui fournit ... sous le nom de Y'), a work apposed to its author ('l'album de X, Y'), a site's role held
in a capacity ('X, en tant que fondateur de Y'), and an obligation or a guilt a court says it found ('X doit bloquer
Y, a confirmé la cour', 'le tribunal a estimé que X était responsable')."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.relations.anaphora import PUBLIC
from kg.extract.relations.brackets import rights_belonging
from kg.extract.relations.hosting import host_seat
from kg.extract.relations.listing import OPENING_QUOTES, company_past_owner
from kg.extract.relations.mentions import Reader
from kg.extract.relations.places import hometown, places_of_kind, town_of_name
from kg.extract.relations.roles import owned_branch
from kg.extract.relations.scan import mentions_between, tokens_where
from kg.extract.relations.syntax import antecedent_of, is_negated, is_plural, lemma_of, subjects_of
from kg.extract.relations.words import (
    ACTIVITY_NOUNS,
    AGAINST_WORDS,
    CAPACITY_ROLES,
    CASE_TITLE_OTHERS,
    CASE_TITLE_SEPARATORS,
    COMPLAINT_NOUNS,
    DATIVE_PREPS,
    FORCING_VERBS,
    GUILT_ADJECTIVES,
    OBLIGATION_VERBS,
    ORDERING_THAT_VERBS,
    OWNED_OUTLET_NOUNS,
    OWNING_COMPANY_NOUNS,
    PARTITIVE_PREPS,
    POSSESSIVES,
    RULING_NOUNS,
    RULING_VERBS,
    SELF_CLOSING_VERBS,
    SOURCE_MARKERS,
    TRADE_NAME_NOUNS,
    TRIAL_NOUNS,
    WORK_NOUNS,
)

PARTIES = frozenset({"Organization", "Person"})  # who sues
SUED = PARTIES | {"Website"}


def label_of(sent: Span, reader: Reader):
    """'Capitol Records d'UMG', 'Arista Records de Sony Music': a rights holder named right after another
    with 'de' owns it (both companies, the first a label or studio, the second a rights holder too)."""
    doc = reader.doc
    for label in mentions_between(reader.spans, sent.start, sent.end):
        if label.end + 1 >= sent.end or doc[label.end].lower_ not in PARTITIVE_PREPS:
            continue
        owner = reader.index.get(label.end + 1)
        if owner is None or owner.start != label.end + 1:
            continue
        if label.mention.fine == "RightsHolder" and owner.mention.coarse == "Organization" and (
            owner.mention.fine in {"RightsHolder", ""} and label.mention.text != owner.mention.text
        ):
            yield owner, label, "operates.owner.label-of"
            before = reader.index.get(label.start - 2) if doc[label.start - 1].lower_ == "et" else None
            if before is not None and before.end == label.start - 1 and before.mention.fine == "RightsHolder" and (
                doc[before.start - 1].lower_ not in PARTITIVE_PREPS  # 'A de X et B de Y': X owns A, not B
            ):
                yield owner, before, "operates.owner.label-of"  # 'Atlantic Records et Electra Records de WMG'


def trial_opposing(sent: Span, reader: Reader):
    """'le procès qui a opposé X à Y', 'l'affaire opposant X à Y': the first party brought the case."""
    doc = reader.doc
    for verb in tokens_where(sent, {"opposer"}):
        if verb.i + 2 >= sent.end:
            continue
        before = [antecedent_of(t) or t for t in subjects_of(verb)] or [verb.head]
        if not any(lemma_of(t) in TRIAL_NOUNS or lemma_of(t) in COMPLAINT_NOUNS for t in before):
            continue  # 'X s'oppose à Y' says nothing of a lawsuit
        plaintiff = reader.described_name(verb.i + 1)
        if plaintiff is None or plaintiff.mention.coarse not in PARTIES:
            continue
        # past the first party's apposition ('l'IRMA, une association ... (Universal, ...), à UPC')
        for k in range(plaintiff.end, min(sent.end - 1, plaintiff.end + 30)):
            if doc[k].text == ";" or doc[k].morph.get("VerbForm") == ["Fin"]:
                break
            defendant = reader.described_name(k + 1) if doc[k].lower_ in DATIVE_PREPS else None
            if defendant is not None and defendant.mention.coarse in SUED:
                # ('opposant X et Y à Z': each party the list names before the 'à')
                sued = [d for d in [defendant, *reader.surface_list(defendant)] if d.mention.coarse in SUED]
                for party in [plaintiff, *reader.surface_list(plaintiff)]:
                    if party.end <= k and party.mention.coarse in PARTIES:
                        for each in sued:  # ('à X, Y et leur société Z': each party the list names after it)
                            yield party, each, "sues.opposing"
                break


def case_title(sent: Span, reader: Reader):
    """'l'affaire X et autres c. Y', 'X v. Y', 'le procès X contre Y': a case named by its parties, the first of
    which brought it ('contre' only right after a noun of a case: 'X contre le piratage' names no case)."""
    doc = reader.doc
    for plaintiff in mentions_between(reader.spans, sent.start, sent.end):
        k = plaintiff.end
        if k + 2 < sent.end and doc[k].lower_ == "et" and doc[k + 1].lower_ in CASE_TITLE_OTHERS:
            k += 2 + (doc[k + 2].text == ".")  # 'X et autres c. Y', 'X et al. v. Y'
        if k + 1 >= sent.end or doc[k].lower_ not in CASE_TITLE_SEPARATORS:
            continue
        if doc[k].lower_ in AGAINST_WORDS and lemma_of(doc[plaintiff.start - 1]) not in TRIAL_NOUNS:
            continue
        k += 1 + (doc[k].lower_ == "vs" and doc[k + 1].text == ".")
        defendant = reader.index.get(k)
        if defendant is not None and defendant.start == k and plaintiff.mention.coarse in PARTIES and (
            defendant.mention.coarse in SUED
        ):
            yield plaintiff, defendant, "sues.case-title"


def site_of_company(sent: Span, reader: Reader):
    """'le site américain « Stage 6 » de la société DivX', 'le service X du groupe Y', 'la chaîne « X » de la
    holding Y', 'le magasin X de Y': the company runs the site or the outlet."""
    doc = reader.doc
    for site in [m for m in mentions_between(reader.spans, sent.start, sent.end) if _site_or_outlet(m, doc)]:
        k = site.end + (site.end < sent.end and doc[site.end].text in {"»", "”", '"'})
        if k + 2 >= sent.end or doc[k].lower_ not in PARTITIVE_PREPS:
            continue
        k += 1 + (doc[k + 1].lower_ in {"la", "l'", "l’"})
        at = k + 1  # where the owner's name starts: after a noun of companies ('de la société Y')
        owner = reader.described_name(at) if at < sent.end and lemma_of(doc[k]) in OWNING_COMPANY_NOUNS else None
        if owner is None and site.mention.coarse == "Website":
            at, owner = k, reader.index.get(k)  # 'l'App Store d'Apple': right after 'de', the company's name itself
            owner = owner if owner is not None and owner.mention.fine not in PUBLIC else None
        if owner is not None and owner.start == at and owner.mention.coarse == "Organization":
            # (an outlet is read as the parent-company row reads its subsidiary, rights holders included)
            yield owner, site, "operates.site-of-company" if site.mention.coarse == "Website" else (
                "operates.parent.outlet-of-company")


def site_of_owner(sent: Span, reader: Reader):
    """'X, la boutique en ligne d'Apple', 'X, la plateforme de streaming de Y': a site described, after a comma, by
    a site's kind noun whose complement names the company (or the person) behind it."""
    doc = reader.doc
    for site in [m for m in mentions_between(reader.spans, sent.start, sent.end) if m.mention.coarse == "Website"]:
        k = site.end + 1
        if k + 3 >= sent.end or doc[site.end].text != "," or doc[k].pos_ != "DET" or doc[k].lower_ in POSSESSIVES:
            continue
        kind = next((j for j in range(k + 1, min(sent.end, k + 4))
                     if reader.lexicon.cues.get(lemma_of(doc[j]), ("",))[0] == "Website"), None)
        if kind is None:
            continue
        j = kind + 1  # past the kind's own complements and adjectives ('de streaming', 'en ligne', 'littéraire')
        while j < min(sent.end - 1, kind + 6) and (doc[j].is_lower or doc[j].text in {"'", "’"}):
            k = j + 1 + (doc[j + 1].lower_ in {"la", "l'", "l’", "le", "les"})
            if k >= sent.end:
                break  # (the sentence ends on an article: the text was cut there)
            k += lemma_of(doc[k]) in OWNING_COMPANY_NOUNS and doc[k].is_lower  # 'du groupe Y', 'de la société Y'
            owner = reader.index.get(k)
            if doc[j].lower_ in PARTITIVE_PREPS and owner is not None and owner.start > j and owner.mention.coarse in {
                "Organization", "Person"} and owner.mention.fine not in PUBLIC:
                yield owner, site, "operates.apposed-owner"
                break
            content = doc[j].lower_ in {"des", "du"} and doc[j + 1].is_lower and lemma_of(doc[j + 1]) not in (
                OWNING_COMPANY_NOUNS)
            if doc[j].pos_ in {"VERB", "AUX", "PRON"} or content:
                break  # ('le site de streaming des films de Y': Y's films, not Y's site)
            j += 1


def _site_or_outlet(mention, doc) -> bool:
    """A site, or a company a kind noun of outlets introduces ('la chaîne « X »', 'le label X')."""
    if mention.mention.coarse == "Website":
        return True
    k = mention.start - 1 - (mention.start >= 2 and doc[mention.start - 1].text in OPENING_QUOTES)
    return mention.mention.coarse == "Organization" and k >= 0 and lemma_of(doc[k]) in OWNED_OUTLET_NOUNS


def company_of_person(sent: Span, reader: Reader):
    """'contrôlée par le groupe de X, Y': X, a person, owns the company Y a noun of companies names."""
    for noun in tokens_where(sent, OWNING_COMPANY_NOUNS):
        company = company_past_owner(noun, reader.index) if not is_plural(noun) else None
        if company is not None and company.end <= sent.end:
            yield reader.index[noun.i + 2], company, "operates.owner.company-of-person"


def _qualified_by_participle(doc, i: int, start: int, reader: Reader):
    """The name a present participle right after it opens ('X(,) faisant affaire sous ...' with i at 'sous'),
    read on the surface: the parser hangs such participles anywhere."""
    j = i - 1
    while j > start and i - j < 3 and not doc[j].lower_.endswith("ant"):
        j -= 1
    if not doc[j].lower_.endswith("ant") or j - 1 <= start:
        return None
    k = j - 1 - (doc[j - 1].text == ",")
    named = reader.index.get(k)
    return named if named is not None and named.end == k + 1 else None


def trade_name(sent: Span, reader: Reader):
    """'Charter, qui fournit des services Internet sous le nom de Spectrum', 'X, exploité sous la marque Y': the
    company trades under the name."""
    doc = reader.doc
    for tok in tokens_where(sent, lowers={"sous"}):
        if tok.i + 3 >= sent.end or lemma_of(doc[tok.i + 2]) not in TRADE_NAME_NOUNS:
            continue
        k = tok.i + 3
        k += doc[k].lower_ in PARTITIVE_PREPS
        brand = reader.described_name(k)
        if brand is None or brand.mention.coarse not in {"Organization", "Website"}:
            continue
        verb = doc[tok.i + 2].head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        kinds = {"Organization"}
        qualified = _qualified_by_participle(doc, tok.i, sent.start, reader)
        if qualified is not None:
            owners, kinds = [qualified], {"Organization", "Person"}  # 'X faisant affaire sous le nom de Y'
        elif verb.morph.get("VerbForm") != ["Fin"]:
            continue  # 'plusieurs sociétés, faisant ensemble affaire sous le nom de Y': not the clause's subject
        else:
            owners = [m for t in subjects_of(verb) for m in reader.mentions_at(antecedent_of(t) or t)]
        for owner in owners:
            if owner.mention.coarse in kinds and owner is not brand:
                yield owner, brand, "operates.owner.trade-name"


def work_apposed(sent: Span, reader: Reader):
    """'le prochain album de X, Y', 'le film de Z « Y »': the work a noun of works gives to its author."""
    doc = reader.doc
    for noun in tokens_where(sent, WORK_NOUNS):
        if noun.i + 3 >= sent.end or doc[noun.i + 1].lower_ not in PARTITIVE_PREPS:
            continue
        if is_plural(noun):
            continue  # 'des livres de A, B, C': a list of authors, not an author and the work
        author = reader.index.get(noun.i + 2)
        if author is None or author.start != noun.i + 2 or author.end + 1 >= sent.end:
            continue
        if author.mention.coarse != "Person" and author.mention.fine != "RightsHolder":
            continue
        k = author.end + (doc[author.end].text in {",", "«", "“", '"'})
        k += doc[k].text in {"«", "“", '"'}
        work = reader.index.get(k)
        if work is not None and work.start == k and work.mention.coarse == "CreativeWork":
            yield author, work, "holdsRightsTo.work-apposed"


CAPACITY_DETERMINERS = frozenset({"le", "la", "l'", "l’", "un", "une", "son", "sa", "seul", "unique", "principal"})


def _capacity_role(doc, tok) -> int | None:
    """Where the role noun of a capacity starts: after 'comme', 'en tant que', 'en qualité de', or None."""
    if tok.lower_ == "comme":
        k = tok.i + 1
    elif tok.i >= 1 and doc[tok.i - 1].lower_ == "en" and tok.i + 1 < len(doc) and (
        tok.lower_ == "tant" and doc[tok.i + 1].lower_ in {"que", "qu'", "qu’"}
        or tok.lower_ == "qualité" and doc[tok.i + 1].lower_ in PARTITIVE_PREPS
    ):
        k = tok.i + 2
    else:
        return None
    while k < len(doc) and doc[k].lower_ in CAPACITY_DETERMINERS:
        k += 1
    return k if k + 2 < len(doc) and lemma_of(doc[k]) in CAPACITY_ROLES else None


def role_as(sent: Span, reader: Reader):
    """'X, en tant que fondateur de Y', 'nommé X comme opérateur de Y', 'En tant qu'administrateur du site Y, X
    a été condamné': who holds a site's role in a capacity runs the site. The holder is the name right before
    the capacity, else the clause's subject, else the name after the 'que' of a cleft ('C'est en tant que ...
    que X a comparu')."""
    doc = reader.doc
    for tok in tokens_where(sent, lowers={"comme", "tant", "qualité"}):
        k = _capacity_role(doc, tok)
        if k is None or doc[k + 1].lower_ not in PARTITIVE_PREPS:
            continue
        j = k + 2 + (doc[k + 3].text in {"«", "“", '"'} and doc[k + 2].pos_ == "NOUN")  # 'des sites « Y »'
        site = reader.described_name(j + (doc[j].text in {"«", "“", '"'}))
        if site is None or site.start >= sent.end:
            continue
        sites = [site, *reader.surface_list(site)]
        opening = tok.i - (tok.lower_ != "comme")  # 'en' of 'en tant que'
        before = opening - 1 - (doc[opening - 1].text == ",")
        holder = reader.index.get(before) if before >= sent.start else None
        holders = [holder] if holder is not None and holder.end == before + 1 else []
        subjects = [c for c in sent.root.children if c.dep_ in {"nsubj", "nsubj:pass"}] or subjects_of(sent.root)
        holders = holders or [m for t in subjects for m in reader.mentions_at(antecedent_of(t) or t)]
        if not holders:
            last = max(s.end for s in sites)
            that = next((t.i for t in doc[last:sent.end] if t.lower_ in {"que", "qu'", "qu’"}), None)
            named = reader.described_name(that + 1) if that is not None else None
            holders = [named] if named is not None else []
        for holder in holders:
            if holder.mention.coarse not in {"Person", "Organization"}:
                continue
            for site in sites:
                if site.mention.coarse == "Website" or site.mention.fine == "PirateGroup":
                    yield holder, site, "operates.role.as"


JUDGE_CUES = frozenset({"cue:juge", "cue:magistrat", "cue:magistrate"})


def _deciders(sent: Span, reader: Reader, judges: bool = False) -> list:
    """The courts of the sentence, and with ``judges`` the judges it names as such ('la juge X')."""
    return [
        m for m in reader.spans
        if sent.start <= m.start < sent.end and (
            m.mention.fine == "Court" or judges and m.mention.coarse == "Person" and m.mention.evidence in JUDGE_CUES
        )
    ]


def _ruling_courts(sent: Span, reader: Reader) -> list:
    """The courts a sentence says decided: subjects of a ruling verb ('a confirmé la Cour suprême', 'le tribunal
    a jugé que'), or the source of what it tells ('Selon le tribunal X, ...')."""
    doc = reader.doc
    courts = []
    for m in _deciders(sent, reader):
        root = doc[m.start : m.end].root
        verb = root.head
        opening = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
        inverted = root.dep_ == "obj" and verb.i < root.i and opening >= 1 and doc[opening - 1].text == ","
        ruling = (root.dep_ == "nsubj" or inverted) and lemma_of(verb) in RULING_VERBS  # (', a confirmé la cour')
        before = m.start - 1 - (m.start >= 1 and doc[m.start - 1].pos_ == "DET")  # the word before the name
        source = before >= 0 and doc[before].lower_ in SOURCE_MARKERS or _source_ruling(doc, before, sent.start)
        if ruling or source:
            courts.append(m)
    return courts


def _source_ruling(doc, k: int, stop: int) -> bool:
    """'Selon un jugement rendu le 5 mai par le tribunal X', 'd'après la décision du tribunal X': the court
    whose ruling is the source of what the sentence tells (k: the word before the court's name)."""
    if k <= stop or doc[k].lower_ not in {"par", "de", "du", "d'", "d’"}:
        return False
    for j in range(k - 1, max(stop, k - 10) - 1, -1):
        if doc[j].is_punct:
            return False
        if lemma_of(doc[j]) in RULING_NOUNS:
            opening = j - 1 - (j >= 1 and doc[j - 1].pos_ == "DET")
            return opening >= stop and doc[opening].lower_ in SOURCE_MARKERS
    return False


def ruled_obligation(sent: Span, reader: Reader):
    """'X doit bloquer Y, a confirmé la Cour suprême', 'Le tribunal a confirmé que X doit cesser de ...',
    'Selon le tribunal, X devra retirer ...': the court orders whom the obligation it states falls on."""
    obliging = [t for t in tokens_where(sent, OBLIGATION_VERBS) if not is_negated(t) and any(
        c.dep_ == "xcomp" and c.morph.get("VerbForm") == ["Inf"] for c in t.children)]
    courts = _ruling_courts(sent, reader) if obliging else []
    for tok in obliging if courts else ():
        named = [m for t in subjects_of(tok) for m in reader.mentions_at(antecedent_of(t) or t)]
        before = reader.index.get(tok.i - 1)  # 'Selon X, Y doit ...': the parser may hang the verb on the name
        for obliged in named or ([before] if before is not None and before.end == tok.i else []):
            if obliged.mention.coarse in SUED and obliged.mention.fine != "Court":
                yield from ((court, obliged, "orders.ruled-obligation") for court in courts)


def ruled_guilty(sent: Span, reader: Reader):
    """'La juge X avait reconnu que Y était bel et bien coupable de ...', 'Le tribunal a estimé que Y était
    responsable de la contrefaçon': the court or judge convicts whom its ruling's clause finds guilty, read on the
    surface (the parser seldom gets such a clause right), never 'n'était pas coupable'."""
    doc = reader.doc
    for adj in tokens_where(sent, lowers=GUILT_ADJECTIVES):
        k = adj.i - 1
        while k > sent.start and adj.i - k <= 4 and (doc[k].pos_ == "ADV" or doc[k].lower_ in {"et", "bel"}):
            k -= 1  # 'bel et bien'
        if lemma_of(doc[k]) != "être" or any(t.lower_ in {"pas", "jamais", "ne", "n'", "n’"} for t in doc[k : adj.i]):
            continue
        while k > sent.start and doc[k - 1].pos_ == "AUX":
            k -= 1  # 'a été'
        if doc[k - 1].text == ",":  # 'Y, une firme liée à la région, était coupable': past the apposition
            k = next((j for j in range(k - 2, max(sent.start, k - 14), -1) if doc[j].text == ","), k)
        guilty = reader.index.get(k - 1)
        if guilty is None or guilty.end != k or guilty.mention.coarse not in SUED or guilty.mention.fine == "Court":
            continue
        that = next((t.i for t in reversed(doc[sent.start : guilty.start]) if t.lower_ in {"que", "qu'", "qu’"}), None)
        if that is None or not any(lemma_of(t) in RULING_VERBS for t in doc[sent.start : that]):
            continue
        for court in (m for m in _deciders(sent, reader, judges=True) if m.start < that):
            yield court, guilty, "convicts.ruled-guilty"  # (the ruling verb's subject, before 'que')


def ordered_that(sent: Span, reader: Reader):
    """'Le tribunal de Milan a ordonné le 11 mars que X bloque ...', 'la juge a exigé que X retire ...': whom a
    court's 'que' clause names first is whom it orders (the parser seldom reads a subjunctive right)."""
    doc = reader.doc
    deciders = {m.start: m for m in _deciders(sent, reader, judges=True)}
    for verb in tokens_where(sent, ORDERING_THAT_VERBS):
        after = doc[verb.i + 1 : min(sent.end, verb.i + 8)]
        that = next((t.i for t in after if t.lower_ in {"que", "qu'", "qu’"}), None)
        if that is None or is_negated(verb) or any(t.is_punct for t in doc[verb.i : that]):
            continue
        k = that + 1 + (that + 1 < sent.end and doc[that + 1].pos_ == "DET")  # ('que la société X ...')
        k += k < sent.end and doc[k].lower_ in reader.lexicon.cues and doc[k - 1].pos_ == "DET"
        ordered = reader.index.get(k)
        if ordered is None or ordered.start != k or ordered.mention.coarse not in SUED or ordered.start in deciders:
            continue
        courts = [deciders[m.start] for t in subjects_of(verb) for m in reader.mentions_at(t) if m.start in deciders]
        for court in courts or [m for m in deciders.values() if m.end <= verb.i and m.end > verb.i - 4]:
            yield court, ordered, "orders.ordered-that"


def forced_closing(sent: Span, reader: Reader):
    """'X a contraint Y à cesser ses activités', 'X a forcé le site Y à fermer': who forces a site or a company to
    end itself shuts it down (a court that forces one orders it, told by the ordering rows)."""
    for verb in tokens_where(sent, FORCING_VERBS):
        ending = [c for c in verb.children if c.dep_ in {"xcomp", "advcl"} and lemma_of(c) in SELF_CLOSING_VERBS]
        if not ending:  # the parser hung the infinitive on the object's name: 'a contraint l'application X à fermer'
            after = reader.doc[verb.i + 1 : min(sent.end, verb.i + 12)]
            ending = [t for t in after if lemma_of(t) in SELF_CLOSING_VERBS and t.i > 0 and reader.doc[t.i - 1].lower_
                      in {"à", "de", "d'", "d’"} and "Inf" in t.morph.get("VerbForm")][:1]
        ending = [c for c in ending if not any(o.dep_ == "obj" for o in c.children) or any(
            o.dep_ == "obj" and lemma_of(o) in ACTIVITY_NOUNS and any(d.lower_ in POSSESSIVES for d in o.children)
            for o in c.children
        )]
        if not ending or is_negated(verb) or is_negated(ending[0]):
            continue
        forced = [m for c in verb.children if c.dep_ == "obj" for m in reader.mentions_at(c)]
        tier = "explicit"
        if not forced and reader.memory is not None:  # 'a contraint l'application populaire ... à arrêter'
            nouns = [c for c in verb.children if c.dep_ == "obj" and c.pos_ == "NOUN"]
            found = [reader.memory.resolve_description(n, frozenset({"Website", "Organization"})) for n in nouns]
            forced, tier = [m for m in found if m is not None], "anaphoric"
        forcers = [m for t in subjects_of(verb) for m in reader.mentions_at(antecedent_of(t) or t)]
        for forcer in forcers:
            if forcer.mention.fine == "Court" or forcer.mention.coarse not in PARTIES:
                continue
            for site in forced:
                if site.mention.coarse in {"Website", "Organization"} and site.start != forcer.start:
                    yield forcer, site, "shutsDown.forced-closing", tier


def possessed_site(sent: Span, reader: Reader):
    """'X a présenté son logiciel « Y »', 'la police a arrêté X et fermé son site Y': a site named after a possessive
    and its kind noun is that of the last party named before it in the sentence (no public body, no source).
    So is a company after a possessive that closes a list of persons ('X, Y et leur société Z': each owns it)."""
    doc = reader.doc
    for named in mentions_between(reader.spans, sent.start, sent.end):
        k = named.start - 1 - (doc[named.start - 1].text in OPENING_QUOTES)
        if k - 1 < sent.start or doc[k - 1].lower_ not in POSSESSIVES:
            continue
        cue = reader.lexicon.cues.get(lemma_of(doc[k]))
        company = named.mention.coarse == "Organization" and lemma_of(doc[k]) in OWNING_COMPANY_NOUNS
        if not company and (cue is None or cue[0] != "Website" or named.mention.coarse != "Website"
                            or doc[k - 1].lower_ not in {"son", "sa", "ses"}):
            continue
        before = [m for m in reader.spans if sent.start <= m.start and m.end <= k - 1 and m.mention.coarse != "Place"]
        before = [m for m in before if not reader.attributed(m)]  # ('X, arrêté à Lyon, et son site Y')
        if company:
            # only the persons the list names right before it: 'X a assigné sa société Y' says nothing of who owns Y
            owners = [m for m in before if named in reader.surface_list(m)]
            owners = owners[-1:] if doc[k - 1].lower_ in {"son", "sa"} else owners
            yield from ((o, named, "operates.possessed-company") for o in owners if o.mention.coarse == "Person")
            continue
        owner = before[-1] if before else None
        if owner is not None and owner.mention.coarse in PARTIES and owner.mention.fine not in PUBLIC:
            yield owner, named, "operates.possessed-site"


# The frames of this module by their id in kg/data/relation_patterns.json's surface_rules.
NAME_FRAMES = {
    "label_of": label_of,
    "trial_opposing": trial_opposing,
    "case_title": case_title,
    "site_of_company": site_of_company,
    "company_of_person": company_of_person,
    "trade_name": trade_name,
    "work_apposed": work_apposed,
    "hometown": hometown,
    "town_of_name": town_of_name,
    "places_of_kind": places_of_kind,
    "rights_belonging": rights_belonging,
    "role_as": role_as,
    "ruled_obligation": ruled_obligation,
    "ruled_guilty": ruled_guilty,
    "ordered_that": ordered_that,
    "forced_closing": forced_closing,
    "possessed_site": possessed_site,
    "host_seat": host_seat,
    "site_of_owner": site_of_owner,
    "owned_branch": owned_branch,
}
