"""The type of a candidate name, from its context first and the NER label last; and whether it is a name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.extract.entities.cues import cue_apposition, cue_before, cue_copula
from kg.extract.entities.institutions import institution_fine
from kg.extract.entities.sources import coined
from kg.extract.entities.words import (
    CAMEL,
    COMPASS_WORDS,
    COMPETITION,
    CORPORATE,
    DATIVE_VERBS,
    DETERMINERS,
    GIVEN_NAMES,
    HONORIFICS,
    LOCATIVE_PREPS,
    NER_TYPES,
    NICKNAME_NOUNS,
    OF,
    PERSON_OR_COMPANY_CUES,
    PLACE_OF_NOUNS,
    PLACED,
    RANK_NOUNS,
    SITE_ACTIVITY_VERBS,
    SITE_NAME_PARTS,
    STREET_NOUNS,
    UNPLACED,
    WORDS,
    is_word,
    legal_form_only,
)
from kg.extract.tokens import TokenTable, first_group_infinitive
from kg.lexicon import Lexicon, acronym_only, fold


@dataclass(frozen=True)
class Context:
    """What the whole article says about its names, read before typing each one."""

    short_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # 'Cox' of 'Cox Communications'
    headline: frozenset[int] = frozenset()  # tokens of title-case lines, where capitals say nothing


def article_context(
    doc: Doc, candidates: list[tuple[Span, str]], lexicon: Lexicon, table: TokenTable | None = None
) -> Context:
    """The first words of the article's multi-word company names, and its title-case lines."""
    short: dict[str, tuple[str, str]] = {}
    for span, source in candidates:
        known = lexicon.known.get(fold(span.text)) if source == "lexicon" else None
        if source == "corporate" and len(span) >= 2:
            kind = ("Organization", lexicon.corporate_heads.get(span[-1].text, ""))
        elif known is not None and known.coarse == "Organization" and len(span) >= 2:
            kind = (known.coarse, known.fine)
        else:
            continue
        first = span[0].text
        if len(first) >= 3 and first[:1].isupper() and first.lower() not in DETERMINERS | lexicon.cues.keys():
            short.setdefault(first, kind)
    return Context(short_names=short, headline=_headline_tokens(table or TokenTable.of(doc)))


def _headline_tokens(table: TokenTable) -> frozenset[int]:
    """Tokens of lines whose longer words nearly all start with a capital ('Un Verdict Salué : X Punit')."""
    found: set[int] = set()
    line: list[int] = []
    words, is_space = table.words, table.is_space
    for i in [*range(len(words)), None]:
        if i is not None and not is_space[i]:
            line.append(i)
        if i is None or "\n" in table.whitespace[i] or is_space[i]:
            long_words = [words[k] for k in line if table.is_alpha[k] and len(words[k]) >= 4]
            if len(long_words) >= 3 and sum(w[:1].isupper() for w in long_words) >= 0.75 * len(long_words):
                found.update(line)
            line = []
    return frozenset(found)


BOROUGH = frozenset(WORDS["borough_nouns"])


def trim(span: Span, lexicon: Lexicon | None = None) -> Span | None:
    """Drop leading determiners/prepositions, a leading nationality ('le Britannique Eleven Sports', 'le qatari
    beIN') and edge punctuation from a span."""
    doc = span.doc
    start, end = span.start, span.end
    adjectives = lexicon.adjectives if lexicon is not None else {}
    while start < end and (
        doc[start].lower_ in DETERMINERS
        or doc[start].is_punct
        or doc[start].is_space
        or (start + 1 < end and (doc[start].lower_ in adjectives or doc[start].lower_ in HONORIFICS))
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in {"+"}:
        end -= 1
    if end - start >= 3 and doc[start].is_lower and borough_of(doc[start + 2]):
        start += 2  # 'arrondissement de LaSalle', read by the NER as one name: the place is the name
    return doc[start:end] if end > start else None


def borough_of(token) -> bool:
    """Whether a capitalised word follows a borough noun and 'de' ('l'arrondissement de X', 'la commune de X'):
    a town's part or a town, named by the word (not 'le canton de Vaud', 'la province de X': names whole)."""
    i = token.i
    return i >= 2 and token.text[:1].isupper() and token.doc[i - 1].lower_ in OF and token.doc[i - 2].text in BOROUGH


def is_exact_name(text: str, lexicon: Lexicon) -> bool:
    """True when the text, article included, is a listed name or alias ('La Haye', not 'la MPAA')."""
    known = lexicon.known.get(fold(text))
    return known is not None and text.casefold() in {n.casefold() for n in (known.name, *known.aliases)}


def type_of(
    span: Span, source: str, lexicon: Lexicon, context: Context | None = None
) -> tuple[str, str, str, int] | None:
    """(coarse, fine, evidence, strength) for a candidate span, or None to drop it."""
    text = span.text
    if legal_form_only(text):
        return None  # '(SARL)', '(Sté)' after a party's name: a legal form alone names no one
    known = lexicon.known.get(fold(text)) or lexicon.known.get(fold(CORPORATE.sub("", text)))
    if known is not None and known.coarse == "Place" and acronym_only(text, known):
        known = None  # 'la FES' is an acronym, not the city of Fès
    if source.startswith("heading:"):  # a party a judgment's heading lists (kg/extract/entities/headings.py)
        kind = source.split(":")[1]
        return ("Website" if kind == "trade" else kind), "", "heading", 5
    if source == "domain":
        if known and known.coarse == "Organization" and known.fine == "MediaOutlet":
            return known.coarse, known.fine, "gazetteer", 5
        return "Website", "", "domain", 5
    if source == "institution":
        return "Organization", institution_fine(text), "institution", 5
    if source == "lexicon:branch":  # 'SFR Fibre': typed like the known company it extends
        base = next((lexicon.known[fold(span[:k].text)] for k in range(len(span) - 1, 0, -1)
                     if fold(span[:k].text) in lexicon.known), None)
        if base is not None and base.coarse == "Organization":
            return base.coarse, base.fine, "gazetteer-branch", 4
        source = "lexicon"
    if source.startswith("list:"):
        cue_word = source.split(":", 1)[1]
        if known:
            return known.coarse, known.fine, "gazetteer", 5
        return (*lexicon.cues[cue_word], "list:" + cue_word, 3)
    if source == "corporate":
        return "Organization", lexicon.corporate_heads.get(span[-1].text, ""), "corporate-name", 4
    if source == "work":
        site = cue_before(span.doc, span.start, lexicon)
        if site is not None and site[0] in {"Website", "Organization"}:
            return (*site, 4)  # 'le site américain « Stage 6 »', 'la chaîne télé « X »': quoted, but a name
        return (
            "CreativeWork",
            "Film" if "film" in span.doc[max(0, span.start - 3) : span.start].text.lower() else "",
            "quoted-title",
            4,
        )
    cue = cue_before(span.doc, span.start, lexicon)
    apposed = cue_apposition(span.doc, span.start, span.end, lexicon) if cue is None else None
    if apposed is not None and apposed[0] != "Person" and _given_name_person(span, source):
        apposed = None  # 'des éditeurs, Sylvie X, vice-présidente': a first and last name is a person's
    cue = cue or apposed or cue_copula(span, lexicon)
    if cue is not None and cue[2].removeprefix("cue:") in PERSON_OR_COMPANY_CUES and _first_and_last_name(span):
        cue = ("Person", "", cue[2])  # 'le réalisateur et producteur Luc X' is a person, 'le producteur Y Films' not
    k = span.start - 1
    k -= k > 0 and span.doc[k].lower_ in OF  # 'sous le pseudonyme de X'
    if k >= 0 and span.doc[k].lower_ in NICKNAME_NOUNS:
        return "Person", "", "cue:" + span.doc[k].lower_, 4  # 'connu sous le pseudo Denver' is a person, not the city
    if known and known.coarse != "Place":
        return known.coarse, known.fine, "gazetteer", 5
    if known:  # a place name stays a place: 'le site US TorrentSpy'
        return known.coarse, known.fine, "lexicon", 4
    if cue and not (known and cue[0] == "Person"):
        if cue[0] == "Place" and not known:
            return None
        return cue[0], cue[1], cue[2], 4
    if known:
        return known.coarse, known.fine, "lexicon", 4
    if span[0].lower_ in RANK_NOUNS and not any(t.text[:1].isupper() for t in span[1:]):
        return None  # 'Commissaire principal de police': a rank, no one's name
    context = context or Context()
    label = span.label_ if source == "ner" else ""
    shape = _name_shape(span, label, lexicon, context)
    if shape is not None:
        return shape
    if not _may_be_name(span, label, lexicon, context):
        return None
    inner = CAMEL.match(text) or _inner_capital(text)
    if label == "PER" and len(span) == 1 and inner and not SURNAME_CAPS.match(text):
        return "Organization", "", "camel-case", 1  # 'MdeiServices', 'KBox', 'VK' are no person
    if label == "LOC" and len(span) == 1 and text.isupper() and 2 <= len(text.replace("-", "")) <= 8:
        return "Organization", "", "acronym", 1  # 'SBS', 'FIOD-ECD': an acronym no place lexicon knows is a body
    if label == "LOC" and len(span) == 1 and inner and not text.isupper():
        return "Website", "", "ner:LOC", 1  # 'FileHaven', 'DanishBits' are no places: a site, until context says
    if label == "LOC" and _acting_subject(span) and span.root.head.lemma_.lower() in SITE_ACTIVITY_VERBS:
        # 'X proposait des matchs en direct': a name the lexicon does not know as a place does what a site does
        return "Website", "", "ner:LOC-acting", 1
    if label == "LOC" and _said_as_place(span, lexicon):
        return "Place", "", PLACED, 1
    if label == "LOC":
        return "Organization", "", UNPLACED, 1  # 'Stripe', 'Paypal': never said as a place, a body
    if label in NER_TYPES:
        coarse, fine = NER_TYPES[label]
        return coarse, fine, "ner:" + label, 1
    if label == "MISC" and (CAMEL.match(text) or any(c.isdigit() for c in text) or text[:1].isupper()):
        return "", "", "ner:MISC", 0  # untyped: kept only if a relation types it
    return None


def _said_as_place(span: Span, lexicon: Lexicon) -> bool:
    """A name no lexicon knows is said as a place: after a locative preposition, past the list it closes ('à
    Séville et Valdemoro'), after a place noun ('la commune de X'), or before the place it lies in ('Riviera
    Beach, en Floride', 'Uppsala (Suède)', 'X au Québec')."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].pos_ == "DET" or doc[i].text in {",", "et"} and i >= 1 and (
        doc[i - 1].text[:1].isupper() or doc[i - 1].text == ")"
    )):
        i -= 1  # past 'X,' or 'X et' of a list of names, and past its bracket ('Lille (Nord), X')
        if doc[i].text == ")" and doc[i + 1].pos_ != "DET":
            i = next((k for k in range(i - 1, max(-1, i - 6), -1) if doc[k].text == "("), i) - 1
        while i >= 0 and doc[i].text[:1].isupper() and doc[i].pos_ in {"PROPN", "NOUN", "ADJ", "X"}:
            i -= 1
    before = doc[i].lower_ if i >= 0 else ""
    root = span.root  # 'ordonné à X' names whom, 'basée à X' where
    # (whatever the arc: the parser hangs 'appartenant à X' or 'demande à X de' as an adjunct as often)
    governor = root.head.lemma_.lower()  # ('Le tribunal demande à X de': a verb the lemmatizer left as written)
    governor = first_group_infinitive(root.head.lower_, governor) if root.head.pos_ == "VERB" else governor
    dative = before in {"à", "au", "aux"} and governor in DATIVE_VERBS
    if before in LOCATIVE_PREPS and before not in OF and doc[i].pos_ == "ADP" and not dative:
        return True
    if before == "(" and i >= 1 and _place_word(doc[i - 1], lexicon):
        return True  # 'Lille (Nord)', 'la Belgique (Alost, Anvers et Hasselt)'
    if before in OF and i >= 1 and doc[i - 1].lower_ in PLACE_OF_NOUNS:
        return True  # 'la commune de X', 'la résidence de X' (not 'la police de X')
    after = doc[span.end : span.end + 2]
    if len(after) == 2 and after[0].text == "," and after[1].lower_ in LOCATIVE_PREPS - OF and after[1].pos_ == "ADP":
        return True
    if len(after) == 2 and after[0].lower_ in {"au", "aux", "en"} and (
        _known_place(after[1], lexicon) or after[1].ent_type_ == "LOC"
    ):
        return True  # 'Marvigny au Québec', 'Tolbrec en Ontario' (a place the NER reads, misspelt or unknown)
    bracketed = after[1] if len(after) == 2 and after[0].text == "(" else None  # 'Yopougon (ouest)', 'Uppsala (Suède)'
    return bracketed is not None and (bracketed.lower_ in COMPASS_WORDS or _known_place(bracketed, lexicon))


def _known_place(token, lexicon: Lexicon) -> bool:
    known = lexicon.known.get(fold(token.text))
    return known is not None and known.coarse == "Place"


def _place_word(token, lexicon: Lexicon) -> bool:
    """A place the lexicon knows, or a place noun ('la commune', 'le nord')."""
    return _known_place(token, lexicon) or token.lower_ in PLACE_OF_NOUNS


def _opens_on_given_name(span: Span) -> bool:
    return len(span) >= 2 and span[0].lower_ in GIVEN_NAMES


def _given_name_person(span: Span, source: str) -> bool:
    """The NER read a person whose name opens on a known first name ('Sylvie Marcé')."""
    return source == "ner" and span.label_ == "PER" and _opens_on_given_name(span)


def _first_and_last_name(span: Span) -> bool:
    """A known first name and a capitalised word after it ('Luc X'), whatever the NER read."""
    return _opens_on_given_name(span) and span[1].text[:1].isupper()


def _acting_subject(span: Span) -> bool:
    """The name is the subject of an active verb of its own clause, with no preposition before it."""
    root, doc = span.root, span.doc
    verb = root.head
    return (
        root.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and verb.i > root.i
        and not any(c.dep_ in {"cop", "aux:pass", "expl:pass"} for c in verb.children)
        and not (span.start > 0 and doc[span.start - 1].pos_ == "ADP")
    )


def _name_shape(span: Span, label: str, lexicon: Lexicon, context: Context) -> tuple[str, str, str, int] | None:
    """The type the name's own form gives: a company word, an '&', a competition, a site-like coined word."""
    text = span.text
    if text in context.short_names:
        return (*context.short_names[text], "short-name", 3)  # 'Cox' after 'Cox Communications'
    if len(span) >= 2 and span[0].text in lexicon.corporate_prefixes:
        return "Organization", lexicon.corporate_prefixes[span[0].text], "corporate-name", 3  # 'Editions X'
    if len(span) >= 2 and span[-1].text in lexicon.corporate_heads:
        return "Organization", lexicon.corporate_heads[span[-1].text], "corporate-name", 3
    if len(span) >= 3 and "&" in [t.text for t in span[1:-1]]:
        return "Organization", "", "corporate-name", 3  # 'Taylor & Francis'
    if COMPETITION.match(text):
        return "CreativeWork", "", "competition", 3
    if (
        label in {"PER", "LOC", "MISC", "ORG"}  # no company but the gazetteer's is named 'X-Torrent' or 'XFlix'
        and len(span) == 1
        and len(text) >= 5
        and not text.isupper()
        and SITE_NAME_PARTS.search(text)
        and not _site_word(text)  # 'Streaming sportif : ...' opens a headline with the word itself
        and not is_word(span[0])
    ):
        return "Website", "", "site-like-name", 2  # 'Streamtape', 'Vidoza': coined from a site's words
    return None


# surnames with an inner capital: 'McDonald', 'MacLeod', 'DiCaprio', 'LeBlanc', 'DeVito', 'VanDyke'
SURNAME_CAPS = re.compile(r"^(Mc|Mac|Di|De|Da|Du|Le|La|Van|Von|O')[A-Z][a-z]+$")


def _inner_capital(text: str) -> bool:
    """'KBox', 'VK', 'DDLand': capitals past the first letter, which no first name or surname has."""
    return text.isalnum() and len(text) >= 2 and any(c.isupper() for c in text[1:]) and not text[1:].islower()


def _site_word(text: str) -> bool:
    """'Streaming', 'Torrents', 'Uploader': one of the words sites are named from, not a name coined from it."""
    low = text.lower()
    return any(SITE_NAME_PARTS.fullmatch(low.removesuffix(end)) for end in ("", "s", "ing", "er", "ers"))


def _may_be_name(span: Span, label: str, lexicon: Lexicon, context: Context) -> bool:
    """False for what the NER took for a name from its capital alone: a demonym ('les Russes'), a common word
    at a sentence's start or in a title-case headline ('Résilier', 'Inaction'), a lowercase word."""
    text = span.text
    if label == "PER" and text.islower():
        return False
    if label and len(span) == 1 and span[0].pos_ in {"VERB", "NOUN", "ADJ", "ADV"} and is_word(span[0]):
        return False  # 'Continuer', a button the NER took for a surname
    if label and all(t.i in context.headline for t in span):
        words = [t for t in span if t.is_alpha and not t.is_stop]
        if words and all(is_word(t) for t in words):
            return False  # 'Complice de la Piraterie de Manga'
    return True


def display(span: Span) -> str:
    text = re.sub(r"\s+", " ", span.text).strip(" ,.;:‘’'\"«»")
    # an initial keeps its period ('M. T.', 'Fabien L.'), as the mention's offsets do
    return text + "." if re.search(r"(?:^|\s)[A-ZÀ-Þ]$", text) and span.text.rstrip().endswith(".") else text


def _field_label(span: Span) -> bool:
    """A word alone at the start of a line before a colon ('Dossier :', 'Référence :'), as page headings write
    their fields."""
    doc = span.doc
    line_start = span.start == 0 or "\n" in doc[span.start - 1].whitespace_ or "\n" in doc[span.start - 1].text
    return line_start and span.end < len(doc) and doc[span.end].text == ":"


def is_name(span: Span, source: str, lexicon: Lexicon) -> bool:
    text = span.text.strip()
    if source in {"domain", "institution", "work"} or source.startswith("heading:"):
        return True
    if source.startswith("list:") and fold(text) in lexicon.not_names:
        return False
    if not text or fold(text) in lexicon.not_names or text.casefold() in lexicon.not_names:
        return False
    demonym = text.casefold() in lexicon.adjectives and fold(text) not in lexicon.known  # not 'Suisse'
    if len(span) == 1 and (demonym or text.casefold() in HONORIFICS):
        return False  # 'cinq Britanniques', 'un Japonais', 'Monsieur'
    if len(span) == 1 and _described_by_age(span):
        return False  # 'un Girondin de 31 ans': a person described, not named
    if len(span) == 1 and opening_adverb(span[0]):
        return False  # 'Parallèlement, X et Y ...': an adverb opening the sentence
    if len(span) == 1 and _field_label(span) and fold(text) not in lexicon.known:
        return False  # 'Référence : 2021 CF 53': a field's label opening its line ('Chine : ...' is a headline)

    listed = source == "list:site" and len(span) == 3 and span[1].text == "-"  # 'cinehub, zone-annuaire'
    if not any(c.isupper() or c.isdigit() for c in text) and not (len(span) == 1 and coined(span[0]) or listed):
        return False
    if len(text) < 2 or len(span) > 8:
        return False
    if span[0].like_num and not any(t.text[:1].isupper() for t in span):
        return False  # '2019', '35 appartements': a number and common words name nothing
    if len(span) >= 2 and span[-1].text in WORDS["law_heads"]:
        return False  # 'Digital Millennium Copyright Act': a law, not an actor
    if span[0].lower_ in lexicon.not_names and not any(t.text[:1].isupper() for t in span[1:]):
        return False  # 'IPTV illégal', 'DNS menteur': a technical word and common words, no name
    if all(t.is_stop or t.is_punct for t in span):
        return False
    street = span[0] if span[0].lower_ in STREET_NOUNS or span.start == 0 else span.doc[span.start - 1]
    return street.lower_ not in STREET_NOUNS  # 'la rue Durivage à Chicoutimi': an address, not a place


def opening_adverb(token) -> bool:
    """A capitalised '-ment' word that opens its sentence and is followed by a comma ('Parallèlement,')."""
    doc = token.doc
    return (
        token.is_sent_start
        and token.lower_.endswith("ment")
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text == ","
    )


def _described_by_age(span: Span) -> bool:
    """'un Girondin de 31 ans', 'une Bretonne de 45 ans': an indefinite word and an age around one capital."""
    doc, i = span.doc, span.start
    return (
        i >= 1
        and doc[i - 1].lower_ in {"un", "une"}
        and span.end + 2 < len(doc)
        and doc[span.end].lower_ in {"de", "d'", "d’"}
        and doc[span.end + 1].like_num
        and doc[span.end + 2].lower_ == "ans"
    )
