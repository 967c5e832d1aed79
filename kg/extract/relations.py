"""Relations from the dependency parse, driven by the pattern table.

One matcher reads ``kg/data/relation_patterns.json``. For each trigger (a verb,
a nominalisation or a role noun) it finds the two ends through the parse:
subject and object in the active voice, agent and patient in the passive or a
participle, the antecedent of a relative pronoun, the conjuncts of a
coordination, the name behind a transparent noun ("les responsables du site
X"). Where the parse of a list or a relative clause is wrong, the ends are
also read on the surface (names listed with commas and "et"). A pronoun or a
definite description ("le site") reaches the entity the article named, when
exactly one candidate fits: that fact is marked anaphoric. Negation,
questions, conditionals and intentions assert nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import MentionSpan, token_mentions
from kg.lexicon import DATA, Lexicon, fold
from kg.records import Fact

ARG_DEPS = {"nmod", "appos", "flat:name", "flat", "compound", "conj", "amod", "obl", "nummod", "acl"}
# Role nouns of people: with a person's name apposed, they stand for that person only.
PERSON_ROLES = {"administrateur", "fondateur", "créateur", "gestionnaire", "responsable", "dirigeant", "propriétaire",
                "membre", "utilisateur", "juge", "avocat", "opérateur", "webmaster", "patron", "gérant"}
TRANSPARENT = {
    # the kind nouns of companies and bodies: 'la chaîne X', 'l'association Y' stand for the name
    "chaîne",
    "diffuseur",
    "distributeur",
    "producteur",
    "éditeur",
    "association",
    "fédération",
    "syndicat",
    "agence",
    "entreprise",
    "firme",
    "compagnie",
    "organisation",
    "alliance",
    "coalition",
    "label",
    "major",
    "collectif",
    "registrar",
    "éditions",
    "maison",
    "site",
    "sites",
    "plateforme",
    "responsable",
    "administrateur",
    "avocat",
    "fondateur",
    "créateur",
    "gestionnaire",
    "opérateur",
    "service",
    "serveur",
    "domaine",
    "nom",
    "accès",
    "version",
    "adresse",
    "société",
    "groupe",
    "studio",
    "membre",
    "équipe",
    "dirigeant",
    "propriétaire",
    "tracker",
    "annuaire",
    "application",
    "fai",
    "fournisseur",
    "hébergeur",
    "compte",
    "page",
    "miroir",
    "clone",
    "utilisateur",
    "réseau",
    "juge",
    "pourvoyeur",
    "lien",
    "liens",
    "portail",
    "forum",
    "ensemble",
    "dizaine",
    "centaine",
    "partie",
    "décision",
    "jugement",
    "ordonnance",
    "arrêt",
    "consortium",
    "filiale",
    "film",
    "série",
    "album",
    "roman",
    "livre",
    "jeu",
    "œuvre",
    "long-métrage",
    "titre",
    "droit",
    "droits",
}
# Participles through which a group noun lists its members: 'un groupe de studios, composé de X, Y et Z'.
MEMBER_PARTICIPLES = {"composer", "constituer", "former", "regrouper", "réunir", "mener", "conduire", "emmener"}
ADJUNCT_PREPS = {
    "à",
    "en",
    "dans",
    "au",
    "aux",
    "chez",
    "depuis",
    "vers",
    "pour",
    "sur",
    "avec",
    "entre",
    "après",
    "avant",
}
# Verbs whose object (or passive subject) is the one who does the infinitive: 'ordonner à X de bloquer'.
CONTROL_VERBS = {
    "ordonner",
    "enjoindre",
    "exiger",
    "contraindre",
    "obliger",
    "sommer",
    "imposer",
    "demander",
    "forcer",
    "autoriser",
    "condamner",
}
# Verbs that make a nominalised action happen: 'X a obtenu la fermeture de Y'.
CAUSING_VERBS = {
    "obtenir",
    "ordonner",
    "prononcer",
    "mener",
    "conduire",
    "entraîner",
    "provoquer",
    "effectuer",
    "procéder",
    "confirmer",
    "revendiquer",
    "décider",
    "orchestrer",
    "réaliser",
    "opérer",
}
# Who obtains or asks for a conviction, an order, a blocking or an arrest is the plaintiff, not who carries
# it out: 'Sportivo a obtenu la condamnation de X' names no court.
REQUESTING_VERBS = {"obtenir", "demander", "réclamer", "requérir", "solliciter", "exiger"}
DONE_BY_OTHERS = {"convicts", "orders", "blocks", "arrests"}
LIST_GLUE = {",", "et", "ou"}
# How a sentence that spells out a group opens.
# Nouns that gather members: 'une liste de sites', 'une dizaine de sites'.
COLLECTIVES = {"liste", "série", "dizaine", "vingtaine", "centaine", "ensemble", "poignée"}
LIST_OPENINGS = ("parmi ", "ce sont ", "il s'agit ", "il s’agit ", "les sites ", "ces sites ", "les plateformes ")
# Words that open the list of a plural noun's members.
MEMBER_MARKERS = {"comme", "dont", "notamment", "parmi"}
# Role nouns that, without a complement, stand for the people behind the site just named.
SITE_ROLES = {
    "administrateur",
    "responsable",
    "fondateur",
    "créateur",
    "gestionnaire",
    "opérateur",
    "propriétaire",
    "animateur",
}
MODAL_BLOCKERS = {
    "pouvoir",
    "risquer",
    "menacer",
    "envisager",
    "vouloir",
    "souhaiter",
    "tenter",
    "chercher",
    "compter",
    "projeter",
    "espérer",
    "refuser",
    "promettre",
    "demander",
    "réclamer",
    "devoir",
    "viser",
    "essayer",
    "prévoir",
    "craindre",
    "éviter",
    "permettre",
    "aider",
    "falloir",
    "proposer",
    "exiger",
    "annoncer",
}
# Inflected forms the lemmatizer gets wrong ('risque' lemmatised as the noun).
MODAL_FORMS = {
    "risque",
    "risquent",
    "risquait",
    "menace",
    "menacent",
    "menaçait",
    "pourrait",
    "pourraient",
    "peut",
    "peuvent",
    "pourra",
    "pourront",
    "envisage",
    "envisagent",
    "veut",
    "veulent",
    "souhaite",
    "souhaitent",
    "tente",
    "tentent",
    "compte",
    "comptent",
    "cherche",
    "cherchent",
    "doit",
    "doivent",
    "devrait",
    "devraient",
    "espère",
    "espèrent",
}
NEGATIONS = {"pas", "jamais", "plus", "aucun", "aucune", "guère", "nullement", "ni"}
SUBJECT_PRONOUNS = {"il", "elle", "ils", "elles", "lui", "celui-ci", "celle-ci", "ceux-ci", "celles-ci", "eux"}
DEFINITE = {"le", "la", "les", "l'", "l’", "ce", "cette", "ces", "cet", "leurs", "ses"}
PARTITIVE_PREPS = {"de", "d'", "d’", "du", "des"}


@dataclass(frozen=True)
class Pattern:
    id: str
    predicate: str
    kind: str
    lemmas: frozenset[str]
    confidence: float
    with_obj: frozenset[str] = frozenset()
    object_preps: frozenset[str] = frozenset()
    transparent_obj: frozenset[str] = frozenset()
    requires_word: tuple[str, ...] = ()
    governors: frozenset[str] = frozenset()  # verbs whose subject acts the nominalisation ('intenter une poursuite')
    inverse: bool = False  # the grammatical subject is the relation's object ('X appartient à Y': Y operates X)


@dataclass
class Rules:
    patterns: list[Pattern]
    constraints: dict[str, tuple[frozenset[str], frozenset[str]]]
    subject_fine: dict[str, frozenset[str]]
    object_fine_excluded: dict[str, frozenset[str]]
    by_lemma: dict[str, list[Pattern]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    raw = json.loads((DATA / "relation_patterns.json").read_text(encoding="utf-8"))
    patterns = [
        Pattern(
            id=row["id"],
            predicate=row["predicate"],
            kind=row["kind"],
            lemmas=frozenset(row["lemmas"]),
            confidence=row["confidence"],
            with_obj=frozenset(row.get("with_obj", ())),
            object_preps=frozenset(row.get("object_preps", ())),
            transparent_obj=frozenset(row.get("transparent_obj", ())),
            requires_word=tuple(row.get("requires_word", ())),
            governors=frozenset(row.get("governors", ())),
            inverse=bool(row.get("inverse", False)),
        )
        for row in raw["patterns"]
    ]
    rules = Rules(
        patterns=patterns,
        constraints={p: (frozenset(d), frozenset(r)) for p, (d, r) in raw["constraints"].items()},
        subject_fine={p: frozenset(v) for p, v in raw["subject_fine"].items()},
        object_fine_excluded={p: frozenset(v) for p, v in raw["object_fine_excluded"].items()},
    )
    for pattern in patterns:
        for lemma in pattern.lemmas:
            rules.by_lemma.setdefault(lemma, []).append(pattern)
    return rules


def type_allows(rules: Rules, predicate: str, subject: tuple[str, str], obj: tuple[str, str]) -> bool:
    """Domain and range of a predicate, on (coarse, fine) types."""
    domain, range_ = rules.constraints[predicate]
    if subject[0] not in domain or obj[0] not in range_:
        return False
    if (
        subject[0] == "Organization"
        and predicate in rules.subject_fine
        and subject[1] not in rules.subject_fine[predicate]
    ):
        return False
    if obj[1] and obj[1] in rules.object_fine_excluded.get(predicate, ()):
        return False
    return True


# --- small views on the parse -------------------------------------------------------


def _case(token: Token) -> str:
    for child in token.children:
        if child.dep_ == "case":
            return child.lower_
    return ""


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _is_negated(verb: Token) -> bool:
    tokens = [verb, *[c for c in verb.children if c.dep_.startswith("aux")]]
    for tok in tokens:
        for child in tok.children:
            if child.lower_ in NEGATIONS or (child.dep_ == "advmod" and child.lower_ in {"ne", "n'", "n’"}):
                return True
    window = verb.doc[max(verb.sent.start, verb.i - 4) : verb.i + 3]
    return any(t.lower_ in {"n'", "n’", "ne"} for t in window) and any(t.lower_ in NEGATIONS for t in window)


# An obligation to block is what a blocking order imposes: 'les FAI devront bloquer X' reports the order.
OBLIGATION_COUNTS = frozenset({"blocks"})


def _is_irrealis(trigger: Token, predicate: str = "") -> bool:
    """A question, a conditional, a 'si' clause or a mere intention: no fact."""
    blockers, forms = MODAL_BLOCKERS, MODAL_FORMS
    if predicate in OBLIGATION_COUNTS:
        blockers = blockers - {"devoir"}
        forms = {f for f in forms if not f.startswith(("doi", "dev"))}
    sent = trigger.sent
    if sent.text.rstrip().endswith("?"):
        return True
    node = trigger
    for _ in range(4):
        if "Cnd" in node.morph.get("Mood") or any(
            "Cnd" in c.morph.get("Mood") for c in node.children if c.dep_.startswith("aux")
        ):
            return True
        if any(c.dep_ == "mark" and c.lower_ in {"si", "s'", "s’"} for c in node.children):
            return True
        if node.dep_ in {"xcomp", "ccomp", "obj", "obl:arg", "csubj"} or (node.dep_ == "ROOT" and node.i != trigger.i):
            head = node.head
            if (_lemma(head) in blockers or head.lower_ in forms) and head.i != node.i:
                return True
        if node.dep_ in {"ROOT", "conj", "acl:relcl", "advcl"} or node.head.i == node.i:
            break
        node = node.head
    # 'risque d'être condamnée', 'pourrait fermer': a modal just before the trigger
    before = trigger.doc[max(sent.start, trigger.i - 4) : trigger.i]
    return any(
        _lemma(t) in blockers - {"annoncer", "demander", "permettre", "aider", "exiger"}
        or t.lower_ in forms
        for t in before
    )


def _mistagged_noun(token: Token) -> bool:
    """'l'hébergeur X' tagged as a verb: a kind noun after a determiner, in a noun's slot."""
    return (
        token.pos_ == "VERB"
        and token.lower_ in TRANSPARENT
        and token.i > 0
        and token.doc[token.i - 1].pos_ == "DET"
    )


PARTICIPLES_IN_AIT = {"fait", "extrait", "distrait", "soustrait", "abstrait", "défait", "refait", "satisfait"}


def _is_imperfect(verb: Token) -> bool:
    """'administrait', 'hébergeaient': an imperfect the tagger sometimes takes for a participle."""
    return verb.lower_.endswith(("ait", "aient")) and verb.lower_ not in PARTICIPLES_IN_AIT


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in verb.children):
        return True
    return (
        verb.dep_ in {"acl", "amod", "advcl"}
        and verb.morph.get("VerbForm") == ["Part"]
        and verb.morph.get("Tense") == ["Past"]
        and not _is_imperfect(verb)
    )


# --- from a token to the mentions it denotes ------------------------------------------


class Reader:
    """Per-document helper: token -> mentions, lists, anaphora."""

    def __init__(self, doc: Doc, spans: list[MentionSpan], lexicon: Lexicon):
        self.doc = doc
        self.spans = spans
        self.index = token_mentions(spans)
        self.lexicon = lexicon
        self.sentences = list(doc.sents)  # doc.sents walks every token each time it is read

    def mentions_at(self, token: Token, depth: int = 0, seen: set[int] | None = None) -> list[MentionSpan]:
        """Mentions a token stands for: itself, its conjuncts, or the name behind a transparent noun."""
        seen = seen if seen is not None else set()
        if token.i in seen or depth > 3:
            return []
        seen.add(token.i)
        found: list[MentionSpan] = []
        own = self.index.get(token.i)
        if own is not None:
            found.append(own)
            found.extend(self.surface_list(own))
        elif (token.pos_ in {"NOUN", "PROPN", "X", "ADJ", "NUM", "PRON"} or _mistagged_noun(token)) and (
            _lemma(token) in TRANSPARENT
            or token.lower_ in TRANSPARENT
            or token.pos_ in {"NUM", "PRON"}
            or token.lower_.endswith("ième")  # 'la suppression du deuxième plus gros site ..., X'
        ):
            for child in token.children:
                if (
                    child.dep_ == "nmod"
                    and _case(child) not in PARTITIVE_PREPS | {""}
                    and not (_case(child) in {"à", "au", "aux"} and _lemma(token) == "accès")
                ):
                    continue  # 'la pression de la MPAA' yes, 'pour les internautes' no
                if child.dep_ in {"nmod", "appos", "flat:name", "flat", "compound", "conj", "nummod"} or (
                    child.dep_ == "acl" and child.pos_ == "PROPN"
                ):
                    found.extend(self.mentions_at(child, depth + 1, seen))
                elif child.dep_ == "acl" and _lemma(child) in MEMBER_PARTICIPLES:
                    for member in child.children:
                        if member.dep_.startswith(("obl", "nmod", "obj")):
                            found.extend(self.mentions_at(member, depth + 1, seen))
            if _lemma(token) in PERSON_ROLES:
                apposed = [c.i for c in token.children if c.dep_ == "appos"]
                people = [
                    m for m in found if m.mention.coarse == "Person" and any(m.start <= i < m.end for i in apposed)
                ]
                if people:  # 'l'administrateur du site X, Y' stands for Y, the person, not for the site
                    found = people
            # "deux des principaux sites, X et Y": the names follow the noun
            nxt = token.i + 1
            if nxt < len(self.doc) and self.doc[nxt].text in {",", ":", "(", "«", "“", '"'}:
                follow = self.index.get(nxt + 1)
                if follow is not None:
                    found.append(follow)
                    found.extend(self.surface_list(follow))
            elif not found:
                # "le site Internet OiNK", "le site de streaming X": the name closes the noun phrase
                j = nxt
                while (
                    j < min(len(self.doc), nxt + 4)
                    and self.index.get(j) is None
                    and (
                        self.doc[j].pos_ in {"ADJ", "PROPN"}
                        or self.doc[j].lower_ in self.lexicon.site_complements
                        or self.doc[j].lower_ in {"de", "d'", "d’", "web", "internet"}
                    )
                ):
                    j += 1
                if j < len(self.doc) and self.index.get(j) is not None and self.index[j].start == j:
                    found.append(self.index[j])
                    found.extend(self.surface_list(self.index[j]))
            if not found:
                found.extend(self.closing_name(token) or self.member_list(token))
        for child in token.children:
            if child.dep_ == "conj":
                found.extend(self.mentions_at(child, depth + 1, seen))
        return _unique(found)

    def closing_name(self, noun: Token) -> list[MentionSpan]:
        """'le plus gros site de streaming en France, Extreme-Down': a name apposed after the whole noun phrase."""
        doc = self.doc
        for j in range(noun.i + 1, min(noun.sent.end - 1, noun.right_edge.i + 2)):
            if doc[j].pos_ in {"VERB", "AUX"} and "Part" not in doc[j].morph.get("VerbForm"):
                return []
            inner = self.index.get(j)
            if inner is not None and inner.mention.coarse != "Place":
                return []  # 'ces sites bloqués par Orange, SFR': the names after the comma continue a list
            if doc[j].text == ",":
                name = self.index.get(j + 1)
                if name is not None and name.start == j + 1 and (name.end >= noun.sent.end or doc[name.end].is_punct):
                    return [name, *self.surface_list(name)]
                return []
        return []

    def member_list(self, noun: Token) -> list[MentionSpan]:
        """'ces sites ..., comme X ou Y', 'les FAI, dont Orange et SFR': the members a plural noun introduces."""
        if "Plur" not in noun.morph.get("Number"):
            return []
        doc = self.doc
        for j in range(noun.i + 1, noun.sent.end - 1):
            word = doc[j].lower_
            if word in MEMBER_MARKERS or (word == "tels" and doc[j + 1].lower_ == "que"):
                k = j + 1
                while (
                    k < noun.sent.end
                    and self.index.get(k) is None
                    and doc[k].lower_
                    in {"que", "lesquels", "lesquelles", "des", "les", "notamment", "géants", "sites", "noms"}
                    | {"gros", "grands"}
                ):
                    k += 1
                name = self.index.get(k)
                if name is not None and name.start == k:
                    return [name, *self.surface_list(name)]
                return []
        return []

    def surface_list(self, mention: MentionSpan) -> list[MentionSpan]:
        """Names listed with this one: 'Orange, SFR, Free et Bouygues Telecom', 'Cisco (OpenDNS) et Cloudflare'."""
        doc = self.doc
        out = []
        i = self._skip_brackets(mention.end)
        while i + 1 < len(doc) and doc[i].lower_ in LIST_GLUE:
            j = i + 1
            while j < len(doc) and doc[j].lower_ in LIST_GLUE | {"à", "au", "aux", "encore", "que", "ainsi"}:
                j += 1  # 'et à Free', 'ou encore X', 'ainsi que X'
            nxt = self.index.get(j)
            if nxt is None or nxt.start != j:
                break
            out.append(nxt)
            i = self._skip_brackets(nxt.end)
        i = mention.start - 1
        while i - 1 >= 0 and doc[i].lower_ in LIST_GLUE:
            j = i - 1
            if doc[j].text == ")":  # 'Cisco (OpenDNS), X'
                while j > 0 and doc[j].text != "(":
                    j -= 1
                j -= 1
            prev = self.index.get(j)
            if prev is None or prev.end != j + 1:
                break
            out.append(prev)
            i = prev.start - 1
        return out

    def announced_sites(self, token: Token) -> list[MentionSpan]:
        """The sites the next sentence lists when it opens as a list does ('Ce sont 16 sites : X, Y')."""
        following = [s for s in self.sentences if s.start > token.i and s.text.strip()][:1]
        if not following or not following[0].text.strip().lower().startswith(LIST_OPENINGS):
            return []
        sent = following[0]
        group: dict[str, MentionSpan] = {}
        for m in self.spans:
            if sent.start <= m.start < sent.end and (m.mention.coarse == "Website" or _weakly_typed(m)):
                group.setdefault(fold(m.mention.text), m)
        return list(group.values()) if len(group) >= 2 else []

    def _skip_brackets(self, i: int) -> int:
        """Index after a short bracketed aside starting at i, or i."""
        doc = self.doc
        if i < len(doc) and doc[i].text == "(":
            for k in range(i + 1, min(len(doc), i + 8)):
                if doc[k].text == ")":
                    return k + 1
        return i


def _unique(items: list[MentionSpan]) -> list[MentionSpan]:
    seen, out = set(), []
    for item in items:
        if item.start not in seen:
            seen.add(item.start)
            out.append(item)
    return out


# --- arguments of a verb ---------------------------------------------------------------


def _subject_tokens(verb: Token) -> list[Token]:
    """Grammatical subject, climbing coordination, infinitives and causatives."""
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in {"nsubj", "nsubj:pass" if node.i != verb.i else "nsubj"}]
        if subjects:
            return subjects[:1]  # a clause has one subject; a second 'nsubj' is a misparsed list item
        if node.dep_ == "xcomp" and _lemma(node.head) in CONTROL_VERBS:
            # object control: 'le tribunal ordonne aux FAI de bloquer X' -> the FAI block X
            head = node.head
            ordered = [
                c for c in head.children if c.dep_.startswith(("obl", "iobj")) and _case(c) in {"à", "au", "aux"}
            ]
            ordered += [c for c in head.children if c.dep_ == "nsubj:pass"]
            if ordered:
                return ordered
        if node.dep_ in {"conj", "xcomp", "dep"} or (
            node.dep_ == "ROOT" and any(c.lemma_ == "faire" for c in node.children)
        ):
            causative = [c for c in node.children if c.lemma_ == "faire" and c.dep_ in {"dep", "aux:caus", "aux"}]
            if causative:
                subjects = [c for c in causative[0].children if c.dep_ == "nsubj"]
                if subjects:
                    return subjects
            if node.head.i == node.i:
                subjects = _main_clause_subject(node)
                return subjects
            node = node.head
            continue
        if node.dep_ == "advcl" and node.morph.get("VerbForm") in (["Inf"], ["Part"]):
            node = node.head
            partners = [c for c in node.children if c.dep_.startswith("obl") and _case(c) == "avec"]
            subjects = _subject_tokens(node)
            if subjects:
                return subjects + partners  # 'X a collaboré avec Y pour fermer Z': both act
            continue
        if node.dep_ == "ROOT" and node.morph.get("VerbForm") == ["Inf"]:
            return _main_clause_subject(node)
        if node.dep_ in {"advcl", "parataxis"}:
            # 'le tribunal, qui, sollicité par X, impose ...': the relative subject sits on the aside
            relatives = [
                c for c in node.head.children if c.dep_.startswith("nsubj") and "Rel" in c.morph.get("PronType")
            ]
            if relatives:
                return relatives
        break
    return _relative_before_aside(verb)


def _relative_before_aside(verb: Token) -> list[Token]:
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


def _main_clause_subject(infinitive: Token) -> list[Token]:
    """'Après avoir fait fermer X, elle attaque Y': the parser hangs the main clause under the infinitive."""
    if infinitive.morph.get("VerbForm") != ["Inf"]:
        return []
    for child in infinitive.children:
        if child.dep_ in {"conj", "advcl", "parataxis"} and child.pos_ == "VERB":
            subjects = [c for c in child.children if c.dep_ == "nsubj"]
            if subjects:
                return subjects
    return []


def _agent_tokens(verb: Token) -> list[Token]:
    out = []
    for child in verb.children:
        if child.dep_ == "obl:agent" or (child.dep_.startswith(("obl", "nmod")) and _case(child) == "par"):
            out.append(child)
    if not out:
        # 'placé en garde à vue par la gendarmerie', 'condamné à deux ans de prison par le tribunal':
        # the parser hangs the agent on the verb's complement
        for child in verb.children:
            if child.dep_.startswith("obl"):
                out.extend(g for g in child.children if g.dep_ == "nmod" and _case(g) == "par")
    return out


def _relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ('X, qui héberge Y')."""
    if "Rel" in token.morph.get("PronType") or token.lower_ in {"qui", "que", "qu'", "lequel", "laquelle"}:
        verb = token.head
        if verb.dep_ == "acl:relcl":
            return verb.head
        # the parser often misses the relative clause: take the name before the comma
        i = token.i - 1
        while i >= 0 and token.doc[i].is_punct:
            i -= 1
        return token.doc[i] if i >= 0 else None
    return None


def _dont_objects(verb: Token, reader: Reader) -> list[MentionSpan]:
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
    return _unique(found)


@dataclass
class Candidate:
    pattern: Pattern
    trigger: Token
    subjects: list[MentionSpan]
    objects: list[MentionSpan]
    subject_tokens: list[Token]
    object_tokens: list[Token]
    voice: str


def _verb_arguments(pattern: Pattern, verb: Token, reader: Reader) -> Candidate | None:
    passive = _is_passive(verb)
    if pattern.with_obj:
        nouns = [
            c
            for c in verb.children
            if c.dep_ in {"obj", "nsubj:pass", "obl:arg", "obl"} and _lemma(c) in pattern.with_obj
        ]
        if not nouns:
            return None
    if pattern.requires_word and not any(
        w in verb.sent.text[verb.idx - verb.sent.start_char :].lower() for w in pattern.requires_word
    ):
        return None
    subject_tokens: list[Token]
    object_tokens: list[Token] = []
    if passive:
        subject_tokens = _agent_tokens(verb)
        object_tokens = [c for c in verb.children if c.dep_ in {"nsubj:pass", "nsubj"}]
        if verb.dep_ in {"acl", "amod"}:
            object_tokens.append(verb.head)
        if not object_tokens:
            object_tokens = _subject_tokens(verb)
        voice = "passive"
    else:
        subject_tokens = _subject_tokens(verb)
        voice = "active"
        if pattern.object_preps:
            for child in verb.children:
                if child.dep_.startswith(("obl", "iobj", "nmod")) and _case(child) in pattern.object_preps:
                    object_tokens.append(child)
                if child.dep_ == "obj":
                    if pattern.with_obj and _lemma(child) in pattern.with_obj:
                        object_tokens.extend(
                            c for c in child.children if c.dep_ == "nmod" and _case(c) in pattern.object_preps
                        )
                    elif not pattern.with_obj:
                        object_tokens.append(child)
        else:
            object_tokens = [c for c in verb.children if c.dep_ in {"obj", "iobj"}]
            # the parser often hangs a coordinated object on the verb: 'fermer X et ses sites'
            object_tokens += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "NOUN" and object_tokens]
        for tok in list(object_tokens):
            if _lemma(tok) in pattern.transparent_obj:
                object_tokens.extend(c for c in tok.children if c.dep_ == "nmod")
    # relative pronouns and participles
    subject_tokens = [(_relative_antecedent(t) or t) for t in subject_tokens]
    object_tokens = [(_relative_antecedent(t) or t) for t in object_tokens]
    if verb.dep_ == "acl:relcl" and not subject_tokens and not passive:
        subject_tokens = [verb.head]
    if verb.dep_ == "acl" and not subject_tokens and not passive and (
        "Fin" in verb.morph.get("VerbForm") or _is_imperfect(verb)
    ):
        subject_tokens = [verb.head]  # 'X administrait le site Y': a finite verb the parser hung on its subject
    subjects = _unique([m for t in subject_tokens for m in reader.mentions_at(t)])
    objects = _unique([m for t in object_tokens for m in reader.mentions_at(t)])
    if not objects and pattern.with_obj and not passive:
        # 'les matchs de la Ligue X, dont Y détient les droits': 'dont' is 'de' + the antecedent
        objects = _dont_objects(verb, reader)
    # the object of "héberger" often parses as an oblique or a stray dependent
    if not objects and not passive:
        objects = _following_names(verb, reader, pattern)
    return Candidate(pattern, verb, subjects, objects, subject_tokens, object_tokens, voice)


def _following_names(verb: Token, reader: Reader, pattern: Pattern) -> list[MentionSpan]:
    """Surface fallback: the names right after the verb, before the clause ends.

    A name behind a preposition the pattern does not take is an adjunct ('arrêté à Valence'), not the object.
    """
    i = verb.i + 1
    doc = reader.doc
    limit = min(verb.sent.end, verb.i + 12)
    while i < limit:
        tok = doc[i]
        mention = reader.index.get(i)
        if mention is not None:
            before = doc[mention.start - 1].lower_
            if before in ADJUNCT_PREPS and before not in pattern.object_preps:
                return []
            return [mention, *reader.surface_list(mention)]
        if tok.lemma_ == "avoir" and doc[i - 1].lower_ == "y":
            i += 1  # 'il y a dix ans': a time phrase, not a new clause
            continue
        if (
            tok.pos_ in {"VERB", "AUX"} and not _mistagged_noun(tok)
            or tok.text in {".", ";", ",", ":"}
            or tok.pos_ == "PUNCT"
            and tok.text not in {"«", "‘", "'", "“", '"'}
        ):
            return []
        i += 1
    return []


def _noun_arguments(pattern: Pattern, noun: Token, reader: Reader) -> Candidate | None:
    objects_tokens = [c for c in noun.children if c.dep_ in {"nmod", "obl"} and _case(c) in pattern.object_preps]
    subject_tokens = [c for c in noun.children if c.dep_ in {"nmod", "obl", "obl:agent"} and _case(c) == "par"]
    governing = CAUSING_VERBS | pattern.governors
    phrase = noun.head if noun.dep_ == "nmod" and noun.head.pos_ == "NOUN" else noun  # 'le bras de fer'
    governed = phrase.dep_ in {"obj", "nsubj:pass", "obl", "obl:arg"} and _lemma(phrase.head) in governing
    if governed and (_is_negated(phrase.head) or _is_irrealis(phrase.head)):
        return None
    requested = governed and _lemma(phrase.head) in REQUESTING_VERBS and pattern.predicate in DONE_BY_OTHERS
    if not subject_tokens and governed and not requested:
        subject_tokens = _subject_tokens(phrase.head) or _agent_tokens(phrase.head)
    if not objects_tokens and phrase is not noun:
        objects_tokens = [c for c in phrase.children if c.dep_ == "nmod" and _case(c) in pattern.object_preps]
    if not objects_tokens and governed:
        # 'a ravivé le bras de fer judiciaire contre X': the parser hangs the complement on the verb
        objects_tokens = [
            c for c in phrase.head.children if c.dep_.startswith("obl") and _case(c) in pattern.object_preps
        ]
    if not subject_tokens:
        subject_tokens = _requesters(noun)
    if not subject_tokens and not governed:
        subject_tokens = _means_of_ordered(noun)
    objects = _unique([m for t in objects_tokens for m in reader.mentions_at(t)])
    subjects = _unique([m for t in subject_tokens for m in reader.mentions_at(t)])
    return Candidate(pattern, noun, subjects, objects, subject_tokens, objects_tokens, "noun")


def _requesters(noun: Token) -> list[Token]:
    """'une procédure initiée à la demande d'X, Y et Z': who asked for the action is its agent."""
    for tok in noun.subtree:
        if _lemma(tok) == "demande" and _case(tok) in {"à", "sur"} and tok.i > noun.i:
            named = [c for c in tok.children if c.dep_ == "nmod" and _case(c) in {"de", "d'", "d’", "du", "des"}]
            return named + [c for c in tok.children if c.dep_ == "conj"]  # the parser hangs the list here
    return []


def _means_of_ordered(noun: Token) -> list[Token]:
    """Who is to carry out a measure deep inside an order: 'impose aux FAI X, Y de mettre en œuvre
    toutes mesures propres à empêcher l'accès, notamment par le blocage' -> the FAI."""
    node = noun
    for _ in range(8):
        if node.head.i == node.i:
            break
        verb = node.head if node.pos_ not in {"VERB", "AUX"} else node
        if verb.pos_ == "VERB" and verb.morph.get("VerbForm") == ["Inf"]:
            if verb.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ in {"de", "d'", "d’"} for c in verb.children):
                if _lemma(verb.head.head) in CONTROL_VERBS | {"imposer", "demander"}:
                    return [verb.head]  # the parser hangs 'de mettre' on the ordered noun
            if verb.dep_ == "xcomp" and _lemma(verb.head) in CONTROL_VERBS | {"imposer", "demander"}:
                ordered = verb.head.children
                return [c for c in ordered if c.dep_.startswith(("obl", "iobj")) and _case(c) in {"à", "au", "aux"}]
        node = node.head
    # a long quoted order often breaks the parse: the nearest ordering verb before the measure, and whom it orders
    for verb in reversed(noun.doc[noun.sent.start : noun.i]):
        if verb.pos_ == "VERB" and _lemma(verb) in CONTROL_VERBS | {"imposer"}:
            return [c for c in verb.children if c.dep_.startswith(("obl", "iobj")) and _case(c) in {"à", "au", "aux"}]
    return []


def _role_arguments(pattern: Pattern, noun: Token, reader: Reader) -> Candidate | None:
    """'X, fondateur de Y', 'le fondateur de Y, X', 'X est le fondateur de Y', 'X, la société derrière Y'."""
    preps = pattern.object_preps or PARTITIVE_PREPS
    object_tokens = [c for c in noun.children if c.dep_ in {"nmod"} and _case(c) in preps]
    if not object_tokens and pattern.object_preps:
        # 'la société basée à Chypre derrière ces services': the parser hangs the complement on the participle
        object_tokens = [t for t in noun.subtree if t.i > noun.i and _case(t) in preps][:1]
    objects = _unique([m for t in object_tokens for m in reader.mentions_at(t)])
    subjects: list[MentionSpan] = []
    subject_tokens: list[Token] = []
    holder = reader.index.get(noun.head.i) if noun.dep_ == "appos" else None
    if holder is not None:
        subjects.append(holder)
    for child in noun.children:
        if child.dep_ in {"appos", "flat:name", "nsubj"} and reader.index.get(child.i) is not None:
            subjects.append(reader.index[child.i])
    # surface: ", X" right after the complement, or "X, " right before the noun
    # (a person 'listed' after the complement is the closing name itself: 'le fondateur du site Y, X')
    end = max([m.end for m in objects if m.mention.coarse != "Person"], default=noun.i + 1)
    doc = reader.doc
    j = end
    if noun.i > 0 and doc[noun.i - 1].lower_ in DEFINITE and noun.dep_ != "appos":
        # "Le fondateur de Y (, qui ... ,) X, a ...": the name closes the noun phrase
        while j < min(noun.sent.end, end + 12) and doc[j].text not in {".", ";"}:
            if (
                doc[j].text == ","
                and reader.index.get(j + 1) is not None
                and reader.index[j + 1].mention.coarse == "Person"
            ):
                subjects.append(reader.index[j + 1])
                break
            j += 1
    det = [c for c in noun.children if c.dep_ == "det"]
    if not det and noun.i >= 2 and doc[noun.i - 1].text in {",", "("} and reader.index.get(noun.i - 2) is not None:
        subjects.append(reader.index[noun.i - 2])  # 'X, fondateur de Y', 'X (propriétaire de Y)'
    first = min([noun.i, *(d.i for d in det)])
    if det and first >= 2 and doc[first - 1].text == "," and reader.index.get(first - 2) is not None:
        subjects.append(reader.index[first - 2])  # 'X, la société derrière Y' parsed as two subjects

    return Candidate(pattern, noun, _unique(subjects), objects, subject_tokens, object_tokens, "role")


# --- anaphora ------------------------------------------------------------------------------


class Memory:
    """What the article has named so far, for pronouns and definite descriptions."""

    def __init__(self, reader: Reader):
        self.reader = reader
        self.last_subjects: list[MentionSpan] = []

    def resolve_pronoun(self, token: Token, allowed: frozenset[str]) -> MentionSpan | None:
        """The subject of the clause that embeds the pronoun ('X a indiqué qu'il ...'), else the first
        subject of the previous sentence, if its type fits (the most salient antecedent)."""
        node = token.head
        for _ in range(4):
            if node.dep_ not in {"ccomp", "advcl", "xcomp", "conj", "acl:relcl"} or node.head.i == node.i:
                break
            node = node.head
            embedding = [
                m for c in node.children if c.dep_ == "nsubj" and c.i < token.i for m in self.reader.mentions_at(c)
            ]
            if embedding:
                return embedding[0] if embedding[0].mention.coarse in allowed else None
        candidates = [m for m in self.last_subjects if m.mention.coarse in allowed]
        return candidates[0] if candidates else None

    def resolve_description(self, token: Token, allowed: frozenset[str]) -> MentionSpan | None:
        """'le site', 'la plateforme': the one entity of that kind named just before."""
        cue = self.reader.lexicon.cues.get(_lemma(token)) or self.reader.lexicon.cues.get(token.lower_)
        if _lemma(token) in SITE_ROLES and not any(c.dep_ == "nmod" for c in token.children):
            cue = ("Website", "")
        if cue is None or cue[0] not in allowed:
            return None
        site_role = _lemma(token) in SITE_ROLES
        if "Plur" in token.morph.get("Number") and not site_role:
            return None  # a group: see resolve_group
        sent_start = token.sent.start
        # an institution ('le tribunal', 'la police') is unique in the whole article; a site only nearby
        reach = 100 if cue[1] in {"Court", "LawEnforcement", "Government"} else 2
        previous = [s for s in self.reader.sentences if s.end <= sent_start][-reach:]
        window_start = previous[0].start if previous else sent_start
        candidates = [
            m
            for m in self.reader.spans
            if window_start <= m.start < token.i
            and m.mention.coarse == cue[0]
            and (not cue[1] or m.mention.fine == cue[1] or (m.mention.fine == "" and reach == 2))
        ]
        keys = {fold(m.mention.text).removesuffix(".com") for m in candidates}
        return candidates[-1] if len(keys) == 1 else None

    def focal_site(self, token: Token) -> list[MentionSpan]:
        """The site the article is about so far: named at least twice, and more often than any other."""
        counts: dict[str, list[MentionSpan]] = {}
        for m in self.reader.spans:
            if m.start < token.i and m.mention.coarse == "Website":
                counts.setdefault(fold(m.mention.text), []).append(m)
        ranked = sorted(counts.values(), key=len, reverse=True)
        if ranked and len(ranked[0]) >= 2 and (len(ranked) == 1 or len(ranked[0]) > len(ranked[1])):
            return [ranked[0][-1]]
        return []

    def resolve_group(self, token: Token, allowed: frozenset[str]) -> list[MentionSpan]:
        """'ces sites', 'les quatre FAI': the list of that kind the article gave last (two names or more).

        When the description counts its members ('les quatre FAI'), the list must have that many.
        """
        cue = self.reader.lexicon.cues.get(_lemma(token)) or self.reader.lexicon.cues.get(token.lower_)
        if cue is None or cue[0] not in allowed or "Plur" not in token.morph.get("Number"):
            return []
        count = next((_number(c) for c in token.children if c.dep_ == "nummod"), None)
        sentences = [s for s in self.reader.sentences if s.start <= token.i][-6:]
        for sent in reversed(sentences):
            group: dict[str, MentionSpan] = {}
            for m in self.reader.spans:
                if (
                    sent.start <= m.start < min(sent.end, token.i)
                    and m.mention.coarse == cue[0]
                    and (not cue[1] or m.mention.fine in {cue[1], ""})  # 'les fournisseurs d'accès': no court
                ):
                    group.setdefault(fold(m.mention.text), m)
            if len(group) >= 2 and (count is None or count == len(group)):
                return list(group.values())
        return self._announced_group(token, cue, count)

    def _announced_group(self, token: Token, cue: tuple[str, str], count: int | None) -> list[MentionSpan]:
        """'... fermer ses sites affiliés. Parmi les sites concernés figuraient X, Y et Z.': the next sentence
        lists the group, when it opens as a list does."""
        following = [s for s in self.reader.sentences if s.start > token.i and s.text.strip()][:3]
        for distance, sent in enumerate(following):
            opening = sent.text.strip().lower()
            among = opening.startswith("parmi ")  # 'Parmi les sites frappés par cette mesure figurait X': a part
            if distance and not among:
                continue  # further than the next sentence, only 'parmi' clearly picks the group up again
            if not (opening.startswith(LIST_OPENINGS) or " : " in sent.text):
                continue
            group: dict[str, MentionSpan] = {}
            for m in self.reader.spans:
                if sent.start <= m.start < sent.end and (m.mention.coarse == cue[0] or _weakly_typed(m)):
                    group.setdefault(fold(m.mention.text), m)
            if among and group and count is None:
                first = next(iter(group.values()))  # the names the clause lists, not those of its asides
                return _unique([first, *self.reader.surface_list(first)])
            if len(group) >= 2 and (count is None or count == len(group)):
                return list(group.values())
            return []
        return []


_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10}


def _number(token: Token) -> int | None:
    return int(token.text) if token.text.isdigit() else _NUMBERS.get(token.lower_)


def _weakly_typed(m: MentionSpan) -> bool:
    """Typed by nothing but the NER's guess, or not at all: context may say what it is."""
    return not m.mention.coarse or (m.mention.evidence.startswith("ner:") and m.mention.strength <= 1)


def _anaphoric_end(tokens: list[Token], memory: Memory, allowed: frozenset[str]) -> list[MentionSpan]:
    """The entities a pronoun or a description among tokens stands for (none when uncertain)."""
    for tok in tokens:
        if tok.pos_ == "PRON" and tok.lower_ in SUBJECT_PRONOUNS:
            found = memory.resolve_pronoun(tok, allowed)
            return [found] if found else []
        if tok.pos_ in {"NOUN", "PROPN"} and any(
            (c.dep_ == "det" and c.lower_ in DEFINITE) or (c.dep_ == "case" and c.lower_ in {"aux", "au", "du", "des"})
            for c in tok.children
        ):
            found = memory.resolve_description(tok, allowed)
            group = [found] if found else memory.resolve_group(tok, allowed)
            if group:
                return group
        if _lemma(tok) in COLLECTIVES and tok.pos_ == "NOUN":
            # 'une longue liste de sites pirates': the members are the sites
            tok = next((c for c in tok.children if c.dep_ == "nmod" and "Plur" in c.morph.get("Number")), tok)
        if tok.pos_ == "NOUN" and "Plur" in tok.morph.get("Number") and any(
            c.dep_ == "nummod"
            or (c.dep_ == "det" and c.lower_ in {"plusieurs", "des", "quelques"})
            or (c.dep_ == "case" and c.lower_ in {"de", "d'", "d’"} and _lemma(tok.head) in COLLECTIVES)
            for c in tok.children
        ):
            # 'bloquer cinq sites. Il s'agit de X, Y, Z...': the next sentence names them
            cue = memory.reader.lexicon.cues.get(_lemma(tok))
            if cue is not None and cue[0] in allowed:
                count = next((_number(c) for c in tok.children if c.dep_ == "nummod"), None)
                group = memory._announced_group(tok, cue, count)
                if group:
                    return group
    return []


# --- the matcher -----------------------------------------------------------------------------


def _sentence_offsets(sent: Span) -> tuple[str, int, int]:
    return sent.text.strip(), sent.start_char, sent.end_char


@dataclass
class Action:
    """One stated action (a trigger and the ends found for it), for the events of kg/extract/events.py.

    ``emitted`` holds the (subject, object) surface pairs that became facts; an action with none is
    still an event when one end or a description is there ('un homme a été arrêté à Chypre').
    """

    predicate: str
    trigger: Token | None  # None for surface rules that have no single trigger word
    sent: Span
    subjects: list[MentionSpan]
    objects: list[MentionSpan]
    object_tokens: list[Token]
    rule: str
    confidence: float
    emitted: list[tuple[str, str]] = field(default_factory=list)


def extract_relations(
    doc: Doc, spans: list[MentionSpan], lexicon: Lexicon, actions: list[Action] | None = None
) -> list[Fact]:
    """The facts of one parsed article; with ``actions``, also every action stated, for the events."""
    rules = load_rules()
    reader = Reader(doc, spans, lexicon)
    memory = Memory(reader)
    facts: dict[tuple, Fact] = {}
    typed: dict[str, str] = {}  # untyped names that a relation typed (its domain or range)

    def emit(
        subject: MentionSpan, predicate: str, obj: MentionSpan, sent: Span, rule: str, confidence: float, tier: str
    ):
        if subject.start == obj.start or fold(subject.mention.text) == fold(obj.mention.text):
            return
        domain, range_ = rules.constraints[predicate]
        subject_type = _end_type(subject, domain, predicate, "subject")
        object_type = _end_type(obj, range_, predicate, "object")
        if not type_allows(rules, predicate, subject_type, object_type):
            return
        for end, inferred in ((subject, subject_type[0]), (obj, object_type[0])):
            if inferred != end.mention.coarse:
                typed[end.mention.text] = inferred
        text, start, end = _sentence_offsets(sent)
        key = (subject.mention.text, predicate, obj.mention.text)
        fact = Fact(
            subject.mention.text, predicate, obj.mention.text, text, start, end, rule, round(confidence, 2), tier
        )
        if key not in facts or facts[key].tier != "explicit" and tier == "explicit":
            facts[key] = fact
        return True

    for sent in doc.sents:
        for token in sent:
            for pattern in rules.by_lemma.get(_lemma(token), ()):
                candidate = _match(pattern, token, reader)
                if candidate is None:
                    continue
                if pattern.kind == "verb" and (_is_negated(token) or _is_irrealis(token, pattern.predicate)):
                    continue
                domain, range_ = rules.constraints[pattern.predicate]
                subjects, objects, tier = candidate.subjects, candidate.objects, "explicit"
                if not subjects:
                    subjects = _anaphoric_end(candidate.subject_tokens, memory, domain)
                    tier = "anaphoric" if subjects else tier
                if not objects:
                    objects = _anaphoric_end(candidate.object_tokens, memory, range_)
                    if not objects and not candidate.object_tokens and pattern.predicate in {"blocks", "shutsDown"}:
                        # '... notamment par le blocage. Ce sont 16 sites qui sont concernés : X, Y, Z.'
                        objects = reader.announced_sites(token) if subjects else []
                    if not objects and not candidate.object_tokens and pattern.kind == "noun" and subjects:
                        # 'Une procédure initiée à la demande de X' right after a sentence about the site
                        objects = [m for m in memory.last_subjects if m.mention.coarse == "Website"][:1]
                        objects = objects or memory.focal_site(token)
                    tier = "anaphoric" if objects else tier
                    more = []
                else:
                    # 'fermer X et ses sites affiliés': a description coordinated with a name
                    described = [*candidate.object_tokens]
                    described += [c for o in objects for c in doc[o.start].children if c.dep_ == "conj"]
                    more = [
                        m
                        for tok in described
                        if tok.pos_ == "NOUN" and not reader.mentions_at(tok)
                        for m in _anaphoric_end([tok], memory, range_)
                    ]
                rule = f"{pattern.id}.{candidate.voice}"
                confidence = pattern.confidence * (0.85 if tier == "anaphoric" else 1.0)
                action = Action(pattern.predicate, token, sent, subjects, objects + more, candidate.object_tokens,
                                rule, confidence)
                for subject in subjects:
                    for obj in objects:
                        if emit(subject, pattern.predicate, obj, sent, rule, confidence, tier):
                            action.emitted.append((subject.mention.text, obj.mention.text))
                    for obj in more:
                        if emit(subject, pattern.predicate, obj, sent, rule, pattern.confidence * 0.85, "anaphoric"):
                            action.emitted.append((subject.mention.text, obj.mention.text))
                if actions is not None:
                    actions.append(action)
        for subject, obj, rule in _located_in(sent, reader):
            emit(subject, "locatedIn", obj, sent, rule, 0.75, "explicit")
        for predicate, surface_rule, confidence in (("hosts", _hosted_in, 0.8), ("shutsDown", _operation_aside, 0.7)):
            for subject, obj, rule in surface_rule(sent, reader):
                if emit(subject, predicate, obj, sent, rule, confidence, "explicit") and actions is not None:
                    actions.append(
                        Action(predicate, None, sent, [subject], [obj], [], rule, confidence,
                               [(subject.mention.text, obj.mention.text)])
                    )
        for subject, obj, rule in _rights_possessive(sent, reader):
            emit(subject, "holdsRightsTo", obj, sent, rule, 0.7, "explicit")
        if sent.text.rstrip()[-1:] in '.!?…»"”)':
            memory.last_subjects = _main_subjects(sent, reader) or memory.last_subjects
        else:
            memory.last_subjects = []  # a heading or a teaser: no antecedent across it
    return sorted(facts.values(), key=lambda f: (f.start, f.subject, f.predicate, f.object)), typed


# An untyped name (spaCy's MISC) takes the type a predicate requires of it, where that is unambiguous.
RELATION_TYPING = {
    ("shutsDown", "object"): "Website",
    ("hosts", "object"): "Website",
    ("blocks", "object"): "Website",
    ("operates", "object"): "Website",
    ("holdsRightsTo", "object"): "CreativeWork",
    ("arrests", "object"): "Person",
    ("sues", "object"): "Website",
    ("convicts", "object"): "Person",
    ("orders", "object"): "Organization",
    ("hosts", "subject"): "Organization",
    ("blocks", "subject"): "Organization",
    ("sues", "subject"): "Organization",
    ("holdsRightsTo", "subject"): "Organization",
    ("operates", "subject"): "Organization",
}


def _end_type(end: MentionSpan, allowed: frozenset[str], predicate: str, role: str) -> tuple[str, str]:
    """The type of one end: its own, unless it is unknown or only the NER's guess and the predicate says otherwise."""
    mention = end.mention
    weak = mention.evidence.startswith("ner:") and mention.strength <= 1
    if mention.coarse and (mention.coarse in allowed or not weak):
        return mention.coarse, mention.fine
    inferred = _only(allowed, predicate, role)
    return (inferred, "") if inferred else (mention.coarse, mention.fine)


def _only(allowed: frozenset[str], predicate: str, role: str) -> str:
    return RELATION_TYPING.get((predicate, role), next(iter(allowed)) if len(allowed) == 1 else "")


def _match(pattern: Pattern, token: Token, reader: Reader) -> Candidate | None:
    candidate = None
    if pattern.kind == "verb" and token.pos_ in {"VERB", "AUX"} | ({"ADJ"} if token.morph.get("VerbForm") else set()):
        candidate = _verb_arguments(pattern, token, reader)
    elif pattern.kind == "noun" and token.pos_ == "NOUN":
        candidate = _noun_arguments(pattern, token, reader)
    elif pattern.kind == "role" and token.pos_ in {"NOUN", "ADJ"}:
        candidate = _role_arguments(pattern, token, reader)
    if candidate is not None and pattern.inverse:
        # 'X appartient à Y', 'X, propriété de Y': the grammatical subject is the relation's object
        if any(_lemma(t) in {"serveur", "machine", "infrastructure"} for t in candidate.subject_tokens):
            return None  # 'les serveurs de X appartiennent à Y' says who hosts X, not who runs it
        candidate = replace(
            candidate,
            subjects=candidate.objects,
            objects=candidate.subjects,
            subject_tokens=candidate.object_tokens,
            object_tokens=candidate.subject_tokens,
        )
    return candidate


def _main_subjects(sent: Span, reader: Reader) -> list[MentionSpan]:
    """Subjects of the sentence's clauses in text order; a root that is a name counts as one."""
    found = []
    root_mention = reader.index.get(sent.root.i)
    if root_mention is not None and sent.root.pos_ in {"NOUN", "PROPN"}:
        found.append(root_mention)
    for tok in sent:
        if tok.dep_ in {"nsubj", "nsubj:pass"} and "Rel" not in tok.morph.get("PronType"):
            found.extend(reader.mentions_at(tok)[:1])
    return sorted(_unique(found), key=lambda m: m.start)


# --- surface patterns over names -----------------------------------------------------------

_LOCATIVE_PREPS = {"à", "au", "aux", "en", "dans"}


def _located_in(sent: Span, reader: Reader):
    """'Oslo, en Norvège', 'la juge X en Californie', 'le site russe X', 'X, basé à Y'."""
    doc = reader.doc
    lexicon = reader.lexicon
    names = [m for m in reader.spans if sent.start <= m.start < sent.end]
    for i, m in enumerate(names):
        # "en Russie, X reprend du service": a fronted place frames the clause of X
        if (
            m.mention.coarse == "Place"
            and m.start > sent.start
            and doc[m.start - 1].lower_ in {"en", "au", "aux"}
            and m.end < sent.end
            and doc[m.end].text == ","
            and i + 1 < len(names)
            and names[i + 1].start == m.end + 1
            and names[i + 1].mention.coarse in {"Website", "Organization", "Person"}
            and doc[names[i + 1].end].pos_ in {"VERB", "AUX"}
        ):
            yield names[i + 1], m, "locatedIn.fronted-place"
        # "La Haye (Pays-Bas)": a city and its country in brackets
        if m.mention.coarse == "Place" and m.mention.fine != "Country":
            country = _bracketed_country(m, reader)
            if country is not None and doc[m.end].text == "(":
                yield m, country, "locatedIn.bracketed-country"
        # "X, en Y" / "X en Y" with Y a place
        j = m.end
        if j < sent.end and doc[j].text in {",", "("}:
            j += 1
        if j < sent.end and doc[j].lower_ in {"en", "au", "aux"} | (
            {"à", "dans"} if m.mention.coarse == "Place" else set()
        ):
            place = reader.index.get(j + 1)
            listed = m.start > 0 and doc[m.start - 1].lower_ in {"en", "au", "aux"}
            if place is not None and place.mention.coarse == "Place" and place.start == j + 1 and not listed:
                if not (m.mention.coarse == "Place" and m.mention.fine == "Country"):
                    if not (doc[j].lower_ in {"à", "dans"} and m.mention.coarse != "Place"):
                        yield m, place, "locatedIn.apposed-place"
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
        # nationality adjective before the name: "le site russe X", "un FAI américain, X"
        k = m.start - 1
        while k >= max(sent.start, m.start - 3) and doc[k].pos_ in {"ADJ", "PROPN", "NOUN", "X"}:
            country = lexicon.adjectives.get(doc[k].lower_) or (
                lexicon.known.get(fold(doc[k].text)) if doc[k].text.isupper() and len(doc[k].text) <= 3 else None
            )
            if country is not None and m.mention.coarse in {"Website", "Organization", "Person"}:
                place = _place_mention(reader, country.name)
                if place is not None:
                    yield m, place, "locatedIn.nationality"
                break
            k -= 1
    yield from _described_in_place(sent, reader)
    # "basé/installé/situé à Y" attached to a name
    for tok in sent:
        if (
            _lemma(tok) in {"baser", "installer", "situer", "implanter", "domicilier", "habiter", "localiser"}
            and tok.tag_ != ""
        ):
            place = _place_after(tok, reader)
            if place is None or _servers_placed(tok, sent) is not None:
                continue  # where servers stand says who hosts the site (_hosted_in), not where the site is
            holder = None
            if tok.dep_ in {"acl", "amod", "appos"}:
                found = reader.mentions_at(tok.head)
                if not found and tok.head.dep_ == "appos":
                    found = reader.mentions_at(tok.head.head)  # 'Fmovies, une plateforme basée au Vietnam'
                holder = found[0] if found else None
            if holder is None:
                k = tok.i - 1
                while (
                    k >= max(sent.start, tok.i - 8)
                    and reader.index.get(k) is None
                    and (
                        doc[k].text in {",", "(", "qui", "de", "d'", "d’"}
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
            if holder is None and tok.lower_.startswith("habit"):
                continue
            if holder is not None:
                yield holder, place, "locatedIn.based"
                country = _bracketed_country(place, reader)
                if country is not None:
                    yield holder, country, "locatedIn.based"


def _described_in_place(sent: Span, reader: Reader):
    """A kind noun placed in a country describes the names it stands for.

    'les fournisseurs d'accès en France, dont Orange et SFR', 'X était un des sites phares ... en France',
    'le plus gros site de streaming en France, X'.
    """
    doc = reader.doc
    for noun in sent:
        cue = reader.lexicon.cues.get(_lemma(noun)) or reader.lexicon.cues.get(noun.lower_)
        if cue is None or cue[0] not in {"Website", "Organization"} or reader.index.get(noun.i) is not None:
            continue
        places = [
            reader.index[c.i]
            for c in noun.subtree
            if c.dep_ in {"nmod", "obl", "obl:mod"}
            and _case(c) in {"en", "au", "aux"}
            and c.i in reader.index
            and reader.index[c.i].mention.fine == "Country"
            and not any(t.pos_ in {"VERB", "AUX"} and "Part" not in t.morph.get("VerbForm") for t in _path_up(c, noun))
        ]
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


def _path_up(token: Token, ancestor: Token) -> list[Token]:
    """The tokens strictly between token and its ancestor in the tree."""
    path = []
    node = token.head
    while node.i != ancestor.i and node.head.i != node.i:
        path.append(node)
        node = node.head
    return path


def _bracketed_country(place: MentionSpan, reader: Reader) -> MentionSpan | None:
    """'La Haye (Pays-Bas)', 'Gand, en Belgique': the country given right after a city."""
    doc = reader.doc
    j = place.end
    if j < len(doc) and doc[j].text in {"(", ","}:
        j += 1
        if j < len(doc) and doc[j].lower_ in {"en", "au", "aux"} and doc[j - 1].text == ",":
            j += 1
        country = reader.index.get(j)
        if country is not None and country.start == j and country.mention.fine == "Country":
            return country
    return None


def _place_after(tok: Token, reader: Reader) -> MentionSpan | None:
    doc = reader.doc
    j = tok.i + 1
    while j < min(len(doc), tok.i + 4):
        mention = reader.index.get(j)
        if mention is not None:
            return mention if mention.mention.coarse == "Place" else None
        if doc[j].lower_ not in _LOCATIVE_PREPS | {"l'", "l’", "la", "le", "les"}:
            return None
        j += 1
    return None


def _place_mention(reader: Reader, name: str) -> MentionSpan | None:
    """A mention of the named place anywhere in the article (a nationality needs its country named)."""
    key = fold(name)
    for mention in reader.spans:
        known = reader.lexicon.known.get(fold(mention.mention.text))
        if mention.mention.coarse == "Place" and known is not None and fold(known.name) == key:
            return mention
    return None


def _hosted_in(sent: Span, reader: Reader):
    """'X, site hébergé aux Pays-Bas', 'hébergé chez Y', 'serveurs situés en Y'."""
    for tok in sent:
        servers = _servers_placed(tok, sent) if _lemma(tok) in PLACING_VERBS else None
        if servers is None and (_lemma(tok) != "héberger" or not _is_passive(tok)):
            continue
        if _is_negated(tok) or _is_irrealis(tok):
            continue
        host = _place_after(tok, reader)
        if servers is not None and host is None:  # 'Basés quant à eux à Amsterdam, les serveurs ...'
            host = next((m for m in reader.spans if tok.i < m.start < servers.i and m.mention.coarse == "Place"), None)
        if servers is not None:  # 'les serveurs du site X, situés en Y': Y hosts X
            if host is not None and host.mention.coarse == "Place":
                for site in reader.mentions_at(servers):
                    if site.mention.coarse == "Website":
                        yield host, site, "hosts.servers-placed"
            continue
        if host is None:
            j = tok.i + 1
            while (
                j < min(sent.end, tok.i + 9)
                and reader.index.get(j) is None
                and reader.doc[j].text not in {",", ";", "."}
            ):
                j += 1
            candidate = reader.index.get(j)
            if candidate is not None and reader.doc[candidate.start - 1].lower_ in {"chez", "par"} | _LOCATIVE_PREPS:
                host = candidate
        if host is None:
            continue
        sites = reader.mentions_at(tok.head) if tok.dep_ in {"acl", "amod"} else []
        if tok.dep_ in {"acl", "amod"} and not sites and tok.head.dep_ == "appos":
            sites = reader.mentions_at(tok.head.head)
        if not sites:
            sites = [m for c in tok.children if c.dep_ in {"nsubj:pass", "nsubj"} for m in reader.mentions_at(c)]
        for site in sites:
            yield host, site, "hosts.hosted-in"


PLACING_VERBS = {"baser", "situer", "installer", "localiser", "trouver", "implanter"}


def _servers_placed(tok: Token, sent: Span) -> Token | None:
    """The 'serveurs' a placing participle or verb is about: its head, its subject, or the noun it fronts
    ('Basés à Amsterdam, les serveurs du site X ...')."""
    if tok.dep_ in {"acl", "amod"}:
        for noun in (tok.head, tok.head.head):  # 'les serveurs du site X, situés en Y' may hang on X
            if _lemma(noun) == "serveur":
                return noun
    for child in tok.children:
        if child.dep_ in {"nsubj", "nsubj:pass"} and _lemma(child) == "serveur":
            return child
    if tok.i == sent.start:
        for later in tok.doc[tok.i + 1 : min(sent.end, tok.i + 10)]:
            if later.text == "," and later.i + 2 < sent.end and _lemma(tok.doc[later.i + 2]) == "serveur":
                return tok.doc[later.i + 2]  # ', les serveurs ...' right after the fronted participle
    return None


def _rights_possessive(sent: Span, reader: Reader):
    """'le studio X ... son film « Y »' within one sentence: the possessor's work."""
    doc = reader.doc
    for m in [m for m in reader.spans if sent.start <= m.start < sent.end and m.mention.coarse == "CreativeWork"]:
        k = m.start - 1
        while k >= sent.start and doc[k].text in {"«", "“", '"', "‘"}:
            k -= 1
        if (
            k - 1 >= sent.start
            and _lemma(doc[k]) in {"film", "série", "album", "jeu", "livre"}
            and doc[k - 1].lower_ in {"son", "sa", "ses", "leur"}
        ):
            owners = [
                o
                for o in reader.spans
                if sent.start <= o.start < sent.end
                and o.mention.coarse == "Organization"
                and o.mention.fine in {"RightsHolder", ""}
            ]
            if len({fold(o.mention.text) for o in owners}) == 1:
                yield owners[0], m, "holdsRightsTo.possessive"


OPERATION_NOUNS = {"opération", "action", "enquête", "raid", "descente", "intervention", "offensive"}


def _operation_aside(sent: Span, reader: Reader):
    """'X (une opération menée par A et B)' after a site closed in the same sentence: A and B shut X down."""
    rules = load_rules()
    triggers = {lemma for p in rules.patterns if p.predicate == "shutsDown" for lemma in p.lemmas}
    if not any(_lemma(t) in triggers for t in sent):
        return
    doc = reader.doc
    for m in [m for m in reader.spans if sent.start <= m.start < sent.end and m.mention.coarse == "Website"]:
        if m.end + 2 >= sent.end or doc[m.end].text != "(":
            continue
        noun = next((t for t in doc[m.end + 1 : m.end + 4] if _lemma(t) in OPERATION_NOUNS), None)
        if noun is None:
            continue
        for child in noun.children:
            if child.dep_ == "acl":
                for agent in _agent_tokens(child):
                    for actor in reader.mentions_at(agent):
                        yield actor, m, "shutsDown.operation-aside"
