"""Find the names of an article and type them from their context.

Sources of mentions, in order of trust: domain names, the gazetteer and the
place lexicon, institution phrases ("la justice américaine", "la police de
Hanoï", "le tribunal judiciaire de Paris"), names introduced by a typing cue
("le site X", "le groupe X", "la juge X"), quoted titles after "film", and the
spaCy NER spans. The type reads the context first and the NER label last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg.extract.nlp import DOMAIN_NAME
from kg.lexicon import Lexicon, fold
from kg.records import Mention

NER_TYPES = {"PER": ("Person", ""), "ORG": ("Organization", ""), "LOC": ("Place", "")}
_DETERMINERS = {
    "le",
    "la",
    "les",
    "l'",
    "l’",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d'",
    "d’",
    "au",
    "aux",
    "à",
    "ce",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
}
_CORPORATE = re.compile(r"\s*,?\s*\b(Corp\.?|Corporation|Inc\.?|Ltd\.?|LLC|SAS|SA|SARL|GmbH|S\.A\.|Limited|Co\.)$")
_QUOTED = re.compile(r"[«“\"]\s*([^«»“”\"]{1,80}?)\s*[»”\"]")
# The noun right before a quoted title that makes it a work: 'le film « X »', 'du jeu vidéo « Y »'.
_WORK_NOUN = re.compile(
    r"\b(film|série|série télévisée|album|livre|roman|manga|jeu|jeu vidéo|long-métrage|documentaire|chanson|titre)\s*$"
)
# A broadcast competition is named after the matches or the rights it gives: 'les matchs de la Ligue X',
# 'les droits de diffusion de la Coupe Y et de la Z'. Each name: capitalised words or numbers, joined by
# 'des', 'de', 'du'; coordinated names follow with 'et'/'ou'/a comma and their own preposition.
_COMPETITION_NAME = r"[A-ZÀ-Þ0-9][\w+'’-]*(?: (?:des |de |du |d['’])?[A-ZÀ-Þ0-9][\w+'’-]*)*"
_COMPETITION_OF = r"(?:de la |de l['’]|du |des |de |d['’])"
_COMPETITION = re.compile(
    rf"\b(?i:matchs?|rencontres?|retransmissions?|diffusion|droits(?: de diffusion| télévisés| TV| sportifs)?)"
    rf"\s+{_COMPETITION_OF}(?P<name>{_COMPETITION_NAME})"
)
_COMPETITION_MORE = re.compile(rf"\s*(?:,|\bet\b|\bou\b)\s*{_COMPETITION_OF}(?P<name>{_COMPETITION_NAME})")
_CAMEL = re.compile(r"^[A-Za-z]*[a-z][A-Z]\w*$")
# Heads that name an institution when a place or a nationality follows ("la police de Hanoï").
_PLACED_HEADS = (
    r"(?i:police|polices|gendarmerie|douanes?|parquet|gouvernement|ministère de la justice"
    r"|département de la justice|services de police|forces de l['’]ordre)"
)
# Heads that need a nationality adjective ("la justice américaine", "les autorités ukrainiennes").
_NATIONAL_HEADS = r"(?i:justice|autorités|pouvoirs publics|police|polices|gendarmerie|gouvernement|douanes?|parquet)"
_COURT_HEAD = (
    r"(?i:tribunal|cour)(?: (?i:judiciaire|de grande instance|correctionnel|de commerce|administratif|fédéral|fédérale"
    r"|d['’]appel|suprême|de cassation|de district|régional|régionale|supérieure?|de justice|pénal|civil))+"
)


_NOMINAL = {"DET", "ADJ", "NOUN", "PROPN", "NUM"}


@dataclass(frozen=True)
class MentionSpan:
    """A mention with its token span in the parsed document."""

    start: int  # token indices
    end: int
    mention: Mention


def _trim(span: Span) -> Span | None:
    """Drop leading determiners/prepositions and edge punctuation from a span."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in {"+"}:
        end -= 1
    return doc[start:end] if end > start else None


def _nationality_pattern(lexicon: Lexicon) -> str:
    return _alternation(tuple(lexicon.adjectives))


@lru_cache(maxsize=8)
def _alternation(adjectives: tuple[str, ...]) -> str:
    ordered = sorted(adjectives, key=len, reverse=True)
    return "|".join(re.escape(a) for a in ordered) or "américaine"


_NAME = r"[A-ZÀ-Ý][\w’'\-]*(?: (?:[A-ZÀ-Ý][\w’'\-]*))*"


def _institution_regex(lexicon: Lexicon) -> re.Pattern:
    return _compiled_institution_regex(_nationality_pattern(lexicon))


@lru_cache(maxsize=8)  # compiled once per lexicon, not once per article
def _compiled_institution_regex(nationalities: str) -> re.Pattern:
    adjective = f"(?i:{nationalities})"
    of_place = rf" (?:de la |de l['’]|du |des |de |d['’]){_NAME}"
    national = rf" {adjective}(?: et {adjective})?"
    qualifier = r"(?: (?i:nationale|fédérale|judiciaire|fédéraux))?"
    return re.compile(
        rf"\b({_PLACED_HEADS}{qualifier}(?:{of_place}|{national})|{_NATIONAL_HEADS}{qualifier}{national}"
        rf"|{_COURT_HEAD}(?:{of_place}|{national})?|(?i:tribunal){of_place}"
        r"|(?i:gendarmerie nationale|police nationale|police judiciaire)"
        r"|(?<=\b[Ll]a )gendarmerie|(?<=\bde )gendarmerie)\b"
    )


# Participles that give a name: 'un site baptisé X', 'la plateforme, surnommée Y'.
NAMING_PARTICIPLES = {
    f"{stem}{ending}"
    for stem in ("baptisé", "nommé", "dénommé", "surnommé", "appelé", "intitulé", "rebaptisé")
    for ending in ("", "e", "s", "es")
}


# A host of files or videos is a site (a cyberlocker), not a hosting company: 'l'hébergeur de fichiers X',
# 'X était l'un des hébergeurs de vidéos les plus connus'.
CONTENT_HOSTED = {"fichier", "fichiers", "vidéo", "vidéos", "contenu", "contenus", "film", "films", "liens"}


def _hosts_content(noun: Token) -> bool:
    doc = noun.doc
    return (
        noun.lemma_.lower() in {"hébergeur", "hébergeurs"}
        and noun.i + 2 < len(doc)
        and doc[noun.i + 1].lower_ in {"de", "d'", "d’"}
        and doc[noun.i + 2].lower_ in CONTENT_HOSTED
    )


def _singular_cue(word: str, lexicon: Lexicon) -> str | None:
    """The cue a word is, itself or as a plural: 'site' -> 'site', 'sites' -> 'site', 'réseaux' -> 'réseau'."""
    if word in lexicon.cues:
        return word
    if word.endswith(("s", "x")) and word[:-1] in lexicon.cues:
        return word[:-1]
    return None


def _cue_before(doc: Doc, start: int, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """A typing cue right before token ``start``: 'le site (russe) X', 'site de liens BitTorrent X'."""
    i = start - 1
    skipped_adjectives = 0
    while i >= 0 and doc[i].pos_ in {"ADJ", "PROPN"} and skipped_adjectives < 2 and doc[i].lower_ not in lexicon.cues:
        i -= 1
        skipped_adjectives += 1
    if i >= 2 and doc[i].lower_ in lexicon.site_complements or (i >= 2 and doc[i].text in {"BitTorrent", "P2P"}):
        # "site de liens BitTorrent X", "plateforme de streaming X"
        j = i
        while j > 0 and doc[j].lower_ in lexicon.site_complements | {"bittorrent", "p2p"}:
            j -= 1
        if doc[j].lower_ in {"de", "d'", "d’"} and j > 0 and lexicon.cues.get(doc[j - 1].lower_, ("",))[0] == "Website":
            return (*lexicon.cues[doc[j - 1].lower_], "cue:" + doc[j - 1].lower_)
    if i >= 2 and doc[i].lower_ in {"accès", "internet"}:
        # 'le fournisseur d'accès (à internet) X': the cue noun before its complement
        j = i
        while j > 0 and doc[j].lower_ in {"accès", "internet", "à", "de", "d'", "d’"}:
            j -= 1
        if doc[j].lower_ in lexicon.cues and doc[j].pos_ == "NOUN":
            return (*lexicon.cues[doc[j].lower_], "cue:" + doc[j].lower_)
    if i >= 2 and doc[i].lower_ in CONTENT_HOSTED and _hosts_content(doc[i - 2]):
        return ("Website", "", "cue:hébergeur de contenus")  # 'l'hébergeur de fichiers X'
    if i < 0:
        return None
    word = doc[i].lower_
    word = _singular_cue(word, lexicon) or word
    if word in lexicon.cues and doc[i].pos_ in {"NOUN", "PROPN", "ADJ", "X"} | {"ADV", "VERB"}:
        return (*lexicon.cues[word], "cue:" + word)
    if doc[i].pos_ == "DET" and i > 0 and doc[i - 1].lower_ in NAMING_PARTICIPLES:
        i, word = i - 1, doc[i - 1].lower_  # 'un groupe surnommé les Corsaires'
    if word in NAMING_PARTICIPLES:
        # 'la plateforme illégale désactivée, baptisée X': the noun the naming participle describes
        j = i - 1
        while j >= max(0, i - 5) and (doc[j].text == "," or doc[j].pos_ in {"ADJ", "VERB", "ADV"}):
            j -= 1
        if j >= 0 and doc[j].lower_ in lexicon.cues and doc[j].pos_ == "NOUN":
            return (*lexicon.cues[doc[j].lower_], "cue:" + doc[j].lower_)
    return None



def _cue_apposition(doc: Doc, start: int, end: int, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """'X, un FAI américain' or 'un FAI américain, X': the cue is the apposed noun."""
    if end < len(doc) and doc[end].text == ",":
        for tok in doc[end + 1 : min(len(doc), end + 5)]:
            if _hosts_content(tok):
                return ("Website", "", "appos:hébergeur de contenus")
            if tok.lower_ in lexicon.cues and tok.pos_ in {"NOUN", "PROPN"}:
                return (*lexicon.cues[tok.lower_], "appos:" + tok.lower_)
            if tok.pos_ not in _NOMINAL:
                break
    if start >= 2 and doc[start - 1].text == ",":
        for distance, tok in enumerate(reversed(doc[max(0, start - 11) : start - 1])):
            cue = lexicon.cues.get(tok.lower_) or lexicon.cues.get(tok.lemma_.lower())
            # a near noun types any name; a site noun also across its complements
            # ('le plus gros site de streaming en France, X')
            if cue and tok.pos_ in {"NOUN", "PROPN"} and (distance < 4 or cue[0] == "Website"):
                if tok.i + 1 < start - 1 and doc[tok.i + 1].pos_ == "PROPN":
                    return None  # 'l'administrateur du site Filmora, X': the cue has its own name
                return (*cue, "appos:" + tok.lemma_.lower()) if _heads_free_phrase(doc, tok.i) else None
            if tok.pos_ not in _NOMINAL | {"ADP", "ADV"} or tok.text in {",", ";", ":"}:
                break
    return None


def _is_exact_name(text: str, lexicon: Lexicon) -> bool:
    """True when the text, article included, is a listed name or alias ('La Haye', not 'la MPAA')."""
    known = lexicon.known.get(fold(text))
    return known is not None and text.casefold() in {n.casefold() for n in (known.name, *known.aliases)}


def _heads_free_phrase(doc: Doc, i: int) -> bool:
    """The noun at i opens a noun phrase of its own ('un FAI américain, X'), not an adjunct
    ('Selon ses administrateurs, X') whose noun says nothing of X."""
    start = i
    while start > 0 and doc[start - 1].pos_ in {"DET", "ADJ", "NUM"}:
        start -= 1
    if any("Yes" in doc[k].morph.get("Poss") for k in range(start, i)):
        return False
    return not (
        start > 0 and doc[start - 1].pos_ == "ADP" and doc[start - 1].lower_ not in {"de", "d'", "d’", "du", "des"}
    )


def _is_word(token: Token) -> bool:
    """A common French word, capitalised only by its position."""
    lexeme = token.vocab[token.lower_]
    return lexeme.has_vector and not token.text.isupper()


def _cue_copula(span: Span, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """'X est un site de streaming', 'X était l'un des hébergeurs': the predicate noun types its subject."""
    root = span.root
    if root.dep_ != "nsubj":
        return None
    predicate = root.head
    if not any(c.dep_ == "cop" for c in predicate.children):
        return None
    nouns = [predicate] + [c for c in predicate.children if c.dep_ == "nmod" and predicate.pos_ in {"PRON", "NUM"}]
    for noun in nouns:
        if _hosts_content(noun):
            return ("Website", "", "copula:hébergeur de contenus")
        cue = lexicon.cues.get(noun.lemma_.lower()) or lexicon.cues.get(noun.lower_)
        if cue and cue[0] != "Place":
            return (*cue, "copula:" + noun.lemma_.lower())
    return None


def _type_of(span: Span, source: str, lexicon: Lexicon) -> tuple[str, str, str, int] | None:
    """(coarse, fine, evidence, strength) for a candidate span, or None to drop it."""
    text = span.text
    known = lexicon.known.get(fold(text)) or lexicon.known.get(fold(_CORPORATE.sub("", text)))
    if source == "domain":
        if known and known.coarse == "Organization" and known.fine == "MediaOutlet":
            return known.coarse, known.fine, "gazetteer", 5
        return "Website", "", "domain", 5
    if source == "institution":
        return "Organization", _institution_fine(text), "institution", 5
    if source.startswith("list:"):
        cue_word = source.split(":", 1)[1]
        if known:
            return known.coarse, known.fine, "gazetteer", 5
        return (*lexicon.cues[cue_word], "list:" + cue_word, 3)
    if source == "corporate":
        return "Organization", lexicon.corporate_heads.get(span[-1].text, ""), "corporate-name", 4
    if source == "work":
        return (
            "CreativeWork",
            "Film" if "film" in span.doc[max(0, span.start - 3) : span.start].text.lower() else "",
            "quoted-title",
            4,
        )
    cue = (
        _cue_before(span.doc, span.start, lexicon)
        or _cue_apposition(span.doc, span.start, span.end, lexicon)
        or _cue_copula(span, lexicon)
    )
    if known and known.coarse != "Place":
        return known.coarse, known.fine, "gazetteer", 5
    if known:  # a place name stays a place: 'le site US TorrentSpy'
        return known.coarse, known.fine, "lexicon", 4
    if cue and not (known and cue[0] == "Person"):
        if cue[0] == "Place" and not known:
            return None
        return cue[0], cue[1], cue[2], 4
    if known:
        return known.coarse, known.fine, "lexicon", 4
    label = span.label_ if source == "ner" else ""
    if label == "PER" and len(span) == 1 and span[0].pos_ in {"VERB", "NOUN", "ADJ", "ADV"} and _is_word(span[0]):
        return None  # 'Continuer', a button the NER took for a surname
    if label == "PER" and len(span) == 1 and _CAMEL.match(text):
        return "Organization", "", "camel-case", 1  # 'MdeiServices' is no person
    if label in NER_TYPES:
        coarse, fine = NER_TYPES[label]
        return coarse, fine, "ner:" + label, 1
    if label == "MISC" and (_CAMEL.match(text) or any(c.isdigit() for c in text) or text[:1].isupper()):
        return "", "", "ner:MISC", 0  # untyped: kept only if a relation types it
    return None


def _institution_fine(text: str) -> str:
    low = text.lower()
    if low.startswith(("tribunal", "cour", "justice")):
        return "Court"
    if low.startswith(("gouvernement", "autorités", "pouvoirs")):
        return "Government"
    return "LawEnforcement"


def _display(span: Span) -> str:
    return re.sub(r"\s+", " ", span.text).strip(" ,.;:‘’'\"«»")


def find_mentions(doc: Doc, lexicon: Lexicon) -> list[MentionSpan]:
    """All typed mentions of a parsed article, non-overlapping, in text order."""
    candidates: list[tuple[Span, str]] = []
    text = doc.text
    for match in DOMAIN_NAME.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            candidates.append((span, "domain"))
    for match in _institution_regex(lexicon).finditer(text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is not None:
            candidates.append((span, "institution"))
    elliptic = _elliptic_institutions(doc, candidates)
    for match in _QUOTED.finditer(text):
        before = text[max(0, match.start() - 25) : match.start()].lower()
        if _WORK_NOUN.search(before):
            span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
            if span is not None:
                candidates.append((span, "work"))
    candidates.extend(_competitions(doc, text, lexicon))
    candidates.extend(_lexicon_spans(doc, lexicon))
    candidates.extend(_corporate_names(doc, lexicon))
    for ent in doc.ents:
        candidates.append((ent, "ner"))
    candidates.extend(_cued_names(doc, lexicon))

    priority = {"domain": 0, "institution": 1, "work": 2, "lexicon": 3, "corporate": 3, "cue": 4, "list": 4, "ner": 5}
    chosen: list[MentionSpan] = []
    taken: set[int] = set()
    ordered = sorted(candidates, key=lambda c: (priority[c[1].split(":")[0]], -(len(c[0])), c[0].start))
    for raw, source in ordered:
        span = raw if source in {"institution", "work"} else _trim(raw)
        if source == "lexicon" and (span is None or _is_exact_name(raw.text, lexicon)):
            span = raw  # 'La Haye' is the name itself, 'La MPAA' is not
        if span is None:
            continue
        if source == "ner":
            span = _cut_at_line_break(span)
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if not _is_name(span, source, lexicon):
            continue
        if source == "ner":  # the trimmed span keeps the NER label the typing reads
            span = Span(doc, span.start, span.end, label=raw.label_)
        typed = _type_of(span, source, lexicon)
        if typed is None:
            continue
        coarse, fine, evidence, strength = typed
        taken.update(range(span.start, span.end))
        mention = Mention(
            text=_display(span),
            start=span.start_char,
            end=span.end_char,
            coarse=coarse,
            fine=fine,
            evidence=evidence,
            strength=strength,
        )
        chosen.append(MentionSpan(span.start, span.end, mention))
    chosen = _split_elliptic(chosen, elliptic)
    chosen = _harmonise_lists(doc, _consistent_types(chosen), lexicon)
    chosen = _type_by_domain(chosen)
    typed_names = {m.mention.text for m in chosen if m.mention.coarse}
    for m in [m for m in chosen if not m.mention.coarse and m.mention.text in typed_names]:
        chosen.remove(m)  # an untyped NER span of a name typed elsewhere: let _repeats type it
        taken.difference_update(range(m.start, m.end))
    chosen.extend(_repeats(doc, chosen, taken))
    return sorted(chosen, key=lambda m: m.start)


def _competitions(doc: Doc, text: str, lexicon: Lexicon) -> list[tuple[Span, str]]:
    """Competitions whose matches or broadcast rights the text speaks of: works, like a film's title."""
    found = []
    for match in _COMPETITION.finditer(text):
        names = [match]
        while more := _COMPETITION_MORE.match(text, names[-1].end()):
            names.append(more)
        for name in names:
            span = doc.char_span(name.start("name"), name.end("name"), alignment_mode="expand")
            known = lexicon.known.get(fold(name.group("name")))
            if span is not None and not (known and known.coarse != "CreativeWork"):  # 'diffusion de Canal+'
                found.append((span, "work"))
    return found


def _elliptic_institutions(doc: Doc, candidates: list[tuple[Span, str]]) -> set[int]:
    """Starts of institution spans that coordinate two adjectives over one head ('polices A et B')."""
    return {
        span.start
        for span, source in candidates
        if source == "institution"
        and len(span) == 4
        and span[2].lower_ == "et"
        and span[1].pos_ in {"ADJ", "NOUN", "PROPN"}
    }


def _split_elliptic(chosen: list[MentionSpan], elliptic: set[int]) -> list[MentionSpan]:
    """'les polices britannique et néerlandaise' names two forces: 'police britannique', 'police néerlandaise'."""
    out = []
    for m in chosen:
        if m.start not in elliptic or m.mention.evidence != "institution":
            out.append(m)
            continue
        head = m.mention.text.split()[0]
        head = head[:-1] if head.endswith("s") else head
        first_adj, second_adj = m.mention.text.split()[1], m.mention.text.split()[3]
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


def _harmonise_lists(doc: Doc, chosen: list[MentionSpan], lexicon: Lexicon) -> list[MentionSpan]:
    """Names listed together are of one kind: 'Torrent9, Cpasbien et Zone-annuaire' are all sites,
    whatever the NER guessed for the last one; so are the names a plural cue opens ('les sites X et Y')."""
    ordered = sorted(chosen, key=lambda m: m.start)
    runs: list[list[MentionSpan]] = []
    for m in ordered:
        if runs and _joined(doc, runs[-1][-1], m):
            runs[-1].append(m)
        else:
            runs.append([m])
    retyped: dict[int, MentionSpan] = {}
    for run in runs:
        sure = [m for m in run if m.mention.strength >= 2 and m.mention.coarse]
        kinds = {(m.mention.coarse, m.mention.fine) for m in sure}
        opener = doc[run[0].start - 1].lower_ if run[0].start else ""
        plural_cue = len(run) >= 2 and _singular_cue(opener, lexicon) not in {None, opener}
        if plural_cue and run[0].mention.evidence.startswith("cue:"):
            kinds = {(run[0].mention.coarse, run[0].mention.fine)}
        elif len(run) < 3 or len(sure) < 2 or len({k[0] for k in kinds}) != 1:
            continue
        coarse = next(iter(kinds))[0]
        for m in run:
            if m.mention.strength <= 1 and m.mention.coarse != coarse and m.mention.evidence.startswith("ner:"):
                retyped[m.start] = MentionSpan(
                    m.start, m.end, replace(m.mention, coarse=coarse, fine="", evidence="list-kind")
                )
    return [retyped.get(m.start, m) for m in chosen]


def _joined(doc: Doc, left: MentionSpan, right: MentionSpan) -> bool:
    between = [t.lower_ for t in doc[left.end : right.start]]
    return 0 < len(between) <= 2 and set(between) <= {",", "et", "ou"}


def _consistent_types(chosen: list[MentionSpan]) -> list[MentionSpan]:
    """One name, one type within an article: a bare NER guess takes the type the best-typed occurrence has."""
    best: dict[str, Mention] = {}
    for m in chosen:
        if m.mention.coarse and m.mention.strength > best.get(m.mention.text, m.mention).strength:
            best[m.mention.text] = m.mention
        best.setdefault(m.mention.text, m.mention)
    out = []
    for m in chosen:
        model = best[m.mention.text]
        if model.strength > m.mention.strength and (m.mention.evidence.startswith("ner:") or not m.mention.coarse):
            m = MentionSpan(
                m.start,
                m.end,
                replace(m.mention, coarse=model.coarse, fine=model.fine, evidence="same-name", strength=2),
            )
        out.append(m)
    return out


def _type_by_domain(chosen: list[MentionSpan]) -> list[MentionSpan]:
    """An untyped 'Allofmp3' is the site the article also names 'allofmp3.com'."""
    domains = {fold(m.mention.text.rsplit(".", 1)[0]): m.mention for m in chosen if m.mention.evidence == "domain"}
    out = []
    for m in chosen:
        site = domains.get(fold(m.mention.text)) if not m.mention.coarse else None
        if site is not None:
            m = MentionSpan(
                m.start,
                m.end,
                replace(m.mention, coarse=site.coarse, fine=site.fine, evidence="domain-alias", strength=2),
            )
        out.append(m)
    return out


@lru_cache(maxsize=1 << 14)
def _standalone(name: str) -> re.Pattern:
    """The name as a whole word (not inside a longer name or a domain)."""
    return re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")


def _repeats(doc: Doc, chosen: list[MentionSpan], taken: set[int]) -> list[MentionSpan]:
    """Other occurrences of a name typed elsewhere in the article ('LokiTorrent' untagged the second time)."""
    extra: list[MentionSpan] = []
    article_text = doc.text  # Doc.text joins every token on each read
    by_text = {}
    for m in sorted(chosen, key=lambda m: -m.mention.strength):
        if m.mention.coarse:
            by_text.setdefault(m.mention.text, m)
    for text, model in sorted(by_text.items()):
        if len(text) < 3 or model.mention.coarse == "Place" and model.mention.evidence.startswith("ner"):
            continue
        for match in _standalone(text).finditer(article_text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            mention = Mention(
                text=text,
                start=span.start_char,
                end=span.end_char,
                coarse=model.mention.coarse,
                fine=model.mention.fine,
                evidence="repeat",
                strength=0,
            )
            extra.append(MentionSpan(span.start, span.end, mention))
    return extra


def _cut_at_line_break(span: Span) -> Span:
    """Cut a span at the first line break: a NER span never crosses paragraphs."""
    for tok in span:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return (
                span.doc[span.start : tok.i + (0 if "\n" in tok.text else 1)]
                if tok.i > span.start
                else span.doc[span.start : span.start + 1]
            )
    return span


def _is_name(span: Span, source: str, lexicon: Lexicon) -> bool:
    text = span.text.strip()
    if source in {"domain", "institution", "work"}:
        return True
    if source.startswith("list:") and fold(text) in lexicon.not_names:
        return False
    if not text or fold(text) in lexicon.not_names or text.casefold() in lexicon.not_names:
        return False
    if not any(c.isupper() or c.isdigit() for c in text) and not (len(span) == 1 and _coined(span[0])):
        return False
    if len(text) < 2 or len(span) > 8:
        return False
    if all(t.is_stop or t.is_punct for t in span):
        return False
    return True


def _corporate_names(doc: Doc, lexicon: Lexicon) -> list[tuple[Span, str]]:
    """'Ardenne Films', 'Danubia Hosting', 'Baltic Media Group': capitalised words closed by a company word."""
    found = []
    for token in doc:
        if token.text not in lexicon.corporate_heads or token.i == 0:
            continue
        start = token.i
        while start > 0 and start > token.i - 4 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ != "DET":
            start -= 1
        if start < token.i and not (doc[start].is_sent_start and doc[start].lower_ in lexicon.not_names):
            found.append((doc[start : token.i + 1], "corporate"))
    return found


def _lexicon_spans(doc: Doc, lexicon: Lexicon) -> list[tuple[Span, str]]:
    """Gazetteer and place names, longest first, capitalised in the text."""
    found = []
    text, n = doc.text, len(doc)
    # Token texts and offsets read once: making Token objects is what costs here.
    words = [t.text for t in doc]
    starts = [t.idx for t in doc]
    punct = [t.is_punct for t in doc]
    for i in range(n):
        if not (words[i][:1].isupper() or words[i][:1].isdigit()):
            continue
        for length in range(min(6, n - i), 0, -1):
            last = i + length - 1
            if punct[last]:
                continue
            if fold(text[starts[i] : starts[last] + len(words[last])]) in lexicon.known:
                found.append((doc[i : i + length], "lexicon"))
                break
    return found


def _cued_names(doc: Doc, lexicon: Lexicon) -> list[tuple[Span, str]]:
    """Capitalised names right after a cue noun that the NER missed ('le groupe Sparks')."""
    found = []
    for token in doc:
        if not (token.text[:1].isupper() or token.text[:1].isdigit() or _coined(token)) or token.is_sent_start:
            continue
        if token.lower_ in lexicon.not_names:
            continue
        if fold(token.text) in lexicon.known and lexicon.known[fold(token.text)].coarse == "Place":
            continue
        if _cue_before(doc, token.i, lexicon) is None:
            continue
        end = token.i + 1
        while (
            end < len(doc)
            and (doc[end].text[:1].isupper() or doc[end].text[:1].isdigit())
            and "\n" not in doc[end - 1].whitespace_
        ):
            end += 1
        for ent in doc.ents:
            if ent.start == token.i and ent.end > end and all(t.text[:1].isupper() for t in doc[end : ent.end]):
                end = ent.end
        found.append((doc[token.i : end], "cue"))
    found.extend(_cued_lists(doc, lexicon))
    found.extend(_coined_lists(doc))
    return found


_SITE_WORDS = {
    "site",
    "sites",
    "plateforme",
    "plateformes",
    "domaine",
    "domaines",
    "streaming",
    "torrent",
    "torrents",
    "miroir",
    "miroirs",
    "annuaire",
    "annuaires",
    "tracker",
    "trackers",
}


def _coined(token: Token) -> bool:
    """A lowercase word the model has never seen, like a site's name ('cpasmieux', 'movies7')."""
    return token.is_oov and token.is_lower and len(token.text) >= 4 and token.text.isalnum() and not token.like_num


def _coined_lists(doc: Doc) -> list[tuple[Span, str]]:
    """'figuraient bflixz, flixtorz et aniwave': two or more coined words listed in a sentence about sites."""
    found = []
    for sent in doc.sents:
        if not any(t.lower_ in _SITE_WORDS for t in sent):
            continue
        run: list[Token] = []
        for token in [*sent, None]:
            if token is not None and _coined(token):
                run.append(token)
            elif token is not None and token.text in {",", "et", "ou"} and run:
                continue
            else:
                if len(run) >= 2:
                    found.extend((doc[t.i : t.i + 1], "list:site") for t in run)
                run = []
    return found


_LIST = re.compile(
    r"(?:\(|: |, dont |, notamment |, comme | comme | tels? que )"
    r"(?P<items>[A-Z0-9ÀÉ][^()\n.;:]*?(?:,| et) [^()\n.;:]*?)(?=\)|\. |\.$|;|$)"
)


def _list_cue(before: str, lexicon: Lexicon) -> str:
    """The cue noun among the three words before a list ('groupes similaires (')."""
    for word in reversed(re.findall(r"[\w-]+", before)[-3:]):
        word = word.lower()
        for form in (word, word[:-1] if word.endswith(("s", "x")) else word):
            if form in lexicon.cues:
                return form
    return ""


def _cued_lists(doc: Doc, lexicon: Lexicon) -> list[tuple[Span, str]]:
    """'des groupes similaires (Geckos, Drones et Splinter)': each listed name is cued."""
    found = []
    text = doc.text
    for match in _LIST.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()].rsplit("\n", 1)[-1]  # within the paragraph
        cue = _list_cue(before, lexicon)
        if not cue:
            continue
        offset = match.start("items")
        for item in re.finditer(r"[^,]+", match.group("items")):
            for part in re.split(r"\s+et\s+", item.group()):
                name = part.strip()
                if not name or not (name[0].isupper() or name[0].isdigit()) or len(name.split()) > 4:
                    continue
                start = offset + item.start() + item.group().index(part) + part.index(name)
                span = doc.char_span(start, start + len(name), alignment_mode="expand")
                if span is not None:
                    found.append((span, "list:" + cue))
    return found


def token_mentions(mentions: list[MentionSpan]) -> dict[int, MentionSpan]:
    """Map every token index covered by a mention to that mention."""
    index: dict[int, MentionSpan] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            index[i] = m
    return index
