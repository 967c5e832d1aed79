"""Small, public views on spaCy's dependency parse of French, shared by the relation and event readers.

Each helper answers one question about a token: its preposition, whether its verb is negated,
passive or only possible, who its subject or agent is once coordination, control verbs,
causatives and relative pronouns are climbed.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.relations.doctables import per_token, tables_of
from kg.extract.relations.participles import (
    aged_before,
    copular_participle,
    fronted_participle,
    misread_participle,
    noun_before_participle,
    perfect_participle,
)
from kg.extract.relations.words import (
    BEHALF_NOUNS,
    CONTROL_VERBS,
    DUTY_NOUNS,
    EFFORT_VERBS,
    IMPLICATIVE_VERBS,
    JOINING_VERBS,
    MISTAGGED_VERBS,
    MODAL_BLOCKERS,
    MODAL_FORMS,
    NEGATION_TRANSPARENT,
    NEGATIONS,
    PARTICIPLES_IN_AIT,
    PARTITIVE_PREPS,
    PERCEPTION_VERBS,
    REPORTING_VERBS,
    SERVICE_NOUNS,
    SOURCE_MARKERS,
    SOURCE_VERBS,
    TIME_TAKING_VERBS,
    TRANSPARENT,
)
from kg.extract.tokens import first_group_infinitive


def controlled_infinitives(verb: Token) -> list[Token]:
    """The infinitive clauses a verb governs, also where the parser hangs them on its addressee ('demander aux FAI
    X et Y de bloquer Z')."""
    addressed = [c for c in verb.children if c.dep_.startswith(("obl", "iobj", "conj"))]
    near = [*verb.children, *(g for c in addressed for g in c.children)]
    return [c for c in near if c.dep_ in {"xcomp", "advcl", "ccomp", "acl"} and "Inf" in c.morph.get("VerbForm")]


def case_of(token: Token) -> str:
    for child in token.children:
        if child.dep_ == "case":
            return child.lower_
    return ""


# lemma_of's answers for the tokens of the last Doc it read: the rules ask it about the same tokens many
# times (every pattern, cue and anaphora test), and a parsed Doc no longer changes. One (doc, length, answers)
# tuple, swapped whole, so that a thread never reads another doc's answers.
_LEMMAS: tuple[object, int, dict[int, str]] = (None, 0, {})


def lemma_of(token: Token) -> str:
    """The lowercase lemma; for a verb the lemmatizer left as a noun form ('réclame', 'réclament'), the
    infinitive of the first group; for a participle opening a sentence that the tagger took for a noun
    ('Arrêté mardi par la police, X ...'), its infinitive."""
    global _LEMMAS
    doc, known = token.doc, _LEMMAS
    if known[0] is not doc or known[1] != len(doc):
        known = _LEMMAS = (doc, len(doc), {})
    lemma = known[2].get(token.i)
    if lemma is None:
        lemma = known[2][token.i] = _lemma_of(token)
    return lemma


def names_class(noun: Token, lemmas: frozenset[str]) -> bool:
    """The noun is one of ``lemmas``, or a service noun whose 'de' complement is ('des services
    d'hébergement' stands for 'l'hébergement', 'une offre de blocage' for 'le blocage')."""
    if lemma_of(noun) in lemmas:
        return True
    return lemma_of(noun) in SERVICE_NOUNS and any(
        c.dep_ == "nmod" and lemma_of(c) in lemmas and case_of(c) in PARTITIVE_PREPS for c in noun.children
    )


# Elided words written with a typographic apostrophe keep it in their lemma ('s’' -> 's’', where "s'" -> 'se'):
# one lemma for both spellings, so that 'se *pourvoir' matches 'elle s’est pourvue' too.
CURLY_ELISIONS = {"s’": "se", "l’": "le", "d’": "de", "qu’": "que", "n’": "ne", "m’": "me", "t’": "te", "j’": "je",
                  "c’": "ce"}


def _lemma_of(token: Token) -> str:
    if token.lower_ in CURLY_ELISIONS:
        return CURLY_ELISIONS[token.lower_]
    fronted = fronted_participle(token)
    if fronted:
        return fronted
    misread = misread_participle(token) or copular_participle(token) or perfect_participle(token)
    if misread:
        return misread
    if token.lower_ in MISTAGGED_VERBS:
        return MISTAGGED_VERBS[token.lower_]  # 'X écope de deux ans': the verb the tagger took for a noun
    if verb_tagged_noun(token):
        return token.lower_.removesuffix("nt").removesuffix("e") + "er"
    if token.pos_ in {"CCONJ", "ADV"}:
        return token.lower_  # an invariable word is its own lemma ('puis' is no form of 'pouvoir')
    lemma = token.lemma_.lower()
    if token.lower_.endswith(("trice", "trices", "teur", "teurs")):
        return lemma  # 'éditrice du site' tagged a verb: an agent noun, never a verb
    if is_mistagged_noun(token):
        return token.lower_  # 'l'exploitant de X' tagged a verb: the noun, not 'exploiter'
    return first_group_infinitive(token.lower_, lemma) if token.pos_ == "VERB" else lemma


@per_token
def is_negated(verb: Token) -> bool:
    head = verb.head
    if (
        verb.dep_ == "xcomp"
        and head.pos_ == "VERB"
        and head.i < verb.i
        and lemma_of(head) not in NEGATION_TRANSPARENT
        and is_negated(head)
    ):
        return True  # 'X n'a pas réussi à fermer Y' (but 'n'a pas hésité à fermer Y' did it)
    tokens = [verb, *[c for c in verb.children if c.dep_.startswith("aux")]]
    for tok in tokens:
        for child in tok.children:
            if child.lower_ in NEGATIONS or (child.dep_ == "advmod" and child.lower_ in {"ne", "n'", "n’"}):
                return True
    tables = tables_of(verb.doc)
    window = tables.lowers[max(tables.sentence_bounds()[0][verb.i], verb.i - 4) : verb.i + 3]
    return any(w in {"n'", "n’", "ne"} for w in window) and any(w in NEGATIONS for w in window)


# An obligation to block is what a blocking order imposes: 'les FAI devront bloquer X' reports the order.
OBLIGATION_COUNTS = frozenset({"blocks"})


def conditional(token: Token) -> bool:
    """A conditional form: the tagger's mood, if the ending agrees ('intentait' tagged so is an imperfect)."""
    return "Cnd" in token.morph.get("Mood") and token.lower_.endswith(("rais", "rait", "rions", "riez", "raient"))


def is_irrealis(trigger: Token, predicate: str = "") -> bool:
    """A question, a conditional, a 'si' clause or a mere intention: no fact."""
    return _irrealis(trigger, predicate in OBLIGATION_COUNTS)


@per_token
def _irrealis(trigger: Token, obligation: bool) -> bool:
    blockers, forms = MODAL_BLOCKERS, MODAL_FORMS
    if obligation:
        blockers = blockers - {"devoir"}
        forms = {f for f in forms if not f.startswith(("doi", "dev"))}
    tables = tables_of(trigger.doc)
    if tables.is_question(trigger.i):
        return True
    node = trigger
    for _ in range(4):
        if conditional(node) or any(conditional(c) for c in node.children if c.dep_.startswith("aux")):
            return True
        if any(c.dep_ == "mark" and c.lower_ in {"si", "s'", "s’"} for c in node.children):
            return True
        if node.dep_ == "advcl" and lemma_of(node.head) in EFFORT_VERBS and any(
            c.dep_ == "mark" and c.lower_ in {"pour", "afin"} for c in node.children
        ):
            return True  # 'X œuvre pour couper l'accès à Y': a goal, not a deed
        if node.dep_ in {"xcomp", "ccomp", "obj", "obl:arg", "csubj"} or (node.dep_ == "ROOT" and node.i != trigger.i):
            head = node.head
            # told as done: 'a annoncé avoir saisi X', 'X annonce qu'elle poursuit Y' (a clause opened by 'que')
            done = lemma_of(head) in REPORTING_VERBS and any(
                c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm")
                or c.dep_ == "mark" and c.lower_ in {"que", "qu'", "qu’"} for c in node.children
            )
            # 'L'opération a permis de démanteler X': a past implicative verb states the action done
            done = done or lemma_of(head) in IMPLICATIVE_VERBS and head.morph.get("Tense") == ["Past"]
            # 'Il aura fallu deux jours à X pour fermer Y': the time it took, so it was done
            done = done or lemma_of(head) in TIME_TAKING_VERBS and head.morph.get("Tense") == ["Past"] and any(
                c.dep_ == "mark" and c.lower_ == "pour" for c in node.children
            )
            if (lemma_of(head) in blockers or head.lower_ in forms) and head.i != node.i and not done:
                return True
        if node.dep_ in {"ROOT", "conj", "acl:relcl", "advcl", "acl"} or node.head.i == node.i:
            break  # a participle modifying a noun is a clause of its own ('des films édités par X')
        node = node.head
    # 'risque d'être condamnée', 'pourrait fermer': a modal just before the trigger
    before = tables.tokens[max(tables.sentence_bounds()[0][trigger.i], trigger.i - 4) : trigger.i]
    modals = blockers - {"annoncer", "demander", "permettre", "aider", "exiger"}
    done = [t for t in before if lemma_of(t) in IMPLICATIVE_VERBS and "Part" in t.morph.get("VerbForm")]  # 'a dû'
    return any((lemma_of(t) in modals or t.lower_ in forms) and t not in done for t in before)


def verb_tagged_noun(token: Token) -> bool:
    """'La Cour force l'entreprise X à ...': a present-tense verb of the first group the tagger took for a noun,
    which the parser still gave a subject and an object, or a subject and a reflexive pronoun ('X s'attaque à Y')."""
    if token.pos_ not in {"NOUN", "ADJ"} or not token.lower_.endswith(("e", "ent")):
        return False  # 'La police ferme le site X': 'ferme' tagged an adjective
    deps = {c.dep_ if c.lower_ not in {"se", "s'", "s’"} else "obj" for c in token.children}
    # ('X et Y, qui résident à Z': a relative clause's 'qui' is the subject of a verb, whatever its tag)
    relative = token.dep_ == "acl:relcl" and any(c.dep_ == "nsubj" and c.lower_ == "qui" for c in token.children)
    return {"nsubj", "obj"} <= deps or relative


def held_duty(noun: Token) -> bool:
    """'X a l'obligation de ...': a duty noun its holder 'has' (the object of 'avoir')."""
    return noun.dep_ == "obj" and lemma_of(noun.head) == "avoir" and lemma_of(noun) in DUTY_NOUNS


def is_mistagged_noun(token: Token) -> bool:
    """'l'hébergeur X' tagged as a verb: a kind noun after a determiner, in a noun's slot."""
    return (
        token.pos_ == "VERB"
        and token.lower_ in TRANSPARENT
        and token.i > 0
        and token.doc[token.i - 1].pos_ == "DET"
    )


def is_imperfect(verb: Token) -> bool:
    """'administrait', 'hébergeaient': an imperfect the tagger sometimes takes for a participle."""
    return verb.lower_.endswith(("ait", "aient")) and verb.lower_ not in PARTICIPLES_IN_AIT


def is_active_perfect(verb: Token) -> bool:
    """'ont assigné', 'a fermé': a participle with 'avoir' and no 'être' is active, whatever the labels say.

    The parser sometimes labels the subject of such a verb 'nsubj:pass' ('La Sacem et la SCPP ont assigné X').
    """
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    return any(lemma_of(a) == "avoir" for a in auxiliaries) and not any(
        lemma_of(a) == "être" or a.dep_ == "aux:pass" and lemma_of(a) != "avoir" for a in auxiliaries
    )


def split_auxiliary(verb: Token) -> Token | None:
    """'Le tribunal a, dans une ordonnance du 5 mai, enjoint à X ...': the 'avoir' an aside parts from its
    participle (the parser makes 'a' the main verb and the participle a modifier of the aside's noun)."""
    doc = verb.doc
    if "Part" not in verb.morph.get("VerbForm") or verb.i < 3 or doc[verb.i - 1].text != ",":
        return None
    for k in range(verb.i - 2, max(verb.sent.start, verb.i - 16), -1):
        if doc[k].text == ",":
            before = doc[k - 1] if k > verb.sent.start else None
            return before if before is not None and before.lemma_ == "avoir" else None
    return None


def is_passive(verb: Token) -> bool:
    if copular_participle(verb):
        return True  # 'X a été déréférencé par Y', read as 'être' and an adjective
    if is_active_perfect(verb) or split_auxiliary(verb) is not None:
        return False
    if any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in verb.children):
        return True
    if any(c.lemma_ == "faire" for c in verb.children) and any(c.dep_ == "obl:agent" for c in verb.children):
        # 'X s'est fait arrêter par Y', 'X vient de se faire arrêter par Y': a reflexive causative is a passive
        return any("Yes" in c.morph.get("Reflex") for c in verb.children)
    if to_be_done_by(verb):
        return True
    children = {c.dep_ for c in verb.children}  # a bare participle with an agent is passive ('X.com, fermé par Y')
    # ('a priori établi par Y': a phrase the parser takes for an auxiliary is none)
    agent = "obl:agent" in children and not any(c.dep_.startswith("aux") and " " not in c.text for c in verb.children)
    return (
        (verb.dep_ in {"acl", "amod", "advcl"} or agent)
        and verb.morph.get("VerbForm") == ["Part"]
        and verb.morph.get("Tense") == ["Past"]
        and not is_imperfect(verb)
    )


def to_be_done_by(verb: Token) -> bool:
    """'des noms de domaine à bloquer par X': an infinitive after 'à' with an agent is passive in meaning."""
    return (
        verb.morph.get("VerbForm") == ["Inf"]
        and any(c.dep_ == "mark" and c.lower_ == "à" for c in verb.children)
        and any(c.dep_ == "obl:agent" or c.dep_.startswith("obl") and case_of(c) == "par" for c in verb.children)
    )


def subjects_of(verb: Token) -> list[Token]:
    """Grammatical subject, climbing coordination, infinitives and causatives."""
    node = verb
    # a role noun in '-ant' ('contre X, exploitant Y') is X's, not the clause's
    if verb.dep_ == "acl" and verb.lower_.endswith("ant") and verb.doc[verb.i - 1].text == "," and case_of(verb.head) \
            and verb.lower_ not in TRANSPARENT:
        clause = clause_verb(verb.head)  # 'X a porté plainte au nom de Y, accusant Z de ...': X accuses, and Y
        if clause.i != verb.i:  # through X
            return subjects_of(clause) + [t for t in (verb.head, verb.head.head) if lemma_of(t) in BEHALF_NOUNS][:1]
    for _ in range(4):
        own = {"nsubj", "nsubj:pass"} if node.i != verb.i or is_active_perfect(verb) else {"nsubj"}
        subjects = [c for c in node.children if c.dep_ in own]
        if any(case_of(s) in SOURCE_MARKERS for s in subjects):  # 'Selon les majors, X héberge Y', 'les majors'
            subjects = [s for s in subjects if case_of(s) not in SOURCE_MARKERS] or name_before(node)  # its subject
        if not subjects:  # 'X ont une nouvelle fois décidé de ...': the parser hangs the subject on the auxiliary
            subjects = [g for c in node.children if c.dep_.startswith("aux") for g in c.children if g.dep_ in own]
        if (
            len(subjects) > 1
            and subjects[0].pos_ == "NOUN"
            and subjects[1].i == subjects[0].right_edge.i + 1
            and not any(t.text == "," for t in verb.doc[subjects[0].i : subjects[1].i])
        ):
            return subjects[1:2]  # 'La start-up française X exploitait Y': the name closes the kind noun
        if subjects:
            return subjects[:1]  # a clause has one subject; a second 'nsubj' is a misparsed list item
        if node.dep_ == "xcomp" and lemma_of(node.head) in CONTROL_VERBS:
            # object control: 'le tribunal ordonne aux FAI de bloquer X' -> the FAI block X
            head = node.head
            ordered = [
                c for c in head.children if c.dep_.startswith(("obl", "iobj")) and case_of(c) in {"à", "au", "aux"}
            ]
            ordered += [c for c in head.children if c.dep_ == "nsubj:pass"]
            if not ordered and any(m.lower_ in {"à", "de", "d'", "d’"} for m in node.children if m.dep_ == "mark"):
                # 'la justice oblige X à bloquer Y', 'contraindre X à fermer Y': the direct object does it
                ordered = [c for c in head.children if (c.dep_ == "obj" or c.pos_ in {"PROPN", "X"}) and c.i < node.i]
            if ordered:
                return ordered
        if node.dep_ == "xcomp" and lemma_of(node.head) in PERCEPTION_VERBS and not any(
            m.dep_ == "mark" for m in node.children
        ):  # 'l'année a vu X poursuivre Y': the object of 'voir' does the bare infinitive
            seen = [c for c in node.head.children if c.dep_ == "obj" and c.i < node.i]
            if seen:
                return seen
        if node.dep_ == "acl:relcl" and any(
            "Rel" in c.morph.get("PronType") and case_of(c) == "parmi" for c in node.children
        ):
            return [node.head]  # 'Les FAI, parmi lesquels X et Y, devront bloquer ...': an aside, not a relative
        if node.dep_ in {"conj", "xcomp", "dep"} or (
            node.dep_ == "ROOT" and any(c.lemma_ == "faire" for c in node.children)
        ):
            causative = [c for c in node.children if c.lemma_ == "faire" and c.dep_ in {"dep", "aux:caus", "aux"}]
            if causative:
                subjects = [c for c in causative[0].children if c.dep_ == "nsubj"]
                if subjects:
                    return subjects
            if node.head.i == node.i:
                subjects = main_clause_subject(node)
                return subjects
            embedded = complement_subject(node) if node.dep_ == "conj" else None
            if embedded is not None:
                return [embedded]
            node = governing_verb(node) if node.dep_ == "conj" and node.pos_ == "VERB" else node.head
            continue
        if node.dep_ == "advcl" and node.morph.get("VerbForm") in (["Inf"], ["Part"]) and not any(
            c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in node.children
        ):  # a finite clause ('depuis que X et Y ont déposé ...') has its own subject, even if the parser lost it
            noun = noun_before_participle(node)
            if noun is not None:
                return [noun]  # 'X a obtenu une injonction obligeant Y à ...': the injunction binds Y, not X
            node = node.head
            joined = {"avec"} | ({"à", "au", "aux"} if lemma_of(node) in JOINING_VERBS else set())
            partners = [c for c in node.children if c.dep_.startswith("obl") and case_of(c) in joined]
            subjects = subjects_of(node) or name_before(node)
            if subjects:
                return subjects + partners  # 'X a collaboré avec Y pour fermer Z': both act
            continue
        if node.dep_ == "ROOT" and node.morph.get("VerbForm") == ["Inf"]:
            return main_clause_subject(node)
        if node.dep_ == "acl" and node.morph.get("VerbForm") == ["Inf"] and held_duty(node.head):
            # 'X a l'obligation de bloquer Y': who has the duty does it
            node = node.head.head
            continue
        if node.i != verb.i and node.dep_ in {"acl", "amod"} and node.morph.get("VerbForm") == ["Part"]:
            before = verb.doc[node.i - 2] if node.i >= 2 and verb.doc[node.i - 1].text == "," else None
            if before is not None and before.pos_ == "PROPN":
                return [before]  # '... contre X, soupçonné d'avoir dirigé Y' hung on another noun: the name it follows
            return [node.head]  # 'X, soupçonné de gérer Y': the participle's noun controls the infinitive
        if node.dep_ in {"advcl", "parataxis"}:
            # 'le tribunal, qui, sollicité par X, impose ...': the relative subject sits on the aside
            relatives = [
                c for c in node.head.children if c.dep_.startswith("nsubj") and "Rel" in c.morph.get("PronType")
            ]
            if relatives:
                return relatives
        if node.i != verb.i and verb.dep_ == "xcomp":
            return name_before(node) or relative_before_aside(verb)  # 'A, B et C ont décidé de porter plainte'
        break
    return relative_before_aside(verb)


def name_before(verb: Token) -> list[Token]:
    """'..., Netflix ainsi que Amazon se sont associés à ...' parsed without a subject: the proper noun right
    before a finite verb, its auxiliaries and clitics."""
    if not any("Fin" in t.morph.get("VerbForm") for t in (verb, *verb.children) if t.i <= verb.i):
        return []
    k = verb.i - 1
    while k > verb.sent.start and (
        verb.doc[k].pos_ in {"AUX", "ADV", "SPACE"} or verb.doc[k].lower_ in {"se", "s'", "s’"}
    ):
        k -= 1
    return [verb.doc[k]] if verb.doc[k].pos_ in {"PROPN", "X"} else []


def complement_subject(conjunct: Token) -> Token | None:
    """'X révélait que l'ALPA, avec l'aide de Y, avait porté un coup fatal à Z' misparsed as two coordinated
    verbs: with no 'et' of its own and a 'que' between, the second verb heads the complement clause, whose
    subject is the first noun after 'que'."""
    if any(c.dep_ == "cc" for c in conjunct.children):
        return None  # 'a annoncé que ... et a arrêté X': a true coordination shares the subject
    doc = conjunct.doc
    for t in doc[conjunct.head.i + 1 : conjunct.i]:
        if t.lower_ in {"que", "qu'", "qu’"} and t.pos_ == "SCONJ":
            return next((u for u in doc[t.i + 1 : conjunct.i] if u.pos_ in {"NOUN", "PROPN"}), None)
    return None


def governing_verb(conjunct: Token) -> Token:
    """The verb a coordinated verb shares its clause with: its head, or, when the parser hung it on a noun
    ('a démantelé le réseau X et interpellé Y', the second verb under X), the verb that noun depends on."""
    node = conjunct.head
    for _ in range(4):
        if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
            return node
        node = node.head
    return conjunct.head


def relative_before_aside(verb: Token) -> list[Token]:
    """'X qui, sollicité par Y, impose Z': the relative pronoun before a comma-bounded aside is the subject."""
    doc = verb.doc
    if verb.i < 3 or doc[verb.i - 1].text != ",":
        return []
    for k in range(verb.i - 2, max(verb.sent.start, verb.i - 20), -1):
        if doc[k].text == "," and k > 0 and doc[k - 1].lower_ == "qui":
            return [doc[k - 1]]
        if doc[k].pos_ == "VERB" and "Fin" in doc[k].morph.get("VerbForm"):
            return []  # a finite verb in between: the aside is a clause of its own
    return []


def main_clause_subject(infinitive: Token) -> list[Token]:
    """'Après avoir fait fermer X, elle attaque Y': the parser hangs the main clause under the infinitive."""
    if infinitive.morph.get("VerbForm") != ["Inf"]:
        return []
    for child in infinitive.children:
        if child.dep_ in {"conj", "advcl", "parataxis"} and child.pos_ == "VERB":
            subjects = [c for c in child.children if c.dep_ == "nsubj"]
            if subjects:
                return subjects
    return []


def antecedent_of(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ('X, qui héberge Y')."""
    if "Rel" in token.morph.get("PronType") or token.lower_ in {"qui", "que", "qu'", "lequel", "laquelle"}:
        verb, doc = token.head, token.doc
        if token.i >= 3 and doc[token.i - 1].text == ")":
            # 'C'est X (une association d'éditeurs) qui a porté plainte': the name before the aside
            opening = next((k for k in range(token.i - 2, max(-1, token.i - 25), -1) if doc[k].text == "("), None)
            if opening is not None and opening >= 1 and not doc[opening - 1].is_punct:
                return doc[opening - 1]
        before = doc[token.i - 2] if token.i >= 2 and doc[token.i - 1].text == "," else None
        if verb.dep_ == "acl:relcl" and verb.head.pos_ not in {"VERB", "AUX", "PROPN"} and before is not None and (
            before.pos_ == "PROPN" and before.head == verb.head and case_of(before) in {"à", "par", "contre", "avec"}
        ):
            return before  # 'accordés par le tribunal à X, qui avait assigné Y': X, not the noun it hangs on
        aged = aged_before(token)
        if aged is not None:
            return aged  # 'X et Y, âgés (respectivement) de 23 et 26 ans qui résident à Z': the names before the age
        if verb.dep_ == "acl:relcl" and verb.head.pos_ == "ADJ" and verb.head.dep_ in {"amod", "acl"}:
            return verb.head.head  # ('X, âgé de 40 ans qui ...' hung on the adjective: the name it describes)
        if verb.dep_ == "acl:relcl" and verb.head.pos_ not in {"VERB", "AUX"}:
            return verb.head  # (a relative hung on a verb stands for no verb: the name before the comma)
        # the parser often misses the relative clause: take the name before the comma
        i = token.i - 1
        while i >= 0 and token.doc[i].is_punct:
            i -= 1
        return token.doc[i] if i >= 0 else None
    return None


def is_plural(token: Token) -> bool:
    """A plural noun, by its morphology, its ending ('administrateurs' tagged singular) or its determiner."""
    lower = token.lower_
    ending = token.pos_ == "NOUN" and lower.endswith(("s", "x")) and token.lemma_.lower() == lower[:-1]
    return "Plur" in token.morph.get("Number") or ending or any(
        c.dep_ == "det" and "Plur" in c.morph.get("Number") or c.dep_ == "case" and c.lower_ in {"aux", "des"}
        for c in token.children
    )  # 'les FAI' is tagged singular; 'aux FAI', 'des FAI': the contracted article is plural too


def clause_verb(token: Token) -> Token:
    """The verb whose clause holds the token (the token itself for a verb)."""
    node = token
    for _ in range(12):
        if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
            return node
        node = node.head
    return node


def inverted_telling(doc: Doc, i: int, end: int) -> bool:
    """'comme le souligne X', 'comme l'a révélé X': a verb of telling between 'comme' (at i) and a name (at end),
    however the tagger read it ('rapporte' tagged a noun)."""
    return any(first_group_infinitive(t.lower_, lemma_of(t)) in SOURCE_VERBS for t in doc[i + 1 : end])
