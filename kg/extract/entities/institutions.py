"""Institution phrases: 'la police de Hanoï', 'la justice américaine', 'le tribunal judiciaire de Paris'.

The heads, the qualifiers and the nationality adjectives are data (``entity_words.json`` and the
place lexicon); the phrase is the head, its qualifiers, then a place ('de X') or a nationality.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.extract.entities.span import MentionSpan
from kg.extract.entities.words import OF, WORDS, alternation
from kg.lexicon import Lexicon, fold

_WORD = r"[A-ZÀ-Ý][\w’'\-]*"
# A place name: capitalised words, linked by 'en', 'sur' when written without hyphens ('Aix en Provence').
_NAME = rf"{_WORD}(?: (?:(?:{alternation(WORDS['place_name_links'])}) )?{_WORD})*"


def institution_regex(lexicon: Lexicon, adjectives: tuple[str, ...] | None = None) -> re.Pattern:
    return _for_adjectives(tuple(lexicon.adjectives) if adjectives is None else adjectives)


@lru_cache(maxsize=8)  # the alternation of a thousand adjectives is built once per lexicon, not once per article
def _for_adjectives(adjectives: tuple[str, ...]) -> re.Pattern:
    return _compiled(alternation(adjectives) or "américaine")


@lru_cache(maxsize=8)  # compiled once per lexicon, not once per article
def _compiled(nationalities: str) -> re.Pattern:
    adjective = f"(?i:{nationalities})"
    placed = f"(?i:{alternation(WORDS['placed_heads'])})"
    national_heads = f"(?i:{alternation(WORDS['national_heads'])})"
    court = f"(?i:{alternation(WORDS['court_heads'])})(?: (?i:{alternation(WORDS['court_qualifiers'])}))+"
    # 'de Paris', 'du Kerala', and 'de l'État de Floride' (a state named by its country's word for it)
    of_place = rf" (?:de l['’](?:É|E)tat (?:de l['’]|de |du |d['’])|de la |de l['’]|du |des |de |d['’]){_NAME}"
    national = rf" {adjective}(?: et {adjective})?"
    # 'le tribunal de district des États-Unis pour le district sud de la Floride', '... du district nord de X'
    district = rf"(?: (?:pour le|du) district(?: (?:nord|sud|est|ouest|central|centre)(?:-(?:est|ouest))?)?{of_place})?"
    # 'le tribunal de l'arrondissement de X de Pékin': a court named by a subdivision, then by the city it is in
    subdivided = rf"(?:(?<=arrondissement)|(?<=district)|(?<=comté)){of_place}{of_place}"
    qualifier = rf"(?: (?i:{alternation(WORDS['institution_qualifiers'])}))?"
    # 'la police judiciaire de la sûreté de wilaya de X': the administrative units between a force and its place
    qualifier += rf"(?: (?i:{alternation(WORDS['institution_links'])}))?"
    fixed = f"(?i:{alternation(WORDS['fixed_institutions'])})"
    bare_court = f"(?i:{alternation(WORDS['bare_court_heads'])})"
    english_court = alternation(WORDS["english_court_names"])  # as written: 'High Court', never 'un court délai'
    # 'le ministère coréen de la Culture, des Sports et du Tourisme': a ministry and the portfolios it lists
    portfolio = rf"(?:de la |de l['’]|du |des ){_WORD}"
    ministry = rf"(?i:{alternation(WORDS['ministry_heads'])})(?:{national})? {portfolio}(?:(?:,| et) {portfolio})*"
    return re.compile(
        rf"\b({ministry}|{placed}{qualifier}(?:{of_place}|{national})|{national_heads}{qualifier}{national}"
        rf"|{court}(?:{subdivided}|{of_place}|{national}(?:{of_place})?)?{district}|{bare_court}(?:{of_place}|{national})|(?:{english_court})(?:{of_place})?"
        rf"|{fixed}|(?<=\b[Ll]a )gendarmerie|(?<=\bde )gendarmerie)\b"
    )


# what a court's name opens with: its head words, its initials ('TGI de Lyon') and 'la justice (américaine)'
_COURT_OPENINGS = tuple(sorted({h.lower() for h in (*WORDS["court_heads"], *WORDS["bare_court_heads"], "justice")}))


def institution_fine(text: str) -> str:
    low = text.lower()
    if low.startswith(_COURT_OPENINGS) or " court" in f" {low}":
        return "Court"
    if "polic" in low:  # 'les autorités policières de X'
        return "LawEnforcement"
    if low.startswith(("gouvernement", "autorités", "pouvoirs")) or low.startswith("minist") and "justice" not in low:
        return "Government"
    return "LawEnforcement"


def institutions(doc: Doc, lexicon: Lexicon, text: str | None = None) -> list[tuple[Span, str]]:
    found, adjectives = [], tuple(lexicon.adjectives)
    for match in institution_regex(lexicon, adjectives).finditer(doc.text if text is None else text):
        end = _before_wider_place(match.group(1), lexicon) + match.start(1)
        span = doc.char_span(match.start(1), end, alignment_mode="expand")
        if span is not None:
            found.append((span, "institution"))
    for match in _agency_regex(adjectives).finditer(doc.text if text is None else text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is not None:
            found.append((_with_remit(doc, span), "institution"))
    for match in _FIGHT_UNIT.finditer(doc.text if text is None else text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        remit = _with_remit(doc, span) if span is not None else None
        if remit is not None and remit is not span:
            found.append((remit, "institution"))
    return found


# 'le Bureau national de lutte contre les publications illégales', 'l'Office central de lutte contre X': a unit
# named by what it fights; its name runs over the remit. Only a capitalised head names one ('l'agence nationale
# de lutte contre la criminalité' describes)
_UNIT_HEADS = alternation([w.capitalize() for w in WORDS["fight_unit_heads"]])
_FIGHT_UNIT = re.compile(rf"\b((?:{_UNIT_HEADS})(?: (?!de\b)[\w-]+){{0,2}} de (?:la )?lutte contre)\b")


def _before_wider_place(name: str, lexicon: Lexicon) -> int:
    """Where an institution's name ends when it closes on its country or region: 'le tribunal de Cologne en
    Allemagne' is the court of Cologne, in Germany ('Aix en Provence', one known place, stays whole)."""
    for link in re.finditer(r" (?:en|au|aux) ", name):
        before, after = re.split(r"[ '’]", name[: link.start()])[-1], name[link.end() :]  # ('d'Aix': 'Aix')
        wider = lexicon.known.get(fold(after))
        whole = lexicon.known.get(fold(f"{before}{link.group()}{after}"))
        widest = wider is not None and wider.coarse == "Place" and wider.fine in {"Country", "Region"}
        if whole is None and (widest or link.group() == " en " and wider is None and after[:1].isupper()):
            return link.start()  # ('de Saintes en Charente-Maritime': a department the lexicon lacks, after 'en')
    return len(name)


@lru_cache(maxsize=8)
def _agency_regex(adjectives: tuple[str, ...]) -> re.Pattern:
    """'le Département thaïlandais', 'l'Agence britannique': a capitalised agency word and a nationality."""
    return re.compile(rf"\b((?:{alternation(WORDS['agency_heads'])}) (?i:{alternation(adjectives) or 'américain'}))\b")


def _with_remit(doc: Doc, span: Span) -> Span:
    """The agency's name runs over the lowercase complement that says what it does ('le Département thaïlandais
    des enquêtes spéciales', 'l'Agence britannique de lutte contre le crime organisé'), up to the verb; over two
    coordinated complements when the name's acronym follows in brackets ('... contre X et Y (ABC)')."""
    k = span.end if span[-1].lower_ != "contre" else span.end - 1  # '... de lutte contre' + the remit
    if k >= len(doc) or doc[k].lower_ not in OF and k == span.end:
        return span
    j = _complement_end(doc, k + 1, span.sent.end)
    if j + 1 < span.sent.end and doc[j].lower_ == "et":
        after = _complement_end(doc, j + 1, span.sent.end)
        if after < span.sent.end and doc[after].text == "(" and doc[j + 1].pos_ == "DET":
            j = after
    return doc[span.start : j] if any(t.pos_ == "NOUN" for t in doc[k + 1 : j]) else span


def _complement_end(doc: Doc, start: int, sent_end: int) -> int:
    """Where a lowercase noun phrase from ``start`` ends: before the verb, the punctuation or the conjunction,
    and before a determiner or a preposition left at its end."""
    j = start
    while j < min(sent_end, start + 7) and (
        doc[j].pos_ in {"NOUN", "PROPN", "ADJ", "DET", "ADP"} and not doc[j].is_punct
        or doc[j].morph.get("VerbForm") == ["Part"] and doc[j - 1].pos_ == "NOUN"  # 'le crime organisé'
    ):
        j += 1
    while j > start and doc[j - 1].pos_ in {"DET", "ADP"}:
        j -= 1
    return j


def elliptic_institutions(candidates: list[tuple[Span, str]]) -> set[int]:
    """Starts of institution spans that coordinate two adjectives over one head ('polices A et B')."""
    return {
        span.start
        for span, source in candidates
        if source == "institution"
        and len(span) == 4
        and span[2].lower_ == "et"
        and span[1].pos_ in {"ADJ", "NOUN", "PROPN"}
    }


def split_elliptic(chosen: list[MentionSpan], elliptic: set[int]) -> list[MentionSpan]:
    """'les polices britannique et néerlandaise' names two forces: 'police britannique', 'police néerlandaise'."""
    out = []
    for m in chosen:
        if m.start not in elliptic or m.mention.evidence != "institution":
            out.append(m)
            continue
        head = m.mention.text.split()[0]
        first_adj, second_adj = m.mention.text.split()[1], m.mention.text.split()[3]
        if head.endswith("s") and not first_adj.endswith("s"):
            head = head[:-1]  # "polices britannique et néerlandaise"; "autorités américaines et ..." stay plural
        first_end = m.mention.start + len(" ".join(m.mention.text.split()[:2]))
        out.append(MentionSpan(m.start, m.start + 2, replace(m.mention, text=f"{head} {first_adj}", end=first_end)))
        out.append(
            MentionSpan(
                m.start + 3,
                m.end,
                replace(m.mention, text=f"{head} {second_adj}", start=m.mention.end - len(second_adj)),
            )
        )
    return out
