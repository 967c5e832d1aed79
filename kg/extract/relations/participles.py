"""Participles: past participles the tagger misreads (the infinitive they stand for, and whether a noun or an
adjective the tagger gave is really a participle opening a sentence or following a comma), the main clause
after a fronted participle, and the noun a present participle qualifies."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.relations.words import IRREGULAR_PARTICIPLES

__all__ = [
    "fronted_clause_end",
    "fronted_participle",
    "fronted_subject",
    "misread_participle",
    "noun_before_participle",
    "participle_infinitive",
    "perfect_participle",
    "seen_done",
]

# Past participle endings and the infinitive ending each stands for ('arrêtée' -> 'arrêter', 'saisis' -> 'saisir').
PARTICIPLE_ENDINGS = (("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"), ("ies", "ir"), ("is", "ir"), ("ie", "ir"),
                      ("i", "ir"))


def participle_infinitive(lower: str) -> str:
    """'arrêtée' -> 'arrêter', 'saisis' -> 'saisir', 'produite' -> 'produire'; '' for a word with no past
    participle ending."""
    if lower in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lower]
    return next((lower[: -len(end)] + inf for end, inf in PARTICIPLE_ENDINGS if lower.endswith(end)), "")


def fronted_participle(token: Token) -> str:
    """The infinitive of a past participle that opens a sentence and whose agent follows before the first
    comma ('Arrêté mardi par la police néerlandaise, le fondateur ...'), when the tagger took it for a noun
    or an adjective; '' otherwise.

    Such a participle has no parse of its own: its object is the subject of the main clause after the comma.
    """
    if token.pos_ not in {"NOUN", "ADJ", "PROPN", "X"} or not token.text[:1].isupper():
        return ""
    lower = token.lower_
    infinitive = participle_infinitive(lower)
    if len(infinitive) < 5:
        return ""
    doc = token.doc
    opening = token.is_sent_start or token.i > 0 and doc[token.i - 1].is_punct and doc[token.i - 1].is_sent_start
    if not opening:
        return ""
    sent = token.sent
    for tok in doc[token.i + 1 : min(sent.end, token.i + 8)]:
        if tok.text in {",", ";", ":"} or tok.pos_ == "AUX":
            return ""
        if tok.lower_ == "par":
            return infinitive
    return ""


def misread_participle(token: Token) -> str:
    """The infinitive of a past participle the tagger took for a noun after a comma, with its agent right after
    ('X et Y, édités en France par Z'); '' otherwise."""
    if token.pos_ not in {"NOUN", "ADJ", "X"} or not token.is_lower or token.i < 1:
        return ""
    if token.doc[token.i - 1].text != ",":
        return ""
    lower = token.lower_
    infinitive = participle_infinitive(lower)
    if len(infinitive) < 5 or not lower.endswith(("é", "ée", "és", "ées")) and lower not in IRREGULAR_PARTICIPLES:
        return ""
    for tok in token.doc[token.i + 1 : min(token.sent.end, token.i + 7)]:
        if tok.text in {",", ";", ":"} or tok.pos_ in {"VERB", "AUX"}:
            return ""
        if tok.lower_ == "par":
            return infinitive
    return ""


def opening_passive(token: Token) -> bool:
    """'Poursuivi par la RIAA pour ..., le service X a fermé': a past participle opening the sentence with no
    auxiliary and its 'par' agent before the first comma, whatever the parser made of it (often the root)."""
    if token.pos_ != "VERB" or token.morph.get("VerbForm") != ["Part"] or token.morph.get("Tense") != ["Past"]:
        return False
    if not token.is_sent_start or any(c.dep_.startswith("aux") for c in token.children):
        return False
    for tok in token.doc[token.i + 1 : min(token.sent.end, token.i + 10)]:
        if tok.text in {",", ";", ":"} or tok.pos_ == "AUX":
            return False
        if tok.lower_ == "par":
            return True
    return False



def perfect_participle(token: Token) -> str:
    """The infinitive of a compound past the tagger read as 'avoir' and a noun because it does not know the
    verb ('Google a déréférencé le site X'): a lower-case word ending like a first-group past participle, right
    after a form of 'avoir' that it hangs on; '' otherwise."""
    lower = token.lower_
    if token.pos_ not in {"NOUN", "ADJ", "X"} or not token.is_lower or token.i < 1:
        return ""
    if token.lemma_.lower() != lower or not lower.endswith(("é", "ée", "és", "ées")):
        return ""  # a noun the lemmatizer knows ('le député', 'les employés')
    auxiliary = token.doc[token.i - 1]
    if auxiliary.lemma_ != "avoir" or auxiliary.head.i != token.i:
        return ""
    infinitive = participle_infinitive(lower)
    return infinitive if len(infinitive) >= 5 else ""


def copular_participle(token: Token) -> str:
    """The infinitive of a passive the parser read as a copula and an adjective because it does not know the verb
    ('X a été déréférencé par Google'): a word ending like a past participle, after 'être', with a 'par' agent;
    '' otherwise."""
    lower = token.lower_
    if token.pos_ != "ADJ" or token.lemma_.lower() != lower or not lower.endswith(("é", "ée", "és", "ées")):
        return ""
    if not any(c.dep_ == "cop" and c.lemma_ == "être" for c in token.children):
        return ""
    agents = [c for c in token.children if c.dep_ in {"obl:agent", "obl", "obl:mod", "nmod"}]
    if not any(g.lower_ == "par" for c in agents for g in c.children):
        return ""
    return participle_infinitive(lower)


def fronted_clause_end(participle: Token) -> int:
    """Index of the comma that closes a fronted participle's clause (the main clause starts after it), or -1."""
    for tok in participle.doc[participle.i + 1 : participle.sent.end]:
        if tok.text == ",":
            return tok.i
        if tok.pos_ in {"VERB", "AUX"} and "Fin" in tok.morph.get("VerbForm"):
            return -1
    return -1


LOOSE = frozenset({"ADJ", "ADV", "X", "VERB", "AUX"})  # what the tagger may call an unknown name


def fronted_subject(participle: Token) -> Token | None:
    """The first noun of the main clause after a fronted participle's comma ('Basé à X, le site Y ...'), or None."""
    comma = fronted_clause_end(participle)
    if comma < 0:
        return None
    words = participle.doc[comma + 1 : participle.sent.end]  # a capitalised name tagged otherwise counts ('X.com')
    return next((t for t in words if t.pos_ in {"NOUN", "PROPN"} or t.text[:1].isupper() and t.pos_ in LOOSE), None)


def noun_before_participle(participle: Token) -> Token | None:
    """The object noun a present participle follows with no comma nor 'en' ('une injonction obligeant Y'): the
    participle qualifies it, whatever verb the parser hung it on."""
    if participle.morph.get("Tense") != ["Pres"] or any(c.lower_ == "en" for c in participle.children):
        return None
    before = participle.doc[participle.i - 1] if participle.i else participle
    noun = next((c for c in participle.head.children if c.dep_ == "obj" and c.right_edge.i == before.i), None)
    return noun if noun is not None and noun.pos_ == "NOUN" else None


def aged_before(relative: Token) -> Token | None:
    """The last word of the names an age phrase right before a relative pronoun describes ('X et Y, âgés
    respectivement de 23 et 26 ans qui ...'), or None."""
    doc, k = relative.doc, relative.i - 1
    if k < 3 or doc[k].lower_ != "ans":
        return None
    while k > 1 and (doc[k].pos_ in {"NUM", "CCONJ", "ADP", "ADV"} or doc[k].lower_ == "ans"):
        k -= 1
    if not doc[k].lower_.startswith("âgé") or doc[k - 1].text != ",":
        return None
    return doc[k - 2] if k >= 2 else None


def seen_done(verb: Token) -> bool:
    """'X s'est vu infliger une amende', 'X s'est vu intimer l'ordre de ...': an infinitive under a reflexive
    'se voir' is a passive, whose subject is that of 'voir' (the parser may hang 'vu' and 'se' on the infinitive)."""
    if verb.morph.get("VerbForm") != ["Inf"]:
        return False
    seer = verb.head if verb.dep_ == "xcomp" else next((c for c in verb.children if c.i == verb.i - 1), verb)
    reflexive = [c for t in (seer, verb) for c in t.children if c.lower_ in {"se", "s'", "s’"} and c.i < verb.i]
    # right after a name or a pronoun ('L'un des fournisseurs de X vient de se voir ...': not X, nor anyone named)
    named = bool(reflexive) and reflexive[0].i > 0 and verb.doc[reflexive[0].i - 1].pos_ in {"PROPN", "X", "PRON"}
    return seer.i != verb.i and seer.lemma_.lower() == "voir" and named
