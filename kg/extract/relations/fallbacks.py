"""Surface fallbacks for the frames of arguments.py, for when spaCy's parse of a sentence goes wrong: the
name right before a verb, the names right after it, the author of a decision an infinitive completes."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.listing import items_on, qualifies_content
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.rules import Pattern
from kg.extract.relations.scan import mentions_between
from kg.extract.relations.syntax import case_of, held_duty, is_mistagged_noun, is_plural, lemma_of
from kg.extract.relations.words import (
    ACCUSING_VERBS,
    ADJUNCT_PREPS,
    BENCH_NOUNS,
    DECISION_NOUNS,
    FORUM_NOUNS,
    GRIEVANCE_VERBS,
    MISTAGGED_VERBS,
    PARTITIVE_PREPS,
    PENALTY_WORDS,
    PERSON_ROLES,
    PLAINTIFF_NOUNS,
    SOURCE_MARKERS,
    SUBJECT_VERB_GAP,
    TIME_TAKING_VERBS,
    TRANSPARENT,
    USER_NOUNS,
)

NEGATORS = frozenset({"ne", "n'", "n’"})
CLEFT_PRONOUNS = frozenset({"c'", "c’", "ce", "ç'", "cela", "ça"})
RELATIVE_OPENERS = frozenset({"dont", "qui", "que", "qu'", "qu’", "où", "lequel", "laquelle", "lesquels", "lesquelles"})


def decision_of(infinitive: Token) -> Token | None:
    """The decision noun an infinitive completes ('la décision du tribunal de fermer X', 'l'obligation de
    bloquer Y'), when the noun phrase runs up to the infinitive's 'de'."""
    doc = infinitive.doc
    if infinitive.morph.get("VerbForm") != ["Inf"] or infinitive.i < 2:
        return None
    if doc[infinitive.i - 1].lower_ not in {"de", "d'", "d’"}:
        return None
    for tok in reversed(doc[max(infinitive.sent.start, infinitive.i - 10) : infinitive.i - 1]):
        if tok.pos_ in {"VERB", "AUX"} or tok.text in {",", ";", ":"}:
            return None
        if tok.pos_ == "NOUN" and lemma_of(tok) in DECISION_NOUNS:
            # 'X a l'obligation de bloquer Y': a duty its holder has, not a decision of someone else's
            return None if held_duty(tok) else tok
    return None


def causative_at(verb: Token) -> int | None:
    """Where the 'faire' stands that makes ``verb`` done by others ('X a fait tomber Y', 'X fait finalement
    condamner Y': an adverb may come between)."""
    j = verb.i - 1
    while j > verb.sent.start and verb.doc[j].pos_ == "ADV" and verb.i - j <= 2:
        j -= 1
    return j if j >= 0 and verb.doc[j].lemma_ == "faire" else None


def surface_subject(verb: Token, reader: Reader) -> list[MentionSpan]:
    """'Gaumont et Pathé ont porté plainte', 'La police néerlandaise a fermé X' when the parse of a short sentence
    goes wrong: the name (and its list) that ends right before the verb and its auxiliaries, in a finite clause."""
    doc = verb.doc
    made = causative_at(verb)
    causative = made is not None
    finite = "Fin" in verb.morph.get("VerbForm") or verb.lower_ in MISTAGGED_VERBS
    if not (causative or finite or any(c.dep_.startswith("aux") for c in verb.children)):
        return []
    j = made - 1 if made is not None else verb.i - 1
    while j >= verb.sent.start and verb.i - j <= 5 and (
        doc[j].pos_ == "AUX" or doc[j].lower_ in SUBJECT_VERB_GAP
    ):
        j -= 1
    if j > verb.sent.start and doc[j].text == ")":  # 'X et Y (père et fils) sont ...': past the aside
        opening = next((k for k in range(j - 1, max(verb.sent.start, j - 10), -1) if doc[k].text == "("), None)
        j = opening - 1 if opening is not None else j
    if j > verb.sent.start and doc[j].lower_ == "qui":
        j -= 2 if doc[j - 1].text == "," and j - 1 > verb.sent.start else 1  # 'X, qui abritait Y': the antecedent
    elif j > verb.sent.start and doc[j].text == "," and _closes_list(reader, j - 1):
        j -= 1  # '..., parmi lesquels A, B ou encore C, avaient porté plainte': a list closed by a comma
    elif j > verb.sent.start and doc[j].text == ",":
        # 'X, l'investigateur du service, écope de ...': the name before a comma-bounded apposition
        opening = next((k for k in range(j - 1, max(verb.sent.start, j - 20), -1) if doc[k].text == ","), None)
        inside = range(opening + 1, j) if opening is not None else range(0)
        # 'X, dont les serveurs sont en Russie, est exploité par Y': a relative clause, whatever it holds
        relative = opening is not None and doc[opening + 1].lower_ in RELATIVE_OPENERS
        # 'X, la branche américaine de Sony, a ...': a description apposed to X may name another
        # ('X, Y et Z, membres de l'ACE, ont ...', 'X, tous deux membres de Y, ...': a bare noun too)
        described = opening is not None and (
            doc[opening + 1].pos_ == "DET" and doc[opening + 2].is_lower
            or doc[opening + 1].is_lower and doc[opening + 1].pos_ in {"NOUN", "ADJ", "NUM"}
        )
        verbless = not any(doc[k].pos_ in {"VERB", "AUX"} and not doc[k].text[:1].isupper() for k in inside)
        if opening is not None and (
            relative or verbless and (described or not any(reader.index.get(k) for k in inside))
        ):
            j = opening - 1
    mention = reader.index.get(j) if j >= verb.sent.start else None
    if mention is None or mention.end != j + 1:
        return _opening_relative(verb, reader)
    before = doc[mention.start - 1].lower_ if mention.start > verb.sent.start else ""
    # 'Rappelons que X, ...': 'que' after a verb opens a clause whose subject X is
    complementizer = before in {"que", "qu'", "qu’"} and mention.start >= 2 and doc[mention.start - 2].pos_ == "VERB"
    if before in PARTITIVE_PREPS | ADJUNCT_PREPS | SOURCE_MARKERS | {"par", "que", "qu'", "qu’"} and not complementizer:
        return []  # 'la plainte de X a ...', 'selon X', 'le site que X a fermé': a complement, not the subject
    return [mention, *reader.surface_list(mention)]


def _opening_relative(verb: Token, reader: Reader) -> list[MentionSpan]:
    """'Le site X, que des millions de gens utilisent pour ..., le tout gratuitement, a été fermé': the name that
    opens the sentence before a relative clause, however long, is the subject of the verb after it."""
    doc, start = verb.doc, verb.sent.start
    first = next((m for m in reader.spans if start <= m.start < verb.i), None)
    if first is None or first.start > start + 3:
        return []
    if any(doc[k].pos_ in {"VERB", "AUX"} for k in range(start, first.start)):
        return []
    opens = first.end + 1 < verb.i and doc[first.end].text == "," and doc[first.end + 1].lower_ in RELATIVE_OPENERS
    return [first] if opens else []


def _closes_list(reader: Reader, i: int) -> bool:
    """Whether the token at i ends a name that closes a list of names ('A, B ou encore C')."""
    named = reader.index.get(i)
    return named is not None and named.end == i + 1 and bool(reader.surface_list(named))


def following_names(verb: Token, reader: Reader, pattern: Pattern) -> list[MentionSpan]:
    """Surface fallback: the names right after the verb, before the clause ends.

    A name behind a preposition the pattern does not take is an adjunct ('arrêté à Valence'), not the object.
    """
    i = verb.i + 1
    doc = reader.doc
    limit = min(verb.sent.end, verb.i + (18 if pattern.with_obj else 12))  # 'réclame 5 millions d'euros ... à X'
    own_words = pattern.words_after(lemma_of(verb))
    while i < limit:
        tok = doc[i]
        mention = reader.index.get(i)
        if mention is not None:
            before = doc[mention.start - 1].lower_
            if before in ADJUNCT_PREPS and before not in pattern.object_preps:
                return []
            if before in PARTITIVE_PREPS and items_on(doc[mention.start - 2], mention.start, reader.index):
                return []  # 'trois applications de X': the items, not X
            if qualifies_content(doc, mention.start, reader.index):
                return []  # 'des sites de films X': X qualifies the content, it is not what the verb reaches
            if pattern.object_preps and not any(t.lower_ in pattern.object_preps for t in doc[verb.i + 1 : i]):
                return []  # a frame that takes its object through a preposition: that preposition, or nothing
            return [mention, *reader.surface_list(mention)]
        if tok.lower_ in own_words:
            i += 1  # the words of the trigger's own expression ('attaquer en justice X')
            continue
        forum = _forum_end(doc, i) if tok.lower_ == "devant" and "devant" not in pattern.object_preps else None
        if forum is not None:
            i = forum  # 'traîné devant les tribunaux X': where the case is brought, then whom
            continue
        penalty = _penalty_end(doc, i) if tok.lower_ == "à" and pattern.predicate == "convicts" else None
        if penalty is not None:
            i = penalty  # 'condamné à trois ans de prison X': the sentence first, then whom
            continue
        compound = i + 1 < len(doc) and doc[i + 1].lower_ in PARTITIVE_PREPS  # 'auprès du procureur'
        if tok.lower_ in ADJUNCT_PREPS and tok.lower_ not in pattern.object_preps and (tok.pos_ == "ADP" or compound):
            return []  # 'saisir la justice contre X', 'lancer une action en justice contre X': an adjunct
        if lemma_of(tok) in PERSON_ROLES and tok.pos_ == "NOUN" and (
            not pattern.object_preps or any(t.lower_ in pattern.object_preps for t in doc[verb.i + 1 : i])
        ):
            holders = [m for m in reader.mentions_at(tok) if m.mention.coarse == "Person"]
            if holders:
                return holders  # 'l'ancien administrateur du site Y, X': the person holding the role
        if lemma_of(tok) in USER_NOUNS:
            return []  # 'demandé aux utilisateurs de X de ...': whom it addresses are people, not X
        if tok.pos_ == "PRON" and tok.lower_ in RELATIVE_OPENERS:
            return []  # 'mis la main sur deux individus qui ... les magazines X': a clause of its own
        if tok.pos_ == "SCONJ" and tok.lower_ in {"que", "qu'", "qu’"}:
            return []  # 'X poursuit que Y a ...': the verb reports a clause, it names no one
        if tok.lemma_ == "avoir" and doc[i - 1].lower_ == "y":
            i += 1  # 'il y a dix ans': a time phrase, not a new clause
            continue
        aside = _aside_end(doc, i, verb.sent.end) if tok.text == "," and not pattern.object_preps else None
        if aside is not None:
            limit, i = min(verb.sent.end, limit + aside - i), aside  # 'a fermé mardi, après une enquête, le site X'
            continue
        if (
            tok.pos_ in {"VERB", "AUX"} and not is_mistagged_noun(tok)
            or tok.text in {".", ";", ",", ":"}
            or tok.pos_ == "PUNCT"
            and tok.text not in {"«", "‘", "'", "“", '"'}
        ):
            return []
        i += 1
    return []


def _aside_end(doc, i: int, end: int) -> int | None:
    """Past an adjunct between commas opened at i ('mardi, après deux ans d'enquête, le site X'): the index after
    its closing comma, if a preposition or an adverb opens it and no finite verb or name stands in it."""
    opener = doc[i + 1] if i + 1 < end else None
    if opener is None or opener.pos_ not in {"ADP", "ADV"} or opener.lower_ in RELATIVE_OPENERS:
        return None
    for j in range(i + 2, min(end, i + 16)):
        if doc[j].text == ",":
            return j + 1
        finite = doc[j].pos_ in {"VERB", "AUX"} and "Inf" not in doc[j].morph.get("VerbForm")  # 'sans attendre'
        if finite or doc[j].pos_ == "PROPN" or doc[j].text in {".", ";", ":", "(", ")"}:
            return None
    return None


def _forum_end(doc, i: int) -> int | None:
    """The end of 'devant les tribunaux', 'devant le tribunal de commerce de Lyon' opened at i, if it is one."""
    j = i + 1
    while j < len(doc) and doc[j].pos_ == "DET":
        j += 1
    if j >= len(doc) or lemma_of(doc[j]) not in FORUM_NOUNS and doc[j].lower_ not in FORUM_NOUNS:
        return None
    j += 1
    while j < len(doc) and (doc[j].pos_ in {"ADJ", "PROPN"} or doc[j].lower_ in PARTITIVE_PREPS or doc[j].pos_ == "DET"
                            or doc[j].pos_ == "NOUN" and doc[j].is_lower and doc[j - 1].lower_ in PARTITIVE_PREPS):
        j += 1  # 'de commerce de Lyon', 'correctionnel'
    return j


def _penalty_end(doc, i: int) -> int | None:
    """The end of 'à trois ans de prison avec sursis', 'à 5 000 euros d'amende' opened at i, if it is one."""
    j = i + 1
    while j < len(doc) and (doc[j].like_num or doc[j].lower_ in PENALTY_WORDS or doc[j].lower_ in PARTITIVE_PREPS):
        j += 1
    return j if j > i + 1 and any(doc[k].lower_ in PENALTY_WORDS for k in range(i + 1, j)) else None


def predicate_subject(noun: Token) -> Token:
    """'X est l'homme qui pilotait Y', 'X serait la société qui héberge Y': the antecedent of the relative is the
    predicate of a copula, so the subject of that copula is who acts; else the noun itself."""
    if noun.pos_ != "NOUN" or not any(c.dep_ == "cop" for c in noun.children):
        return noun
    for node in (noun, noun.head):  # 'X est l'homme', 'X est suspecté d'être l'homme'
        subjects = [c for c in node.children if c.dep_ in {"nsubj", "nsubj:pass"} and c.i < noun.i]
        if subjects and subjects[0].lower_ in CLEFT_PRONOUNS:
            return noun  # 'C'est la société X qui a assigné Y': a cleft puts X forward, 'ce' is nobody
        if subjects:
            return subjects[0]
    return noun


def motive_subject(verb: Token) -> list[Token]:
    """'condamné X pour avoir créé Y', 'X a été arrêté pour avoir administré Y', 'X est accusé par la justice d'avoir
    géré Y': who is convicted, arrested or sued for a deed did it, not the court or the police."""
    clause = verb.head if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else verb
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    accuser = clause.head
    if "pour" in marks and clause.dep_ == "advcl":
        pass
    elif "pour" in marks and clause.dep_ == "acl":
        for _ in range(3):  # 'condamné X à cinq ans de prison pour avoir géré Y': the parser hangs it on the sentence
            if accuser.pos_ == "VERB" or accuser.head.i == accuser.i:
                break
            accuser = accuser.head
    elif marks & {"de", "d'", "d’"} and clause.dep_ == "acl" and accuser.dep_ in {"obl:agent", "obl:mod", "obl"}:
        accuser = accuser.head  # 'Ils sont accusés par la justice d'avoir géré Y': the parser hangs 'de' on the agent
    elif marks & {"de", "d'", "d’"} and clause.dep_ == "xcomp":
        pass  # 'La police les soupçonne d'avoir géré Y': whom it suspects did it
    else:
        return []
    if lemma_of(accuser) not in ACCUSING_VERBS:
        return []
    return [c for c in accuser.children if c.dep_ in {"obj", "nsubj:pass"}][:1]


def time_taker(infinitive: Token) -> list[Token]:
    """'Il aura fallu deux ans à la police pour démanteler X', 'il a suffi de trois jours à X pour fermer Y': who
    the 'à' of 'falloir' or 'suffire' names does the infinitive."""
    if infinitive.morph.get("VerbForm") != ["Inf"]:
        return []
    node = infinitive
    for _ in range(3):
        node = node.head
        if lemma_of(node) in TIME_TAKING_VERBS:
            return [
                t
                for t in node.subtree
                if t.i < infinitive.i and t.pos_ in {"PROPN", "NOUN"} and t.dep_ in {"nmod", "obl", "obl:arg", "iobj"}
                and any(c.lower_ in {"à", "au", "aux"} and c.dep_ == "case" for c in t.children)
            ][:1]
        if node.head.i == node.i:
            break
    return []


def bracketed_owner(verb: Token, reader: Reader, ends: list[MentionSpan]) -> list[MentionSpan]:
    """The name a bracket opens right after, when the verb stands inside that bracket and the ends hold it."""
    doc = verb.doc
    opening = next((k for k in range(verb.i - 1, max(verb.sent.start, verb.i - 4) - 1, -1) if doc[k].text == "("), None)
    if opening is None or any(t.text == ")" for t in doc[opening : verb.i]):
        return ends
    owner = [m for m in ends if m.end == opening]
    return owner or ends


def clitic_work(verb: Token, reader: Reader) -> list[MentionSpan]:
    """'diffusent le tournoi X alors que Y en détient les droits': the work 'en' stands for, the last one
    the sentence names before the verb."""
    if not any(c.lower_ == "en" and c.pos_ == "PRON" for c in verb.children):
        return []
    works = [m for m in mentions_between(reader.spans, verb.sent.start, verb.i) if m.mention.coarse == "CreativeWork"]
    return works[-1:]


GATHERED = frozenset(
    f"{stem}{ending}" for stem in ("rassemblé", "regroupé", "réuni", "uni", "fédéré") for ending in ("", "e", "s", "es")
)


def fronted_leader(sent: Span, reader: Reader) -> list[MentionSpan]:
    """'Rassemblée derrière la BEA, l'industrie du film a introduit une action ...': the body a group acts behind
    acts for it, when the clause's own subject is no name."""
    words = [t for t in sent if not t.is_space]
    if len(words) < 4 or words[0].lower_ not in GATHERED or words[1].lower_ != "derrière":
        return []
    comma = next((t.i for t in words[2:] if t.text == ","), sent.end)
    return [m for m in reader.spans if words[1].i < m.start < comma and m.mention.coarse == "Organization"][:1]


def dont_objects(verb: Token, reader: Reader) -> list[MentionSpan]:
    """What 'dont' stands for in the clause a verb heads, with the names coordinated to it.

    'la Coupe X et la Ligue Y, dont Z détient les droits': the clause is about 'Ligue Y' and its
    conjunct 'Coupe X'; both are what Z holds the rights to. The parser often hangs such a clause
    on a noun further back, or not as a relative clause at all, so the name right before ', dont'
    is taken first, then the clause's antecedent.
    """
    doc = verb.doc
    clause = [*verb.children, *(g for c in verb.children for g in c.children)]
    pronoun = next((t for t in clause if t.lower_ == "dont" and t.i < verb.i), None)
    if pronoun is None:  # the parser hung 'dont' elsewhere: the word itself, a few words before the verb
        window = doc[max(verb.sent.start, verb.i - 6) : verb.i]
        pronoun = next((t for t in reversed(window) if t.lower_ == "dont"), None)
        if pronoun is None or any(t.pos_ in {"VERB", "AUX"} for t in doc[pronoun.i + 1 : verb.i]):
            return []
    i = pronoun.i - 1
    while i >= 0 and doc[i].is_punct:
        i -= 1
    named = reader.index.get(i) if i >= 0 else None
    if named is not None:
        antecedent = doc[named.start : named.end].root  # 'Premier League' -> 'League', the name's head
    elif i >= 0 and doc[i].pos_ in {"PROPN", "NOUN"}:
        antecedent = doc[i]
    elif verb.dep_ == "acl:relcl":
        antecedent = verb.head
    else:
        return []
    while (
        antecedent.dep_ in {"flat:name", "flat", "amod", "nmod", "compound"}
        and antecedent.head.i < antecedent.i
        and not any(c.dep_ == "case" for c in antecedent.children)
    ):
        antecedent = antecedent.head  # 'Ligue Boréale': the name's head word
    first = antecedent.head if antecedent.dep_ == "conj" else antecedent
    group = [first, *(c for c in first.children if c.dep_ == "conj"), antecedent]
    found = [m for t in group for m in reader.mentions_at(t)]
    if named is not None:
        found = [named, *reader.surface_list(named), *found]
    return unique(found)


def described_names(noun: Token, reader: Reader) -> list[MentionSpan]:
    """The name a kind noun describes, for a clause hung on the noun: 'X, la plus grande plateforme basée en
    Suède' (an apposition), 'X était la plus grande plateforme basée en Suède' (the predicate of a copula), 'X,
    présenté comme la plus grande plateforme basée en Suède'."""
    while noun.dep_ in {"nmod", "amod"} and noun.head.i < noun.i and noun.pos_ not in {"NOUN", "PROPN"}:
        noun = noun.head  # 'la plateforme pirate basée ...' with 'pirate' taken for the participle's head
    if noun.dep_ == "nmod" and noun.pos_ == "NOUN" and lemma_of(noun.head) in TRANSPARENT and noun.head.i < noun.i:
        if not any(c.dep_ == "det" for c in noun.children):  # a bare complement qualifies the kind noun
            noun = noun.head  # 'la plus grande plateforme de partage basée en Y'
    if noun.dep_ == "appos" and noun.pos_ == "NOUN" and noun.head.i < noun.i:
        # 'X, un chômeur vivant à Y': any common noun apposed to a person's name describes that person
        people = [m for m in reader.mentions_at(noun.head) if m.mention.coarse == "Person"]
        if people:
            return people
    left = noun.left_edge.i
    if case_of(noun) == "sans" and not any(c.dep_ == "det" for c in noun.children) and left >= 2 and (
        reader.doc[left - 1].text == ","
    ):  # 'X, 30 ans, sans profession vivant à Y': a bare qualifier set apart after the person
        people = [m for m in reader.mentions_at(reader.doc[left - 2]) if m.mention.coarse == "Person"]
        if people:
            return people
    if lemma_of(noun) not in TRANSPARENT:
        return []
    if noun.dep_ == "appos":
        return reader.mentions_at(noun.head)
    if any(c.dep_ == "cop" for c in noun.children):
        named = [m for c in noun.children if c.dep_.startswith("nsubj") for m in reader.mentions_at(c)]
        if named:
            return named
    if any(c.lower_ == "comme" for c in noun.children) and noun.head.pos_ == "VERB":
        # 'X, présenté comme la plus grande plateforme basée en Y': what the verb presents
        verb = noun.head
        heads = [c for c in verb.children if c.dep_.startswith("nsubj")] + [verb.head] * (verb.dep_ in {"acl", "advcl"})
        named = [m for t in heads for m in reader.mentions_at(t)]
        before = reader.index.get(verb.i - 2) if verb.i >= 2 and reader.doc[verb.i - 1].text == "," else None
        if named or before is not None and before.end == verb.i - 1:
            return named or [before]
    left, doc = noun.left_edge.i, reader.doc
    end = next((t.i for t in doc[noun.i + 1 : noun.sent.end] if t.text in {":", ";", "."} or t.pos_ == "AUX"), 0)
    if 0 < end < noun.sent.end - 1 and doc[end].text == ":" and is_plural(noun):
        named = reader.index.get(end + 1)  # 'des sites pirates basés en Y : A, B et C', the list they announce
        if named is not None and named.start == end + 1:
            return [named, *reader.surface_list(named)]
    while left < noun.i and doc[left].dep_ == "cop":
        left += 1  # the copula hung on its predicate
    if left >= 2 and (doc[left - 1].text == "," or doc[left - 1].lemma_ == "être"):  # the parse lost the link
        k = left - 2  # past a bracket ('A (PIA), des sociétés basées en Y')
        k = next((j - 1 for j in range(k, max(k - 6, 0), -1) if doc[j].text == "("), k) if doc[k].text == ")" else k
        named = reader.index.get(k)  # ('A et B, des sociétés basées en Y': a plural noun, the list)
        if named is None or named.end != k + 1:
            return []
        group = reader.mentions_at(doc[named.start].head) if doc[named.start].dep_ == "conj" else []  # 'contre A et B'
        return unique([*group, named, *reader.surface_list(named)]) if is_plural(noun) else [named]
    return []


def blames_an_omission(verb: Token) -> bool:
    """A verb of grievance whose grievance is something not done: 'de ne pas', 'de n'avoir jamais'."""
    if lemma_of(verb) not in GRIEVANCE_VERBS:
        return False
    doc, end = verb.doc, min(verb.sent.end, verb.i + 16)
    return any(doc[i].lower_ in PARTITIVE_PREPS and doc[i + 1].lower_ in NEGATORS for i in range(verb.i + 1, end - 1))


def named_as_plaintiffs(verb: Token) -> bool:
    """'X et Y sont cités comme plaignants': the verb names its subjects plaintiffs, it sues no one of them."""
    return any(case_of(c) == "comme" and lemma_of(c) in PLAINTIFF_NOUNS for c in verb.children)


def benches_of(subject_tokens: list[Token], reader: Reader) -> list[MentionSpan]:
    """The court a named judge sits on, named in the judge's own phrase ('la juge du tribunal X, Y', 'le juge Y, du
    tribunal X'): a judge's order or sentence is also the court's."""
    return [
        m
        for t in subject_tokens
        if lemma_of(t) in BENCH_NOUNS
        for c in t.subtree
        if c.i != t.i and c.dep_ != "acl:relcl"
        for m in [reader.index.get(c.i)]
        if m is not None and m.mention.fine == "Court"
    ]
