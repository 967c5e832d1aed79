"""An infinitive a control verb governs, hung back on that verb when the parser hangs it on the verb's object.

"Le tribunal a sommé X et Y de bloquer Z", "une ordonnance sommant les fournisseurs X, Y et Z de bloquer ...":
after a list of names the parser often makes the infinitive a modifier of the last name (or of the noun the names
qualify), and may take the last name for a second clause of the verb. Who blocks is then lost: the infinitive's
doer is the control verb's object, and only a child of that verb is read as its complement. The component makes the
infinitive the verb's ``xcomp`` again, and a name the parser coordinated with the verb itself a conjunct of the
verb's object. Verbs of control are data (``control_verbs`` in ``kg/data/relation_words.json``).

Example::

    >>> from kg.extract.nlp import load_nlp
    >>> doc = load_nlp()("Le tribunal a sommé Orange et Free de bloquer le site Kinotube.")
    >>> [(t.text, t.dep_, t.head.text) for t in doc if t.text in {"Free", "bloquer"}]
    [('Free', 'conj', 'Orange'), ('bloquer', 'xcomp', 'sommé')]
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

_MARKS = ("de", "d'", "d’", "à")
_NOMINAL = frozenset({"NOUN", "PROPN", "X"})
# Arcs that stay inside one noun phrase or one list of names: climbing them finds the phrase's own arc.
_INSIDE_PHRASE = frozenset({"conj", "nmod", "appos", "flat:name", "flat"})
_OBJECT_ARCS = frozenset({"obj", "iobj", "obl:arg"})


def _control_verbs() -> frozenset[str]:
    from kg.extract.relations.words import CONTROL_VERBS  # (here: the relations package imports the pipeline)

    return CONTROL_VERBS


def _governing_verb(noun: Token, control: frozenset[str]) -> tuple[Token, Token | None] | None:
    """The control verb whose object phrase holds the noun, and that object (None when the parser made the
    noun a conjunct of the verb itself)."""
    node = noun
    while node.head.i != node.i:
        head = node.head
        if head.pos_ in {"VERB", "AUX"}:
            if head.lemma_ not in control:
                return None
            if node.dep_ == "obj":  # ('demander au tribunal d'ordonner ...': the court's own act, read as it hangs)
                return head, node
            if node.pos_ in _NOMINAL and not node.dep_.startswith(("nsubj", "obl:agent")):
                # a later name of the object's list, hung on the verb under any arc ('sommé X, Y Z et W V de')
                objects = [c for c in head.children if c.dep_ == "obj" and c.i < node.i]
                return (head, objects[0]) if objects else None
            return None
        if node.dep_ not in _INSIDE_PHRASE:
            return None
        node = head
    return None


@Language.component("kg_controlled_infinitives")
def controlled_infinitives(doc: Doc) -> Doc:
    """Hang an infinitive marked 'de'/'à' that modifies a control verb's object back on the verb."""
    strings = doc.vocab.strings
    table = doc.to_array([LOWER, DEP])
    marks = numpy.array([strings.add(w) for w in _MARKS], dtype=table.dtype)
    found = numpy.isin(table[:, 0], marks) & (table[:, 1] == strings.add("mark"))
    if not found.any():
        return doc
    control = _control_verbs()
    for i in numpy.flatnonzero(found).tolist():
        infinitive = doc[i].head
        noun = infinitive.head
        if infinitive.dep_ not in {"acl", "xcomp"} or "Inf" not in infinitive.morph.get("VerbForm"):
            continue
        if infinitive.dep_ == "xcomp" and noun.lemma_ in control:
            objects = [c for c in noun.children if c.dep_ in _OBJECT_ARCS and c.i < infinitive.i]
            governed = (noun, objects[0] if objects else None)
        elif noun.pos_ in _NOMINAL and noun.i < infinitive.i:
            governed = _governing_verb(noun, control)
        else:
            continue
        if governed is None:
            continue
        verb, first_object = governed
        listed = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in _NOMINAL and verb.i < c.i < infinitive.i]
        infinitive.head, infinitive.dep_ = verb, "xcomp"
        if first_object is not None:
            for name in listed:
                name.head, name.dep_ = first_object, "conj"
            _apposed_after(verb, first_object, infinitive)
    return doc


def _apposed_after(verb: Token, first_object: Token, infinitive: Token) -> None:
    """'condamné X à payer 20 000 euros à son distributeur, les éditions Y': a second object of the verb, or an
    apposition of its object, past the infinitive's clause is an apposition of that clause's last noun."""
    end = infinitive.right_edge.i
    late_ones = [c for c in verb.children if c.dep_ == "obj" and c.i > end]
    late_ones += [c for c in first_object.children if c.dep_ == "appos" and c.i > end]
    nouns = [t for t in infinitive.subtree if t.pos_ in _NOMINAL]
    for late in late_ones:
        if nouns and late.doc[end + 1 : late.i].text.strip() in {",", ", le", ", la", ", les", ", l'", ", l’"}:
            late.head, late.dep_ = nouns[-1], "appos"
