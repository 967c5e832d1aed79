"""Where the items of a list of names end, read on the surface: past a bracketed aside ('Cisco (OpenDNS),
X'), an item's owner ('A de Warner Music, B'), or the lowercase end of a company's name that the NER cut
short ('Universal city studios productions, X'); and two readings of a noun's complement on the surface: the
company a group noun names past its owner ('le groupe de X, Y'), the people a noun of users or members names
('les utilisateurs de X')."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.nlp import after_abbreviation
from kg.extract.relations.syntax import case_of, is_plural, lemma_of
from kg.extract.relations.words import (
    ADDITIONAL_MODIFIERS,
    LIST_DETERMINERS,
    PARTITIVE_PREPS,
    PERSON_ROLES,
    USER_NOUNS,
)

OPENING_QUOTES = frozenset({"«", "“", '"'})
CLOSING_QUOTES = frozenset({"»", "”", '"'})
TAIL_TAGS = frozenset({"NOUN", "ADJ", "PROPN", "X"})
MAX_TAIL = 3
WITHIN = frozenset({"au", "aux", "en"})  # 'Marvigny au Québec'


def _tail_word(doc: Doc, k: int) -> bool:
    return doc[k].is_lower and doc[k].is_alpha and doc[k].pos_ in TAIL_TAGS


def tail_end(doc: Doc, index: dict[int, MentionSpan], i: int) -> int:
    """Index past the lowercase words that end an organisation's name before a list's comma, or ``i``.

    Only a comma after them makes them a tail: 'A studios productions, B' lists A and B, while in
    'A propose des films' the words are the sentence's.
    """
    k = i
    while k < min(len(doc), i + MAX_TAIL) and _tail_word(doc, k) and k not in index:
        k += 1
    named = index.get(i - 1)
    if k > i and k < len(doc) and doc[k].text == "," and named is not None and named.mention.coarse == "Organization":
        return k
    return i


def tail_start(doc: Doc, index: dict[int, MentionSpan], j: int) -> int:
    """The last token of the organisation's name whose lowercase tail ends at ``j`` (see tail_end), or ``j``."""
    k = j
    while k > max(0, j - MAX_TAIL) and k not in index and _tail_word(doc, k):
        k -= 1
    named = index.get(k)
    if k < j and named is not None and named.end == k + 1 and named.mention.coarse == "Organization":
        return k
    return j


def skip_aside(doc: Doc, index: dict[int, MentionSpan], i: int) -> int:
    """Index after a short bracketed aside starting at i, or after an item's owner ('A et B de Warner Music,
    C de Sony': 'de Sony' when a list goes on past it), after a name's lowercase tail, after the period of
    an abbreviation before the list goes on ('Disney enterprises inc., X'), to the comma closing a description of the
    item when the list goes on after it ('A, principal opérateur du pays, et B'), or i."""
    if i + 1 < len(doc) and after_abbreviation(doc, i) and doc[i + 1].lower_ in {",", "et", "ou"}:
        return i + 1
    if i < len(doc) and doc[i].text == "(":
        return next((k + 1 for k in range(i + 1, min(len(doc), i + 16)) if doc[k].text == ")"), i)
    if i < len(doc) and doc[i].text == ",":
        closing = described_aside_end(doc, index, i)
        if closing is not None:
            return closing  # 'du groupe A, principal opérateur du pays, et de la B': past the description
    owner = index.get(i + 1) if i + 1 < len(doc) and doc[i].lower_ in {"de", "d'", "d’", "du"} else None
    if owner is not None and owner.start == i + 1 and owner.mention.coarse == "Organization":
        return owner.end if owner.end < len(doc) and doc[owner.end].lower_ in {",", "et", "ainsi"} else i
    town = hometown_end(doc, index, i)
    return town if town < len(doc) and doc[town].lower_ in {",", "et", "ainsi"} else tail_end(doc, index, i)


def _place_at(index: dict[int, MentionSpan], k: int, start: bool) -> MentionSpan | None:
    """The place whose first (or last) token is k."""
    named = index.get(k)
    at = named is not None and (named.start if start else named.end - 1) == k
    return named if at and named.mention.coarse == "Place" else None


def hometown_places(doc: Doc, index: dict[int, MentionSpan], i: int) -> list[MentionSpan]:
    """An item's town and its wider place, 'de' at i ('A de Marvigny au Québec, B de Tolbrec en Ontario'): both,
    the town alone, or none."""
    town = _place_at(index, i + 1, True) if i + 1 < len(doc) and doc[i].lower_ in {"de", "d'", "d’"} else None
    if town is None:
        return []
    wider = _place_at(index, town.end + 1, True) if town.end + 1 < len(doc) and doc[town.end].lower_ in WITHIN else None
    return [town, wider] if wider is not None else [town]


def hometown_end(doc: Doc, index: dict[int, MentionSpan], i: int) -> int:
    """Index past an item's town and its wider place (see hometown_places), or i."""
    places = hometown_places(doc, index, i)
    return places[-1].end if places else i


def hometown_start(doc: Doc, index: dict[int, MentionSpan], j: int) -> int:
    """The last token of the item before its town and wider place end at ``j`` (see hometown_end), or ``j``."""
    place = _place_at(index, j, False)
    if place is not None and place.start >= 2 and doc[place.start - 1].lower_ in WITHIN:
        place = _place_at(index, place.start - 2, False) or place
    k = place.start - 1 if place is not None else -1
    named = index.get(k - 1) if k >= 1 and doc[k].lower_ in {"de", "d'", "d’"} else None
    return k - 1 if named is not None and named.end == k and named.mention.coarse == "Person" else j


def described_aside_end(doc: Doc, index: dict[int, MentionSpan], comma: int) -> int | None:
    """The comma closing a short description set off after a list item ('A, principal opérateur de télévision en
    Y, et de la B'), when 'et', 'ou' or 'ainsi que' follows it: lowercase words opening on a determiner, an
    adjective or a noun, no verb, no name but a place's; else None."""
    first = comma + 1
    if first >= len(doc) or not doc[first].is_lower or doc[first].pos_ not in {"DET", "ADJ", "NOUN"}:
        return None
    for k in range(first, min(len(doc) - 1, comma + 15)):
        if doc[k].text == ",":
            return k if doc[k + 1].lower_ in {"et", "ou", "ainsi"} else None
        named = index.get(k)
        if doc[k].pos_ in {"VERB", "AUX"} or doc[k].text in {".", ";", ":", "(", ")"} or (
            named is not None and named.mention.coarse != "Place"
        ):
            return None
    return None


def past_quote(doc: Doc, mention: MentionSpan) -> int:
    """Index after a quoted item's closing quote ('le moteur « X » et l'hébergeur « Y »'), or after the item."""
    i = mention.end
    quoted = mention.start >= 1 and doc[mention.start - 1].text in OPENING_QUOTES
    return i + 1 if quoted and i < len(doc) and doc[i].text in CLOSING_QUOTES else i


def after_participle(doc: Doc, start: int) -> bool:
    """Whether the name at start follows a participle and its preposition ('menée par X', 'composée de la X'): an
    agent or a complement that opens a list, not a fronted adjunct."""
    k = start - 2 - (doc[start - 1].lower_ in LIST_DETERMINERS)  # before its preposition
    return k >= 0 and "Part" in doc[k].morph.get("VerbForm") and doc[k].pos_ in {"VERB", "ADJ"}


def preposition_before(doc: Doc, mention: MentionSpan) -> str:
    """The preposition right before a name (past its determiner): 'de' for 'de l'Arcom', '' for none."""
    i = mention.start - 1
    if i >= 0 and doc[i].lower_ in LIST_DETERMINERS:
        i -= 1
    word = doc[i].lower_ if i >= 0 else ""
    return word if word in PARTITIVE_PREPS or word in {"par", "à", "au", "aux", "contre", "pour", "avec"} else ""


def fronted_complement(doc: Doc, prev: MentionSpan, mention: MentionSpan) -> bool:
    """A name behind a preposition the next name lacks, ahead of its sentence's verbs ('Sur demande de l'Arcom,
    Orange et SFR ont bloqué'): a fronted complement, then a list of subjects; after a verb ('a déposé plainte
    contre A de X au Y, B de Z'), a list that goes on."""
    before = preposition_before(doc, prev)
    if not before or before == preposition_before(doc, mention):
        return False
    return not any(t.pos_ in {"VERB", "AUX"} for t in doc[doc[prev.start].sent.start : prev.start])


def company_past_owner(noun: Token, index: dict[int, MentionSpan]) -> MentionSpan | None:
    """'le groupe de X, Y': the company a noun of companies names is Y, apposed past its owner X, a person."""
    doc, k = noun.doc, noun.i + 2
    owner = index.get(k) if k < len(doc) and doc[noun.i + 1].lower_ in PARTITIVE_PREPS else None
    if owner is None or owner.start != k or owner.mention.coarse != "Person" or owner.end + 1 >= len(doc):
        return None
    company = index.get(owner.end + 1) if doc[owner.end].text == "," else None
    return company if company is not None and company.start == owner.end + 1 and (
        company.mention.coarse == "Organization"
    ) else None


def users_of(noun: Token, complement: Token, index: dict[int, MentionSpan]) -> bool:
    """'les utilisateurs de X', 'l'un des membres du groupe X' are people, not X; but members of a trade body act
    as the body ('des membres de la Sacem ont poursuivi Y'); and items counted on a platform are items."""
    lemma = lemma_of(noun)
    body = index.get(complement.i)
    if lemma not in USER_NOUNS:
        return items_on(noun, complement.i, index)
    return not (lemma in {"membre", "adhérent"} and body is not None and (
        body.mention.coarse == "Organization" and body.mention.fine not in {"PirateGroup", "LawEnforcement"}
    ))


def qualifies_content(doc: Doc, i: int, index: dict[int, MentionSpan]) -> bool:
    """'trois sites de téléchargement d'applications X': one name (starting at i) right after a bare plural
    complement of a plural noun qualifies the content (applications for X) and names none of them; 'la maison de
    disques X' (one house) and 'les maisons de disques X et Y' (as many names) are named."""
    noun, named = doc[i - 1] if i > 0 else None, index.get(i)
    if noun is None or named is None or named.start != i or noun.dep_ != "nmod":
        return False
    listed = named.end < len(doc) and doc[named.end].lower_ in {",", "et", "ou"}
    bare = case_of(noun) in {"de", "d'", "d’"} and not any(c.dep_ == "det" for c in noun.children)
    top = noun.head  # ('des sites de téléchargement de jeux X': the noun the chain of complements hangs on)
    while top.dep_ == "nmod" and case_of(top) in PARTITIVE_PREPS and top.head.i != top.i:
        top = top.head
    return bare and is_plural(noun) and is_plural(top) and not listed


def items_on(noun: Token, i: int, index: dict[int, MentionSpan]) -> bool:
    """'cinq applications de X', 'deux vidéos de YouTube': a count of items on a platform (the name at i, after
    'de') names the items, not the platform."""
    platform = index.get(i)
    return platform is not None and platform.mention.coarse == "Website" and any(
        c.dep_ == "nummod" and c.lower_ not in {"un", "une", "1"} for c in noun.children)


def counted_apposition(noun: Token) -> list[Token]:
    """'créée par deux pionniers du Net (A et B)': a counted description stands for the names apposed to it (the
    parser may hang them on its complement)."""
    if not any(c.dep_ == "nummod" for c in noun.children):
        return []
    heads = [noun, *(c for c in noun.children if c.dep_ == "nmod" and c.i > noun.i)]
    return [c for h in heads for c in h.children if c.dep_ == "appos" and c.i > h.i]


# The copula of an identification: 'Les sociétés qui ont porté plainte sont A, B et C'.
IDENTIFYING_COPULAS = frozenset({"sont", "étaient", "seront", "furent"})


def identified_after_relative(noun: Token, index: dict[int, MentionSpan], listed) -> list[MentionSpan]:
    """'Les deux studios qui ont porté plainte sont A, B et C': a plural description that a relative
    clause restricts is identified by the names the copula after that clause gives (the first, with the names
    ``listed`` gives after it). Read on the surface: the parser often makes the first name the root."""
    doc, sent = noun.doc, noun.sent
    k = noun.i + 1
    if not is_plural(noun) or k >= sent.end or doc[k].lower_ != "qui":
        return []
    for j in range(k + 2, min(sent.end - 1, k + 16)):
        if doc[j].lower_ in IDENTIFYING_COPULAS and doc[j - 1].text != ",":
            first = j + 1 + (doc[j + 1].text == ":")
            named = index.get(first)
            return [named, *listed(named)] if named is not None and named.start == first else []
    return []


def adds_to_kind(sent: Span, coarse: str, cues: dict[str, tuple[str, str]]) -> bool:
    """Whether the sentence lists more of a kind than those told before: 'bloquer plusieurs sites supplémentaires,
    tels que A, B et C' (its list is no group an earlier 'les sites' of the article stands for)."""
    return any(
        t.pos_ == "NOUN" and cues.get(lemma_of(t), ("",))[0] == coarse
        and any(c.dep_ == "amod" and c.lower_ in ADDITIONAL_MODIFIERS for c in t.children)
        for t in sent
    )


def weakly_typed(m: MentionSpan) -> bool:
    """Typed by nothing but the NER's guess, or not at all: context may say what it is."""
    return not m.mention.coarse or (m.mention.evidence.startswith("ner:") and m.mention.strength <= 1)


def respectively(sent: Span, subjects: list[MentionSpan], objects: list[MentionSpan]) -> dict[int, list[MentionSpan]]:
    """Under 'respectivement' between two lists of as many names ('X et Y, respectivement administrateurs de A et
    B'), the one object each subject acts on, by the subject's start; {} when each acts on all of them."""
    if len(subjects) < 2 or len(subjects) != len(objects):
        return {}
    word = next((t.i for t in sent if t.lower_ == "respectivement"), None)
    if word is None or not all(m.start < word for m in subjects) or not all(word < m.start for m in objects):
        return {}
    ordered = sorted(objects, key=lambda m: m.start)
    return {s.start: [o] for s, o in zip(sorted(subjects, key=lambda m: m.start), ordered, strict=True)}


def role_targets(objects: list[MentionSpan], object_tokens: list[Token]) -> list[MentionSpan]:
    """Whom 'condamner l'administrateur de X' targets: a person, never the site X (nor X untyped, nor X the NER
    took for a person right after the role's 'de')."""
    governed = {
        g.i
        for t in object_tokens
        if lemma_of(t) in PERSON_ROLES
        for c in t.children
        if c.dep_ == "nmod" and case_of(c) in PARTITIVE_PREPS
        for g in c.subtree
    }
    doc = object_tokens[0].doc  # (the caller passes a role noun among them)
    return [
        o
        for o in objects
        if o.mention.coarse == "Person" and not (o.start in governed and doc[o.start - 1].lower_ in PARTITIVE_PREPS)
        or o.mention.coarse != "Website" and o.start not in governed
    ]
