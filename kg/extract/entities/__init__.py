"""Find the names of an article and type them from their context.

Sources of mentions, in order of trust: domain names, the gazetteer and the
place lexicon, institution phrases ("la justice américaine", "la police de
Hanoï", "le tribunal judiciaire de Paris"), names introduced by a typing cue
("le site X", "le groupe X", "la juge X"), quoted titles after "film", and the
spaCy NER spans. The type reads the context first and the NER label last.

Modules: ``sources`` and ``institutions`` find candidates, ``cues`` reads the context nouns,
``kind`` types a candidate, ``harmonise`` makes one article's types agree; the word lists are
``kg/data/entity_words.json`` and ``kg/data/typing_cues.json``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract.entities.harmonise import (
    bracketed_acronyms,
    consistent_types,
    extend_lists,
    harmonise_lists,
    hometown_after,
    names_to_acronym,
    particle_names,
    repeats,
    subsidiaries,
    type_by_domain,
)
from kg.extract.entities.headings import heading_parties
from kg.extract.entities.institutions import elliptic_institutions, institutions, split_elliptic
from kg.extract.entities.kind import article_context, borough_of, display, is_exact_name, is_name, trim, type_of
from kg.extract.entities.sources import (
    competitions,
    corporate_names,
    cued_names,
    domains,
    lexicon_spans,
    national_branches,
    quoted_works,
)
from kg.extract.entities.span import MentionSpan, token_mentions
from kg.extract.entities.words import GIVEN_NAMES, HONORIFICS
from kg.extract.nlp import NAME_SUFFIXES
from kg.extract.tokens import TokenTable
from kg.lexicon import Lexicon
from kg.records import Mention

__all__ = ["MentionSpan", "find_mentions", "token_mentions"]

_PRIORITY = {
    "heading": 0, "domain": 0, "institution": 1, "work": 2, "lexicon": 3, "corporate": 3, "cue": 4, "list": 4, "ner": 5
}


def _suffix_period(span: Span) -> int:
    """1 when the span ends on a company suffix written with its period as one token ('Ltd.'): the name's
    offsets stop before the period, as its text does."""
    last = span[-1].text
    return int(last.endswith(".") and last[:-1] in NAME_SUFFIXES)


def find_mentions(doc: Doc, lexicon: Lexicon) -> list[MentionSpan]:
    """All typed mentions of a parsed article, non-overlapping, in text order."""
    table = TokenTable.of(doc)  # the token attributes the scans read, made once
    text = table.text
    candidates: list[tuple[Span, str]] = domains(doc, text) + institutions(doc, lexicon, text)
    candidates.extend(heading_parties(doc, text, lexicon))
    elliptic = elliptic_institutions(candidates)
    candidates.extend(quoted_works(doc, text))
    candidates.extend(competitions(doc, text, lexicon))
    known = lexicon_spans(doc, lexicon, table)
    ner = _split_at_given_name(doc)
    # 'Jimmy Wales', 'Jack London': a person the NER reads from a known first name holds no place, nor company
    people = [e for e in ner if e.label_ == "PER" and len(e) >= 2 and e[0].lower_ in GIVEN_NAMES]
    known = [k for k in known if not any(p.start < k[0].start and k[0].end <= p.end for p in people)]
    # a known name wins over the shorter institution it opens with ('la Cour de justice de l'Union européenne':
    # the institution's name stops before the lowercase adjective)
    candidates = [
        (span, source)
        for span, source in candidates
        if source != "institution"
        or not any(k.start == span.start and span.end < k.end for k, _ in known)
    ]
    candidates.extend(known)
    candidates.extend(national_branches(doc, known, lexicon))
    candidates.extend(corporate_names(doc, lexicon, table))
    candidates.extend((ent, "ner") for ent in ner)
    candidates.extend(cued_names(doc, lexicon, table))

    context = article_context(doc, candidates, lexicon, table)
    chosen: list[MentionSpan] = []
    taken: set[int] = set()
    ordered = sorted(candidates, key=lambda c: (_PRIORITY[c[1].split(":")[0]], -(len(c[0])), c[0].start))
    for raw, source in ordered:
        span = raw if source in {"institution", "work"} or source.startswith("heading") else trim(raw, lexicon)
        if source == "lexicon" and (span is None or is_exact_name(raw.text, lexicon)):
            span = raw  # 'La Haye' is the name itself, 'La MPAA' is not
        if span is None:
            continue
        if source == "ner":
            span = _cut_at_line_break(span)
        initial = len(span) == 1 and len(span.text.rstrip(".")) == 1
        if initial and span.start and doc[span.start - 1].lower_ in HONORIFICS:
            span = doc[span.start - 1 : span.end]  # 'M. T.': a person the article names by an initial keeps the title
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if not is_name(span, source, lexicon):
            continue
        if source == "ner":  # the trimmed span keeps the NER label the typing reads (a borough's name is a place)
            span = Span(doc, span.start, span.end, label="LOC" if borough_of(span[0]) else raw.label_)
        typed = type_of(span, source, lexicon, context)
        if source == "ner" and borough_of(span[0]) and (typed is None or typed[0] != "Place"):
            typed = ("Place", "", "borough", 3)  # 'l'arrondissement de X': X is a place whatever its context says
        if typed is None:
            continue
        coarse, fine, evidence, strength = typed
        taken.update(range(span.start, span.end))
        mention = Mention(
            text=display(span),
            start=span.start_char,
            end=span.end_char - _suffix_period(span),
            coarse=coarse,
            fine=fine,
            evidence=evidence,
            strength=strength,
        )
        chosen.append(MentionSpan(span.start, span.end, mention))
    chosen = split_elliptic(chosen, elliptic)
    chosen = harmonise_lists(doc, consistent_types(chosen), lexicon, table.lowers)
    chosen = type_by_domain(chosen)
    chosen.extend(extend_lists(doc, chosen, taken, lexicon, table.lowers))
    # again: a name the NER typed alone joins the list once the names between were taken in ('…, X, Y')
    chosen = harmonise_lists(doc, chosen, lexicon, table.lowers)
    chosen = names_to_acronym(doc, chosen, taken)
    chosen = bracketed_acronyms(doc, chosen, taken)
    chosen = particle_names(doc, chosen, taken)
    chosen = subsidiaries(doc, chosen)
    typed_names = {m.mention.text for m in chosen if m.mention.coarse}
    typed_names |= {m.mention.text.split()[-1] for m in chosen if m.mention.coarse == "Person"}  # surnames
    for m in [m for m in chosen if not m.mention.coarse and m.mention.text in typed_names]:
        chosen.remove(m)  # an untyped NER span of a name typed elsewhere: let repeats type it
        taken.difference_update(range(m.start, m.end))
    chosen.extend(repeats(doc, chosen, taken, text))
    return sorted(chosen, key=lambda m: m.start)


def _split_at_given_name(doc: Doc) -> list[Span]:
    """The NER spans, a span that runs from one name into a person's ('les fondateurs de Filmora Jean Dupuis,
    ...') cut where a known first name opens the person's: the name before, untyped; the person after. A person
    read with the town after them is cut before 'de'."""
    spans = []
    for ent in doc.ents:
        cut = next((t.i for t in ent[1:-1] if t.lower_ in GIVEN_NAMES and doc[t.i + 1].text[:1].isupper()
                    and doc[t.i - 1].text[:1].isupper() and doc[t.i - 1].lower_ not in GIVEN_NAMES), None)
        # 'David Dupont de Marvigny au Québec', read as one person: the person, then the town
        town = ent.label_ == "PER" and next(
            (t.i for t in ent[2:-1] if hometown_after(doc, ent.start, t.i, ent.end)), None
        )
        if town:
            spans += [Span(doc, ent.start, town, label="PER"), Span(doc, town + 1, ent.end, label="LOC")]
        elif cut is None:
            spans.append(ent)
        else:
            spans += [Span(doc, ent.start, cut, label="MISC"), Span(doc, cut, ent.end, label="PER")]
    return spans


def _cut_at_line_break(span: Span) -> Span:
    """Cut a span at the first line break: a NER span never crosses paragraphs, nor the spaced dash of a byline
    ('Vincent Lautier - Publié le ...')."""
    for tok in span:
        if tok.i > span.start and tok.text in {"-", "–", "—", "|"} and tok.doc[tok.i - 1].whitespace_:
            return span.doc[span.start : tok.i]
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return (
                span.doc[span.start : tok.i + (0 if "\n" in tok.text else 1)]
                if tok.i > span.start
                else span.doc[span.start : span.start + 1]
            )
    return span
