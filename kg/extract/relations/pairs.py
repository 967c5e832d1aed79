"""Candidate pairs of one article for the learned relation reader: every two names whose types a relation
allows, each pair described by what the whole article says around them (features), not by one sentence.

The pattern rules read a relation in the sentence that states it; much of what an article tells is spread
over several sentences ('les quatre FAI' of one paragraph, the sites listed in another). A pair's features
are its names' kinds, how close the two names stand, the cue words of each relation near them, the role
each name plays towards such a cue (subject, object, agent), how often each name is named, and whether it
stands in a list. The features are strings, read by the weights of kg/data/relation_model.json.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, POS
from spacy.tokens import Doc
from spacy.tokens import Token as SpacyToken

from kg.extract.relations.syntax import OBLIGATION_COUNTS, is_irrealis, is_negated, lemma_of
from kg.extract.relations.words import DISPUTING_VERBS
from kg.lexicon import fold, load_lexicon
from kg.records import Mention

__all__ = ["ArticleView", "Candidate", "Name", "candidates", "view_of"]

# a dependency label kept whole in a role path: the agent and the passive subject tell the role apart
_KEPT_LABELS = {"nsubj:pass", "obl:agent"}
_BETWEEN_POS = {"VERB", "NOUN", "ADP", "AUX"}
_BETWEEN_SPAN = 12  # tokens between two names for the words between them to count
_ROLE_HOPS = 3  # heads climbed from a name to the cue word it depends on
_LIST_SIZE = 3  # names of one kind in one sentence that make it a list
_STATING_POS = {"VERB", "AUX", "NOUN", "ADJ"}
_DEMONYM_SPAN = 8  # tokens around a name where a nationality adjective describes it
DUTY_PREDICATE = next(iter(sorted(OBLIGATION_COUNTS)))  # the relation an obligation states as done


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    lemma: str
    pos: str
    dep: str
    head: int  # index of the head in the sentence
    denied: bool = False  # negated or irrealis: 'n'a pas fermé', 'pourrait bloquer', 'envisage de bloquer'
    denied_duty: bool = False  # the same, an obligation counting as done ('devront bloquer' reports an order)
    country: str = ""  # the country a nationality adjective names ('belges' -> 'belgique', folded)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class ArticleView:
    """What the pair features read of a parsed article: its sentences, their tokens and heads."""

    sentences: tuple[Sentence, ...]


def _token_denied(token: SpacyToken, predicate: str = "") -> bool:
    """Whether the sentence denies or only envisages what a word states; a noun by the verb it depends on
    ('ne détient aucun droit')."""
    if token.pos_ not in _STATING_POS:
        return False
    if is_negated(token) or is_irrealis(token, predicate):
        return True
    if any(lemma_of(ancestor) in DISPUTING_VERBS for ancestor in list(token.ancestors)[:_ROLE_HOPS]):
        return True  # 'a contesté l'obligation de bloquer X'
    return token.pos_ == "NOUN" and token.head.pos_ == "VERB" and token.head.i != token.i and _token_denied(token.head)


def view_of(doc: Doc, cues: Mapping[str, tuple[str, ...]]) -> ArticleView:
    """The parse of ``doc`` as plain records (sentence-relative heads); only a cue word's denial is worked out.

    The columns are read with one ``Doc.to_array`` call: a spaCy Token per word cost more than the records
    (a cue word, whose denial reads the parse, is the only one made).
    """
    adjectives = load_lexicon().adjectives
    columns = doc.to_array([IDX, LENGTH, LEMMA, POS, DEP, LOWER, HEAD])
    starts, lengths, lemma_ids, pos_ids, dep_ids, lower_ids = (c.tolist() for c in columns[:, :-1].T)
    heads = columns[:, -1].astype(numpy.int64).tolist()  # head.i - i, written unsigned
    text_of = _Strings(doc.vocab.strings)
    lemma_of_id = _Strings(doc.vocab.strings, str.lower)  # t.lemma_.lower()
    sentences = []
    for sent in doc.sents:
        tokens = []
        for i in range(sent.start, sent.end):
            lemma, pos = lemma_of_id[lemma_ids[i]], text_of[pos_ids[i]]
            denied = lemma in cues and _token_denied(doc[i])
            # an obligation is denied by fewer words than a deed (no other test differs): only a denied word's is read
            denied_duty = denied and _token_denied(doc[i], DUTY_PREDICATE)
            tokens.append(
                Token(
                    starts[i], starts[i] + lengths[i], lemma, pos, text_of[dep_ids[i]], i + heads[i] - sent.start,
                    denied, denied_duty,
                    _country(adjectives, text_of[lower_ids[i]]) if pos == "ADJ" else "",
                )
            )
        sentences.append(Sentence(sent.start_char, sent.end_char, tuple(tokens)))
    return ArticleView(tuple(sentences))


def _country(adjectives, lower: str) -> str:
    return fold(adjectives[lower].name) if lower in adjectives else ""


class _Strings(dict):
    """The string of a vocabulary hash (through ``convert``), looked up once per hash and article."""

    def __init__(self, strings, convert: Callable[[str], str] = str):
        super().__init__()
        self.strings, self.convert = strings, convert

    def __missing__(self, key: int) -> str:
        value = self[key] = self.convert(self.strings[key])
        return value


@dataclass
class Name:
    """One surface name of the article and every mention of it."""

    text: str
    coarse: str
    fine: str
    mentions: list[Mention]
    sentences: list[int]
    rank: int = 0  # 0 for the most named name of its coarse type
    roles: tuple[tuple[tuple[int, int], str, str], ...] = ()  # (cue token, relation, dependency path)
    contexts: tuple[tuple[int, str, str], ...] = ()  # (sentence, word before, word after) of each mention
    demonyms: frozenset[str] = frozenset()  # countries of the nationality adjectives near a mention (folded)
    by_sentence: dict[int, list[Mention]] = field(default_factory=dict)  # its mentions in each sentence


@dataclass(frozen=True)
class Candidate:
    """Two names and a relation their types allow, with the features of the pair."""

    subject: Name
    predicate: str
    object: Name
    features: tuple[str, ...]
    shared: tuple[int, ...]  # the sentences that name both
    cue_sentences: tuple[int, ...]  # the shared sentences with a cue word of the relation
    denied: bool  # every cue word of the relation in the sentences naming either name is negated or irrealis


def _covered(tokens: tuple[Token, ...], mention: Mention) -> list[int]:
    """Indexes of the tokens a mention covers."""
    return [k for k, t in enumerate(tokens) if mention.start <= t.start < mention.end]


def _bucket(n: int, cuts: tuple[int, ...]) -> str:
    """'0', '1', '2' ... up to the last cut, then 'last+'.

    >>> _bucket(0, (0, 1)), _bucket(1, (0, 1)), _bucket(5, (0, 1))
    ('0', '1', '1+')
    """
    for cut in cuts:
        if n <= cut:
            return str(cut)
    return f"{cuts[-1]}+"


class _Article:
    """The per-article tables the features of every pair read."""

    def __init__(self, view: ArticleView, mentions: list[Mention], cues: Mapping[str, tuple[str, ...]]):
        self.view, self.cues = view, cues
        self.starts = [s.start for s in view.sentences]
        self.token_starts = [[t.start for t in s.tokens] for s in view.sentences]
        self.names = self._names(mentions)
        # cue words of each sentence: (character offset, relation), and those the sentence denies
        self.sentence_cues, self.denied_cues = [], []
        for sentence in view.sentences:
            found = [(t, p) for t in sentence.tokens for p in cues.get(t.lemma, ())]
            self.sentence_cues.append([(t.start, p) for t, p in found])
            self.denied_cues.append(
                {(t.start, p) for t, p in found if (t.denied_duty if p in OBLIGATION_COUNTS else t.denied)}
            )
        self.article_cues = Counter(p for cues_ in self.sentence_cues for _, p in cues_)
        # the sentences that cue each relation
        self.cued: dict[str, set[int]] = {}
        for i, cues_ in enumerate(self.sentence_cues):
            for _, p in cues_:
                self.cued.setdefault(p, set()).add(i)
        counts: dict[int, Counter] = {}
        for name in self.names.values():
            for i in set(name.sentences):
                counts.setdefault(i, Counter())[name.coarse] += 1
        self.lists = {(i, coarse) for i, c in counts.items() for coarse, n in c.items() if n >= _LIST_SIZE}

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def _names(self, mentions: list[Mention]) -> dict[str, Name]:
        grouped: dict[str, list[Mention]] = {}
        for mention in mentions:
            grouped.setdefault(mention.text, []).append(mention)
        names = {}
        for text, group in grouped.items():
            coarse = Counter(m.coarse for m in group).most_common(1)[0][0]
            fine = Counter(m.fine or "-" for m in group).most_common(1)[0][0]
            sentences = sorted({self.sentence_of(m.start) for m in group})
            name = Name(text, coarse, fine, group, sentences)
            for m in group:
                name.by_sentence.setdefault(self.sentence_of(m.start), []).append(m)
            name.roles = tuple(r for m in group for r in self._roles(m))
            name.contexts = tuple(sorted({self._context(m) for m in group}))
            name.demonyms = frozenset(c for m in group for c in self._demonyms(m))
            names[text] = name
        by_kind: dict[str, list[Name]] = {}
        for name in names.values():
            by_kind.setdefault(name.coarse, []).append(name)
        for group in by_kind.values():
            group.sort(key=lambda n: (-len(n.mentions), n.mentions[0].start))
            for rank, name in enumerate(group):
                name.rank = rank
        return names

    def _roles(self, mention: Mention) -> list[tuple[tuple[int, int], str, str]]:
        """The cue words a mention depends on, within a few heads, and the path of labels to each."""
        i = self.sentence_of(mention.start)
        tokens = self.view.sentences[i].tokens
        inside = _covered(tokens, mention)
        if not inside:
            return []
        k = next((k for k in inside if tokens[k].head not in inside), inside[0])
        roles, path = [], []
        for _ in range(_ROLE_HOPS):
            token = tokens[k]
            if token.head == k:
                break
            path.append(token.dep if token.dep in _KEPT_LABELS else token.dep.split(":")[0])
            for p in self.cues.get(tokens[token.head].lemma, ()):
                roles.append(((i, token.head), p, ">".join(path)))
            k = token.head
        return roles

    def _context(self, mention: Mention) -> tuple[int, str, str]:
        """The lemmas right before and right after a mention ('contre X', 'X, qui'), '' at a sentence's edge."""
        i = self.sentence_of(mention.start)
        tokens = self.view.sentences[i].tokens
        before = [t.lemma for t in tokens if t.end <= mention.start]
        after = [t.lemma for t in tokens if t.start >= mention.end]
        return i, before[-1] if before else "", after[0] if after else ""

    def _demonyms(self, mention: Mention) -> set[str]:
        """'les fournisseurs d'accès belges : X, Y': the countries of the nationality adjectives a few words away."""
        tokens = self.view.sentences[self.sentence_of(mention.start)].tokens
        at = _covered(tokens, mention)
        if not at:
            return set()
        lo, hi = max(0, at[0] - _DEMONYM_SPAN), at[-1] + _DEMONYM_SPAN + 1
        return {t.country for t in tokens[lo:hi] if t.country}

    def between(self, i: int, a: Mention, b: Mention) -> tuple[int, set[str]]:
        """How many tokens stand between two mentions of one sentence, and the words among them."""
        lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
        starts = self.token_starts[i]
        tokens = self.view.sentences[i].tokens[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
        words = {t.lemma for t in tokens if t.pos in _BETWEEN_POS} if len(tokens) <= _BETWEEN_SPAN else set()
        return len(tokens), words


def _denied(art: _Article, p: str, sentences: list[int]) -> bool:
    """Whether the sentences have cue words of the relation and deny every one of them."""
    cues = [(i, c) for i in sentences for c in art.sentence_cues[i] if c[1] == p]
    return bool(cues) and all(c in art.denied_cues[i] for i, c in cues)


def _pair_features(art: _Article, a: Name, p: str, b: Name) -> tuple[list[str], list[int], list[int]]:
    features = [f"{p}|bias", f"{p}|ta:{a.coarse}|tb:{b.coarse}", f"{p}|fa:{a.fine}", f"{p}|fb:{b.fine}"]
    features.append(f"{p}|fa:{a.fine}|fb:{b.fine}")
    shared = sorted(set(a.sentences) & set(b.sentences))
    features.append(f"{p}|cooc:{_bucket(len(shared), (0, 1, 2))}")
    cue_sentences, forward, backward, nearest, words = [], False, False, 999, set()
    for i in shared:
        cues = [offset for offset, q in art.sentence_cues[i] if q == p]
        if cues:
            cue_sentences.append(i)
        for x in a.by_sentence[i]:
            for y in b.by_sentence[i]:
                forward = forward or any(x.end <= c < y.start for c in cues)
                backward = backward or any(y.end <= c < x.start for c in cues)
                gap, between = art.between(i, x, y)
                nearest, words = min(nearest, gap), words | between
    features.append(f"{p}|cueshared:{_bucket(len(cue_sentences), (0, 1))}")
    if forward:
        features.append(f"{p}|cuedir")
    if backward:
        features.append(f"{p}|cuerev")
    if shared:
        features.append(f"{p}|dist:{_bucket(nearest, (2, 5, 10, 20))}")
    features += [f"{p}|btw:{w}" for w in sorted(words)]
    cued = art.cued.get(p, set())
    cue_a = any(i in cued for i in a.sentences)
    cue_b = any(i in cued for i in b.sentences)
    features.append(f"{p}|cuea:{int(cue_a)}|cueb:{int(cue_b)}")
    near = any(abs(i - j) <= 1 for i in a.sentences for j in b.sentences)
    features.append(f"{p}|near:{int(near)}")
    features.append(f"{p}|doccue:{_bucket(art.article_cues[p], (0, 1, 3))}")
    roles_a = [r for r in a.roles if r[1] == p]
    roles_b = [r for r in b.roles if r[1] == p]
    features += sorted({f"{p}|arole:{r[2]}" for r in roles_a} | {f"{p}|brole:{r[2]}" for r in roles_b})
    same = sorted({(x[2], y[2]) for x in roles_a for y in roles_b if x[0] == y[0]})
    features += [f"{p}|pair:{x}|{y}" for x, y in same]
    if same:
        features.append(f"{p}|samecue")
    features.append(f"{p}|ra:{_bucket(a.rank, (0, 1, 2))}|rb:{_bucket(b.rank, (0, 1, 2))}")
    features += [f"{p}|na:{_bucket(len(a.mentions), (1, 2, 4))}", f"{p}|nb:{_bucket(len(b.mentions), (1, 2, 4))}"]
    if any((i, b.coarse) in art.lists for i in b.sentences):
        features.append(f"{p}|blist")
    if any((i, a.coarse) in art.lists for i in a.sentences):
        features.append(f"{p}|alist")
    if 0 in a.sentences:
        features.append(f"{p}|atitle")
    if 0 in b.sentences:
        features.append(f"{p}|btitle")
    if fold(b.text) in a.demonyms:
        features.append(f"{p}|demonym")  # 'les FAI belges : X, Y' and Belgique named in the article
    # the words around each name, in the sentences that cue the relation ('plainte ... contre X', 'basé à X')
    for side, name in (("a", a), ("b", b)):
        around = {(before, after) for i, before, after in name.contexts if i in cued}
        features += sorted({f"{p}|{side}prev:{w}" for w, _ in around} | {f"{p}|{side}next:{w}" for _, w in around})
    return features, shared, cue_sentences


def candidates(
    view: ArticleView,
    mentions: list[Mention],
    cues: Mapping[str, tuple[str, ...]],
    signatures: Mapping[str, tuple[frozenset[str], frozenset[str]]],
    admits: Callable[[Name, str, Name], bool] | None = None,
) -> Iterator[Candidate]:
    """Every ordered pair of the article's names, for every relation whose (domain, range) their types fit.

    ``cues`` maps a lemma to the relations it cues; ``signatures`` a relation to its domain and range;
    ``admits``, when given, a finer test on the names' types, made before the features are worked out.
    Pairs come in the order of first mention, so that what is built from them is deterministic.
    """
    art = _Article(view, mentions, cues)
    names = sorted(art.names.values(), key=lambda n: (n.mentions[0].start, n.text))
    for a in names:
        for b in names:
            if a is b:
                continue
            for p, (domain, range_) in signatures.items():
                if a.coarse in domain and b.coarse in range_ and (admits is None or admits(a, p, b)):
                    features, shared, cue_sentences = _pair_features(art, a, p, b)
                    denied = _denied(art, p, cue_sentences or sorted(set(a.sentences) | set(b.sentences)))
                    yield Candidate(a, p, b, tuple(features), tuple(shared), tuple(cue_sentences), denied)
