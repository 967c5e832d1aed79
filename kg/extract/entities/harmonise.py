"""One article, one type per name: lists share a kind, a name keeps its best type, repeats follow."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.entities.cues import singular_cue
from kg.extract.entities.kind import opening_adverb
from kg.extract.entities.span import MentionSpan
from kg.extract.entities.words import OF, PLACED, UNPLACED, WORDS, legal_form_only
from kg.lexicon import Lexicon, abbreviates, fold, is_acronym
from kg.records import Mention


def harmonise_lists(
    doc: Doc, chosen: list[MentionSpan], lexicon: Lexicon, lowers: list[str] | None = None
) -> list[MentionSpan]:
    """Names listed together are of one kind: 'Torrent9, Cpasbien et Zone-annuaire' are all sites,
    whatever the NER guessed for the last one; so are the names a plural cue opens ('les sites X et Y')."""
    runs = _runs(doc, chosen, lowers)
    retyped: dict[int, MentionSpan] = {}
    for run in runs:
        sure = [m for m in run if m.mention.strength >= 2 and m.mention.coarse]
        kinds = {(m.mention.coarse, m.mention.fine) for m in sure}
        opener = doc[run[0].start - 1].lower_ if run[0].start else ""
        if opener == "," and run[0].start >= 2:
            opener = doc[run[0].start - 2].lower_  # 'Deux autres sites, X et Y': the list apposed to the cue
        plural_cue = len(run) >= 2 and singular_cue(opener, lexicon) not in {None, opener}
        cue = lexicon.cues.get(singular_cue(opener, lexicon) or "") if plural_cue else None
        if plural_cue and (run[0].mention.evidence.startswith("cue:") or cue and cue[0] == run[0].mention.coarse):
            kinds = {(run[0].mention.coarse, run[0].mention.fine)}  # 'les sites X et Y', X known from the gazetteer
        elif len(run) < 3 or len(sure) < 2 or len({k[0] for k in kinds}) != 1:
            continue
        coarse = next(iter(kinds))[0]
        fines = {fine for c, fine in kinds if c == coarse}
        fine = next(iter(fines)) if len(fines) == 1 else ""
        for m in run:
            # ('Vantor, Paramount et Universal': the NER's bare organisation is a rights holder like the others)
            if m.mention.strength <= 1 and (m.mention.coarse, m.mention.fine) != (coarse, fine) and (
                m.mention.evidence.startswith("ner:")
            ):
                retyped[m.start] = MentionSpan(
                    m.start, m.end, replace(m.mention, coarse=coarse, fine=fine, evidence="list-kind")
                )
    return [retyped.get(m.start, m) for m in chosen]


def _runs(doc: Doc, chosen: list[MentionSpan], lowers: list[str] | None = None) -> list[list[MentionSpan]]:
    """Mentions in text order, grouped where they are coordinated. ``lowers``: each token's ``lower_``."""
    lowers = [t.lower_ for t in doc] if lowers is None else lowers
    runs: list[list[MentionSpan]] = []
    for m in sorted(chosen, key=lambda m: m.start):
        if runs and _joined(lowers, runs[-1][-1], m):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def extend_lists(
    doc: Doc, chosen: list[MentionSpan], taken: set[int], lexicon: Lexicon, lowers: list[str] | None = None
) -> list[MentionSpan]:
    """A list of names of one kind takes in the capitalised names it coordinates that no source found
    ('Orange, SFR, Free, Colt et Outremer Télécom', 'Doodstream, Mixdrop, Vidoza et Netu')."""
    extra: list[MentionSpan] = []
    for run in _runs(doc, chosen, lowers):
        # the NER's guesses give way to the kinds the sure members have ('AnimeZone, OtakuStream et MangaTV')
        sure = [m for m in run if not m.mention.evidence.startswith("ner:")]
        kinds = {(m.mention.coarse, m.mention.fine) for m in sure or run}
        if len(run) < 2 or len({c for c, _ in kinds}) != 1 or next(iter(kinds))[0] not in _LISTED_KINDS:
            continue
        coarse, fine = next(iter(kinds)) if len(kinds) == 1 else (next(iter(kinds))[0], "")
        for start, end in _neighbours(doc, run[0].start, run[-1].end, taken, lexicon):
            taken.update(range(start, end))
            span = doc[start:end]
            mention = Mention(span.text, span.start_char, span.end_char, coarse, fine, "list-member", 2)
            extra.append(MentionSpan(start, end, mention))
    return extra


_LISTED_KINDS = {"Organization", "Website", "CreativeWork"}
_SEPARATORS = {",", "et", "ou", "and"}


def _neighbours(doc: Doc, first: int, last: int, taken: set[int], lexicon: Lexicon) -> list[tuple[int, int]]:
    found = []
    i = last  # rightwards: ', X', 'et X'
    while i + 1 < len(doc) and doc[i].lower_ in _SEPARATORS and "\n" not in doc[i - 1].whitespace_:
        k = i + 2 if doc[i].text == "," and doc[i + 1].lower_ in _SEPARATORS else i + 1  # 'X, Y, and Z'
        j = k
        while j < len(doc) and j - k <= 3 and _name_token(doc, j, taken, lexicon):
            j += 1
        if j == k:
            break
        found.append((k, j))
        i = j
    i = first - 1  # leftwards: 'X, ' before the first listed name
    while i - 1 >= 0 and doc[i].text == ",":
        j = i - 1
        while j >= 0 and i - j <= 4 and _name_token(doc, j, taken, lexicon):
            j -= 1
        if j == i - 1:
            break
        found.append((j + 1, i))
        i = j
    return found


def _name_token(doc: Doc, i: int, taken: set[int], lexicon: Lexicon) -> bool:
    token = doc[i]
    return (
        i not in taken
        and (token.text[:1].isupper() or token.text[:1].isdigit() and not token.text.isdigit())
        and not token.is_punct
        and token.lower_ not in lexicon.not_names
        and token.pos_ not in {"DET", "PRON", "ADP", "VERB", "AUX"}
        and "\n" not in token.whitespace_
        and not opening_adverb(token)  # 'Parallèlement, X et Y': no member of the list
    )


_LINKS = {",", "et", "ou", "and", "mais", "aussi", "ainsi", "que", "voire"}


def _joined(lowers: list[str], left: MentionSpan, right: MentionSpan) -> bool:
    """Two names coordinated: ', ', ' et ', ', mais aussi ', ' ainsi que '."""
    between = lowers[left.end : right.start]
    return 0 < len(between) <= 3 and set(between) <= _LINKS and between[-1] not in {"mais", "ainsi"}


def consistent_types(chosen: list[MentionSpan]) -> list[MentionSpan]:
    """One name, one type within an article: a bare NER guess takes the type the best-typed occurrence has."""
    best: dict[str, Mention] = {}
    for m in chosen:
        if m.mention.coarse and _surer(m.mention, best.get(m.mention.text, m.mention)):
            best[m.mention.text] = m.mention
        best.setdefault(m.mention.text, m.mention)
    out = []
    for m in chosen:
        model = best[m.mention.text]
        if _surer(model, m.mention) and (
            m.mention.evidence.startswith("ner:") or m.mention.evidence == "camel-case" or not m.mention.coarse
        ):
            m = _retyped(m, model, "same-name")
        out.append(m)
    return out


def _surer(one: Mention, other: Mention) -> bool:
    """Whether one occurrence's type is surer than another's: stronger evidence, or, between two NER places, the
    one the text says as a place ('au tribunal de Sétif' places the Sétif a heading names bare)."""
    return one.strength > other.strength or one.strength == other.strength and (
        one.evidence == PLACED and other.evidence == UNPLACED
    )


def type_by_domain(chosen: list[MentionSpan]) -> list[MentionSpan]:
    """An untyped 'Allofmp3' is the site the article also names 'allofmp3.com'."""
    domains = {fold(m.mention.text.rsplit(".", 1)[0]): m.mention for m in chosen if m.mention.evidence == "domain"}
    out = []
    for m in chosen:
        site = domains.get(fold(m.mention.text)) if not m.mention.coarse else None
        if site is not None:
            m = _retyped(m, site, "domain-alias")
        out.append(m)
    return out


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches in a str pattern


def standalone_spans(name: str, text: str) -> Iterator[tuple[int, int]]:
    """The name as a whole word (not inside a longer name or a domain): where the regex
    ``(?<![\\w.-])NAME(?![\\w-])`` would match, found with str.find (no regex compiled per name).

    >>> list(standalone_spans("Zora", "Zora, zora.to, Zoras et (Zora)"))
    [(0, 4), (25, 29)]
    """
    pos, size = 0, len(name)
    while (start := text.find(name, pos)) != -1:
        end = start + size
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if (not before or not (_is_word_char(before) or before in ".-")) and (
            not after or not (_is_word_char(after) or after == "-")
        ):
            yield start, end
            pos = end  # finditer goes on after a match
        else:
            pos = start + 1


def repeats(doc: Doc, chosen: list[MentionSpan], taken: set[int], text: str | None = None) -> list[MentionSpan]:
    """Other occurrences of a name typed elsewhere in the article ('LokiTorrent' untagged the second time).

    An occurrence of a well-typed name of several words also replaces the NER's weaker guesses inside it
    ('OmniTV' and 'Box' in a headline, where the body says 'le service OmniTV Box'), and any name's occurrence
    its untyped ones ('WESLEY' in 'VINCENT WESLEY'). Removed guesses leave ``chosen``.
    """
    extra: list[MentionSpan] = []
    owner = {i: m for m in chosen for i in range(m.start, m.end)}
    article_text = doc.text if text is None else text  # Doc.text joins every token on each read
    by_text = {}
    for m in sorted(chosen, key=lambda m: -m.mention.strength):
        if m.mention.coarse:
            by_text.setdefault(m.mention.text, m)
    # a person's bare surname after the full name ('Matthew Storman' ... 'Storman'), which the NER often misses;
    # the resolver then merges it with the full name
    surnames = {
        text.split()[-1]: model
        for text, model in sorted(by_text.items())
        if model.mention.coarse == "Person" and " " in text and text.split()[-1][:1].isupper()
    }
    # a site's domain name without its ending ('Tamiser.com' ... 'Tamiser, propriété de Y'): the resolver merges them
    stems = {
        text.rsplit(".", 1)[0]: model
        for text, model in sorted(by_text.items())
        if model.mention.coarse == "Website" and text.count(".") == 1 and (text[:1].isupper() or text[:1].isdigit())
        and len(text) > 7  # ('2600.com' ... '2600')
    }
    models = [*sorted(by_text.items()), *((k, m) for k, m in sorted({**stems, **surnames}.items()) if k not in by_text)]
    for text, model in models:
        if len(text) < 3 or model.mention.coarse == "Place" and model.mention.evidence.startswith("ner"):
            continue
        # a name of several words written in capitals ('VINCENT WESLEY' in a judgment's heading) is the same name
        capitals = text.upper() if " " in text and text.upper() != text else None
        found = [*standalone_spans(text, article_text), *(standalone_spans(capitals, article_text) if capitals else ())]
        for start, end in found:
            span = doc.char_span(start, end, alignment_mode="strict")
            if span is None:
                continue
            inside = {owner[i] for i in range(span.start, span.end) if i in owner}
            upper = span.text == capitals  # the NER reads capitals badly: the name's own reading wins over its guess
            if inside and len(span) >= 2 and (
                model.mention.strength >= 3 or upper or all(not m.mention.coarse for m in inside)
            ):
                # (a heading's party in capitals gives way to the name as the body writes it)
                weak = [m.mention.strength <= 1 or upper and m.mention.evidence == "heading" for m in inside]
                if all(weak) and all(span.start <= m.start and m.end <= span.end for m in inside):
                    for m in inside & set(chosen):
                        chosen.remove(m)
                        taken.difference_update(range(m.start, m.end))
            if any(i in taken for i in range(span.start, span.end)):
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


def names_to_acronym(doc: Doc, chosen: list[MentionSpan], taken: set[int]) -> list[MentionSpan]:
    """'l'Office vermondois du livre et des arts graphiques (Ovlag)': a descriptive organisation's name (its
    last word lowercase) runs over the lowercase complements coordinated after it, up to the acronym bracketed
    after them; the NER stops at the first comma or 'et'. The words between are complements only ('de', 'la',
    ',', 'et', lowercase nouns and adjectives), opened by a comma, 'et' or 'de'."""
    out = []
    for m in chosen:
        k = m.end
        if m.mention.coarse != "Organization" or not doc[m.end - 1].is_lower or k + 1 >= len(doc):
            out.append(m)
            continue
        sent_end = doc[m.start].sent.end
        while k < min(sent_end, m.end + 18) and k not in taken and (
            doc[k].text == "," or doc[k].lower_ in OF | {"et", "la", "l'", "l’"}
            or doc[k].is_lower and doc[k].pos_ in {"NOUN", "ADJ"}
        ):
            k += 1
        inner = doc[k + 1].text if k + 2 < sent_end and doc[k].text == "(" and doc[k + 2].text == ")" else ""
        acronym = bool(inner) and (is_acronym(inner) or abbreviates(inner, doc[m.start : k].text))
        opened = doc[m.end].text == "," and doc[m.end + 1].lower_ in OF or doc[m.end].lower_ in OF | {"et"}
        nouns = sum(t.pos_ == "NOUN" for t in doc[m.end : k])
        if not (acronym and opened and nouns and k > m.end and doc[k - 1].is_lower):
            out.append(m)
            continue
        taken.update(range(m.end, k))
        span = doc[m.start : k]
        out.append(MentionSpan(m.start, k, replace(m.mention, text=span.text, end=span.end_char)))
    return out


def bracketed_acronyms(doc: Doc, chosen: list[MentionSpan], taken: set[int]) -> list[MentionSpan]:
    """'le ministère ... des Sports et du Tourisme (MCST)': an unknown acronym in brackets right after a typed
    organisation or site names it too, with its type (the article then says 'MCST' alone; ``repeats`` finds
    those). So does a capitalised word that spells the name's initials ('l'Office vermondois du livre
    (Ovl)'). An untyped guess of the NER there gives way."""
    at = {m.start: m for m in chosen}
    out = list(chosen)
    for m in chosen:
        if m.mention.coarse not in {"Organization", "Website"} or m.end + 2 >= len(doc):
            continue
        inner = doc[m.end + 1]
        if doc[m.end].text != "(" or doc[m.end + 2].text != ")":
            continue
        if not is_acronym(inner.text) and not (inner.is_title and abbreviates(inner.text, m.mention.text)):
            continue
        if legal_form_only(inner.text):
            continue  # 'Société X (SARL)': its legal form, no other name
        guess = at.get(inner.i)
        # (a NER guess gives way too when the word spells the name's initials: '(Ovl)' read as a person)
        spelled = guess is not None and guess.mention.evidence.startswith("ner") and not is_acronym(inner.text)
        if inner.i in taken and (guess is None or guess.end != inner.i + 1 or guess.mention.coarse and not spelled):
            continue
        if guess is not None:
            out.remove(guess)
        taken.add(inner.i)
        acronym = replace(m.mention, text=inner.text, start=inner.idx, end=inner.idx + len(inner.text),
                          evidence="bracketed-acronym")
        out.append(MentionSpan(inner.i, inner.i + 1, acronym))
    return out


def particle_names(doc: Doc, chosen: list[MentionSpan], taken: set[int]) -> list[MentionSpan]:
    """'Jan de Vries', 'Ludwig van der Berg': a person's name goes on over its particles to the capitalised
    word they introduce (the NER stops at 'de'), unless that word is a name of its own ('Jean de Paris')."""
    out = []
    for m in chosen:
        end = m.end
        if m.mention.coarse == "Person":
            k = end
            while k < len(doc) and doc[k].text in WORDS["name_particles"] and k - end < 2:
                k += 1
            last = doc[k] if k > end and k < len(doc) else None
            if last is not None and last.text[:1].isupper() and last.is_alpha and k not in taken and not any(
                "\n" in t.whitespace_ for t in doc[m.end - 1 : k]
            ) and not hometown_after(doc, m.start, m.end, k + 1):
                taken.update(range(end, k + 1))
                end = k + 1
        if end == m.end:
            out.append(m)
            continue
        span = doc[m.start : end]
        out.append(MentionSpan(m.start, end, replace(m.mention, text=span.text, end=span.end_char)))
    return out


def hometown_after(doc: Doc, start: int, particle: int, after: int) -> bool:
    """'David Dupont de Marvigny au Québec': a full name (given name and surname, tokens start..particle) then 'de'
    and a town that a place's preposition follows (at token ``after``) names the person's town, not a particle of
    the name ('Jan de Vries')."""
    full = particle - start >= 2 and all(t.text[:1].isupper() for t in doc[start:particle])
    return full and doc[particle].lower_ in {"de", "d'", "d’"} and after < len(doc) and (
        doc[after].lower_ in {"au", "aux", "en", "dans", "("}
    )


def subsidiaries(doc: Doc, chosen: list[MentionSpan]) -> list[MentionSpan]:
    """'Sony Music Russie', 'Warner Music Grande-Bretagne': a company's name right before a country's, with
    nothing between, names its branch there, one organisation."""
    out: list[MentionSpan] = []
    for m in sorted(chosen, key=lambda m: m.start):
        last = out[-1] if out else None
        if (
            last is not None
            and (last.mention.coarse == "Organization" or last.mention.evidence in {"site-like-name", "ner:ORG"})
            and last.mention.fine not in {"Court", "LawEnforcement", "Government"}
            and m.mention.fine == "Country"
            and m.start == last.end
            and "\n" not in doc[last.end - 1].whitespace_
            and doc[last.start].text[:1].isupper()
            and (m.end >= len(doc) or not doc[m.end].text[:1].isupper())
        ):
            span = doc[last.start : m.end]
            branch = replace(last.mention, text=span.text, end=span.end_char, coarse="Organization")
            out[-1] = MentionSpan(last.start, m.end, branch)
            continue
        out.append(m)
    return out


def _retyped(span: MentionSpan, model, evidence: str) -> MentionSpan:
    """The span typed as another mention of the same thing is (a weak typing, strength 2); from a mere NER
    guess, the guess itself, as weak as it was (a later sentence's 'ner:PER' does not make a site a person)."""
    if model.evidence.startswith("ner:"):
        evidence, strength = model.evidence, model.strength
    else:
        strength = 2
    return MentionSpan(
        span.start,
        span.end,
        replace(span.mention, coarse=model.coarse, fine=model.fine, evidence=evidence, strength=strength),
    )
