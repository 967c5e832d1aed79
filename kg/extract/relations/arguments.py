"""The two ends of a trigger, by frame: a verb (active, passive, participle, relative, controlled infinitive),
a nominalisation ("la fermeture de X par Y", "à la demande de X") or a role noun ("X, fondateur de Y")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.extract.entities import MentionSpan
from kg.extract.nlp import DATIVE_CLITICS
from kg.extract.relations.adversaries import against, surface_against
from kg.extract.relations.agents import (
    agents_of,
    charged_with,
    complements_of,
    copula_subjects,
    means_of_ordered,
    occasion_authors,
    offenders_of,
    ordered_before,
    partners_of,
    petition_of,
    requesters,
    server_owners,
    surface_agent,
    surface_governor,
)
from kg.extract.relations.anaphora import anaphoric_ends
from kg.extract.relations.candidates import Candidate
from kg.extract.relations.fallbacks import (
    benches_of,
    blames_an_omission,
    bracketed_owner,
    causative_at,
    clitic_work,
    decision_of,
    described_names,
    dont_objects,
    following_names,
    motive_subject,
    named_as_plaintiffs,
    predicate_subject,
    surface_subject,
    time_taker,
)
from kg.extract.relations.listing import weakly_typed
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.participles import (
    copular_participle,
    fronted_clause_end,
    fronted_subject,
    opening_passive,
    perfect_participle,
    seen_done,
)
from kg.extract.relations.roles import apposed_role, role_arguments
from kg.extract.relations.rules import Pattern
from kg.extract.relations.syntax import (
    antecedent_of,
    case_of,
    controlled_infinitives,
    fronted_participle,
    governing_verb,
    is_imperfect,
    is_irrealis,
    is_negated,
    is_passive,
    lemma_of,
    misread_participle,
    names_class,
    split_auxiliary,
    subjects_of,
    verb_tagged_noun,
)
from kg.extract.relations.words import (
    APPEAL_NOUNS,
    ASKING_VERBS,
    BEHALF_NOUNS,
    BLOCKING_NOUNS,
    CAUSING_VERBS,
    CONTROL_VERBS,
    DONE_BY_OTHERS,
    MEASURE_NOUNS,
    MISTAGGED_VERBS,
    ORDER_PARTICIPLES,
    PARTITIVE_PREPS,
    PERSON_ROLES,
    PETITION_VERBS,
    POSSESSIVES,
    REQUEST_NOUNS,
    REQUESTING_VERBS,
    SERVER_NOUNS,
    TARGETING_VERBS,
    TRANSPARENT,
)
from kg.extract.relations.words import DATIVE_PREPS as TO  # 'Il a été demandé aux FAI de ...'

ADDRESSING = ASKING_VERBS | CONTROL_VERBS


OBJECT_RELATIVES = frozenset({"que", "qu'", "qu’"})


def verb_arguments(pattern: Pattern, verb: Token, reader: Reader) -> Candidate | None:
    if pattern.with_infinitive and not controlled_infinitives(verb):
        return None
    if blames_an_omission(verb) or named_as_plaintiffs(verb):
        return None  # 'X accuse la LFP de ne pas faire assez': a criticism, no lawsuit; 'cités comme plaignants'
    passive = is_passive(verb) or bool(misread_participle(verb)) or seen_done(verb)
    # 'la firme s'est attaquée à X': a pronominal verb's 'se' is no passive, its 'subject' acts
    pronominal = any("se" in e.before for e in pattern.expressions if e.head == lemma_of(verb)) and any(
        "Yes" in c.morph.get("Reflex") for c in verb.children
    )
    passive = passive and not pronominal
    if pattern.with_obj and not any(
        c.dep_ in {"obj", "nsubj:pass", "obl:arg", "obl"} and names_class(c, pattern.with_obj) for c in verb.children
    ):
        return None
    subject_tokens: list[Token]
    object_tokens: list[Token] = []
    measure = False
    measure_nouns: list[Token] = []
    if passive:
        subject_tokens = agents_of(verb)
        if not subject_tokens and pattern.predicate in {"shutsDown", "arrests"}:
            subject_tokens = occasion_authors(verb)
        elif not subject_tokens and pattern.predicate == "hosts":
            subject_tokens = server_owners(verb)
        object_tokens = [c for c in verb.children if c.dep_ in {"nsubj:pass", "nsubj"}] or [
            c for c in verb.children if c.dep_ == "dep" and c.i < verb.i and c.pos_ == "NOUN"  # 'L'accusé, X, était'
        ]
        impersonal = [t.lower_ for t in object_tokens] == ["il"] and lemma_of(verb) in ADDRESSING
        if impersonal and controlled_infinitives(verb):
            object_tokens = [c for c in verb.children if c.dep_.startswith(("obl", "iobj")) and case_of(c) in TO]
        named_head = verb.dep_ in {"appos", "dep", "parataxis"} and verb.head.i < verb.i and verb.head.i in reader.index
        if verb.dep_ in {"acl", "amod"} or verb.dep_ == "appos" and misread_participle(verb) or named_head:
            # ('X.com, fermé par Y': the parser hangs the participle on the name as a loose dependent)
            object_tokens.append(verb.head)
            head, doc = verb.head, verb.doc
            # (past a fronted adjective: 'X, célèbre studio fondé par Y')
            first = min([head.i, *(c.i for c in head.children if c.dep_ in {"det", "amod"} and c.i < head.i)])
            if reader.index.get(head.i) is None and first >= 2 and doc[first - 1].text == ",":
                named = reader.index.get(first - 2)  # 'X, un manga édité par Y': the name the description follows
                if named is not None:
                    object_tokens.append(doc[named.start])
            described = head
            for _ in range(3):  # 'X est un hébergeur de fichiers édité par Y': the copula's subject is described
                if reader.index.get(described.i) is not None or described.pos_ not in {"NOUN", "ADJ"}:
                    break
                if any(c.dep_ == "cop" for c in described.children):
                    object_tokens += [c for c in described.children if c.dep_ == "nsubj"]
                    break
                described = described.head
        if pattern.with_obj and "contre" in (preps := pattern.object_preps):  # 'l'affaire ... par X contre Y'
            object_tokens += [c for c in verb.children if c.dep_.startswith("obl") and case_of(c) in preps]
            object_tokens += [t for t in against(verb) if case_of(t) != "contre"]
        if not object_tokens:
            object_tokens = subjects_of(verb) or _fronted_name(verb, reader)
        voice = "passive"
    else:
        subject_tokens = subjects_of(verb)
        if pronominal and not subject_tokens:
            subject_tokens = [c for c in verb.children if c.dep_ == "nsubj:pass"]
        split = split_auxiliary(verb)
        if split is not None and not subject_tokens:
            subject_tokens = [c for c in split.children if c.dep_ == "nsubj"]
        if verb.morph.get("VerbForm") == ["Inf"] and verb.dep_ != "xcomp" or verb.head.i != verb.i and (
            verb.dep_ == "xcomp" and lemma_of(verb.head) not in CONTROL_VERBS
        ):
            subject_tokens = ordered_before(verb) or subject_tokens
        motive = motive_subject(verb)
        if motive:
            subject_tokens = motive
        decided = decision_of(verb)
        if decided is not None:
            # 'a salué la décision du tribunal de fermer X': the author of the decision acts, not the subject
            subject_tokens = [c for c in decided.children if c.dep_ == "nmod" and case_of(c) in PARTITIVE_PREPS]
            subject_tokens = subject_tokens or [decided]
        if not subject_tokens:
            subject_tokens = time_taker(verb)  # 'Il aura fallu deux ans à X pour fermer Y'
        if not subject_tokens and verb.morph.get("VerbForm") == ["Inf"]:
            # 'imposé aux opérateurs tels que X, Y d'adopter ... pour bloquer Z' misparsed: whom the verb orders does it
            subject_tokens = means_of_ordered(verb)
        if subject_tokens:
            subject_tokens = subject_tokens + partners_of(verb, after=False)  # 'X, avec l'aide de Y, a fermé Z'
        voice = "active"
        if "contre" in pattern.object_preps:
            object_tokens.extend(t for t in against(verb) if case_of(t) != "contre")  # 'à l'encontre de X'
        if pattern.object_preps:
            for child in verb.children:
                if child.dep_.startswith(("obl", "iobj", "nmod")) and case_of(child) in pattern.object_preps:
                    object_tokens.append(child)
                elif child.pos_ == "PRON" and "à" in pattern.object_preps and (
                    child.dep_ == "iobj" or child.lower_ in DATIVE_CLITICS and child.i < verb.i  # never a direct one
                ):
                    object_tokens.append(child)  # 'le tribunal lui a infligé une peine': 'lui' is 'à X'

                if child.dep_ == "obj" and lemma_of(verb) in CONTROL_VERBS and lemma_of(child) in MEASURE_NOUNS:
                    measure = True  # 'ordonner le blocage de X' names the measure, not the party ordered
                    measure_nouns.append(child)
                    continue
                if child.dep_ == "obj":
                    if pattern.with_obj and names_class(child, pattern.with_obj):
                        owners = [c for c in child.children if c.dep_ == "nmod" and case_of(c) in pattern.object_preps]
                        if not owners and lemma_of(child) in TRANSPARENT:
                            owners = [child]  # 'saisi le domaine x.org': the name the noun stands for
                        # 'porté plainte pour le piratage commis par X' (the parser may hang the wrong on the verb),
                        # when no 'contre Y' names the target
                        named = any(case_of(c) in pattern.object_preps for c in verb.children)
                        owners = owners or ([] if named else offenders_of(child) or offenders_of(verb))
                        object_tokens.extend(owners)
                    elif not pattern.with_obj and "contre" not in pattern.object_preps:
                        object_tokens.append(child)  # ('requérir deux ans contre X': the object is the penalty)
        else:
            # 'a fermé X, le plus gros tracker': the parser often makes the name an xcomp, its description the obj
            object_tokens = [c for c in verb.children if c.dep_ in {"obj", "iobj"} or _object_as_xcomp(c, verb)]
            # the parser often hangs a coordinated object on the verb: 'fermer X et ses sites'
            object_tokens += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "NOUN" and object_tokens]
        doc = verb.doc
        # 'a démantelé X et interpellé Y': Y is the object of the second verb, which the parser hung on the first
        object_tokens = [
            t for t in object_tokens if not any(w.dep_ == "conj" and w.pos_ == "VERB" for w in doc[verb.i + 1 : t.i])
        ]
        if not object_tokens and verb.dep_ == "conj" and verb.pos_ == "VERB":
            shared = governing_verb(verb)
            object_tokens = [c for c in shared.children if c.dep_ == "obj" and c.i > verb.i]
        if measure:  # 'ordonner le blocage de 40 sites, dont X': the sites are the measure's, not the ordered
            object_tokens = [t for t in object_tokens if case_of(t) not in PARTITIVE_PREPS]
        for tok in list(object_tokens):
            if lemma_of(tok) in pattern.transparent_obj:
                object_tokens.extend(c for c in tok.children if c.dep_ == "nmod")
    subject_tokens = [predicate_subject(antecedent_of(t) or t) for t in subject_tokens]  # relatives, participles
    object_tokens = [(antecedent_of(t) or t) for t in map(apposed_role, object_tokens)]
    if not object_tokens and not passive:
        # 'le site X, que la police a fermé': the parser reads the relative 'que' as a conjunction
        relative = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ in OBJECT_RELATIVES), None)
        object_tokens = [t for t in [antecedent_of(relative)] if t is not None] if relative is not None else []
    if verb.dep_ == "acl:relcl" and not subject_tokens and not passive:
        subject_tokens = [verb.head]
    present_participle = verb.morph.get("Tense") == ["Pres"] and verb.morph.get("VerbForm") == ["Part"]
    if verb.dep_ in {"acl", "amod"} and not subject_tokens and not passive and (
        present_participle  # 'X, exploitant Y', 'X, un chômeur vivant à Y'
        or verb.dep_ == "acl" and ("Fin" in verb.morph.get("VerbForm") or is_imperfect(verb))
        or verb.dep_ == "acl" and verb.morph.get("VerbForm") == ["Inf"] and not verb.lower_.endswith(("er", "ir", "re"))
    ):
        subject_tokens = [verb.head]  # 'X administrait le site Y': a finite verb the parser hung on its subject
    subjects = unique([m for t in subject_tokens for m in reader.mentions_at(t)])
    if pattern.predicate == "locatedIn" and any(lemma_of(t) in PERSON_ROLES for t in subject_tokens):
        subjects = [m for m in subjects if m.mention.coarse == "Person"]  # 'le fondateur de X vit à Y': not X's seat
    if not subjects and verb.dep_ in {"acl", "amod"} and subject_tokens == [verb.head]:
        # 'A et B, des sociétés appartenant à', 'X, un chômeur vivant à Y'
        subjects = described_names(verb.head, reader)
    if not subject_tokens and not passive:
        subjects = surface_subject(verb, reader)  # the parser lost the subject: the name right before the verb
    if not object_tokens and not passive and lemma_of(verb) in CONTROL_VERBS and "contre" not in pattern.object_preps:
        # 'a contraint Free à bloquer Y' with the name mistagged: whom the infinitive's subject is, is ordered
        controlled = [t for c in verb.children if c.dep_ == "xcomp" for t in subjects_of(c) if t.head.i == verb.i]
        object_tokens = [t for t in controlled if not t.dep_.startswith("nsubj")]
    objects = unique([m for t in object_tokens for m in reader.mentions_at(t)])
    if not objects and misread_participle(verb) and verb.i >= 2:
        # 'dont X et Y, édités par Z' with the participle hung elsewhere: the names right before the comma
        named = reader.index.get(verb.i - 2)
        objects = [named, *reader.surface_list(named)] if named is not None and named.end == verb.i - 1 else []
    if not objects and pattern.with_obj and not passive:
        # 'les matchs de la Ligue X, dont Y détient les droits': 'dont' is 'de' + the antecedent
        objects = dont_objects(verb, reader)
    if not objects and pattern.with_obj:
        objects = clitic_work(verb, reader)  # 'diffusent le tournoi X alors que Y en détient les droits'
    if not objects and passive and not object_tokens:
        objects = surface_subject(verb, reader)  # 'X, dont ..., est exploité par Y' with its subject lost
    if not objects and not passive and not measure:  # 'héberger' X often parses as an oblique or a stray
        objects = following_names(verb, reader, pattern)
    petitioners = complements_of(verb, REQUEST_NOUNS)  # 'bloqué à la demande de X': X sues the target
    # 'Saisi par la Sabam, le tribunal a condamné X', 'Le tribunal, saisi par X, a ordonné ...': X sues
    for clause in [*verb.children, *(c for t in subject_tokens for c in t.children if c.dep_ == "acl")]:
        if clause.dep_ in {"advcl", "acl"} and lemma_of(clause) in PETITION_VERBS and is_passive(clause):
            petitioners += agents_of(clause)
    opening = verb.sent[0]
    if opening.i != verb.i and lemma_of(opening) in PETITION_VERBS and "Part" in opening.morph.get("VerbForm"):
        petitioners += [c for c in agents_of(opening) if c not in petitioners]  # the parser made it the root
    requesting = unique([m for t in petitioners for m in reader.mentions_at(t)])
    causative = causative_at(verb) is not None or any(c.dep_ == "aux:caus" for c in verb.children)
    if causative and pattern.predicate in DONE_BY_OTHERS and not passive:
        # 'La LFP a fait bloquer le site X': who has an access provider block or a court convict asks for it
        requesting, subject_tokens = unique(requesting + subjects), agents_of(verb)
        subjects = unique([m for t in subject_tokens for m in reader.mentions_at(t)])  # '... par le tribunal de X'
    targets = unique(
        [m for n in measure_nouns for c in n.children if case_of(c) in PARTITIVE_PREPS for m in reader.mentions_at(c)]
    )
    if not targets and requesting and reader.memory is not None:
        # 'a ordonné son blocage à la demande de Y': the site the possessive stands for
        targets = [m for n in measure_nouns for m in reader.memory.possessor_site(n)]
    if not targets and requesting and lemma_of(verb) in CONTROL_VERBS:
        # 'ordonne aux FAI de bloquer X, à la demande de Y': the ordered infinitive's object is the measure's target
        measures = [t for t in verb.subtree if t.morph.get("VerbForm") == ["Inf"] and t.dep_ in {"xcomp", "acl"}]
        targets = unique([m for t in measures for c in t.children if c.dep_ == "obj" for m in reader.mentions_at(c)])
    if pattern.predicate in {"orders", "convicts"}:
        subjects = unique(subjects + benches_of(subject_tokens, reader))  # 'la juge du tribunal X, Y, a ordonné'
    # 'X, Free (dirigé par Y), Z': a participle in brackets describes the one name right before them
    if passive:
        objects = bracketed_owner(verb, reader, objects)
    else:
        subjects = bracketed_owner(verb, reader, subjects)
    return Candidate(pattern, verb, subjects, objects, subject_tokens, object_tokens, voice, requesting, targets)


def noun_arguments(pattern: Pattern, noun: Token, reader: Reader) -> Candidate | None:
    objects_tokens = [c for c in noun.children if c.dep_ in {"nmod", "obl"} and case_of(c) in pattern.object_preps]
    if "contre" in pattern.object_preps:  # ('la plainte de X de la holding Y contre Z': 'contre Z' hung on X)
        objects_tokens += [t for t in against(noun) if t not in objects_tokens] or surface_against(noun)
    own_words = pattern.words_after(lemma_of(noun))  # ('une demande d'injonction de X': 'injonction' is no party)
    subject_tokens = [c for c in noun.children if c.dep_ in {"nmod", "obl", "obl:agent"}
                      and case_of(c) in pattern.subject_preps and c not in objects_tokens
                      and lemma_of(c) not in own_words and c.lower_ not in own_words]
    if not subject_tokens and "par" in pattern.subject_preps:
        # 'le démantèlement du réseau X par Y': the parser hangs 'par Y' on X
        subject_tokens = surface_agent(noun)
    if not subject_tokens:  # 'une plainte déposée par X': the agent of the participle that files it
        subject_tokens = [
            a for c in noun.children if c.dep_ == "acl" and lemma_of(c) in pattern.governors for a in agents_of(c)
        ] or charged_with(noun, pattern.charge_governors)
    if not subject_tokens and "être" in pattern.governors:
        subject_tokens = copula_subjects(noun, reader)  # 'X, qui était en procès avec Y'
    governing = CAUSING_VERBS | REQUESTING_VERBS | pattern.governors
    phrase = noun.head if noun.dep_ == "nmod" and noun.head.pos_ == "NOUN" else noun  # 'le bras de fer'
    governor = phrase.head
    governed = phrase.dep_ in {"obj", "nsubj:pass", "obl", "obl:arg"} and lemma_of(governor) in governing or (
        phrase.dep_ == "obl:mod" and lemma_of(governor) in pattern.governors  # 'X est impliqué dans l'hébergement de Y'
    )
    if not governed:  # 'X a obtenu du tribunal de Y une injonction contre Z' misparsed: the verb on the surface
        surface = surface_governor(noun, governing)
        governor = surface or governor
        # 'X a obtenu en une semaine la fermeture de Y': the noun hung on the verb's time adjunct
        adjunct = phrase is not noun and phrase.dep_ == "obl:mod"
        governed = surface is not None and (governor.i != phrase.head.i or adjunct)
    petition = petition_of(governor) if governed else None  # 'X a saisi le juge afin qu'il ordonne ...'
    if governed and (is_negated(governor) or is_irrealis(governor) and petition is None):
        return None
    # who asks for a measure never carries it out; who obtains one carries out only what no court must do
    requested = governed and (petition is not None or lemma_of(governor) in ASKING_VERBS or (
        lemma_of(governor) in REQUESTING_VERBS and pattern.predicate in DONE_BY_OTHERS))
    if not subject_tokens and governed and not requested and not (  # who orders a block or a sentence orders it
        lemma_of(governor) in CONTROL_VERBS and pattern.predicate in DONE_BY_OTHERS
    ):
        subject_tokens = subjects_of(governor) or agents_of(governor) or [  # 'X, chargé de l'hébergement de Y'
            c for c in governor.children if c.dep_ == "nsubj:pass" and c.i != phrase.i
        ]
    requester_tokens: list[Token] = subjects_of(petition) if petition is not None else []
    if governed and lemma_of(governor) in REQUESTING_VERBS:
        # 'X a obtenu du tribunal la fermeture de Y': X sues Y, and the court, if named, acts
        givers = [c for c in governor.children if c.dep_.startswith(("obl", "obj")) and c.i != phrase.i]
        givers = [c for c in givers if case_of(c) in PARTITIVE_PREPS | {"auprès"}]
        if givers and not any(case_of(c) == "par" for c in subject_tokens):
            subject_tokens = givers
        if givers or lemma_of(governor) in ASKING_VERBS or pattern.predicate in DONE_BY_OTHERS:
            # asking for a measure, or obtaining it from a court, is a legal action; obtaining a site's
            # removal alone ('X a obtenu la suppression de Y') may be a takedown, and says no more
            requester_tokens = subjects_of(governor)
    if not objects_tokens and phrase is not noun:
        objects_tokens = [c for c in phrase.children if c.dep_ == "nmod" and case_of(c) in pattern.object_preps]
    if not objects_tokens and governed:
        # 'a ravivé le bras de fer judiciaire contre X': the parser hangs the complement on the verb
        preps = pattern.object_preps
        objects_tokens = [c for c in governor.children if c.dep_.startswith("obl") and case_of(c) in preps]
        if not objects_tokens and "à" in preps:  # 'X lui a intenté un procès': whom the dative clitic stands for
            objects_tokens = [c for c in governor.children if c.pos_ == "PRON" and c.i < governor.i and (
                c.dep_ == "iobj" or c.lower_ in DATIVE_CLITICS)]
    if not objects_tokens:
        # 'une plainte visant X', 'la plainte de Y vise X'
        targeting = [c for c in noun.children if c.dep_ == "acl" and lemma_of(c) in TARGETING_VERBS]
        if noun.dep_ == "nsubj" and lemma_of(noun.head) in TARGETING_VERBS:
            targeting.append(noun.head)
        objects_tokens = [g for v in targeting for g in v.children if g.dep_ == "obj"]
        aiming = noun.head if noun.dep_ == "obl:agent" and lemma_of(noun.head) in TARGETING_VERBS else None
        if aiming is not None and not (is_irrealis(aiming) or is_negated(aiming)):  # ('pourraient être visés')
            # 'X est aussi visé par la plainte', 'X, visé par la plainte de Y': the passive's subject
            aimed = [g for g in aiming.children if g.dep_ == "nsubj:pass"]
            # ('..., mais également la société Y, ainsi que Z': names added after the clause share its subject's role)
            aimed += [g for g in aiming.children if g.dep_ in {"conj", "advcl"} and g.i > noun.i and g.pos_ != "VERB"]
            objects_tokens = aimed or ([aiming.head] if aiming.dep_ == "acl" else [])
    if not objects_tokens and pattern.predicate == "orders":
        # 'une ordonnance (du tribunal) interdisant à X de ...': whom the participle binds, the order is against
        heads = [noun, *(c for c in noun.children if c.dep_ == "nmod" and c.i > noun.i)]
        clauses = [v for h in heads for v in h.children if v.dep_ in {"acl", "acl:relcl"}]  # ('qui a contraint X')
        after = noun.doc[noun.right_edge.i + 1] if noun.right_edge.i + 1 < noun.sent.end else noun
        # ('a obtenu une injonction obligeant X à ...': the parser may hang the participle on the verb)
        clauses += [after] if after.dep_ == "advcl" and after.head == noun.head else []
        bound = [v for v in clauses if lemma_of(v) in ORDER_PARTICIPLES]
        objects_tokens = [g for v in bound for g in v.children if g.dep_ in {"obj", "obl:arg"} and case_of(g) != "de"]
    if not objects_tokens and "contre" in pattern.object_preps:
        objects_tokens = surface_against(noun)
    if not objects_tokens and lemma_of(noun) in MEASURE_NOUNS and any(
        c.dep_ == "det" and c.lower_ in POSSESSIVES for c in noun.children
    ):
        objects_tokens = [noun]  # 'a ordonné son blocage': whose it is, the site told before (see anaphora)
    if not subject_tokens and governed:
        # 'la procédure ... est déposée au nom de X, Y et Z'
        subject_tokens = complements_of(governor, BEHALF_NOUNS)
    if not subject_tokens and pattern.predicate in DONE_BY_OTHERS:
        requester_tokens = requester_tokens or requesters(noun)  # 'l'injonction, à la demande de X': X sues
    elif not subject_tokens:
        subject_tokens = requesters(noun)
    if not subject_tokens and not governed:
        subject_tokens = means_of_ordered(noun)
    giver = noun.head if noun.dep_ == "appos" else None
    if giver is not None and lemma_of(giver.head) in REQUESTING_VERBS and case_of(giver) in PARTITIVE_PREPS:
        # 'X a obtenu de la Haute Cour une injonction contre Y', the noun parsed as the court's apposition
        subject_tokens, requester_tokens = [giver], subjects_of(giver.head)
    objects = unique([m for t in objects_tokens for m in reader.mentions_at(t)])
    targets: list[MentionSpan] = []
    if pattern.predicate == "orders" and any(lemma_of(c) in BLOCKING_NOUNS for c in noun.children):
        # 'une ordonnance de blocage visant X': the sites are what the ordered providers block
        targets = [o for o in objects if o.mention.coarse == "Website" or weakly_typed(o)]
        objects = [o for o in objects if o not in targets]
    if not objects and lemma_of(noun) in APPEAL_NOUNS:
        return None  # 'X a déposé un recours': an appeal sues no one it does not name
    # 'le tribunal, qui a rendu une ordonnance contre X': the relative pronoun's antecedent
    subject_tokens = [antecedent_of(t) or t for t in subject_tokens]
    requester_tokens = [antecedent_of(t) or t for t in requester_tokens]
    subjects = unique([m for t in subject_tokens for m in reader.mentions_at(t)])
    requesting = unique([m for t in requester_tokens for m in reader.mentions_at(t)])
    pronouns = [t for t in requester_tokens if t.pos_ == "PRON"]
    if not requesting and pronouns and reader.memory is not None:
        # 'Ils demandent le blocage de Y': who 'ils' stands for
        requesting = anaphoric_ends(pronouns[:1], reader.memory, REQUESTERS)
    if not requesting and requested:  # 'En France, X et Y ont obtenu le blocage de Z' parsed without its subject
        requesting = surface_subject(governor, reader)
    elif not subjects and not subject_tokens and governed and not requested and lemma_of(governor) in pattern.governors:
        subjects = surface_subject(governor, reader)  # 'La police X a annoncé la fermeture de Y', its subject lost
    return Candidate(pattern, noun, subjects, objects, subject_tokens, objects_tokens, "noun", requesting, targets)


REQUESTERS = frozenset({"Organization", "Person"})


def fronted_arguments(pattern: Pattern, participle: Token, reader: Reader) -> Candidate | None:
    """'Arrêté mardi par la police, le fondateur de X, Y, ...': the agent after 'par', the object the subject
    of the main clause after the comma (the first noun phrase there)."""
    head = fronted_subject(participle)
    agents = surface_agent(participle)
    if head is None or not agents:
        return None
    comma = fronted_clause_end(participle)
    if any(t.pos_ in {"VERB", "AUX"} for t in participle.doc[comma + 1 : head.i]):
        return None
    heads = [head]
    subjects = unique([m for t in agents for m in reader.mentions_at(t)])
    objects = unique([m for t in heads for m in reader.mentions_at(t)])
    return Candidate(pattern, participle, subjects, objects, agents, heads, "fronted")


def match_pattern(pattern: Pattern, token: Token, reader: Reader) -> Candidate | None:
    candidate = None
    if pattern.kind == "verb" and (fronted_participle(token) or opening_passive(token)):
        candidate = fronted_arguments(pattern, token, reader) if not pattern.with_obj else None
    elif pattern.kind == "verb" and (
        token.pos_ in {"VERB", "AUX"} | ({"ADJ"} if token.morph.get("VerbForm") else set())
        or token.lower_ in MISTAGGED_VERBS or verb_tagged_noun(token)
        or misread_participle(token)
        or copular_participle(token)
        or perfect_participle(token)
    ):
        candidate = verb_arguments(pattern, token, reader)
    elif pattern.kind == "noun" and token.pos_ == "NOUN":
        candidate = noun_arguments(pattern, token, reader)
    elif pattern.kind == "role" and (token.pos_ in {"NOUN", "ADJ"} or token.lower_ in pattern.lemmas):
        # a role lemma is a noun whatever the tagger says ('OVH, hébergeur du site X' tagged as a participle)
        candidate = role_arguments(pattern, token, reader)
    if candidate is not None and pattern.passive_only and candidate.voice != "passive":
        return None
    if candidate is not None and pattern.inverse:
        # 'X appartient à Y', 'X, propriété de Y': the grammatical subject is the relation's object
        if any(lemma_of(t) in SERVER_NOUNS for t in candidate.subject_tokens):
            return None  # 'les serveurs de X appartiennent à Y' says who hosts X, not who runs it
        candidate = replace(
            candidate,
            subjects=candidate.objects,
            objects=candidate.subjects,
            subject_tokens=candidate.object_tokens,
            object_tokens=candidate.subject_tokens,
        )
    return candidate


def _object_as_xcomp(token: Token, verb: Token) -> bool:
    return token.dep_ == "xcomp" and token.pos_ == "PROPN" and token.i == verb.i + 1


def _fronted_name(verb: Token, reader: Reader) -> list[Token]:
    """'X, basé à Y, a été fermé par Z': the name opening the sentence, which the parser took for a bare adjunct
    of the verb when a participle clause stands between them."""
    return [
        c for c in verb.children
        if c.dep_ in {"obl:mod", "obl"} and c.i == verb.sent.start + (verb.doc[verb.sent.start].pos_ == "DET")
        and c.i in reader.index and not any(g.dep_ == "case" for g in c.children)
    ]
