"""Who a legal action is brought against: the complements of a verb or noun that name an adversary ('contre X',
'à l'encontre de X'), on the parse and on the surface."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.relations.syntax import case_of, lemma_of
from kg.extract.relations.words import PARTITIVE_PREPS


def against(token: Token) -> list[Token]:
    """The complements of a verb or noun that name an adversary: 'contre X', 'à l'encontre de X'."""
    out = []
    for child in token.children:
        if not child.dep_.startswith(("obl", "nmod", "iobj", "acl")):  # 'acl': a name the tagger took for a verb
            continue
        if case_of(child) == "contre":
            out.append(child)
        elif lemma_of(child) == "encontre":
            out.extend(g for g in child.children if g.dep_ == "nmod" and case_of(g) in PARTITIVE_PREPS)
    return out


def surface_against(noun: Token) -> list[Token]:
    """'une action en justice devant un tribunal du Delaware contre X': the 'contre' phrases after a lawsuit noun
    in its clause, wherever the parser hangs them (no finite verb nor relative pronoun between), the first within
    sixteen words."""
    doc, found = noun.doc, []
    for i in range(noun.i + 1, noun.sent.end):
        tok = doc[i]
        if i >= noun.i + 16 and not found or tok.text in {";", ":"}:
            break
        if "Fin" in tok.morph.get("VerbForm") or "Rel" in tok.morph.get("PronType"):
            break
        if tok.lower_ == "contre" and tok.head.i > i:
            found.append(tok.head)  # and the next ones ('contre X, contre Y et contre Z')
    return found
