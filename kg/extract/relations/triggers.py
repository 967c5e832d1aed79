"""Which patterns a token triggers: a pattern's lemma, with the other words of its expression around it in
order ('faire *tomber', 'mettre fin à'); the longest expression wins."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Span, Token

from kg.extract.relations.doctables import tables_of
from kg.extract.relations.rules import Pattern, Rules
from kg.extract.relations.scan import lemmas_of
from kg.extract.relations.syntax import lemma_of

# An expression's words never stand across a new clause.
CLAUSE_OPENERS = frozenset({"que", "qu'", "qu’", "qui", ";"})
# Words of these parts of speech never trigger a pattern, whatever their lemma.
NEVER_TRIGGERS = frozenset({"PUNCT", "DET", "ADP", "CCONJ", "SCONJ", "NUM", "SPACE", "PRON", "SYM"})


def expression_fits(pattern: Pattern, token: Token) -> int:
    """The length of the longest of the pattern's expressions headed by this token's lemma whose other
    words stand around it (0 when none does).

    The nearest other word may stand up to four words from the trigger ('mettre le site hors ligne',
    'a fait rapidement tomber'), not counting names and punctuation; the next ones follow each other.
    """
    head = lemma_of(token)
    starts, ends = tables_of(token.doc).sentence_bounds()
    best = 0
    for expression in pattern.expressions:
        if expression.head == head and (
            _words_around(token, expression.after, ends[token.i], 1)
            and _words_around(token, tuple(reversed(expression.before)), starts[token.i] - 1, -1)
        ):
            best = max(best, 1 + len(expression.before) + len(expression.after))
    return best


def triggered(rules: Rules, token: Token) -> list[Pattern]:
    """The patterns a token triggers: of those whose expressions fit, the ones with the longest expression
    ('saisir la justice' is a lawsuit, not a seizure; 'mettre fin à' a shutdown)."""
    if token.pos_ in NEVER_TRIGGERS:
        return []
    covering = covering_predicates(rules, token)
    candidates = [p for p in rules.by_lemma.get(lemma_of(token), ()) if not covering or p.predicate in covering]
    fits = [(expression_fits(p, token), p) for p in candidates]
    longest = max((n for n, _ in fits), default=0)
    return [p for n, p in fits if n and (n == longest or n == 1 and longest == 1)]


def covering_predicates(rules: Rules, token: Token) -> set[str]:
    """The predicates of the expressions a word before the token heads and the token belongs to: the token tells no
    other relation ('la mise à l'arrêt du site': 'arrêt' is no court's ruling there, it belongs to a closing)."""
    found: set[str] = set()
    if token.lower_ not in rules.after_words:
        return found  # (most words follow no head in any expression)
    tables = tables_of(token.doc)
    starts, _ = tables.sentence_bounds()
    for before in tables.tokens[max(starts[token.i], token.i - 4) : token.i]:
        head = lemma_of(before)
        for pattern in rules.by_lemma.get(head, ()):
            if any(e.head == head and token.lower_ in e.after for e in pattern.expressions) and (
                expression_fits(pattern, before)
            ):
                found.add(pattern.predicate)
    return found


def may_trigger(rules: Rules, sent: Span, also: Container[str] = ()) -> list[Token]:
    """The sentence's tokens, in order, that ``triggered`` may find a pattern for, and those whose lemma is one of
    ``also``: read on the article's tables, not a spaCy Token per word (most words start nothing)."""
    tables = tables_of(sent.doc)
    lemmas, tokens, starting = lemmas_of(sent.doc), tables.tokens, rules.by_lemma
    return [
        tokens[i]
        for i in range(sent.start, sent.end)
        if lemmas[i] in also or lemmas[i] in starting and tokens[i].pos_ not in NEVER_TRIGGERS
    ]


def _words_around(token: Token, words: tuple[str, ...], stop: int, step: int) -> bool:
    """Whether words stand in order after (step 1) or before (step -1) the token, before index stop."""
    tables = tables_of(token.doc)
    tokens, lowers, i, slack = tables.tokens, tables.lowers, token.i + step, 4
    for word in words:
        while i != stop and slack >= 0 and not _same_word(tokens[i], word):
            if lowers[i] in CLAUSE_OPENERS:
                return False  # 'a jugé que X n'était pas coupable': the words of another clause
            # a name or a comma in between costs nothing: 'déclaré le défendeur, Zentrix Networks Ltd, coupable'
            i, slack = i + step, slack - (not (tokens[i].is_punct or tokens[i].text[:1].isupper()))
        if i == stop or slack < 0:
            return False
        i, slack = i + step, 0
    return True


def _same_word(token: Token, word: str) -> bool:
    return token.lower_ == word or lemma_of(token) == word or token.lower_.replace("’", "'") == word
