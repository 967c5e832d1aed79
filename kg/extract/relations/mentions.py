"""From a token to the mentions (named entities of the article) it stands for.

A token denotes its own name, the names coordinated or listed with it ("Orange, SFR, Free et Bouygues Telecom",
read on the surface where the parse of the list is wrong), or the name behind a transparent noun ("les
responsables du site X", "le site de streaming X")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import MentionSpan, token_mentions
from kg.extract.entities.words import AGED, CUE_MODIFIERS, HONORIFICS, LEGAL_FORM_PREFIXES
from kg.extract.nlp import after_abbreviation
from kg.extract.relations.listing import (
    OPENING_QUOTES,
    after_participle,
    company_past_owner,
    counted_apposition,
    fronted_complement,
    hometown_start,
    identified_after_relative,
    past_quote,
    qualifies_content,
    skip_aside,
    tail_start,
    users_of,
)
from kg.extract.relations.syntax import case_of, inverted_telling, is_mistagged_noun, is_plural, lemma_of
from kg.extract.relations.words import (
    ACCOUNT_NOUNS,
    COUNSEL_NOUNS,
    DATIVE_PREPS,
    DEFINITE,
    GROUP_NOUNS,
    HOLDING_VERBS,
    LIST_ADVERBS,
    LIST_DETERMINERS,
    LIST_GLUE,
    LIST_SKIPS,
    MEMBER_MARKERS,
    NAMING_OR_MEMBER_PARTICIPLES,
    OWNING_COMPANY_NOUNS,
    PARTITIVE_PREPS,
    PERSON_ROLES,
    POSSESSIVES,
    REQUEST_NOUNS,
    ROLE_NOUNS,
    SERVER_NOUNS,
    SOURCE_MARKERS,
    TRANSPARENT,
)
from kg.lexicon import Lexicon, fold


class Reader:
    """Per-document helper: token -> mentions, lists, anaphora."""

    def __init__(self, doc: Doc, spans: list[MentionSpan], lexicon: Lexicon):
        self.doc = doc
        self.spans = spans
        self.index = token_mentions(spans)
        self.lexicon = lexicon
        self.sentences = list(doc.sents)  # doc.sents walks every token each time it is read
        self.memory = None  # the article's anaphora memory, set by the matcher
        self._answers: dict[int, list[MentionSpan]] = {}  # token index -> what mentions_at answered
        self._lists: dict[tuple[int, int], list[MentionSpan]] = {}  # surface_list's answers by bounds, all it reads

    def mentions_at(self, token: Token, depth: int = 0, seen: set[int] | None = None) -> list[MentionSpan]:
        """Mentions a token stands for: itself, its conjuncts, or the name behind a transparent noun."""
        if seen is None:  # a whole question: the same token is asked about again and again, remember it
            known = self._answers.get(token.i)
            if known is None:
                known = self._answers[token.i] = self._mentions_at(token, depth, set())
            return list(known)
        return self._mentions_at(token, depth, seen)

    def _mentions_at(self, token: Token, depth: int, seen: set[int]) -> list[MentionSpan]:
        if token.i in seen or depth > 3:
            return []
        seen.add(token.i)
        found: list[MentionSpan] = []
        own = self.index.get(token.i)
        if own is not None and self.attributed(own):
            return []  # 'selon la PJ': who tells the story is no end of the action
        if own is None and (token.pos_ == "PROPN" or token.is_title and token.lower_ in COUNSEL_NOUNS):  # 'Me X'
            # 'la Svenska Antipiratbyrån' named from its second word: the name the first word heads
            own = next((self.index[c.i] for c in token.children if c.dep_ == "flat:name" and c.i in self.index), None)
        if own is not None:
            found.extend([own, *self.surface_list(own)])
        elif token.lower_ in self.lexicon.adjectives and getattr(self.index.get(token.i + 1), "start", 0) > token.i:
            # 'Le Britannique X, ...': the parser heads the name with the demonym before it
            found.append(self.index[token.i + 1])
        elif lemma_of(token) == "an" and any(c.dep_ == "nummod" for c in token.children):
            # 'X, 43 ans, ...': the parser takes the age for the subject; it stands for the person before it
            start = token.left_edge.i
            person = self.index.get(start - 2) if start >= 2 and self.doc[start - 1].text == "," else None
            aged = token.head
            is_aged = aged.lower_ in AGED and aged.dep_ in {"amod", "acl", "appos"}
            climb = [aged.head, aged.head.head, aged.head.head.head] if is_aged else []  # 'X, un vendeur (de Y) âgé de'
            person = person or next((self.index[t.i] for t in climb if t.i in self.index), None)
            if person is not None and person.mention.coarse == "Person":
                found.append(person)
        elif (token.pos_ in {"NOUN", "PROPN", "X", "ADJ", "NUM", "PRON", "DET"} or is_mistagged_noun(token)) and (
            lemma_of(token) in TRANSPARENT
            or token.lower_ in TRANSPARENT
            or token.pos_ in {"NUM", "PRON"}
            or token.pos_ == "DET" and token.dep_ != "det" and token.lower_ in {"un", "une"}  # 'une de ces X, Y'
            or token.lower_.endswith("ième")  # 'la suppression du deuxième plus gros site ..., X'
        ):
            owned = company_past_owner(token, self.index) if lemma_of(token) in OWNING_COMPANY_NOUNS else None
            if owned is not None:
                return [owned]  # 'le groupe de X, Y' is Y; X, a person, owns it
            for child in sorted(token.children, key=lambda c: c.dep_ == "appos"):
                if (
                    child.dep_ == "nmod"
                    and case_of(child) not in PARTITIVE_PREPS | {""}
                    and not (case_of(child) in {"à", "au", "aux"} and lemma_of(token) == "accès")
                ):
                    continue  # 'la pression de la MPAA' yes, 'pour les internautes' no
                if child.dep_ == "nmod" and users_of(token, child, self.index):
                    continue  # 'les utilisateurs de X' are people, whatever X is
                if qualifies_content(self.doc, child.i, self.index):
                    continue  # '(trois sites) d'applications X': what the content is for, no site
                if child.dep_ == "appos" and found and lemma_of(child) in ROLE_NOUNS:
                    continue  # 'la société X, propriétaire de Y' stands for X, not for Y
                if child.dep_ == "conj" and case_of(child) not in {"", case_of(token)}:
                    continue  # 'la société X, dont le siège est à Y': a conjunct behind a preposition
                if child.dep_ in {"nmod", "appos", "flat:name", "flat", "compound", "conj", "nummod"} or (
                    child.dep_ in {"acl", "amod"} and (child.pos_ == "PROPN" or self.starts_name(child))
                    or child.dep_ == "amod" and child.pos_ == "NOUN" and lemma_of(child) in TRANSPARENT
                ):  # 'le service de fichiers X', X tagged an adjective; 'l'organisation anti-piraterie X'
                    found.extend(self.mentions_at(child, depth + 1, seen))
                elif child.dep_ == "acl:relcl" and lemma_of(token) in SERVER_NOUNS and any(
                    "Rel" in g.morph.get("PronType") and case_of(g) in {"sur", "par", "chez"} for g in child.children
                ):  # 'les serveurs sur lesquels fonctionnait X': X's servers
                    found.extend(m for g in child.children if g.dep_ == "nsubj"
                                 for m in self.mentions_at(g, depth + 1, seen))
                elif child.dep_ == "acl" and lemma_of(token) in SERVER_NOUNS and child.i > token.i:
                    # 'des serveurs contrôlés par X': whose they are; 'les serveurs accueillant X': what they hold
                    found.extend(m for g in child.children for m in self.mentions_at(g, depth + 1, seen)
                                 if g.dep_ == "obl:agent" or g.dep_ == "obj" and lemma_of(child) in HOLDING_VERBS)
                elif child.dep_ == "acl" and lemma_of(child) in NAMING_OR_MEMBER_PARTICIPLES:
                    for member in child.children:  # 'composé de X et Y', 'le logiciel dénommé X'
                        if member.dep_.startswith(("obl", "nmod", "obj", "xcomp")):
                            found.extend(self.mentions_at(member, depth + 1, seen))
            determiners = {c.lower_ for c in token.children if c.dep_ == "det"}
            nxt = token.i + 1
            if not found and determiners & POSSESSIVES and nxt + 1 < len(self.doc) and self.doc[nxt].text == ",":
                named = self.described_name(nxt + 1)  # 'désactivé par son hébergeur, la société X': the name after
                found.extend([named] if named is not None else [])
            if lemma_of(token) in PERSON_ROLES:
                apposed = [c.i for c in token.children if c.dep_ == "appos"]
                people = [  # 'le cofondateur de Y, le Néerlandais X': the parser heads X with the demonym
                    m
                    for m in found
                    if m.mention.coarse == "Person"
                    and any(m.start <= i < m.end or m.start == i + 1 and self.doc[i].lower_ in self.lexicon.adjectives
                            for i in apposed)
                ]
                people = people or self.role_holder(token)
                if people:  # 'l'administrateur du site X, Y' stands for Y, the person, not for the site
                    # 'les fondateurs de X, A, B et C': the people listed with the apposed one too
                    found = unique([*people, *(m for p in people for m in self.surface_list(p)
                                               if m.mention.coarse == "Person")])
            nxt = after = token.i + 1  # "deux des principaux sites, X et Y": the names follow the noun
            while after < len(self.doc) and self.doc[after].dep_ == "amod" and self.doc[after].head.i == token.i and (
                self.index.get(after) is None
            ):
                after += 1  # 'aux six principaux FAI britanniques - Sky, BT ...'
            if after < len(self.doc) and self.doc[after].lower_ in PARTITIVE_PREPS:
                k = after + 1  # 'Des organisations du cinéma (X, Y et Z)': past a short complement, a bracket
                while k < min(len(self.doc), after + 4) and self.doc[k].is_lower and self.index.get(k) is None:
                    k += 1
                after = k if k < len(self.doc) and (self.doc[k].text == "(" or self.doc[k].text == "," and (
                    token.lower_ in {"un", "une"})) else after  # 'une de ces extensions, Y'
            if after < len(self.doc) and self.doc[after].text in {",", ":", "(", "«", "“", '"', "-", "–", "—"}:
                follow = self.index.get(after + 1)
                if follow is not None:
                    found += [follow, *self.surface_list(follow)]
            elif not found:
                # "le site Internet OiNK", "le site de streaming X": the name closes the noun phrase
                j = nxt
                while (
                    j < min(len(self.doc), nxt + 4)
                    and self.index.get(j) is None
                    and (
                        self.doc[j].pos_ in {"ADJ", "PROPN"}
                        or self.doc[j].lower_ in self.lexicon.adjectives  # 'la société néerlandaise X' mistagged
                        or self.doc[j].lower_ in CUE_MODIFIERS  # 'le groupe pirate X'
                        or self.doc[j].lower_ in self.lexicon.site_complements
                        or self.doc[j].lower_ in {"web", "internet", "accès"}
                        or self.doc[j].lower_ in {"de", "d'", "d’"} and j + 1 < len(self.doc)
                        and not users_of(token, self.doc[j + 1], self.index)  # ('trois applications de X' are not X)
                    )
                ):
                    j += 1
                named = None if j >= len(self.doc) or qualifies_content(self.doc, j, self.index) else self.index.get(j)
                if named is not None and named.start == j:
                    found.extend([named, *self.surface_list(named)])
            if found and token.lower_ in {"un", "une"}:
                found = self.opening_name(token) or found  # 'X, l'un des éditeurs et propriétaire de Y, a ...': X
            if not found:
                found.extend(self.closing_name(token) or self.named_after(token) or self.member_list(token)
                             or self.opening_name(token) or self.identified_next(token)
                             or identified_after_relative(token, self.index, self.surface_list))
            elif lemma_of(token) in GROUP_NOUNS or is_plural(token):
                # the members, not the body ('membres de X, parmi lesquels A, B'); all ('dont A et B', B hung alone)
                members, starts = self.member_list(token), {m.start for m in found}
                if members and (lemma_of(token) in GROUP_NOUNS or starts < {m.start for m in members}):
                    found = members
        elif token.pos_ == "NOUN" and token.text.islower():
            counted = [m for c in counted_apposition(token) for m in self.mentions_at(c, depth + 1, seen)]
            found.extend(counted or self.named_after(token) or self.identified_next(token))
        own_case = case_of(token)
        if not own_case and token.dep_ in {"nmod", "appos", "flat:name"} and lemma_of(token.head) in TRANSPARENT:
            own_case = case_of(token.head)  # 'une plainte de l'association X et de Y': X's preposition is its head's
        inner = [c for t in self.doc[own.start : own.end] for c in t.children if t != token] if own else []
        inner = [c for c in inner if not any(w.pos_ in {"VERB", "AUX"} for w in self.doc[own.end : c.i])]
        for child in [*token.children, *inner]:  # and one hung on another word of the name ('les éditions X et Y')
            # a conjunct behind another preposition is no list member ('la société X, dont le siège est à Y')
            if child.dep_ == "conj" and case_of(child) in {"", own_case}:
                found.extend(self.mentions_at(child, depth + 1, seen))
        return unique(found)

    def named_after(self, noun: Token) -> list[MentionSpan]:
        """'le radiodiffuseur américain X': any common noun the name closes, past its adjectives, stands for it
        (the parser may hang the name elsewhere; it has no preposition of its own)."""
        doc, j = self.doc, noun.i + 1
        while j < min(len(doc), noun.i + 6) and self.index.get(j) is None and (
            doc[j].pos_ == "ADJ" or doc[j].lower_ in self.lexicon.adjectives
            or doc[j].lower_ in {"de", "d'", "d’"} and doc[j + 1 : j + 2].text.islower() and doc[j + 1].pos_ == "NOUN"
            or doc[j].is_lower and doc[j].pos_ == "NOUN" and doc[j - 1].lower_ in {"de", "d'", "d’"}
            or doc[j].lower_ in CUE_MODIFIERS or doc[j].text in {"«", "“", '"'}
        ):  # ('le milliardaire d'origine russe X', 'la chaîne télé « X »')
            j += 1
        named = self.index.get(j)
        if named is None or named.start != j or case_of(doc[j]) or doc[j - 1].pos_ == "ADP" or (
            qualifies_content(doc, j, self.index)):  # ('des sites de films d'animation X')
            return []
        return [named, *self.surface_list(named)]

    def identified_next(self, noun: Token) -> list[MentionSpan]:
        """'X a bloqué l'une des plus grandes bibliothèques en ligne. Il s'agit du site Y': the name the next sentence
        gives a described subject or object (one thing: a group the next sentence lists is resolve_group's)."""
        if not noun.dep_.startswith(("obj", "nsubj")) or is_plural(noun):
            return []
        after = self.next_sentence(noun)
        if after is None or [t.lower_.replace("’", "'") for t in after[:3]] != ["il", "s'", "agit"]:
            return []
        j = after.start + 3
        while j < min(after.end, after.start + 7) and self.index.get(j) is None and (
            self.doc[j].lower_ in PARTITIVE_PREPS | LIST_DETERMINERS or self.doc[j].lower_ in self.lexicon.cues
        ):
            j += 1
        named = self.index.get(j)
        return [named, *self.surface_list(named)] if named is not None and named.start == j else []

    def requested_by(self, mention: MentionSpan) -> bool:
        """Whether a name asks for the action: 'à la demande de Rogers Media, de Groupe TVA et de Bell Media'."""
        i = mention.start - 1
        while i >= max(0, mention.start - 14):
            tok = self.doc[i]
            if lemma_of(tok) in REQUEST_NOUNS:
                return True
            if not (tok.text in {",", "et"} or tok.lower_ in PARTITIVE_PREPS | LIST_DETERMINERS or i in self.index):
                return False
            i -= 1
        return False

    def attributed(self, mention: MentionSpan) -> bool:
        """Whether a name is the source of an attribution: 'selon (la) X', 'd'après (l')X'."""
        doc, i = self.doc, mention.start - 1
        while i >= 0 and mention.start - i <= 3 and (doc[i].lower_ in LIST_DETERMINERS or doc[i].is_lower):
            if doc[i].lower_ in SOURCE_MARKERS or doc[i].lower_ == "comme":
                break
            i -= 1  # 'selon le site X', 'd'après le quotidien X'
        if i >= 0 and doc[i].lower_ in LIST_DETERMINERS:
            i -= 1
        word = doc[i].lower_ if i >= 0 else ""
        if word in {"après", "comme"}:  # only 'd'après' (not 'après une plainte de X'); 'comme le souligne X'
            after = word == "après" and i >= 1 and doc[i - 1].lower_ in {"d'", "d’"}
            return after or word == "comme" and inverted_telling(doc, i, mention.start)
        return word in SOURCE_MARKERS

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
                if name is None or name.start != j + 1:
                    return []
                # '... deux autres portails de ROM, X et Y.': the apposed name, or the list it opens, closes it
                listed = [name, *self.surface_list(name)]
                last = max(m.end for m in listed)
                return listed if last >= noun.sent.end or doc[last].is_punct else []
        return []

    def role_holder(self, noun: Token) -> list[MentionSpan]:
        """'Le cofondateur de l'hébergeur X, le Néerlandais Y, a été condamné': the person named after the role's
        complement and a comma, past a short description of their own (whatever the parser hung it on)."""
        doc = self.doc
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children):
            return []
        j, stop = noun.i + 1, min(noun.sent.end - 1, noun.i + 12)
        while j < stop:
            if doc[j].text == "(":  # 'le directeur de l'Ifpi (la fédération ...), X': past the aside
                closing = next((k for k in range(j + 1, min(noun.sent.end, j + 12)) if doc[k].text == ")"), j)
                stop, j = min(noun.sent.end - 1, stop + closing - j), closing + 1
                continue
            if doc[j].pos_ in {"VERB", "AUX"} and "Fin" in doc[j].morph.get("VerbForm"):
                return []
            if doc[j].text == ",":
                named = self.described_name(j + 1)
                return [named] if named is not None and named.mention.coarse == "Person" else []
            j += 1
        return []

    def described_name(self, i: int) -> MentionSpan | None:
        """The name starting at i, or after a short description of its own: ', l'Espagnol X', ', le développeur X'."""
        doc = self.doc
        for k in range(i, min(i + 4, len(doc))):
            found = self.index.get(k)
            if found is not None:
                return found if found.start == k else None
            tok = doc[k]
            demonym = tok.text[:1].isupper() and tok.lower_ in self.lexicon.adjectives
            honorific = tok.lower_ in HONORIFICS or tok.text in LEGAL_FORM_PREFIXES  # 'à M. X', 'la SA X'
            if not (tok.pos_ in {"DET", "ADJ"} or tok.pos_ == "NOUN" and tok.text.islower() or demonym or honorific):
                return None
        return None

    def starts_name(self, token: Token) -> bool:
        return (named := self.index.get(token.i)) is not None and named.start == token.i

    def opening_name(self, noun: Token) -> list[MentionSpan]:
        """'X, la société qui exploite Y, ...', 'X, une société basée à Z, exploite Y', 'X, l'un des plus gros sites,
        a été bloqué': the name a described subject with a clause is apposed to (the parser often makes the noun a
        second subject, or an adjunct with no preposition, instead of an apposition)."""
        first = min([noun.i, *(c.i for c in noun.children if c.dep_ == "det")])
        relative = any(c.dep_ in {"acl:relcl", "acl"} for c in noun.children) or noun.lower_ in {"un", "une"}
        bare = noun.dep_ in {"obl:mod", "appos"} and not any(c.dep_ == "case" for c in noun.children)
        if is_plural(noun) or not relative or not (noun.dep_.startswith("nsubj") or bare) or first < 2:
            return []
        name = self.index.get(first - 2)
        return [name] if self.doc[first - 1].text == "," and name is not None and name.end == first - 1 else []

    def member_list(self, noun: Token) -> list[MentionSpan]:
        """'ces sites ..., comme X ou Y', 'les FAI, dont Orange et SFR': the members a plural noun introduces."""
        if not is_plural(noun):
            return []
        doc = self.doc
        # a subject's members stand before its verb: past it, 'dont Z' lists the object's
        verb = {noun.head.i, *(c.i for c in noun.head.children if c.dep_.startswith("aux"))}
        for j in range(noun.i + 1, noun.sent.end - 1):
            word = doc[j].lower_
            if noun.dep_.startswith("nsubj") and j in verb:
                return []  # 'Les studios X et Y ont obtenu ... des sites, dont Z': past its verb, the object's members
            if word in {"qui", "que", "qu'", "qu’"} and "Rel" in doc[j].morph.get("PronType") or (
                    doc[j].dep_ == "advmod" and doc[j].head.pos_ == "VERB" and noun.i < doc[j].head.i < j):
                return []  # the members of a later noun, or a verb's ('des sites diffusant notamment du X avec Y')
            if (
                word in MEMBER_MARKERS
                or (word == "tels" and doc[j + 1].lower_ == "que")
                or (word == "savoir" and doc[j - 1].lower_ == "à")  # 'les entreprises, à savoir X, Y'
            ):
                # 'parmi lesquels des géants comme X', 'tels que les sites X': up to five words to the first name;
                k, role = j + 1, False  # 'dont le fondateur du réseau, X': a role noun's closing name
                while (
                    k < min(noun.sent.end, j + 9)
                    and self.index.get(k) is None
                    and (doc[k].pos_ not in {"VERB", "AUX", "PUNCT"} or role and doc[k].text == ","
                         or doc[k].text in {"«", "“", '"'})  # 'dont le moteur de liens « X »': past a quote
                ):
                    role = role or lemma_of(doc[k]) in PERSON_ROLES
                    k += 1
                name = self.index.get(k)
                if name is not None and name.start == k:
                    return [name, *self.surface_list(name)]
                return []
        return []

    def surface_list(self, mention: MentionSpan) -> list[MentionSpan]:
        """Names listed with this one: 'Orange, SFR, Free et Bouygues Telecom', 'Cisco (OpenDNS) et Cloudflare'."""
        if (known := self._lists.get((mention.start, mention.end))) is None:
            known = self._lists[mention.start, mention.end] = self._surface_list(mention)
        return list(known)

    def _surface_list(self, mention: MentionSpan) -> list[MentionSpan]:
        doc = self.doc
        out = []
        skips = LIST_GLUE | LIST_SKIPS
        k = mention.start - 1
        k -= k >= 2 and doc[k].lower_ in self.lexicon.cues  # 'du groupe A, ... et de la B': the kind noun's 'du'
        k -= k >= 1 and doc[k].lower_ in LIST_DETERMINERS
        if k >= 0 and doc[k].lower_ in PARTITIVE_PREPS:
            skips = skips | PARTITIVE_PREPS  # 'une plainte de la Sacem, de la SCPP et de X': each item has its 'de'
        i = skip_aside(self.doc, self.index, past_quote(doc, mention))
        if i + 1 < len(doc) and doc[i].text == "." and doc[i + 1].lower_ in LIST_GLUE:
            i += 1  # 'la Warner Bros. et Paramount': the period of an abbreviation
        while i + 1 < len(doc) and (doc[i].lower_ in LIST_GLUE or doc[i : i + 2].text.lower() == "ainsi que"):
            j = i + 1  # 'X et Y', 'X, Y', 'X ainsi que Y'
            while j < len(doc) and (doc[j].lower_ in skips or doc[j].text in OPENING_QUOTES):
                j += 1  # 'et à Free', 'ou encore X', 'ainsi que X', 'et la SCPP', ', la Sacem', 'et « Y »'
            starts = self.index.get(j) is not None and self.index[j].start == j  # 'et la police égyptienne'
            if not starts and j + 1 < len(doc) and doc[j - 1].lower_ in LIST_DETERMINERS and (
                doc[j].lower_ in self.lexicon.cues or doc[j].text in LEGAL_FORM_PREFIXES  # ('et la SA Y')
            ):
                j += 1 + (doc[j + 1].is_lower and doc[j + 1].pos_ in {"ADJ", "VERB"})  # ('et la société liée Y')
                j += j < len(doc) and doc[j].text in OPENING_QUOTES  # 'et l'hébergeur « Y »'
            nxt = self.index.get(j)
            if nxt is None or nxt.start != j:
                break
            joined = {t.lower_ for t in doc[i:j]}
            clause = nxt.end < len(doc) and doc[nxt.end].pos_ in {"AUX", "VERB"}
            complement = "," in joined and doc[mention.start].dep_.startswith(("nmod", "obl"))  # 'du site X, et Y ont'
            if clause and (not joined & {"et", "ou", "ainsi"} or complement):
                break  # 'À la suite d'une plainte de X, les autorités ont ...': a clause's subject, not a list item
            if joined & DATIVE_PREPS and (k < 0 or doc[k].lower_ not in DATIVE_PREPS):
                break  # 'X, directeur de Y, à Z': an item with 'à' lists with a first one that has it too
            out.append(nxt)
            i = skip_aside(self.doc, self.index, past_quote(doc, nxt))
        i = mention.start - 1
        if i >= 2 and doc[i].lower_ == "que" and doc[i - 1].lower_ == "ainsi":
            prev = self.index.get(i - 2)  # 'A ainsi que C' with no comma: 'ainsi que' is the glue
            if prev is not None and prev.end == i - 1:
                out.append(prev)
                i = prev.start - 1
        while i >= 1 and (doc[i].lower_ in LIST_ADVERBS or doc[i].lower_ == "que" and doc[i - 1].lower_ == "ainsi"):
            i -= 1  # 'A, B ou encore C', 'A, mais aussi C', 'A, ainsi que C'
        if i >= 1 and doc[i].lower_ in LIST_DETERMINERS and doc[i - 1].lower_ in {"et", "ou"}:
            i -= 1  # 'L'Alpa et la Sacem' (not 'Torrentia, l'Alpa')
        while i - 1 >= 0 and doc[i].lower_ in LIST_GLUE:
            j = i - 1
            while j > 0 and doc[j].lower_ in LIST_GLUE:
                j -= 1  # 'X, Y, et Z'
            if doc[j].text == ")":  # 'Cisco (OpenDNS), X'
                while j > 0 and doc[j].text != "(":
                    j -= 1
                j -= 1
            if after_abbreviation(doc, j):
                j -= 1  # 'Warner Bros. et Netflix': the period of an abbreviation
            j = hometown_start(doc, self.index, tail_start(doc, self.index, j))  # ('A de X au Y, B')
            prev = self.index.get(j)
            if prev is None or prev.end != j + 1:
                break
            if fronted_complement(doc, prev, mention):
                if not after_participle(self.doc, prev.start):  # 'une coalition menée par A, B et C a ...'
                    break  # 'Sur demande de l'Arcom, Orange et SFR ont bloqué': a complement, then the subject list
            out.append(prev)
            i = prev.start - 1
            if i >= 1 and doc[i].lower_ in LIST_DETERMINERS and doc[i - 1].lower_ in LIST_GLUE:
                i -= 1
        return out

    def next_sentence(self, token: Token) -> Span | None:
        """The first sentence with words after the token's."""
        end = token.sent.end  # (token.sent walks the doc: once, not once per sentence)
        return next((s for s in self.sentences if s.start >= end and s.text.strip()), None)

    def one_list(self, keep, size: int | None = None) -> list[MentionSpan]:
        """The article's one list of the names keep holds: three or more in a sentence (exactly size, when
        given), wherever it stands; none when the article gives two different such lists."""
        groups = []
        for sent in self.sentences:
            group = self.names_in(sent.start, sent.end, keep)
            if len(group) >= 3 and (size is None or size == len(group)):
                groups.append(group)
        return list(groups[0].values()) if len({frozenset(g) for g in groups}) == 1 else []

    def names_in(self, start: int, end: int, keep) -> dict[str, MentionSpan]:
        """The first mention of each name (folded) between two token indices that keep(mention) accepts."""
        group: dict[str, MentionSpan] = {}
        for m in (m for m in self.spans if start <= m.start < end and keep(m)):
            group.setdefault(fold(m.mention.text), m)
        return group

    def sites_by_count(self, before: int | None = None) -> list[list[MentionSpan]]:
        """Each site's mentions (before a token index, if given), the most often named first."""
        counts: dict[str, list[MentionSpan]] = {}
        for m in self.spans:  # a platform named for an account on it ('son compte Twitter') is not counted
            if (before is None or m.start < before) and m.mention.coarse == "Website" and not self.on_account(m):
                counts.setdefault(fold(m.mention.text), []).append(m)
        return sorted(counts.values(), key=len, reverse=True)

    def on_account(self, mention: MentionSpan) -> bool:
        return mention.start > 0 and self.doc[mention.start - 1].lower_ in ACCOUNT_NOUNS


def unique(items: list[MentionSpan]) -> list[MentionSpan]:
    seen: set[int] = set()  # the first of each start, in order
    return [item for item in items if not (item.start in seen or seen.add(item.start))]
