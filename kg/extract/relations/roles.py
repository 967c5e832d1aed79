"""The two ends of a role noun: "X, fondateur de Y", "le fondateur de Y, X", "X est le fondateur de Y",
"X, la société derrière Y", "les quatre fondateurs de Y" (named in a list of their own)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.entities import MentionSpan
from kg.extract.entities.cues import hosts_content
from kg.extract.entities.words import STREET_NOUNS
from kg.extract.relations.candidates import Candidate
from kg.extract.relations.fallbacks import surface_subject
from kg.extract.relations.listing import CLOSING_QUOTES
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.rules import Pattern
from kg.extract.relations.scan import tokens_where
from kg.extract.relations.syntax import case_of, is_plural, lemma_of
from kg.extract.relations.words import (
    ACCUSING_VERBS,
    COPULAS,
    DEFINITE,
    HIDING_VERBS,
    NAMING_VERBS,
    PARTITIVE_PREPS,
    PERSON_ROLES,
    POSSESSIVES,
    ROLE_NOUNS,
)
from kg.lexicon import abbreviates


def role_arguments(pattern: Pattern, noun: Token, reader: Reader) -> Candidate | None:
    """'X, fondateur de Y', 'le fondateur de Y, X', 'X est le fondateur de Y', 'X, la société derrière Y'."""
    if hosts_content(noun):
        return None  # 'l'hébergeur de fichiers X' names a kind of site, X, not whom something hosts
    preps = pattern.object_preps or PARTITIVE_PREPS
    object_tokens = [c for c in noun.children if c.dep_ in {"nmod", "obl:arg", "obl:mod"} and case_of(c) in preps]
    if not object_tokens and pattern.object_preps:
        # 'la société basée à Chypre derrière ces services': the parser hangs the complement on the participle
        object_tokens = [t for t in noun.subtree if t.i > noun.i and case_of(t) in preps][:1]
    if not object_tokens:
        # 'X, cerveau présumé du service Y': a participle after the role took the complement in the parse
        k = noun.i + 1
        while k < noun.sent.end and k - noun.i <= 2 and noun.doc[k].is_lower and (
            noun.doc[k].pos_ == "ADJ" or noun.doc[k].morph.get("VerbForm") == ["Part"]
        ):
            k += 1
        complement = noun.doc[k].head if k < noun.sent.end and noun.doc[k].lower_ in preps else None
        object_tokens = [complement] if complement is not None and complement.i > k else []
    # 'résident de la rue X à Y': past an address's street, its town
    streets = [t for t in object_tokens if lemma_of(t) in STREET_NOUNS]
    object_tokens += [g for t in streets for g in t.children if case_of(g) in preps]
    objects = unique([m for t in object_tokens for m in reader.mentions_at(t)])
    doc = noun.doc
    for street in streets if not objects else []:  # the town hung elsewhere: read on the surface
        at = next((j for j in range(street.i + 1, min(street.sent.end - 1, street.i + 6)) if doc[j].lower_ in preps), 0)
        town = reader.index.get(at + 1) if at else None
        objects += [town] if town is not None and town.start == at + 1 and town.mention.coarse == "Place" else []
    if not objects and object_tokens:
        objects = _named_by_participle(object_tokens[0], reader)
    # 'administrateurs des sites « X » et « Y »' with Y hung on the role: the complement's list, of its kind
    objects += [m for o in objects[:1] for m in reader.surface_list(o) if m.mention.coarse == o.mention.coarse]
    objects = _within_apposition(noun, unique(objects), reader)
    subjects: list[MentionSpan] = []
    subject_tokens: list[Token] = []
    named = {reader.index[t.i].start for t in object_tokens if reader.index.get(t.i) is not None}
    closing = [o for o in objects if o.mention.coarse == "Person" and o.start not in named]
    if closing and (lemma_of(noun) in PERSON_ROLES or pattern.predicate == "operates"):
        # 'Trois responsables du site, A, B et C': the people after the complement hold the role
        subjects = closing
        objects = [o for o in objects if o not in closing]
    holder = reader.index.get(noun.head.i) if noun.dep_ == "appos" else None
    first = noun.head if noun.dep_ == "conj" else None  # 'X, PDG de Y et président de Z': the first role's holder
    if first is not None and first.dep_ == "appos" and first.pos_ == "NOUN" and not first.is_title:
        holder = reader.index.get(first.head.i)
    elif first is not None and any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.i < noun.i for c in first.children):
        holder = reader.index.get(first.i)  # (the parser may hang the second role on the name itself)
    elif first is not None and (one := _one_of(first)) is not None:  # (the role hung on 'des éditeurs')
        holder = next(iter(reader.opening_name(one)), None)  # 'X, l'un des éditeurs et propriétaire de Y, a ...'
        if holder is None and one.dep_ in {"nmod", "appos"} and one.head.i < one.i:
            holder = reader.index.get(one.head.i)  # (the parser hung 'l'un' on X)
    if holder is not None and _in_adjunct(holder, reader.doc):
        holder = None  # 'Sur Telegram, l'administrateur du site ...': a name in an adjunct holds no role
    if holder is None and noun.dep_ == "appos":
        # 'X, 43 ans, résident de Y' (not the role's own complement)
        holder = next((m for m in reader.mentions_at(noun.head) if m not in objects), None)
    # 'X est une holding, société mère de Y': a role beside a copula's predicate is the copula subject's
    beside = noun.dep_ in {"conj", "appos"} or noun.dep_ == "nmod" and reader.doc[noun.i - 1].text == ","
    if holder is None and beside and any(c.dep_ == "cop" for c in noun.head.children):
        holder = next((m for c in noun.head.children if c.dep_ == "nsubj" for m in reader.mentions_at(c)), None)
    apposed = _name_before_comma(noun, reader)
    if holder is None and noun.dep_ == "appos" and apposed is not None:
        holder = apposed  # 'À la demande de X – propriétaire de Y –': the parser hung the role on the head noun
    one_of = noun.head.lower_ in {"un", "une"} and noun.head.i < noun.i and case_of(noun) in PARTITIVE_PREPS
    if holder is None and one_of:
        # 'X est l'un des fondateurs de Y': the subject of the copula
        holder = next((m for c in noun.head.children if c.dep_ == "nsubj" for m in reader.mentions_at(c)), None)
    if holder is None and one_of:
        # 'X, l'un des administrateurs de Y': the name before the comma that opens 'l'un des'
        first = noun.head.left_edge.i
        holder = reader.index.get(first - 2) if first >= 2 and reader.doc[first - 1].text == "," else None
    if holder is None and noun.head.dep_ == "acl" and noun.head.i < noun.i:
        holder = next(iter(reader.mentions_at(noun.head.head)), None)  # 'X, ayant droit de Y'
    if holder is None and noun.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ == "à" for c in noun.children):
        # 'X, à l'origine de Y', 'X, un Belge à l'origine de Y', 'X est un ressortissant belge à la tête de Y'
        head = noun.head.head if noun.head.dep_ == "appos" and noun.head.pos_ == "NOUN" else noun.head
        holder = reader.index.get(head.i) if head.i < noun.i else None
        if holder is None and any(k.dep_ == "cop" for k in head.children):  # (the copula's subject)
            holder = next((m for c in head.children if c.dep_ == "nsubj" for m in reader.mentions_at(c)), None)
    if holder is not None:
        subjects.append(holder)
    for child in noun.children:
        if child.dep_ == "nsubj" and reader.index.get(child.i) is not None:
            subjects += reader.mentions_at(child)  # 'X et Y sont les propriétaires de Z': the whole list
        elif child.dep_ in {"appos", "flat:name"} and reader.index.get(child.i) is not None and (
            child.dep_ == "appos" or reader.index[child.i] not in objects
        ):
            subjects.append(reader.index[child.i])  # (not a piece of the complement's names the parser hung here)
        elif child.dep_ == "nsubj" and child.pos_ == "NOUN":
            subjects += reader.mentions_at(child)  # 'La société X est propriétaire de Y'
        if child.dep_ in {"acl", "appos"} and lemma_of(child) in NAMING_VERBS and reader.doc[child.i - 1].text == ",":
            # 'l'administrateur du site, surnommé X', 'le fondateur, alias X'
            subjects += [m for g in child.subtree if g.i > child.i for m in [reader.index.get(g.i)] if m][:1]
    # surface: ", X" right after the complement, or "X, " right before the noun ('le fondateur du site Y, X')
    end = max([m.end for m in objects if m.mention.coarse not in pattern.subject_coarse], default=noun.i + 1)
    doc = reader.doc
    j = end
    determiners = {c.lower_ for c in noun.children if c.dep_ == "det"} | {doc[noun.i - 1].lower_ if noun.i else ""}
    # 'Condamné à payer X à la Sacem, le créateur de Y, Z, ...': an apposition to a complement of a preposition
    # is the parser's guess; the name closing the noun phrase holds the role
    oblique_holder = holder is not None and any(c.dep_ == "case" for c in noun.head.children)
    named_after: list[MentionSpan] = []
    if determiners & (DEFINITE | POSSESSIVES) and (noun.dep_ != "appos" or oblique_holder):
        # "Le fondateur de Y (, qui ... ,) X, a ...": the name closes the noun phrase
        while j < min(noun.sent.end, end + 12) and doc[j].text not in {".", ";"}:
            named = reader.described_name(j + 1) if doc[j].text == "," else None
            if named is not None and named.mention.coarse in pattern.subject_coarse:
                closing = named
                listed = [closing, *reader.surface_list(closing)]  # 'Ses deux administrateurs, X et Y'
                subjects += [m for m in listed if m.mention.coarse in pattern.subject_coarse]
                named_after = listed
                break
            j += 1
    k = max((o.end for o in objects), default=noun.sent.end)
    bracketed = reader.index.get(k + 1) if not named_after and k < noun.sent.end - 2 and doc[k].text == "(" else None
    if bracketed is not None and bracketed.start == k + 1 and bracketed.end < noun.sent.end:
        # 'une division de Y (X)': the name alone in brackets right after the complement holds the role (not
        # another name of the complement: 'la Société ... (Sacem)')
        alias = any(abbreviates(bracketed.mention.text, o.mention.text) for o in objects)
        if doc[bracketed.end].text == ")" and bracketed.mention.coarse in {"Person", "Organization"} and not alias:
            subjects.append(bracketed)
    det = [c for c in noun.children if c.dep_ == "det"]
    lead = noun.i - (noun.i >= 3 and doc[noun.i - 1].pos_ == "ADV")  # 'X et Y, également propriétaires de Z'
    coordinated = noun.head if noun.dep_ == "conj" and noun.head.i < noun.i and noun.head.pos_ == "NOUN" else None
    if coordinated is not None and all(doc[k].pos_ == "CCONJ" for k in range(coordinated.i + 1, noun.i)):
        # 'X, organisatrice et propriétaire de Y': the holder of the bare role coordinated before
        lead = coordinated.i if not any(c.dep_ == "det" for c in coordinated.children) else lead
    before_role = _name_before_comma(doc[lead], reader) if not det and lead >= 2 else None
    if before_role is not None:
        holder = before_role  # 'X, fondateur de Y', 'X (propriétaire de Y)', '« X », ...'
        subjects += [holder, *reader.surface_list(holder)] if is_plural(noun) else [holder]
    elif not det and noun.i >= 2 and doc[noun.i - 1].text == ",":
        # 'X, 29 ans, originaire de Y': the name before a short aside
        k = next((k for k in range(noun.i - 2, max(noun.sent.start, noun.i - 7), -1) if doc[k].text == ","), None)
        before = reader.index.get(k - 1) if k is not None and k > noun.sent.start else None
        if before is not None and not any(reader.index.get(i) for i in range(k + 1, noun.i - 1)):
            subjects.append(before)
    first = min([noun.i, *(d.i for d in det)])
    before = reader.index.get(first - 2) if det and first >= 2 and doc[first - 1].text == "," else None
    if before is not None and not _in_adjunct(before, doc) and not reader.attributed(before):
        subjects.append(before)  # 'X, la société derrière Y' parsed as two subjects ('Comme le dit X, le ...': no)
    if named_after:
        subjects = [m for m in subjects if m in named_after or not _in_complement(m, doc)]
    anchor = noun.head if noun.dep_ in {"nmod", "acl"} and noun.head.pos_ == "NOUN" and noun.head.i < noun.i else None
    if anchor is None:  # the same on the surface, the parser having hung the role on the verb
        k = noun.i - 1
        while k > noun.sent.start and doc[k].pos_ in {"DET", "ADP"}:
            k -= 1
        anchor = doc[k] if k < noun.i - 1 and doc[k].pos_ == "NOUN" else None
    if not subjects and anchor is not None and lemma_of(anchor) in reader.lexicon.cues:
        # 'X (la société à l'origine de Y)', 'X, l'homme à la tête de Y': the name the kind noun is apposed to
        start = min([anchor.i, *(c.i for c in anchor.children if c.dep_ == "det")])
        if start >= 2 and doc[start - 1].text in {",", "("} and reader.index.get(start - 2) is not None:
            subjects.append(reader.index[start - 2])
    if not subjects and any(c.dep_ == "cop" for c in noun.children):
        # 'Il est le fondateur de Y', 'Il est accusé d'être le fondateur de Y': the copula's subject, maybe a pronoun
        subject_tokens = [c for c in noun.children if c.dep_ in {"nsubj", "expl:subj"}]
        if not subject_tokens and noun.dep_.startswith("obl") and lemma_of(noun.head) in ACCUSING_VERBS:
            subject_tokens = [c for c in noun.head.children if c.dep_ in {"nsubj:pass", "obj"}]
        subjects = [m for t in subject_tokens for m in reader.mentions_at(t)]
        copula = next((c for c in noun.children if c.dep_ == "cop"), None)
        if not subjects and not subject_tokens and copula is not None:
            subjects = surface_subject(copula, reader)  # 'X et Y (père et fils) sont les propriétaires de Z'
    if not subjects and noun.dep_ in {"obj", "xcomp"} and lemma_of(noun.head) in COPULAS:
        # 'X demeure le fondateur de Y', 'X est devenu le gérant de Y': the copular verb's subject
        subjects = [m for c in noun.head.children if c.dep_ == "nsubj" for m in reader.mentions_at(c)]
    predicate = noun.head if noun.dep_ == "nsubj" and any(c.dep_ == "cop" for c in noun.head.children) else None
    if not subjects and predicate is not None:
        # 'Le fondateur de Y est X', 'Le créateur de Y est un entrepreneur nommé X': what the copula says it is
        named = [m for m in reader.mentions_at(predicate) if m.start <= predicate.i < m.end]
        if not named and predicate.pos_ == "NOUN":
            naming = [c for c in predicate.children if c.dep_ == "acl" and lemma_of(c) in NAMING_VERBS]
            named = [m for c in naming for m in [reader.index.get(c.i + 1)] if m is not None and m.start == c.i + 1]
        subjects = [m for m in named if m.mention.coarse in pattern.subject_coarse | {""}]
    owner = _having_verb(noun)
    if owner is not None and not subjects:
        # 'Les deux plateformes ont un même gestionnaire, X': the subject of 'avoir' is what X runs
        object_tokens = object_tokens or [c for c in owner.children if c.dep_ == "nsubj"]
        objects = objects or unique([m for t in object_tokens for m in reader.mentions_at(t)])
        named = reader.described_name(noun.i + 2) if noun.i + 2 < len(doc) and doc[noun.i + 1].text == "," else None
        subjects = [named] if named is not None and named.mention.coarse in pattern.subject_coarse else subjects
    if not objects and noun.dep_ == "conj" and determiners & POSSESSIVES:
        # 'le site X et son hébergeur Y', 'X et son fondateur, Y': the possessor is the conjunct before
        k = noun.i + 2 if noun.i + 2 < noun.sent.end and doc[noun.i + 1].text == "," else noun.i + 1
        named = reader.index.get(k)
        own = reader.index.get(noun.head.i) or next(  # 'la société X et son propriétaire Y'
            (m for m in reader.mentions_at(noun.head) if m is not named and m.start < noun.i), None
        )
        surface = reader.index.get(noun.i - 3) if noun.i >= 3 and doc[noun.i - 2].lower_ == "et" else None
        own = own or (surface if surface is not None and surface.end == noun.i - 2 else None)  # parse on the verb
        possessor = [own] if own is not None and own is not named else []
        if named is not None and named.start == k and named.mention.coarse in pattern.subject_coarse and possessor:
            subjects, objects = [named], possessor
        elif possessor and subjects and possessor[0] not in subjects:
            objects = possessor  # 'la société X et son propriétaire Y', Y apposed in the parse
    definite = bool(determiners & (DEFINITE | POSSESSIVES))
    if not subjects and not subject_tokens and object_tokens and is_plural(noun) and definite:
        subject_tokens = [noun]  # 'les quatre fondateurs de Y' named in a list of their own, before or after
    return Candidate(pattern, noun, unique(subjects), objects, subject_tokens, object_tokens, "role")


APPOSITION_OPENERS = frozenset({",", "–", "—", "("})
APPOSITION_ENDS = frozenset({",", ")", "–", "—", ".", ";", ":", "»", '"'})


def _within_apposition(noun: Token, objects: list[MentionSpan], reader: Reader) -> list[MentionSpan]:
    """The complement of a role apposed after a comma ends where the apposition does: 'seuls X, maison-mère de Y,
    Z et W sont ...' lists Z and W with X (the apposition closed at the comma after Y, for the list runs into the
    verb with no comma of its own), where 'X, maison-mère de Y, Z et W, a ...' gives X three subsidiaries."""
    doc = reader.doc
    if len(objects) < 2 or noun.i < 1 or doc[noun.i - 1].text not in APPOSITION_OPENERS:
        return objects
    ordered = sorted(objects, key=lambda m: m.start)
    last = ordered[-1].end
    if last >= noun.sent.end or doc[last].text in APPOSITION_ENDS:
        return objects
    first_comma = next((i for i in range(ordered[0].end, last) if doc[i].text == ","), None)
    if first_comma is None:
        return objects
    return [m for m in objects if m.end <= first_comma]


APPOSED_QUOTES = CLOSING_QUOTES | {"’", "'"}  # a single quote closes a quoted name before its apposition too


def _name_before_comma(noun: Token, reader: Reader) -> MentionSpan | None:
    """The name right before the comma or dash that opens an apposed role, past a closing quote ('« X », PDG de Y')."""
    doc, i = reader.doc, noun.i - 1
    if i < 1 or doc[i].text not in APPOSITION_OPENERS:
        return None
    i -= 1
    while i > 0 and doc[i].text in APPOSED_QUOTES:
        i -= 1
    named = reader.index.get(i)
    return named if named is not None and named.end == i + 1 else None


def _in_complement(mention: MentionSpan, doc) -> bool:
    """Whether a name is the complement of a preposition ('à la Sacem'), so no apposition's holder."""
    k = mention.start - 1
    while k >= 0 and doc[k].pos_ == "DET":
        k -= 1
    return k >= 0 and doc[k].pos_ == "ADP"


def _having_verb(noun: Token) -> Token | None:
    """The verb 'avoir' right before a role noun and its determiner ('ont un même gestionnaire', 'a pour
    fondateur')."""
    k = noun.i - 1
    while k > noun.sent.start and noun.i - k <= 3 and (
        noun.doc[k].pos_ in {"DET", "ADV", "ADJ"} or noun.doc[k].lower_ in {"pour", "comme"}
    ):
        k -= 1
    verb = noun.doc[k]
    return verb if lemma_of(verb) == "avoir" and verb.pos_ in {"VERB", "AUX"} and k < noun.i - 1 else None




def hidden_behind(sent: Span, reader: Reader):
    """'Derrière X se cacheraient A et B', 'Derrière le site X se trouve la société Y': who stands behind a site
    runs it. The parser often takes the inverted subject for an object; the names after the verb are who."""
    for tok in tokens_where(sent, lowers={"derrière"}):
        if tok.head.dep_ not in {"obl:mod", "obl", "obl:arg", "nmod", "nsubj"}:
            continue  # ('Derrière le site X se trouve Y': the parser may take the fronted phrase for the subject)
        verb = tok.head.head
        reflexive = any("Yes" in c.morph.get("Reflex") for c in verb.children)
        if lemma_of(verb) not in HIDING_VERBS or not reflexive or verb.i < tok.i:
            continue
        sites = [m for m in reader.mentions_at(tok.head) if m.mention.coarse in {"Website", "Organization"}]
        after = [c for c in verb.children if c.i > verb.i and c.dep_ in {"obj", "nsubj", "nsubj:pass"}][:1]
        people = unique([m for c in after for m in reader.mentions_at(c)])
        for person in people:
            if person.mention.coarse in {"Person", "Organization"}:
                for site in sites:
                    yield person, site, "operates.hidden-behind"


def _one_of(token: Token) -> Token | None:
    """The 'un' of 'l'un des N ...' that a word of its phrase hangs from, within three steps up."""
    for _ in range(3):
        if token.lower_ in {"un", "une"} and token.pos_ in {"PRON", "NUM", "DET"}:
            return token
        token = token.head
    return None


def _named_by_participle(complement: Token, reader: Reader) -> list[MentionSpan]:
    """'le créateur du logiciel de partage dénommé X' with the participle hung on the role: the name the
    participle gives right after the complement's phrase (no comma between: 'du site, surnommé X' names the role)."""
    doc, k = reader.doc, complement.i + 1
    while k + 2 < complement.sent.end and doc[k].lower_ in PARTITIVE_PREPS and doc[k + 1].pos_ == "NOUN":
        k += 2  # 'de partage'
    named = reader.index.get(k + 1) if k + 1 < complement.sent.end and lemma_of(doc[k]) in NAMING_VERBS else None
    return [named] if named is not None and named.start == k + 1 else []


def _in_adjunct(mention: MentionSpan, doc) -> bool:
    """'Sur Telegram, ...', 'Selon X, ...': a name after a preposition that opens the sentence is an adjunct
    (after a verb, 'a mis la main sur X, le créateur de Y', the role is apposed to X)."""
    return mention.start > 0 and doc[mention.start - 1].pos_ == "ADP" and doc[mention.start - 1].is_sent_start


def apposed_role(token: Token) -> Token:
    """'X, le propriétaire de Y, est poursuivi': the parser makes the apposed role a second subject (or object) of
    the clause beside X, or X a bare adjunct; the role describes X and names no party of its own: X stands for
    it. Any other token stands for itself."""
    start = token.left_edge.i
    if start < 2 or token.doc[start - 1].text != "," or not (
        lemma_of(token) in ROLE_NOUNS or any(c.dep_ == "amod" and c.lower_ in ROLE_NOUNS for c in token.children)
    ):
        return token
    siblings = [s for s in token.head.children if s.i < token.i and (
        s.dep_ == token.dep_ or s.dep_.startswith("obl") and s.pos_ == "PROPN" and not case_of(s)
    )]
    # the nearest such sibling, with no other comma between: the parser may hang its name's end elsewhere
    if siblings and not any(t.text == "," for t in token.doc[siblings[-1].i : start - 1]):
        return siblings[-1]
    return token


# Nouns of a company's own part, and what may stand between its owner and the possessive before it.
BRANCH_NOUNS = frozenset({"filiale", "division", "branche"})
OWNER_GLUE = frozenset({"et", ",", "via", "par", "avec", "à", "au", "travers", "de"})


def owned_branch(sent: Span, reader: Reader):
    """'X et sa filiale Y', 'X, via sa division Y': the company named right before the possessive runs the branch
    named after its noun (the parser hangs the possessive noun anywhere; read on the surface)."""
    doc = reader.doc
    for noun in tokens_where(sent, BRANCH_NOUNS):
        branch = reader.index.get(noun.i + 1)
        if branch is None or branch.start != noun.i + 1 or doc[noun.i - 1].lower_ not in POSSESSIVES:
            continue
        k = noun.i - 2
        while k > sent.start and noun.i - k <= 4 and doc[k].lower_ in OWNER_GLUE:
            k -= 1
        owner = reader.index.get(k) if k < noun.i - 2 else None
        if owner is not None and owner.end == k + 1 and "Organization" == owner.mention.coarse == branch.mention.coarse:
            yield owner, branch, "operates.owned-branch"
