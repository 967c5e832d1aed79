"""Pronouns, definite descriptions and groups: the entity the article named that an end stands for.

An end is resolved only when exactly one candidate of the right type fits; the fact is then marked anaphoric.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.entities import MentionSpan
from kg.extract.entities.words import UNPLACED
from kg.extract.relations import antecedents
from kg.extract.relations.agents import agents_of
from kg.extract.relations.antecedents import (
    asked_parties,
    latter_group,
    one_court,
    one_name,
    parallel_object,
    plural_clitic,
    shared_object,
)
from kg.extract.relations.listing import adds_to_kind, items_on, weakly_typed
from kg.extract.relations.mentions import Reader, unique
from kg.extract.relations.syntax import case_of, is_passive, is_plural, lemma_of
from kg.extract.relations.words import (
    BENCH_NOUNS,
    BODY_NOUNS,
    COLLECTIVES,
    CONTROL_VERBS,
    DEFINITE,
    FORCE_NOUNS,
    GENERIC_QUANTIFIERS,
    LEADING_VERBS,
    LIST_OPENINGS,
    LOCATIVE_PREPS,
    MEASURE_NOUNS,
    NUMBER_WORDS,
    OBJECT_CLITICS,
    OPERATION_NOUNS,
    OWNING_COMPANY_NOUNS,
    PARTITIVE_PREPS,
    POSSESSIVES,
    SERVER_NOUNS,
    SITE_ROLES,
    SUBJECT_PRONOUNS,
    TRANSPARENT,
)
from kg.lexicon import fold, name_key

# Public bodies: a description of them ('les autorités', 'les tribunaux') stands only for bodies surely of that kind.
PUBLIC = frozenset({"Court", "LawEnforcement", "Government"})


def unplaced(mention: MentionSpan) -> bool:
    """A name the NER took for a place and never said one: a body, no antecedent of a precise kind ('l'opérateur')."""
    return mention.mention.evidence == UNPLACED


def _one_force(bodies: list[MentionSpan]) -> MentionSpan | None:
    """The last of police or judicial bodies when they are all one (one name, or the names of one body)."""
    keys = {fold(m.mention.text) for m in bodies}
    return bodies[-1] if bodies and (len(keys) == 1 or one_name(keys)) else None


class Memory:
    """What the article has named so far, for pronouns and definite descriptions."""

    def __init__(self, reader: Reader):
        self.reader = reader
        self.last_subjects: list[MentionSpan] = []
        self.operation_agents: list[MentionSpan] = []  # who carried out the last shutdown or arrest
        self.plaintiffs: list[MentionSpan] = []  # who brought the last lawsuit the article told
        self.targets: dict[str, list[MentionSpan]] = {}  # predicate -> the targets of its last explicit action
        self.target_sentences: dict[str, int] = {}  # predicate -> where that action was told
        self.operation_subject = False  # whether the last sentence's subject was an operation ('L'opération ...')
        self.operators: list[MentionSpan] = []  # the people the last 'operates' fact named
        self.judges: list[MentionSpan] = []  # the court of the last conviction or order the article told
        # predicate -> who did the last such action and the index of its sentence ('la police a arrêté trois
        # personnes': the police, even though the people are not named there)
        self.recent_agents: dict[str, tuple[list[MentionSpan], int]] = {}

    def sentencing_court(self, token: Token) -> list[MentionSpan]:
        """Who sentenced, when a sentence only says the penalty ('X écope de deux ans de prison'): the court of
        the last conviction or order told, else the one court the article named before, if it named one, else the
        one court of the sentence and the two before it ('la justice américaine a frappé un site. Le site X a été
        condamné', after another country's court earlier)."""
        if self.judges:
            return self.judges
        nearby = [s for s in self.reader.sentences if s.end <= token.sent.start][-2:]
        for start in (0, nearby[0].start if nearby else token.sent.start):
            courts = self.reader.names_in(start, token.i, lambda m: m.mention.fine == "Court")
            # 'le tribunal de Paris' is 'le tribunal judiciaire de Paris'; 'le tribunal correctionnel' the one of Paris
            if len(courts) > 1 and (one_court(set(courts)) or one_name(set(courts))):
                return [max(courts.values(), key=lambda m: len(m.mention.text))]
            if len(courts) == 1:
                return list(courts.values())
        return []

    def as_plaintiffs(self, subjects: list[MentionSpan], allowed: frozenset[str]) -> list[MentionSpan]:
        """Who a description or a pronoun that sues stands for: once the article told a lawsuit, its plaintiffs
        rather than a recent name of the same kind ('Le groupe réclame 80 millions' after a media outlet)."""
        if not subjects or not self.plaintiffs:
            return subjects
        known = {name_key(m.mention.text, self.reader.lexicon) for m in self.plaintiffs}
        if any(name_key(m.mention.text, self.reader.lexicon) in known for m in subjects):
            return subjects
        return [m for m in self.plaintiffs if m.mention.coarse in allowed]

    def resolve_pronoun(self, token: Token, allowed: frozenset[str]) -> MentionSpan | None:
        """The subject of the clause that embeds the pronoun ('X a indiqué qu'il ...'), else the first
        subject of the previous sentence, if its type fits (the most salient antecedent)."""
        node = token.head
        for _ in range(4):
            if node.dep_ not in {"ccomp", "advcl", "xcomp", "conj", "acl:relcl"} or node.head.i == node.i:
                break
            relative = node.dep_ == "acl:relcl"
            node = node.head
            while relative and node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
                node = node.head  # 'X a payé Y, qui l'avait poursuivi': the clause the relative's noun sits in
            subjects = [c for c in node.children if c.dep_ == "nsubj" and c.i < token.i]
            # ('Le juge X a estimé que ..., mais il ...': the name apposed to the subject's noun)
            embedding = [m for c in subjects for m in self.reader.mentions_at(c)] or [
                m for c in subjects for g in c.children if g.dep_ == "appos" and (m := self.reader.index.get(g.i))
            ]
            if token.lower_ in {"il", "elle"} and any(g.dep_ == "conj" for c in subjects for g in c.children):
                continue  # ('que X et Y méritaient ..., mais il les a condamnés': 'il' stands for no list)
            if embedding:
                return embedding[0] if embedding[0].mention.coarse in allowed else None
        candidates = [m for m in self.last_subjects if m.mention.coarse in allowed]
        if candidates:
            return candidates[0]
        if token.dep_ in {"iobj", "obj", "nsubj:pass"} and allowed == {"Person"}:
            # a patient pronoun for a person ('le tribunal lui a infligé ...', 'Il a été condamné'): the one
            # person the sentence before named, whatever its role there
            return self.previous_person(token)
        return None

    def previous_person(self, token: Token) -> MentionSpan | None:
        """The one person the sentence before the token's named, if it named exactly one."""
        opening = token.sent.start  # (token.sent walks the doc: once, not once per sentence)
        previous = [s for s in self.reader.sentences if s.end <= opening][-1:]
        people = {
            fold(m.mention.text): m
            for s in previous
            for m in self.reader.spans
            if s.start <= m.start < s.end and m.mention.coarse == "Person"
        }
        return next(iter(people.values())) if len(people) == 1 else None

    def resolve_description(self, token: Token, allowed: frozenset[str]) -> MentionSpan | None:
        """'le site', 'la plateforme': the one entity of that kind named just before; 'le juge' with no judge
        named: the court of the case."""
        bench = lemma_of(token) in BENCH_NOUNS and not is_plural(token)
        # 'un juge' is no judge named before, 'une société basée en Russie' no company told (a predicate, after
        # 's'agir de' or a copula, says what the entity told is)
        indefinite = any(c.dep_ == "det" and c.lower_ in {"un", "une"} for c in token.children) and (
            bench or lemma_of(token.head) != "agir" and not any(c.dep_ == "cop" for c in token.children))
        found = self._described(token, allowed) if not indefinite else None
        # a court's acts ('Le juge a ordonné ...', which the parser may give a passive subject)
        acting = token.dep_ == "nsubj" or token.dep_ == "nsubj:pass" and not is_passive(token.head)
        verbs = [token.head, *(c for c in token.head.children if c.dep_ == "conj" and c.pos_ == "VERB")]
        ruling = acting and any(lemma_of(v) in CONTROL_VERBS | {"condamner"} for v in verbs)  # ('a accédé ... et a')
        if found is None and bench and ruling and "Organization" in allowed:
            courts = self.sentencing_court(token)
            found = courts[0] if len(courts) == 1 else None
        return found

    def _described(self, token: Token, allowed: frozenset[str]) -> MentionSpan | None:
        if lemma_of(token) in FORCE_NOUNS and is_plural(token) and "Organization" in allowed:
            return self.force_body(token)
        if lemma_of(token) in BODY_NOUNS and not any(
            c.dep_ == "amod" or c.dep_ == "nmod" and case_of(c) for c in token.children
        ):  # a bare 'la police', not 'la police de Lyon' nor 'la police fédérale'; 'la police mardi' is bare
            return self.named_body(token) if "Organization" in allowed else None
        cue = antecedents.description_cue(token, self.reader.lexicon)
        if cue is None and token.text[:1].isupper() and token.lower_ in self.reader.lexicon.adjectives:
            cue = ("Person", "")  # 'le Français a été interpellé', 'le Nantais': a demonym noun is a person
        # 'l'opérateur devra bloquer X': the access provider, when the action wants an organisation
        own_kind = cue is not None and cue[0] in allowed and cue[0] != "Person"
        if lemma_of(token) in SITE_ROLES and not any(c.dep_ == "nmod" for c in token.children) and not own_kind:
            cue = ("Website", "")
        if cue is None or cue[0] not in allowed:
            return None
        site_role = lemma_of(token) in SITE_ROLES
        if is_plural(token) and not site_role:
            return None  # a group: see resolve_group
        sent_start = token.sent.start
        demonstrative = any(c.dep_ == "det" and c.lower_ in {"ce", "cet", "cette"} for c in token.children)
        # an institution ('le tribunal', 'la police') is unique in the whole article; a site only nearby
        reach = 100 if cue[1] in {"Court", "LawEnforcement", "Government"} else 2
        previous = [s for s in self.reader.sentences if s.end <= sent_start][-reach:]
        window_start = previous[0].start if previous else sent_start
        candidates = [
            m
            for m in self.reader.spans
            if window_start <= m.start < token.i
            and not self.reader.attributed(m)  # 'Selon le site X, ...': a source, no antecedent
            and not self.reader.on_account(m)  # 'son compte Twitter': where it was said, not a site told of
            # an object description never stands for its own clause's subject ('X a attaqué la fondation')
            # (a demonstrative may: 'X ... les services vendus par cette société')
            and not (token.dep_.startswith(("obj", "obl", "iobj")) and m.start >= sent_start and not demonstrative)
            # a site the NER misread, named in a sentence before
            and (m.mention.coarse == cue[0] or cue[0] == "Website" and self.misread_site(m, sent_start))
            and (not cue[1] or m.mention.fine == cue[1] or (m.mention.fine == "" and reach == 2 and not unplaced(m)))
            and not (m.mention.fine in PUBLIC and lemma_of(token) in OWNING_COMPANY_NOUNS)  # 'la société': no court
        ]
        candidates = antecedents.without_bracketed_aliases(candidates, self.reader.doc)  # 'la Fédération X (FX)'
        keys = {fold(m.mention.text).removesuffix(".com") for m in candidates}
        if not candidates and cue[1]:
            # 'la chaîne a assigné ...' far from where the article named it: the article's one entity of that
            # precise kind (a rights holder, an access provider), when it names exactly one before
            candidates = [
                m
                for m in self.reader.spans
                if m.start < token.i and m.mention.coarse == cue[0] and m.mention.fine == cue[1]
            ]
            keys = {fold(m.mention.text).removesuffix(".com") for m in candidates}
        if not candidates and cue[0] == "Website" and not any(c.dep_ == "nmod" for c in token.children):
            focal = self.focal_site(token)  # nothing nearby: the site the article is about
            # (but 'Les responsables ont été condamnés' before any site is named are of what was told, not a site ahead)
            return None if site_role and focal and focal[0].start > token.i else next(iter(focal), None)
        if len(keys) > 1 and cue[0] == "Website":
            # several sites nearby: 'le site' is the one the article is about, if it is among them
            focal = self.focal_site(token)
            if focal and fold(focal[0].mention.text).removesuffix(".com") in keys:
                return focal[0]
        return candidates[-1] if len(keys) == 1 or one_name(keys) else None

    def force_body(self, token: Token) -> MentionSpan | None:
        """'saisi par les enquêteurs': the one police or judicial body named before, when they act as a body."""
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children):
            return None  # 'des policiers' are some officers, not the body
        return _one_force([m for m in self.reader.spans if m.start < token.i and m.mention.fine == "LawEnforcement"])

    def acting_force(self, token: Token) -> list[MentionSpan]:
        """'Ces derniers ont été arrêtés en flagrant délit' with no agent: the one police force the sentence and
        the three before named ('Les éléments de la police X ont procédé à la saisie ...')."""
        starts = [s.start for s in self.reader.sentences if s.start <= token.i][-4:]
        one = _one_force([m for m in self.reader.spans if starts and starts[0] <= m.start < token.i
                          and m.mention.fine == "LawEnforcement"])
        return [one] if one is not None else []

    def named_body(self, token: Token) -> MentionSpan | None:
        """'fermé par la police' where the article names one police ('la police ukrainienne'), before or after:
        that body; 'arrêtés par les autorités' after 'les autorités américaines' the same way."""
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children):
            return None
        head = fold(lemma_of(token)).removesuffix("s")
        bodies = [m for m in self.reader.spans if m.mention.fine in PUBLIC and m.start != token.i
                  and fold(m.mention.text).split(" ")[0].removesuffix("s") == head]
        keys = {fold(m.mention.text) for m in bodies}
        return min(bodies, key=lambda m: abs(m.start - token.i)) if len(keys) == 1 else None

    def misread_site(self, mention: MentionSpan, sent_start: int) -> bool:
        """A name of an earlier sentence that only the NER typed, and not as a person nor behind a place's
        preposition ('Kinoplex attirait ...' yes, 'trois personnes à Valence' no)."""
        doc = self.reader.doc
        before = doc[mention.start - 1].lower_ if mention.start > 0 else ""
        return (
            mention.start < sent_start
            # a name typed from its form alone ('ComicsRaw' is an organisation by its camel case) is a guess too
            and (mention.mention.evidence.startswith("ner:") or mention.mention.evidence == "camel-case")
            and mention.mention.strength <= 1
            and mention.mention.coarse != "Person"
            and before not in LOCATIVE_PREPS
        )

    def possessor_site(self, token: Token) -> list[MentionSpan]:
        """'Ses serveurs', 'son infrastructure': the site whose machines a possessive names (the previous
        sentence's subject if a site, else the site the article is about)."""
        if lemma_of(token) not in SERVER_NOUNS | MEASURE_NOUNS or not any(
            c.dep_ == "det" and c.lower_ in POSSESSIVES for c in token.children
        ):
            return []
        sites = [m for m in self.last_subjects if m.mention.coarse == "Website"]
        return sites[:1] or self.focal_site(token)

    def focal_site(self, token: Token) -> list[MentionSpan]:
        """The site the article is about so far: the only one named, or named at least twice and more often than any
        other; before any site is named, the one the whole article names most, twice at least ('Tout a commencé par
        une plainte de X. Dans son collimateur : le site Y')."""
        ranked = self.reader.sites_by_count(token.i)
        if ranked and (len(ranked) == 1 or len(ranked[0]) >= 2 and len(ranked[0]) > len(ranked[1])):
            return [ranked[0][-1]]  # the one site named so far, or the one named most, twice at least
        ahead = self.reader.sites_by_count() if not ranked else []
        if ahead and len(ahead[0]) >= 2 and (len(ahead) == 1 or len(ahead[0]) > len(ahead[1])):
            return [ahead[0][0]]
        return []

    def resolve_group(self, token: Token, allowed: frozenset[str]) -> list[MentionSpan]:
        """'ces sites', 'les quatre FAI': the list of that kind the article gave last (two names or more); when the
        description counts its members ('les quatre FAI'), the list must have that many."""
        cue = self.reader.lexicon.cues.get(lemma_of(token)) or self.reader.lexicon.cues.get(token.lower_)
        if cue is None or cue[0] not in allowed or not is_plural(token):
            return []
        count = next((number_of(c) for c in token.children if c.dep_ == "nummod"), None)
        strict = {cue[1]}
        loose = strict if cue[1] in PUBLIC else {cue[1], ""}
        sentences = [s for s in self.reader.sentences if s.start <= token.i][-6:]
        for sent in reversed(sentences):
            # 'les fournisseurs d'accès': no court; in the description's own sentence, only sure members
            fines = strict if sent.end > token.i else loose
            group = self.reader.names_in(
                sent.start,
                min(sent.end, token.i),
                lambda m, fines=fines: m.mention.coarse == cue[0] and (not cue[1] or m.mention.fine in fines),
            )
            if len(group) >= 2 and (count is None or count == len(group)):
                return list(group.values())
            if count is not None and group and len(group) != count:
                # 'X poursuit A, B et C. X accuse les trois détaillants ...': the list of that many, not its subject
                for first in group.values():
                    listed = [first, *self.reader.surface_list(first)]
                    if len(listed) == count and all(m.mention.coarse in {cue[0], ""} for m in listed):
                        return sorted(listed, key=lambda m: m.start)
        if count is not None and cue[1] not in PUBLIC:
            # 'les quatre groupes d'édition': a counted list of that coarse kind, whatever finer kind ('groupe': a crew)
            for sent in reversed(sentences):
                group = self.reader.names_in(
                    sent.start, min(sent.end, token.i), lambda m: m.mention.coarse == cue[0] and m.start != token.i
                )
                listed = max(([m, *self.reader.surface_list(m)] for m in group.values()), key=len, default=[])
                if len(listed) == count:
                    return sorted(listed, key=lambda m: m.start)
        return self.announced_group(token, cue, count) or self.article_group(token, cue, count)

    def article_group(self, token: Token, cue: tuple[str, str], count: int | None) -> list[MentionSpan]:
        """'Les FAI devront bloquer ces sites' with no list before: the article's one list of that kind,
        wherever it stands (the access providers a blocking article names, the sites it lists).

        Only a list of three names or more, and only when the article gives one such list.
        """
        cues = self.reader.lexicon.cues
        additional = [s for s in self.reader.sentences if s.start > token.i and adds_to_kind(s, cue[0], cues)]
        return self.reader.one_list(
            lambda m: m.start != token.i
            and m.mention.coarse == cue[0]
            and not any(s.start <= m.start < s.end for s in additional)
            and (not cue[1] or m.mention.fine == cue[1])
            and not self.reader.requested_by(m),  # who asked for a measure is not among those who apply it
            count,
        )

    def announced_group(self, token: Token, cue: tuple[str, str], count: int | None) -> list[MentionSpan]:
        """'... fermer ses sites affiliés. Parmi les sites concernés figuraient X, Y et Z.': the next sentence
        lists the group, when it opens as a list does."""
        following = [s for s in self.reader.sentences if s.start > token.i and s.text.strip()][:3]
        opening = self.reader.index.get(following[0].start) if following and count is not None else None
        if opening is not None and opening.mention.coarse == cue[0]:
            # 'aux quatre groupes d'édition qui ont porté plainte ... A, B, C et D assuraient ...': a counted
            # description, and the next sentence opens on a list of that many
            listed = [opening, *self.reader.surface_list(opening)]
            if len(listed) == count and all(m.mention.coarse in {cue[0], ""} for m in listed):
                return listed
        for distance, sent in enumerate(following):
            opening = sent.text.strip().lower()
            among = opening.startswith("parmi ")  # 'Parmi les sites frappés par cette mesure figurait X': a part
            if distance and not among:
                continue  # further than the next sentence, only 'parmi' clearly picks the group up again
            if not (opening.startswith(LIST_OPENINGS) or " : " in sent.text):
                continue
            group = self.reader.names_in(
                sent.start,
                sent.end,
                lambda m: m.mention.coarse == cue[0] and (not cue[1] or m.mention.fine in {cue[1], ""})
                or cue[0] == "Website" and weakly_typed(m),  # a list of sites often names unknown ones
            )
            if among and group and (count is None or count > len(group)):  # "fermer 200 sites. Parmi eux, X"
                first = next(iter(group.values()))  # the names the clause lists, not those of its asides
                return unique([first, *self.reader.surface_list(first)])
            if len(group) >= 2 and (count is None or count == len(group)):
                return list(group.values())
            return []
        return []


def anaphoric_ends(tokens: list[Token], memory: Memory, allowed: frozenset[str]) -> list[MentionSpan]:
    """The entities a pronoun or a description among tokens stands for (none when uncertain)."""
    for tok in tokens:
        if any(c.dep_ == "nmod" and items_on(tok, c.i, memory.reader.index) for c in tok.children):
            continue  # 'trois applications de X': items their complement specifies, no group told before
        group = latter_group(tok, memory, allowed)
        if group:
            return group
        if "Website" in allowed and memory.possessor_site(tok):
            return memory.possessor_site(tok)  # 'Ses serveurs ont été saisis': the site's
        if tok.pos_ == "VERB" and lemma_of(tok) in LEADING_VERBS and tok.i == tok.sent.start:
            # 'Dirigée par le parquet de X, l'action ... a permis de ...' parsed with the participle as the subject
            leaders = [m for a in agents_of(tok) for m in memory.reader.mentions_at(a) if m.mention.fine in PUBLIC]
            if leaders:
                return leaders
        if lemma_of(tok) in OPERATION_NOUNS:
            # 'une opération menée par X a abouti à la fermeture de Y': who led the operation did it
            leaders = [
                m
                for c in tok.children
                if c.dep_ == "acl" and lemma_of(c) in LEADING_VERBS
                for a in agents_of(c)
                for m in memory.reader.mentions_at(a)
                if m.mention.coarse in allowed
            ]
            if leaders:
                return leaders
        if lemma_of(tok) in OPERATION_NOUNS and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
            # 'L'opération a aussi entraîné la fermeture de X': the agents of the operation the article told
            agents = [m for m in memory.operation_agents if m.mention.coarse in allowed]
            if agents:
                return agents
        if antecedents.lawsuit_description(tok) and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
            # 'visés par la plainte', 'les plaignants reprochent': the plaintiffs of the lawsuit the article told
            plaintiffs = [m for m in memory.plaintiffs if m.mention.coarse in allowed]
            if plaintiffs:
                return plaintiffs
        if (
            lemma_of(tok) in SITE_ROLES
            and "Person" in allowed
            and memory.operators
            and not any(c.dep_ == "nmod" for c in tok.children)
            and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)
        ):
            return memory.operators[:1]  # 'Le fondateur a été arrêté': the person the article said runs the site
        shared = shared_object(tok, memory.reader, allowed) if tok.lower_ in OBJECT_CLITICS else []
        if tok.pos_ in {"PRON", "DET"} and shared:
            return shared  # 'a perquisitionné le site X et l'a fermé'
        if tok.pos_ == "PRON" and tok.lower_ in {"les", "leur"} and tok.dep_ in {"obj", "iobj"}:
            group = plural_clitic(tok, memory, allowed)  # 'Le parquet les a mis en examen': the pair named before
            if group:
                return group
        if tok.pos_ == "PRON" and tok.lower_ in OBJECT_CLITICS and tok.dep_ in {"obj", "iobj"}:
            found = memory.resolve_pronoun(tok, allowed)  # 'le tribunal l'a condamné'
            return [found] if found else []
        if tok.pos_ == "PRON" and tok.lower_ in {"elle", "il"} and memory.operation_subject and tok.i == tok.sent.start:
            agents = [m for m in memory.operation_agents if m.mention.coarse in allowed]
            if agents:
                return agents  # 'L'opération a été menée par X. Elle a permis de démanteler Y'
        if tok.pos_ == "PRON" and tok.lower_ in SUBJECT_PRONOUNS:
            asked = asked_parties(tok, memory.reader, allowed)
            if asked:
                return asked
            found = memory.resolve_pronoun(tok, allowed)
            if found and tok.lower_ in {"ils", "elles"}:
                # 'X et Y ont porté plainte ... Ils ont aussi attaqué Z': a plural pronoun stands for the group
                group = [m for m in memory.last_subjects if m.mention.coarse in allowed]
                return group if found in group and len(group) > 1 else [found]
            return [found] if found else []
        quantified = tok.dep_ == "nmod" and lemma_of(tok.head) in GENERIC_QUANTIFIERS  # 'la plupart des sites'
        bench = lemma_of(tok) in BENCH_NOUNS  # 'un juge a ordonné ...': a judge of the one court the case has
        if tok.pos_ in {"NOUN", "PROPN"} and not quantified and any(
            (c.dep_ == "det" and (c.lower_ in DEFINITE or bench and c.lower_ in {"un", "une"}))
            or (c.dep_ == "case" and c.lower_ in {"aux", "au", "du", "des"})
            for c in tok.children
        ):
            parallel = parallel_object(tok, memory.reader, allowed) if not is_plural(tok) else []
            if parallel:
                return parallel  # 'X poursuit Y et accuse le site de ...'
            found = memory.resolve_description(tok, allowed)
            group = [found] if found else memory.resolve_group(tok, allowed)
            if group:
                return group
        if lemma_of(tok) in COLLECTIVES and tok.pos_ == "NOUN":
            # 'une longue liste de sites pirates': the members are the sites
            tok = next((c for c in tok.children if c.dep_ == "nmod" and is_plural(c)), tok)
            if any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
                group = memory.resolve_group(tok, allowed)  # 'une quinzaine de ces sites': the sites told
                if group:
                    return group
        if tok.pos_ == "NOUN" and is_plural(tok) and any(
            c.dep_ == "nummod"
            or (c.dep_ == "det" and c.lower_ in {"plusieurs", "des", "quelques"})
            or (c.dep_ == "case" and c.lower_ in {"de", "d'", "d’"} and lemma_of(tok.head) in COLLECTIVES)
            for c in tok.children
        ):
            # 'bloquer cinq sites. Il s'agit de X, Y, Z...': the next sentence names them
            cue = memory.reader.lexicon.cues.get(lemma_of(tok))
            if cue is not None and cue[0] in allowed:
                count = next((number_of(c) for c in tok.children if c.dep_ == "nummod"), None)
                group = memory.announced_group(tok, cue, count)
                if not group and (count is None or count >= 3) and cue[0] == "Website":
                    # 'le blocage de sept sites' ... 'A, B, C, D, E, F et G sont dédiés à ...': the article's one
                    # list of exactly that many, wherever it stands
                    group = memory.article_group(tok, cue, count)
                if group:
                    return group
        if tok.pos_ == "NOUN" and lemma_of(tok) in TRANSPARENT and lemma_of(tok) not in SERVER_NOUNS:
            # 'les noms de domaine du site': the description inside (not a site's machines: who cuts access to
            # them is its host, which shuts it down rather than blocks it)
            inner = [c for c in tok.children if c.dep_ == "nmod" and case_of(c) in PARTITIVE_PREPS]
            found = anaphoric_ends(inner, memory, allowed) if inner else []
            if found:
                return found
    return []


def number_of(token: Token) -> int | None:
    return int(token.text) if token.text.isdigit() else NUMBER_WORDS.get(token.lower_)
