"""Surface rules of whose work or brand a name is: the works a rights holder's name brackets ('Toei Animation
(One Piece, Dragon Ball)'), a company's brand bracketed alone ('Cisco (OpenDNS)'), the work whose rights belong
to a holder ('Les droits du film X appartiennent à Y'). Generators of (subject, object, rule id), as
surface.py's."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.relations.listing import weakly_typed
from kg.extract.relations.mentions import Reader
from kg.extract.relations.scan import mentions_between, tokens_where
from kg.extract.relations.syntax import case_of, lemma_of
from kg.extract.relations.words import CONTENT_NOUNS, WORK_NOUNS
from kg.lexicon import abbreviates, fold, is_acronym, spells_capitals


def bracketed_works(sent: Span, reader: Reader):
    """'des films de studios comme Voltage Pictures (After, Démineurs…) et Millennium Media (Expendables…)':
    the works a rights holder's name brackets, in a sentence about works."""
    doc = reader.doc
    about_works = bool(tokens_where(sent, WORK_NOUNS | CONTENT_NOUNS))
    bracketed = []
    for owner in mentions_between(reader.spans, sent.start, sent.end):
        if owner.mention.coarse != "Organization" or owner.mention.fine not in {"RightsHolder", ""}:
            continue
        if owner.end >= sent.end or doc[owner.end].text != "(":
            continue
        close = next((t.i for t in doc[owner.end : min(sent.end, owner.end + 30)] if t.text == ")"), None)
        if close is None:
            continue
        works = [m for m in reader.spans if owner.end < m.start < close]
        if len(works) == 1 and is_acronym(works[0].mention.text):
            continue  # 'la Fédération nationale des éditeurs de films (FNEF)': another name, not a work
        bracketed.append((owner, works))
    # 'Toei Animation (One Piece, Dragon Ball), Toho (Jujutsu Kaisen)': brackets that hold works in one item of a
    # list of rights holders hold works in the others too
    about_works = about_works or any(w.mention.coarse == "CreativeWork" for _, ws in bracketed for w in ws)
    for owner, works in bracketed:
        for work in works:  # (an untyped name is a work only in a sentence about works)
            if work.mention.coarse == "CreativeWork" or about_works and weakly_typed(work):
                yield owner, work, "holdsRightsTo.bracketed-works"
    # 'les contenus (Coupe du monde, Ligue 1…) de la chaîne X': the works bracketed after a content noun, then
    # their owner after 'de'
    for opening in sent if about_works else ():
        if opening.text != "(" or opening.i == sent.start or lemma_of(doc[opening.i - 1]) not in CONTENT_NOUNS:
            continue
        close = next((t.i for t in doc[opening.i : min(sent.end, opening.i + 30)] if t.text == ")"), None)
        if close is None or close + 2 >= sent.end or doc[close + 1].lower_ not in {"de", "du", "des", "d'", "d’"}:
            continue
        owner = None
        for k in range(close + 2, min(sent.end, close + 10)):
            if doc[k].is_punct or doc[k].pos_ in {"VERB", "AUX"}:
                break
            found = reader.index.get(k)
            if found is not None:
                owner = found if found.mention.coarse == "Organization" else None
                break
        if owner is None:
            continue
        for work in [m for m in reader.spans if opening.i < m.start < close]:
            if work.mention.coarse == "CreativeWork":
                yield owner, work, "holdsRightsTo.bracketed-works"


def bracketed_brand(sent: Span, reader: Reader):
    """'Google, Cisco (OpenDNS) et Cloudflare': a company's service or brand named alone in brackets after it is
    the company's (not an acronym, nor another name of the company)."""
    doc = reader.doc
    for owner in mentions_between(reader.spans, sent.start, sent.end):
        if owner.mention.coarse != "Organization" or owner.mention.fine in {"Court", "LawEnforcement", "Government"}:
            continue
        if owner.end + 2 >= sent.end or doc[owner.end].text != "(":
            continue
        brand = reader.index.get(owner.end + 1)
        if brand is None or brand.start != owner.end + 1 or brand.end >= sent.end or doc[brand.end].text != ")":
            continue
        short, long = sorted((brand.mention.text, owner.mention.text), key=len)
        two_names = is_acronym(short) or is_acronym(long) or spells_capitals(short, long) or abbreviates(short, long)
        if brand.end - brand.start != 1 or two_names:
            continue  # 'la Motion Picture Association (MPA)', 'la MPA (Motion ...)', 'DoD (DrinkOrDie)': two names
        if brand.mention.coarse not in {"Organization", "Website"}:
            continue
        if fold(brand.mention.text) in fold(owner.mention.text):
            continue  # 'Orange (Orange France)'
        entry = reader.lexicon.known.get(fold(brand.mention.text))
        if entry is not None and entry is reader.lexicon.known.get(fold(owner.mention.text)):
            continue  # two names of one gazetteer entry
        yield owner, brand, "operates.bracketed-brand"


def rights_belonging(sent: Span, reader: Reader):
    """'Les droits (de diffusion) du film X appartiennent à Y': whom the rights to a work belong to holds them; the
    work is the one name under the subject 'droits', the holder the complement of 'appartenir' with 'à'."""
    for verb in tokens_where(sent, {"appartenir"}):
        rights = [c for c in verb.children if c.dep_ == "nsubj" and lemma_of(c) == "droit"]
        to = [c for c in verb.children if c.dep_ in {"obl:arg", "obl", "obl:mod"} and case_of(c) in {"à", "au", "aux"}]
        holders = [m for c in to for m in reader.mentions_at(c) if m.mention.coarse in {"Organization", "Person"}]
        if not rights or not holders:
            continue
        tokens = range(rights[0].i + 1, rights[0].right_edge.i + 1)
        works = [m for m in mentions_between(reader.spans, tokens.start, tokens.stop) if m.end <= tokens.stop]
        kind = any(lemma_of(rights[0].doc[i]) in WORK_NOUNS | CONTENT_NOUNS for i in tokens)  # ('du film X')
        works = [m for m in works if m.mention.coarse == "CreativeWork" or kind and weakly_typed(m)]
        for work in works[:1]:
            for holder in holders:
                yield holder, work, "holdsRightsTo.rights-belong"
