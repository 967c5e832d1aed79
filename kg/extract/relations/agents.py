"""Who acts a passive, a participle or a nominalisation: the 'par' agent (where the parser hangs it, or on
the surface), the author of an order ('sur ordre de X'), the partners of a cooperation ('avec l'aide de X'),
who asked for an action ('à la demande de X'), whom an order binds to carry out a measure, and the verb a
noun phrase is the object of on the surface where the parser hung it elsewhere."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.mentions import Reader
from kg.extract.relations.syntax import antecedent_of, case_of, clause_verb, is_passive, lemma_of
from kg.extract.relations.words import (
    ASKING_VERBS,
    BEHALF_NOUNS,
    CONTROL_VERBS,
    COOPERATION_NOUNS,
    JOINT_ADJECTIVES,
    OBLIGATION_VERBS,
    OCCASION_NOUNS,
    OFFENCE_NOUNS,
    OPERATION_NOUNS,
    ORDER_NOUNS,
    PARTITIVE_PREPS,
    PETITION_VERBS,
    SERVER_NOUNS,
    TRANSPARENT,
)


def agents_of(verb: Token) -> list[Token]:
    out = []
    for child in verb.children:
        if child.dep_ == "obl:agent" or (child.dep_.startswith(("obl", "nmod")) and case_of(child) == "par"):
            if not _bare_manner(child):
                out.append(child)
                doc, end = verb.doc, child.right_edge.i  # 'par le principal suspect, un certain X': X, hung on the verb
                out.extend(c for c in verb.children if c.dep_ == "appos" and c.left_edge.i == end + 2
                           and doc[end + 1].text == "," and lemma_of(child) in TRANSPARENT)
    if not out:
        # 'placé en garde à vue par la gendarmerie', 'condamné à deux ans de prison par le tribunal':
        # the parser hangs the agent on the verb's complement
        for child in verb.children:
            if child.dep_.startswith("obl"):
                out.extend(g for g in child.children if g.dep_ == "nmod" and case_of(g) == "par")
            elif child.dep_ == "xcomp":  # 'reconnu coupable par le tribunal'
                out.extend(g for g in child.children if g.dep_ == "obl:agent" or case_of(g) == "par")
    if not out:
        # 'fermé sur ordre de la justice', 'bloqués sur décision du juge': who ordered it acts through it
        out = complements_of(verb, ORDER_NOUNS)
    if not out:
        out = partners_of(verb, after=True)
    if not out:
        # 'fermé suite à une action menée par X et Y': the agents of the operation that did it
        for child in verb.children:
            if child.dep_.startswith("obl") and lemma_of(child) in OPERATION_NOUNS:
                for participle in child.children:
                    if participle.dep_ == "acl":
                        out.extend(g for g in participle.children if g.dep_ == "obl:agent" or case_of(g) == "par")
    if not out and "Part" in verb.morph.get("VerbForm"):
        out = surface_agent(verb)
    return out


def occasion_authors(verb: Token) -> list[Token]:
    """'fermé à la suite d'une action de X', 'arrêté lors d'une opération de la police Y': the named author of the
    operation a passive follows (for closing and arresting: a court's sentence after a police inquiry is the
    court's)."""
    out: list[Token] = []
    # 'lors d'une opération de X': the parser hangs the noun on the adverb
    adjuncts = [g for c in verb.children if c.dep_ == "advmod" for g in c.children] + list(verb.children)
    for child in adjuncts:
        if not child.dep_.startswith("obl"):
            continue
        nouns = [child] if lemma_of(child) in OPERATION_NOUNS else []
        if lemma_of(child) in OCCASION_NOUNS:
            nouns = [g for g in child.children if g.dep_ == "nmod" and lemma_of(g) in OPERATION_NOUNS]
        for noun in (n for n in nouns if lemma_of(n) != "procédure"):
            out.extend(
                g for g in noun.children
                if g.dep_ == "nmod" and case_of(g) in PARTITIVE_PREPS and g.pos_ in {"PROPN", "NOUN"}
                and not is_plural_common(g)
            )
    return out


def server_owners(verb: Token) -> list[Token]:
    """'hébergé sur des serveurs d'OVH': whose servers a site is hosted on hosts it."""
    return [
        g
        for child in verb.children
        if child.dep_.startswith("obl") and lemma_of(child) in SERVER_NOUNS and case_of(child) in {"sur", "chez"}
        for g in child.children
        if g.dep_ == "nmod" and case_of(g) in PARTITIVE_PREPS and g.pos_ == "PROPN"
    ]


def ordering_courts(verb: Token, reader: Reader) -> list[MentionSpan]:
    """'Sur décision du tribunal X, Orange devra bloquer Y': the court whose decision the verb (or the modal it
    completes) carries out."""
    clauses = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
    return [
        m
        for clause in clauses
        for t in complements_of(clause, ORDER_NOUNS)
        for m in reader.mentions_at(t)
        if m.mention.fine == "Court"
    ]


def obligated(verb: Token) -> bool:
    """'Orange devra bloquer X', 'les FAI sont tenus de bloquer X': the verb completes an obligation put on its
    subject, which only a decision puts."""
    return verb.dep_ == "xcomp" and lemma_of(verb.head) in OBLIGATION_VERBS and verb.head.i < verb.i


def partners_of(verb: Token, after: bool) -> list[Token]:
    """'interpellé en collaboration avec la section Interpol', 'X, avec l'aide de la police Y, a fermé Z', 'à
    la suite d'une opération conjointe avec X': the partners of a cooperation noun in the verb's own clause act
    too (after the verb only, for a passive)."""
    out: list[Token] = []
    for noun in verb.subtree:
        joint = lemma_of(noun) in OPERATION_NOUNS and any(lemma_of(c) in JOINT_ADJECTIVES for c in noun.children)
        cooperation = joint or lemma_of(noun) in COOPERATION_NOUNS
        if not cooperation or (after and noun.i < verb.i) or clause_verb(noun) != verb:
            continue
        preps = {"avec"} if joint else PARTITIVE_PREPS | {"avec"}  # 'une opération conjointe avec X' (not 'de X')
        found = [g for g in noun.children if g.dep_ == "nmod" and case_of(g) in preps]
        nxt = noun.i + 1 + joint  # past the adjective
        if not found and nxt < len(noun.doc) and noun.doc[nxt].lower_ in preps:
            # the parser hangs 'avec la section X' elsewhere: the nouns right after the preposition
            after_words = noun.doc[nxt + 1 : min(noun.sent.end, nxt + 5)]
            found = [t for t in after_words if t.pos_ in {"NOUN", "PROPN"}]
        out.extend(found)
    return out


def surface_agent(participle: Token) -> list[Token]:
    """'Condamné fin juin par le tribunal de X à ...', 'le démantèlement du réseau X par Y': the 'par' phrase
    right after a participle or a nominalisation, on the surface.

    The parser hangs such an agent on a date or a stray word; it is the participle's own as long as no
    comma or finite verb comes between them.
    """
    doc = participle.doc
    reach = 8 if participle.pos_ == "NOUN" else 30  # a participle's sentence may list the penalties first
    first = participle.i + 1
    if participle.pos_ == "NOUN" and first + 1 < len(doc) and doc[first].text == "," and doc[first + 1].lower_ == "par":
        first += 1  # 'la saisie, par la police belge, des serveurs': the agent set off by commas
    for i in range(first, min(participle.sent.end - 1, participle.i + reach)):
        tok = doc[i]
        # a noun's 'par' is never a verb's (but a capitalised 'verb' is a name the tagger misread); far
        # from the participle, any other verb opens a clause of its own
        finite = "Fin" in tok.morph.get("VerbForm") or participle.pos_ == "NOUN" and not tok.text[:1].isupper()
        if tok.text in {",", ";", ":", "("} or tok.pos_ in {"VERB", "AUX"} and (finite or i - participle.i >= 8):
            return []
        if tok.lower_ == "par" and tok.head.i > i and tok.head.pos_ in {"NOUN", "PROPN"} and not _bare_manner(tok.head):
            return [tok.head]
    return []


def is_plural_common(noun: Token) -> bool:
    """'une opération de deux ans', 'une action des enquêteurs': a common noun in the plural names no author."""
    return noun.pos_ == "NOUN" and "Plur" in noun.morph.get("Number")


def _bare_manner(noun: Token) -> bool:
    """'par contumace', 'par défaut', 'par an': a bare common noun after 'par' is a manner, not an agent ('par deux
    étudiants' is counted: an agent)."""
    return noun.pos_ == "NOUN" and not noun.text[:1].isupper() and not any(
        c.dep_ in {"det", "nummod"} for c in noun.children
    )


def complements_of(verb: Token, nouns: frozenset[str]) -> list[Token]:
    """The 'de X' of an adjunct noun of the verb: 'sur ordre de X', 'à la demande de X', 'suite à une plainte de X'."""
    out = []
    for child in verb.children:
        if child.dep_.startswith(("obl", "nmod")) and lemma_of(child) in nouns:
            named = [g for g in child.children if g.dep_ == "nmod" and case_of(g) in PARTITIVE_PREPS]
            out.extend(named)
            out.extend(c for g in named for c in g.children if c.dep_ == "conj")
    return out


def principals_of(verb: Token, reader: Reader) -> list[MentionSpan]:
    """Whom a legal action is brought for, who sue too: 'X a attaqué Y pour le compte de A, B et C', 'au nom de A'."""
    return [m for t in complements_of(verb, BEHALF_NOUNS) for m in reader.mentions_at(t)]  # (with their lists)


def charged_with(noun: Token, verbs: frozenset[str]) -> list[Token]:
    """'X a été arrêté pour l'exploitation de Y', 'la police a interpellé X pour la gestion de Y': who is charged
    acts what the charge names (the passive's subject, the active's object)."""
    verb = noun.head
    if case_of(noun) != "pour" or lemma_of(verb) not in verbs or verb.i > noun.i:
        return []
    return [c for c in verb.children if c.dep_ in {"obj", "nsubj:pass"}] or [
        c for c in verb.children if c.dep_ == "nsubj" and any(a.dep_ == "aux:pass" for a in verb.children)
    ]


def copula_subjects(noun: Token, reader: Reader) -> list[Token]:
    """Who is in the state a noun names after a copula ('X, qui était en procès avec Y', 'A et B sont en
    instance contre Y'): the copula's subject, a relative pronoun's antecedent; where the parser hung the
    relative on the noun before the name, the name right before the comma; where it lost the subject, the
    name right before the copula (past a bracket's end: 'les majors (A, B et C) sont en instance contre Y')."""
    if noun.head.lower_.endswith(("-même", "-mêmes")) and noun.dep_.startswith("obl"):
        noun = noun.head  # 'A et B sont elles-mêmes en procès avec Y': the pronoun taken for the predicate
    copulas = [c for c in noun.children if c.dep_ == "cop"]
    if not copulas:
        return []
    subjects = [antecedent_of(c) or c for c in noun.children if c.dep_ == "nsubj"]
    if any(reader.mentions_at(t) for t in subjects):
        return subjects
    doc = noun.doc
    after_comma = [doc[c.i - 2] for c in noun.children if c.dep_ == "nsubj" and c.lower_ == "qui" and c.i >= 2
                   and doc[c.i - 1].text == ","]
    if after_comma or subjects:
        return after_comma
    k = copulas[0].i - 1
    k -= k >= 0 and doc[k].text == ")"
    return [doc[k]] if k >= 0 else []


def petition_of(governor: Token) -> Token | None:
    """The verb that asks a court for the order ``governor`` gives: 'X a saisi le juge afin qu'il ordonne la
    fermeture de Y', 'X a demandé à la justice d'ordonner le blocage de Y' (X sues Y; the court orders), or None."""
    if lemma_of(governor) not in CONTROL_VERBS or governor.dep_ not in {"advcl", "ccomp", "xcomp", "acl"}:
        return None
    petition = governor.head
    if governor.dep_ == "acl" and petition.dep_.startswith(("obl", "iobj", "obj")):
        petition = petition.head  # 'demandé au tribunal d'ordonner': the infinitive hung on the court
    return petition if lemma_of(petition) in ASKING_VERBS | PETITION_VERBS and petition.i < governor.i else None


def surface_governor(noun: Token, governing: frozenset[str]) -> Token | None:
    """The verb of the clause a noun phrase is the object of on the surface, when the parser hung it elsewhere:
    the nearest verb before it, past nouns, names, determiners and prepositions only."""
    doc = noun.doc
    for k in range(noun.i - 1, max(noun.sent.start - 1, noun.i - 12), -1):
        tok = doc[k]
        if tok.pos_ == "VERB":
            return tok if lemma_of(tok) in governing and tok.i < noun.i else None
        if tok.pos_ == "CCONJ" and doc[k + 1].pos_ == "ADP":
            continue  # 'procédé à l'arrestation de A et à la saisie de B': one verb, two complements
        if tok.pos_ not in {"NOUN", "PROPN", "DET", "ADP", "ADJ", "NUM"}:
            return None
    return None


def requesters(noun: Token) -> list[Token]:
    """'une procédure initiée à la demande d'X, Y et Z': who asked for the action is its agent."""
    for tok in noun.subtree:
        if lemma_of(tok) == "demande" and case_of(tok) in {"à", "sur"} and tok.i > noun.i:
            named = [c for c in tok.children if c.dep_ == "nmod" and case_of(c) in {"de", "d'", "d’", "du", "des"}]
            return named + [c for c in tok.children if c.dep_ == "conj"]  # the parser hangs the list here
    return []


def means_of_ordered(noun: Token) -> list[Token]:
    """Who is to carry out a measure deep inside an order: 'impose aux FAI X, Y de mettre en œuvre
    toutes mesures propres à empêcher l'accès, notamment par le blocage' -> the FAI."""
    node = noun
    for _ in range(8):
        if node.head.i == node.i:
            break
        verb = node.head if node.pos_ not in {"VERB", "AUX"} else node
        if verb.pos_ == "VERB" and verb.morph.get("VerbForm") == ["Inf"]:
            if verb.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ in {"de", "d'", "d’"} for c in verb.children):
                if lemma_of(verb.head.head) in CONTROL_VERBS | {"imposer", "demander"}:
                    return [verb.head]  # the parser hangs 'de mettre' on the ordered noun
            if verb.dep_ == "xcomp" and lemma_of(verb.head) in CONTROL_VERBS | {"imposer", "demander"}:
                ordered = verb.head.children
                return [c for c in ordered if c.dep_.startswith(("obl", "iobj")) and case_of(c) in {"à", "au", "aux"}]
        node = node.head
    # a long quoted order often breaks the parse: the nearest ordering verb before the measure, and whom it orders
    for verb in reversed(noun.doc[noun.sent.start : noun.i]):
        if verb.pos_ == "VERB" and lemma_of(verb) in CONTROL_VERBS | {"imposer"}:
            return [c for c in verb.children if c.dep_.startswith(("obl", "iobj")) and case_of(c) in {"à", "au", "aux"}]
    return []


def ordered_before(verb: Token) -> list[Token]:
    """'ordonner aux FAI X, Y de bloquer Z' however the parser hangs 'de bloquer': the party an ordering verb
    before the infinitive, in the same sentence, orders (its 'à' complement, between the two verbs)."""
    for control in reversed(verb.doc[verb.sent.start : verb.i]):
        if control.pos_ == "VERB" and lemma_of(control) in CONTROL_VERBS:
            ordered = [
                c
                for c in control.children
                if c.dep_.startswith(("obl", "iobj")) and case_of(c) in {"à", "au", "aux"} and control.i < c.i < verb.i
            ]
            if not ordered and is_passive(control):
                return [c for c in control.children if c.dep_ == "nsubj:pass"]  # 'X a été contraint par Y de bloquer'
            if not ordered and verb.doc[verb.i - 1].lower_ == "à":
                # 'a contraint (l'hébergeur) X à fermer Y': the object between the two verbs, however it is parsed
                between = verb.doc[control.i + 1 : verb.i - 1]
                return [t for t in between if t.pos_ in {"NOUN", "PROPN", "X"} and not case_of(t)][:1]
            # 'ordonner aux six FAI ...': the parser may make the noun the object and the number the complement
            return ordered + [c for c in control.children if ordered and c.dep_ == "obj" and control.i < c.i < verb.i]
    return []


def offenders_of(complaint: Token) -> list[Token]:
    """'une plainte pour le piratage orchestré par X', 'des plaintes sur le piratage auquel se livreraient X et Y':
    who commits the wrong a complaint is about (its 'par' agent, or the subject of its relative clause)."""
    wrongs = [c for c in complaint.children if c.dep_.startswith(("nmod", "obl"))
              and case_of(c) in {"pour", "sur", "concernant"} and lemma_of(c) in OFFENCE_NOUNS]
    found = [g for w in wrongs for g in w.children if g.dep_ in {"nmod", "obl:agent"} and case_of(g) == "par"]
    found += [g for w in wrongs for g in w.children if g.dep_ == "acl" for g in agents_of(g)]
    relatives = [r for w in wrongs for r in w.children if r.dep_ == "acl:relcl"]
    for relative in relatives:  # ('auquel se livrent X': the parser may take the inverted subject for an object,
        inverted = not any(g.lower_ == "qui" for g in relative.children)  # never so in 'qui touche X')
        found += [g for g in relative.children if g.pos_ != "PRON" and (
            g.dep_ == "nsubj" or inverted and g.dep_ in {"obj", "xcomp"})]
    return found
