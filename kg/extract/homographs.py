"""Present-tense trigger verbs the tagger reads as another word, parsed again as verbs.

A headline or a lede in the present tense often opens with a name and a verb that is also an adjective or a
noun ("X ferme le site Y", "X attaque Y en justice", "X démantèle trois sites"): the tagger then reads "ferme"
as an adjective of the name, and the parser hangs the whole sentence on the name. A form of a verb the relation
tables list (``kg/data/relation_patterns.json``, verb rows), put between a name and what can open its object,
is the clause's verb. The sentence is parsed again with that word in a tense no noun or adjective shares (the
imperfect, the compound past, the future), and the new tree is kept when it gives the verb a subject before it and
a dependent after it (the compound past's auxiliary left out); the word keeps its text and gets a present's
features.

Example (the parse of "Europol ferme le site X." gains a verb)::

    >>> from kg.extract.nlp import load_nlp
    >>> [(t.text, t.pos_, t.dep_) for t in load_nlp()("Europol ferme le site Kinotube.")][:2]
    [('Europol', 'PROPN', 'nsubj'), ('ferme', 'VERB', 'ROOT')]
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import DEP, HEAD, LOWER, POS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

# Where the subject's last word may be, and what may open the object or the complement after the verb.
_SUBJECT_END = frozenset({"PROPN", "NOUN"})
_OBJECT_START = frozenset({"DET", "PROPN", "NUM", "ADP"})
# A finite verb the parser hangs under the name before it as if it were a modifier.
_MODIFIER_ARCS = frozenset({"acl", "amod", "nmod", "appos", "dep", "flat:name", "punct"})
_SUBJECT_ARCS = frozenset({"nsubj", "nsubj:pass"})
_CONSONANTS_THEN_END = re.compile(r"è([^aeiouyéè]+)$")
_OPEN_E_THEN_END = re.compile(r"[eé]([^aeiouyéè]+)$")


@lru_cache(maxsize=1)
def trigger_verbs() -> frozenset[str]:
    """The first-group verbs ('-er') that open an expression of the verb rows of the relation tables."""
    from kg.extract.relations import load_rules  # (here: the relations package imports the pipeline's module)

    rows = load_rules().patterns
    first = {(e.before or (e.head,))[0] for row in rows if row.kind == "verb" for e in row.expressions}
    return frozenset(w for w in first if w.endswith("er") and w.isalpha())


@lru_cache(maxsize=1)
def present_forms() -> frozenset[str]:
    """Every third-person present form ``verb_of`` reads: the only words worth a look (read as an array).

    >>> {"ferme", "démantèle", "attaquent"} <= present_forms(), "site" in present_forms()
    (True, False)
    """
    stems = {verb[:-2] for verb in trigger_verbs()}
    stems |= {_OPEN_E_THEN_END.sub(r"è\1", stem) for stem in stems}
    return frozenset(stem + ending for stem in stems for ending in ("e", "ent"))


def verb_of(form: str) -> tuple[str, bool] | None:
    """The trigger verb a present-tense third-person form belongs to, and whether the form is plural.

    >>> verb_of("démantèle"), verb_of("attaquent"), verb_of("site")
    (('démanteler', False), ('attaquer', True), None)
    """
    plural = form.endswith("ent")
    if not (plural or form.endswith("e")):
        return None
    stem = form[:-3] if plural else form[:-1]
    for candidate in (stem, _CONSONANTS_THEN_END.sub(r"e\1", stem), _CONSONANTS_THEN_END.sub(r"é\1", stem)):
        if candidate + "er" in trigger_verbs():
            return candidate + "er", plural
    return None


def other_tenses(verb: str, plural: bool) -> list[list[str]]:
    """The imperfect, the compound past and the future of the verb, third person: forms no noun or adjective shares.

    >>> other_tenses("forcer", False)
    [['forçait'], ['a', 'forcé'], ['forcera']]
    >>> other_tenses("manger", True)[0]
    ['mangeaient']
    """
    stem = verb[:-2]
    soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    return [
        [soft + ("aient" if plural else "ait")],
        ["ont" if plural else "a", stem + "é"],
        [stem + ("eront" if plural else "era")],
    ]


def _suspect(token: Token) -> tuple[str, bool] | None:
    doc = token.doc
    if not (0 < token.i < len(doc) - 1 and token.is_alpha and token.is_lower) or token.pos_ == "AUX":
        return None
    if token.pos_ == "VERB" and (  # (a form in '-e' is no participle, whatever the features say)
        token.dep_ not in _MODIFIER_ARCS or any(c.dep_ in _SUBJECT_ARCS for c in token.children)
    ):
        return None
    if doc[token.i - 1].pos_ not in _SUBJECT_END or doc[token.i + 1].pos_ not in _OBJECT_START:
        return None
    return verb_of(token.lower_)


def _reparse(sent: Span, token: Token, verb: str, plural: bool, stages) -> list[tuple[int, str, str]] | None:
    """The sentence's tree with the verb in another tense, if that tree gives it a subject and a dependent after it:
    (head, arc, tag) for each of the sentence's words, heads counted from the sentence's start."""
    at = token.i - sent.start
    for forms in other_tenses(verb, plural):
        words = [t.text for t in sent[:at]] + forms + [t.text for t in sent[at + 1 :]]
        spaces = [bool(t.whitespace_) for t in sent[:at]] + [True] * (len(forms) - 1) + [
            bool(t.whitespace_) for t in sent[at:]
        ]
        again = Doc(sent.doc.vocab, words=words, spaces=spaces)
        for stage in stages:
            again = stage(again)
        added = len(forms) - 1  # an auxiliary before the participle: its words after it move back by one
        verb_token = again[at + added]
        children = list(verb_token.children)
        if verb_token.pos_ != "VERB" or not (
            any(c.dep_ in _SUBJECT_ARCS and c.i < at for c in children)
            and any(c.i > at + added and c.dep_ != "punct" for c in children)
        ):
            continue
        kept = [(t, t.head.i) for t in again if not at <= t.i < at + added]
        return [(h if h < at else at if h <= at + added else h - added, t.dep_, t.pos_) for t, h in kept]
    return None


@Language.factory("kg_verb_homographs")
def make_verb_homographs(nlp: Language, name: str):
    """The component: it runs the model's own tagger and parser on the sentences it parses again."""
    stages = [nlp.get_pipe(stage) for stage in ("tok2vec", "morphologizer", "parser") if stage in nlp.pipe_names]

    def verb_homographs(doc: Doc) -> Doc:
        strings = doc.vocab.strings
        lowers = doc.to_array([LOWER])
        forms = numpy.array([strings.add(w) for w in present_forms()], dtype=lowers.dtype)
        at = numpy.flatnonzero(numpy.isin(lowers, forms)).tolist()  # (a Token object only for those words)
        found = [(doc[i], *hit) for i in at if (hit := _suspect(doc[i])) is not None]
        if not found:
            return doc
        table = doc.to_array([HEAD, DEP, POS])
        changed = False
        for token, verb, plural in found:
            sent = token.sent
            tree = _reparse(sent, token, verb, plural, stages)
            if tree is None:
                continue
            for k, (head, arc, tag) in enumerate(tree):
                table[sent.start + k] = ((head - k) % 2**64, strings.add(arc), strings.add(tag))  # (offsets as uint64)
            changed = True
            features = f"Mood=Ind|Number={'Plur' if plural else 'Sing'}|Person=3|Tense=Pres|VerbForm=Fin"
            token.set_morph(features)
        if changed:
            doc.from_array([HEAD, DEP, POS], table)
        return doc

    return verb_homographs
