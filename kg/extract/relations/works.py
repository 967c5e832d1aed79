"""Who holds the rights to a work, read off the words around its name: 'son film « Y »' (the sentence's one
rights holder), 'le film « Y » de Z', 'ses jeux (X, Y et Z)'. A generator of (subject, object, rule id) for the
table ``surface_rules`` in ``kg/data/relation_patterns.json``.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.relations.mentions import Reader
from kg.extract.relations.scan import mentions_between
from kg.extract.relations.syntax import lemma_of
from kg.extract.relations.words import POSSESSIVES, WORK_NOUNS
from kg.lexicon import fold

RIGHTS_OWNER_TYPES = {("Organization", "RightsHolder"), ("Organization", "")}  # who holds the rights to a work
BAND_NOUNS = frozenset({"groupe", "formation"})  # a work's author named as a band: 'Y du groupe Z'


def rights_possessive(sent: Span, reader: Reader):
    """'le studio X ... son film « Y »' within one sentence: the possessor's work."""
    doc = reader.doc
    for m in [m for m in mentions_between(reader.spans, sent.start, sent.end) if m.mention.coarse == "CreativeWork"]:
        k = m.start - 1
        while k >= sent.start and doc[k].text in {"«", "“", '"', "‘"}:
            k -= 1
        k = _before_work_list(k, sent, reader)  # 'ses jeux de stratégie en ligne (X, Y et Z)'
        if (
            k - 1 >= sent.start
            and lemma_of(doc[k]) in WORK_NOUNS
            and doc[k - 1].lower_ in POSSESSIVES
        ):
            owners = mentions_between(reader.spans, sent.start, sent.end)
            owners = [o for o in owners if (o.mention.coarse, o.mention.fine) in RIGHTS_OWNER_TYPES]
            if len({fold(o.mention.text) for o in owners}) == 1:
                yield owners[0], m, "holdsRightsTo.possessive"
        # 'un manga japonais, Y de Z', 'le film « Y » de Z': the work and its author or producer
        j = m.end + (m.end < sent.end and doc[m.end].text in {"»", "”", '"', "’"})
        a = j + 1  # ('« Y » de la chanteuse allemande Z': past the words that describe the author)
        while a < min(sent.end, j + 5) and doc[a].is_lower and doc[a].is_alpha and doc[a].pos_ not in {"VERB", "AUX"}:
            a += 1
        of = a < sent.end and (doc[j].lower_ in {"de", "d'", "d’"} or doc[j].lower_ in {"du", "des"} and a > j + 1)
        author = reader.index.get(a) if of else None  # ('« Y » du groupe Z')
        if author is not None and author.start == a and (
            author.mention.coarse == "Person"
            or author.mention.fine == "RightsHolder"
            or author.mention.coarse == "Organization" and doc[a - 1].lower_ in BAND_NOUNS
        ):
            yield author, m, "holdsRightsTo.work-of"


def _before_work_list(k: int, sent: Span, reader: Reader) -> int:
    """Where the work noun of a bracketed list of works stands ('ses jeux de stratégie en ligne (X, Y et Z)': at
    'jeux' for each of X, Y and Z), from k, the token before a listed work; k itself when there is no such list."""
    doc, j = reader.doc, k
    while j > sent.start:
        named = reader.index.get(j)
        if named is not None and named.mention.coarse == "CreativeWork":
            j = named.start - 1
        elif doc[j].text in {",", "et", "ou"}:
            j -= 1
        else:
            break
    if doc[j].text != "(":
        return k
    nouns = [i for i in range(j - 1, max(sent.start - 1, j - 6), -1) if lemma_of(doc[i]) in WORK_NOUNS]  # five words
    return nouns[0] if nouns and all(doc[i].is_lower for i in range(nouns[0], j)) else k
