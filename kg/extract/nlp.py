"""The spaCy pipeline: fr_core_news_md with a tokenizer fix in front of the parse.

``fr_core_news_md`` splits capitalised hyphenated names (Pays-Bas, Extreme-Down)
and some dotted names (Cpasbien.PE); the ``kg_merge_names`` component joins them
back into one token before the tagger and parser run, so the parse sees one noun.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import DEP, IDX, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START
from spacy.lang.fr.lemmatizer import FrenchLemmatizer
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import coordination, homographs  # noqa: F401  (register the kg_controlled_infinitives and kg_verb_homographs factories)
from kg.lexicon import DATA

MODEL = "fr_core_news_md"

_WORDS = json.loads((DATA / "tokenizer.json").read_text(encoding="utf-8"))
_CLITICS = frozenset(_WORDS["clitics"])
# Abbreviations whose period ends no sentence: 'Warner Bros. Discovery', 'Paramount Pictures Corp. et X'.
_ABBREVIATIONS = frozenset(_WORDS["abbreviations"])
_AMBIGUOUS_ADVERBS = frozenset(_WORDS["ambiguous_adverbial_phrases"])
_CASE_ABBREVIATIONS = frozenset(_WORDS["case_abbreviations"])
# Common nouns written with a hyphen, and their lemma: 'les plates-formes' is one noun, 'plateforme'.
# Multi-word adverbs too, one token each ('en effet' read as a noun takes the next verb as its clause).
_COMPOUNDS: dict[str, str] = _WORDS["compounds"] | {phrase: phrase for phrase in _WORDS["adverbial_phrases"]}
COMPOUND_NOUN = re.compile(
    rf"(?<![\w-])(?:{'|'.join(sorted(map(re.escape, _COMPOUNDS), key=len, reverse=True))})(?![\w-])", re.IGNORECASE
)
_WORD = r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+"
# Capitalised hyphenated compounds: Pays-Bas, Ed2k-It, Île-de-France, Saint-Pétersbourg.
HYPHENATED_NAME = re.compile(rf"(?<![\w-])[A-ZÀ-ÖØ-Þ0-9]{_WORD[:-1]}*(?:-{_WORD})+(?![\w-])")
# Domain names: allofmp3.com, Cpasbien.PE, vpn.ht, zone-annuaire.net.
DOMAIN_NAME = re.compile(
    r"(?<![\w@.-])(?:[0-9A-Za-zÀ-ÿ](?:[0-9A-Za-zÀ-ÿ-]*[0-9A-Za-zÀ-ÿ])?\.)+"
    rf"(?:{'|'.join(sorted(_WORDS['tlds'], key=len, reverse=True))})"
    r"(?![\w-])",
    re.IGNORECASE,
)
# A company suffix's period inside a sentence is part of its word: 'Warner Bros., Disney'.
NAME_SUFFIXES = frozenset(_WORDS["name_suffixes"])
SUFFIX_PERIOD = re.compile(rf"(?<![\w.])(?:{'|'.join(sorted(NAME_SUFFIXES))})\.(?=\s*[,;:)]|\s+[a-zà-ÿ])")
# An English possessive opening a name: 'Anna’s Archive' (the French tokenizer cuts it as an elision, 'Anna’ s').
POSSESSIVE_NAME = re.compile(r"(?<!\w)[A-ZÀ-Þ][\w-]*['’]s(?= [A-ZÀ-Þ0-9])")
# A brand's plus sign written apart: 'Canal +', 'Disney +', 'Vidalis ++' (left alone, the parser reads the sign as
# a preposition).
SPACED_PLUS = re.compile(r"(?<![\w+])[A-ZÀ-Þ][\w]+ \+\+?(?![\w+])")


def _is_name_compound(text: str) -> bool:
    parts = text.split("-")
    if any(part.lower() in _CLITICS for part in parts[1:]):
        return False
    return any(part[:1].isupper() or part[:1].isdigit() for part in parts[1:])


def _set_apart(text: str, start: int, end: int) -> bool:
    """Whether commas or a sentence's edge set the words apart: 'De plus, X', 'X a, de plus, fermé'."""
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return not before or before[-1] in ",.;:!?\n" or not after or after[0] in ",.;:!?"


@Language.component("kg_merge_names")
def merge_names(doc: Doc) -> Doc:
    """Merge hyphenated names and domain names into single tokens."""
    spans = []
    text = doc.text  # Doc.text joins every token on each read
    for match in DOMAIN_NAME.finditer(text):
        spans.append((match.start(), match.end()))
    for match in SPACED_PLUS.finditer(text):
        spans.append((match.start(), match.end()))
    for match in POSSESSIVE_NAME.finditer(text):
        spans.append((match.start(), match.end()))
    for match in HYPHENATED_NAME.finditer(text):
        if _is_name_compound(match.group()):
            spans.append((match.start(), match.end()))
    for match in COMPOUND_NOUN.finditer(text):
        if match.group().lower() not in _AMBIGUOUS_ADVERBS or _set_apart(text, match.start(), match.end()):
            spans.append((match.start(), match.end()))
    for match in SUFFIX_PERIOD.finditer(text):
        spans.append((match.start(), match.end()))
    if not spans:
        return doc
    taken: list[tuple[int, int]] = []
    with doc.retokenize() as retokenizer:
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            span = doc.char_span(start, end, alignment_mode="strict")
            if span is None or len(span) < 2:
                continue
            taken.append((start, end))
            retokenizer.merge(span, attrs={"LEMMA": _COMPOUNDS.get(span.text.lower(), span.text)})
    return doc


_SENTENCE_END = (".", "!", "?", "…", "»", '"', "”", ")", "]", ";")
_SENTENCE_END_CODES = numpy.array([ord(c) for c in _SENTENCE_END], dtype=numpy.uint32)
_NOT_START = numpy.uint64(2**64 - 1)  # SENT_START -1 (not a start) as Doc.to_array writes it


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentence boundaries the parser must respect.

    A line break ends a sentence (a headline never runs into the next paragraph),
    and a sentence never starts right after a word or a comma, nor on a lowercase
    word: the parser otherwise splits "Le site X, principale source de Y, a été
    fermé" in two, and "la Warner Bros. et Sony Music" after the abbreviation.
    """
    if len(doc) < 2:
        return doc
    # Read as arrays: one Token object per word costs more than the whole rule.
    table = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START])
    starts, lengths = table[:, 0].astype(numpy.int64), table[:, 1].astype(numpy.int64)
    chars = numpy.frombuffer(doc.text.encode("utf-32-le"), dtype=numpy.uint32)
    newlines = numpy.concatenate(([0], numpy.cumsum(chars == 10)))
    # the previous token's text and trailing whitespace: text[starts[i - 1] : starts[i]]
    after_newline = newlines[starts[1:]] > newlines[starts[:-1]]
    after_end = numpy.isin(chars[starts[:-1] + lengths[:-1] - 1], _SENTENCE_END_CODES)
    space = table[1:, 2].astype(bool)
    sent_start = table[:, 3].copy()
    rest = sent_start[1:]
    rest[~space & ~after_newline & ~after_end] = _NOT_START
    # nor right before a lowercase word: 'la Warner Bros. et Sony Music', 'Paramount Pictures Corp. a porté ...'
    text = doc.text
    for k in numpy.nonzero(~space & ~after_newline & after_end)[0]:
        if text[starts[k + 1]].islower() or after_abbreviation(doc, k) or inside_brackets(text, int(starts[k + 1])):
            rest[k] = _NOT_START
    rest[~space & after_newline] = 1
    rest[space] = _NOT_START
    doc.from_array([SENT_START], sent_start)
    return doc


def paragraph_breaks_by_token(doc: Doc) -> Doc:
    """The same rule read token by token (the reference the array version is tested against)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_space:
            token.is_sent_start = False  # a blank line stays with the sentence before it
        elif "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif not previous.text.endswith(_SENTENCE_END) or token.text[:1].islower():
            token.is_sent_start = False
        elif after_abbreviation(doc, previous.i) or inside_brackets(doc.text, token.idx):
            token.is_sent_start = False
    return doc


def inside_brackets(text: str, pos: int, reach: int = 200) -> bool:
    """Whether pos lies in brackets that close soon after on the same line: 'X, Français (Vraiment ? Non !)
    originaire de Y, ...' is one sentence."""
    line_start = text.rfind("\n", 0, pos) + 1
    opening = text.rfind("(", max(line_start, pos - reach), pos)
    if opening < 0 or text.find(")", opening, pos) >= 0:
        return False
    line_end = text.find("\n", pos)
    return text.find(")", pos, min(pos + reach, len(text) if line_end < 0 else line_end)) >= 0


def after_abbreviation(doc: Doc, k: int) -> bool:
    """Whether token k is the period of an abbreviation written against it ('Bros.', 'Inc.'), or of a middle
    initial ('Justin K. Moreau'), or the 'c.' or 'v.' of a case's name after its first party."""
    if doc[k].lower_ in _CASE_ABBREVIATIONS and k >= 1 and doc[k - 1].text[:1].isupper():
        return True  # 'l'affaire BMG c. Grokster': the period is the abbreviation's, written in its token
    if doc[k].text != "." or k < 1 or doc[k - 1].whitespace_:
        return False
    if doc[k - 1].text in _ABBREVIATIONS:
        return True
    initial = doc[k - 1].text
    return len(initial) == 1 and initial.isupper() and k >= 2 and doc[k - 2].text[:1].isupper() and doc[k - 2].is_alpha


_OBJECT_CLITICS = frozenset(_WORDS["object_clitics"])


@Language.component("kg_object_clitics")
def object_clitics(doc: Doc) -> Doc:
    """An object pronoun before its verb ('et les a fermés', 'et l'a bloqué') is never the verb's subject.

    The parser sometimes takes it for one (and tags 'les' a determiner); the verb then seems to have a
    subject of its own and loses both the one it shares with the verb it is coordinated with and its object.
    Read as arrays: one Token object per word costs more than the whole rule.
    """
    if len(doc) < 2:
        return doc
    strings = doc.vocab.strings
    table = doc.to_array([LOWER, DEP, POS])
    clitic_ids = numpy.array([strings.add(w) for w in _OBJECT_CLITICS], dtype=table.dtype)
    verbal = numpy.isin(table[1:, 2], numpy.array([strings.add("AUX"), strings.add("VERB")], dtype=table.dtype))
    found = numpy.isin(table[:-1, 0], clitic_ids) & (table[:-1, 1] == strings.add("nsubj")) & verbal
    if not found.any():
        return doc
    deps, tags = table[:, 1].copy(), table[:, 2].copy()
    deps[:-1][found] = strings.add("obj")
    tags[:-1][found] = strings.add("PRON")
    doc.from_array([DEP, POS], numpy.stack([deps, tags], axis=1))
    return doc


_ADVERBIAL_PHRASES = frozenset(_WORDS["adverbial_phrases"])
DATIVE_CLITICS = frozenset(_WORDS["dative_clitics"])


@Language.component("kg_adverbial_phrases")
def adverbial_phrases(doc: Doc) -> Doc:
    """A joined adverbial phrase ('en effet', 'en outre') is an adverb of its clause, never the preposition of the
    noun after it, which the parser makes it from its 'en' ('X réclame en effet un dédommagement', 'utilisait en
    effet eBay'): the noun was then an adjunct, and becomes the verb's object again when nothing else marks it."""
    strings = doc.vocab.strings
    table = doc.to_array([LOWER, DEP])
    phrase_ids = numpy.array([strings.add(w) for w in _ADVERBIAL_PHRASES], dtype=table.dtype)
    found = numpy.isin(table[:, 0], phrase_ids) & (table[:, 1] == strings.add("case"))
    for i in numpy.nonzero(found)[0]:
        phrase = doc[int(i)]
        noun, verb = phrase.head, phrase.head.head
        phrase.dep_ = "advmod"
        marked = any(c.dep_ in {"case", "mark"} for c in noun.children)
        if noun.dep_.startswith("obl") and verb.pos_ == "VERB" and verb.i < phrase.i and not marked and not any(
            c.dep_ == "obj" and c.lower_ not in DATIVE_CLITICS for c in verb.children  # (a dative clitic may be one)
        ):
            noun.dep_ = "obj"
    return doc


@Language.component("kg_cleft_focus")
def cleft_focus(doc: Doc) -> Doc:
    """The focus of a cleft that a preposition opens ('C'est en groupe que X ont porté plainte', 'C'est à Paris
    que ...') is an adjunct of the clause after 'que', never its subject, which the parser often makes it: the
    clause's own subject is then left as the subject."""
    strings = doc.vocab.strings
    table = doc.to_array([LOWER, DEP])
    demonstratives = numpy.array([strings.add(w) for w in ("c'", "c’", "ce")], dtype=table.dtype)
    subject = numpy.isin(table[:, 1], numpy.array([strings.add("nsubj"), strings.add("expl:subj")], dtype=table.dtype))
    found = numpy.isin(table[:, 0], demonstratives) & subject
    for i in numpy.nonzero(found)[0]:  # only the heads of a 'c'' subject are read
        focus = doc[int(i)].head
        if focus.dep_.startswith("nsubj") and any(c.dep_ == "case" for c in focus.children) and any(
            c.dep_ == "cop" for c in focus.children
        ):
            focus.dep_ = "obl:mod"
    return doc


# The coarse tags FrenchLemmatizer.rule_lemmatize reads its rules for (others: the lookup table).
_RULE_TAGS = frozenset("noun verb adj adp adv aux cconj det pron punct sconj".split())


class _MemoLemmatizer(FrenchLemmatizer):
    """spaCy's French rule lemmatizer, memoised on what it reads.

    ``FrenchLemmatizer.rule_lemmatize`` reads a token's text and its coarse tag and nothing
    else (its fallback, ``lookup_lemmatize``, reads the text alone), so one lemma per
    (ORTH, POS) pair gives the very lemmas it writes, without a Token object per word.
    """

    _MEMO_SIZE = 1 << 18  # (ORTH, POS) pairs kept; past that the memo starts again (bounded memory)

    def __call__(self, doc: Doc) -> Doc:
        if self.overwrite or self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        table = doc.to_array([ORTH, POS, LEMMA])
        lemmas = table[:, 2].copy()
        orths, tags = table[:, 0].tolist(), table[:, 1].tolist()
        memo = self.__dict__.setdefault("_kg_memo", {})
        if len(memo) > self._MEMO_SIZE:
            memo.clear()
        strings = doc.vocab.strings
        for i in numpy.flatnonzero(lemmas == 0).tolist():  # lemmas set before (merged names) stay
            key = (orths[i], tags[i])
            lemma = memo.get(key)
            if lemma is None:
                lemma = memo[key] = strings.add(self.lemma_of(strings[orths[i]], strings[tags[i]].lower()))
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc

    def lemma_of(self, text: str, univ_pos: str) -> str:
        """``rule_lemmatize(token)[0]`` of spaCy 3.8's FrenchLemmatizer, step for step, for a token of
        this text and this lowercase coarse tag; but each tag's word index is read as a set, where
        spaCy scans its list (tens of thousands of words) for every new word."""
        if univ_pos in ("", "eol", "space"):
            return text.lower()
        if "lemma_rules" not in self.lookups or univ_pos not in _RULE_TAGS:
            result = self.lookups.get_table("lemma_lookup", {}).get(text, text)  # lookup_lemmatize
            return result if isinstance(result, str) else result[0]
        index = self._index(univ_pos)
        exceptions = self.lookups.get_table("lemma_exc", {}).get(univ_pos, {})
        rules = self.lookups.get_table("lemma_rules", {}).get(univ_pos, [])
        string = text.lower()
        if string in index:
            return string
        forms = list(exceptions.get(string, []))
        oov_forms = []
        if not forms:
            for old, new in rules:
                if string.endswith(old):
                    form = string[: len(string) - len(old)] + new
                    if not form:
                        pass
                    elif form in index or not form.isalpha():
                        forms.append(form)
                    else:
                        oov_forms.append(form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(self.lookups.get_table("lemma_lookup", {}).get(string, [string])[0])
        return forms[0]

    def _index(self, univ_pos: str) -> frozenset[str]:
        sets = self.__dict__.setdefault("_kg_index", {})
        if univ_pos not in sets:
            sets[univ_pos] = frozenset(self.lookups.get_table("lemma_index", {}).get(univ_pos, {}))
        return sets[univ_pos]


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The French pipeline, loaded once per process."""
    nlp = spacy.load(MODEL)
    lemmatizer = nlp.get_pipe("lemmatizer")
    if type(lemmatizer) is FrenchLemmatizer:
        lemmatizer.__class__ = _MemoLemmatizer  # same tables and config, memoised
    nlp.add_pipe("kg_merge_names", first=True)
    nlp.add_pipe("kg_paragraph_breaks", after="kg_merge_names")
    nlp.add_pipe("kg_verb_homographs", after="parser")
    nlp.add_pipe("kg_object_clitics", after="kg_verb_homographs")
    nlp.add_pipe("kg_adverbial_phrases", after="kg_object_clitics")
    nlp.add_pipe("kg_cleft_focus", after="kg_adverbial_phrases")
    nlp.add_pipe("kg_controlled_infinitives", after="lemmatizer")  # reads lemmas
    return nlp
