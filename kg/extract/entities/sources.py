"""Where candidate names come from, besides the NER: domains, quoted titles, competitions, the
gazetteer and the place lexicon, corporate names, names after a cue noun, and listed names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract.entities.cues import cue_before
from kg.extract.entities.words import (
    AUTHORED,
    CAMEL,
    COMPANY_WORDS_LOWER,
    NAME_CONTINUATIONS,
    OF,
    QUOTED,
    SITE_WORDS,
    STUDIO_HEADS,
    WORDS,
    WORK_NOUN,
    alternation,
    is_french_word,
)
from kg.extract.nlp import DOMAIN_NAME
from kg.extract.tokens import TokenTable
from kg.lexicon import LEGAL_FORMS, Lexicon, acronym_only, fold

# A broadcast competition is named after the matches or the rights it gives: 'les matchs de la Ligue X',
# 'les droits de diffusion de la Coupe Y et de la Z'. Each name: capitalised words or numbers, joined by
# 'des', 'de', 'du'; coordinated names follow with 'et'/'ou'/a comma and their own preposition.
_COMPETITION_NAME = r"[A-ZÀ-Þ0-9][\w+'’-]*(?: (?:des |de |du |d['’])?[A-ZÀ-Þ0-9][\w+'’-]*)*"
_COMPETITION_OF = r"(?:de la |de l['’]|du |des |de |d['’])"
_COMPETITION = re.compile(
    rf"\b(?i:matchs?|rencontres?|retransmissions?|diffusion|droits(?: de diffusion| télévisés| TV| sportifs)?)"
    rf"\s+{_COMPETITION_OF}(?P<name>{_COMPETITION_NAME})"
)
# A competition named by its edition's year, with or without its organiser: 'l'Euro 2032', 'FIFA MONDIAL 2030' (a
# listed name in any case after its capital, with either apostrophe).
_DATED_NAMES = alternation(WORDS["dated_competitions"]).replace("'", "['’]")
_DATED_COMPETITION = re.compile(
    rf"\b(?:(?:{alternation(WORDS['competition_organisers'])}) )?(?=[A-ZÀ-Þ])(?i:{_DATED_NAMES}) (?:19|20)\d\d\b"
)
_COMPETITION_MORE = re.compile(rf"\s*(?:,|\bet\b|\bou\b)\s*{_COMPETITION_OF}(?P<name>{_COMPETITION_NAME})")
_ITEM_CHAR = r"(?:[^()\n.;:]|(?<= [A-Z])\.(?= [A-Z]))"  # a middle initial's period stays in ('Justin K. Moreau')
_LIST = re.compile(
    r"(?:\(|: |, dont |, notamment |, comme | comme | tel(?:le)?s? que )"
    rf"(?P<items>[A-Z0-9ÀÉ]{_ITEM_CHAR}*?(?:,| et) {_ITEM_CHAR}*?)(?=\)|(?<! [A-Z])\.\s|\.$|;|$)"
)


def domains(doc: Doc, text: str | None = None) -> list[tuple[Span, str]]:
    found = []
    for match in DOMAIN_NAME.finditer(doc.text if text is None else text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            found.append((span, "domain"))
    return found


def quoted_works(doc: Doc, text: str | None = None) -> list[tuple[Span, str]]:
    """Quoted titles after a work noun, 'le film « X »', or before their author, '« X » de Y' (a short title:
    a quotation is longer, or has its punctuation)."""
    found = []
    text = doc.text if text is None else text
    listed_after = -1  # where a quoted work ended: 'les programmes « X » et « Y »' lists a second one
    for match in QUOTED.finditer(text):
        before = text[max(0, match.start() - 25) : match.start()].lower()
        title = match.group(1)
        words = [w for w in title.split() if w not in {"(", ")"}]  # a bracketed subtitle: '« X ( For Y ) »'
        titled = title[:1].isupper() and len(words) <= 6 and not any(c in title for c in ".,;:!?")
        listed = titled and text[listed_after : match.start()].strip() in {"et", ",", "ou"}
        if WORK_NOUN.search(before) or titled and AUTHORED.match(text, match.end()) or listed:
            listed_after = match.end()
            span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
            if span is not None:
                found.append((span, "work"))
    return found


def competitions(doc: Doc, text: str, lexicon: Lexicon) -> list[tuple[Span, str]]:
    """Competitions whose matches or broadcast rights the text speaks of: works, like a film's title."""
    found = []
    for match in _COMPETITION.finditer(text):
        names = [match]
        while more := _COMPETITION_MORE.match(text, names[-1].end()):
            names.append(more)
        for name in names:
            start, end = name.start("name"), name.end("name")
            # a known work that goes on in lowercase words ('la Coupe du monde') is that whole name
            words = list(re.finditer(r"\S+", text[start : start + 60]))
            for word in reversed(words[:6]):
                longer = lexicon.known.get(fold(text[start : start + word.end()].rstrip(",.;:")))
                if start + word.end() > end and longer is not None and longer.coarse == "CreativeWork":
                    end = start + len(text[start : start + word.end()].rstrip(",.;:"))
                    break
            span = doc.char_span(start, end, alignment_mode="expand")
            known = lexicon.known.get(fold(text[start:end]))
            if span is not None and not (known and known.coarse != "CreativeWork"):  # 'diffusion de Canal+'
                found.append((span, "work"))
    for match in _DATED_COMPETITION.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            found.append((span, "work"))
    return found


# English words that close a body's name after a company word ('X Entertainment Association')
# words that go on a company's name after its head ('Danubia Hosting Service'), never a head themselves ('The
# Secret Service' is a film's title, 'X Cable Service' a site's)
BODY_CLOSERS = frozenset(
    {"Association", "Alliance", "Coalition", "Council", "Federation", "Foundation", "Institute", "Service", "Services"}
)


PUBLISHER_WORDS = frozenset({"Éditions", "Editions"})  # 'les éditions du Seuil': a publisher in lowercase


def _company_word(word: str, lexicon: Lexicon) -> str:
    """The corporate head a word is written as: 'Corp.' is one token where a list goes on after it
    (kg.extract.nlp.SUFFIX_PERIOD), and a heading in capitals writes 'GROUPE TVA INC.'; else the word."""
    base = word[:-1] if word.endswith(".") else word
    for form in (base, base.title()):
        if form in lexicon.corporate_heads and (form == base or base.isupper()):
            return form
    return word


def corporate_names(doc: Doc, lexicon: Lexicon, table: TokenTable | None = None) -> list[tuple[Span, str]]:
    """'Ardenne Films', 'Danubia Hosting', 'Baltic Media Group': capitalised words closed by a company word."""
    found = []
    table = table or TokenTable.of(doc)
    pos = table.pos
    words = [_company_word(w, lexicon) for w in table.words]

    def company_word(w: str) -> bool:
        return w in lexicon.corporate_heads or w in BODY_CLOSERS or w in COMPANY_WORDS_LOWER

    for i, word in enumerate(words):
        if word not in lexicon.corporate_heads and word not in COMPANY_WORDS_LOWER or i == 0:
            continue
        start = i
        while start > 0 and start > i - 5 and (
            words[start - 1][:1].isupper() | words[start - 1][:1].isdigit() or words[start - 1] in COMPANY_WORDS_LOWER
        ) and pos[start - 1] != "DET" and not (words[start - 1].isalpha() and doc[start - 1].like_num):
            start -= 1  # '12th Player BV', '20th Century Studios', 'Amazon content services LLC' ('Sept studios': no)
        while start < i and words[start] in COMPANY_WORDS_LOWER:
            start += 1  # a name opens on a capital
        end = i + 1
        while end < len(words) and company_word(words[end]):
            end += 1  # 'Belgian Entertainment Association', 'Universal Music Group': the name goes on
        if end + 1 < len(words) and words[end] in {".", ","} and words[end + 1].rstrip(".").lower() in LEGAL_FORMS:
            end += 2  # 'Toho Co. Ltd.', 'X Co., Ltd.': a second legal form after the first one's period
        legal = word.lower() in LEGAL_FORMS  # 'Internet Media File Ltd.' opening a sentence is a company still
        if start < i and (legal or not (table.sent_starts[start] and table.lowers[start] in lexicon.not_names)):
            found.append((doc[start:end], "corporate"))
    for i, word in enumerate(words[:-1]):
        # 'Team Alexandriz', 'Editions Delcourt', 'les éditions du Seuil': a company word opening capitalised words
        lowercase = word[:1].islower() and word.capitalize() in PUBLISHER_WORDS
        of = i + 2 < len(words) and words[i + 1] in OF
        named = words[i + 1][:1].isupper() and i > 0 and words[i - 1].lower() in {"les", "des", "aux"}
        prefix = word in lexicon.corporate_prefixes or lowercase and (of or named)  # 'les éditions (du) X': a publisher
        end = i + 1 + (prefix and of and words[i + 2][:1].isupper())
        while prefix and end < min(len(words), i + 4) and words[end][:1].isupper():
            end += 1
        if end > i + 1 and words[end - 1][:1].isupper():
            found.append((doc[i:end], "corporate"))
    return found


BRACKETS = frozenset("()[]{}«»“”")


# what a leading article folds to alone: fold drops it only before another word ('Les Échos' is 'echos')
_ARTICLE_KEYS = frozenset({"le", "la", "les", "the", "l"})


def _first_words(lexicon: Lexicon) -> frozenset[str]:
    """The first word of every key of the lexicon's known names, kept with the lexicon (made again if it grew)."""
    size, firsts = lexicon.__dict__.get("_first_words", (-1, frozenset()))
    if size != len(lexicon.known):
        firsts = frozenset(key.split(" ")[0] for key in lexicon.known)
        lexicon.__dict__["_first_words"] = (len(lexicon.known), firsts)
    return firsts


def national_branches(doc: Doc, known: list[tuple[Span, str]], lexicon: Lexicon) -> list[tuple[Span, str]]:
    """'Bell Canada', 'Ordinateurs Canada': capitalised words the NER reads as one organisation with a country's
    name closing it, nothing else between, name a company (its branch there), not the country."""
    countries = {}
    for span, _ in known:
        entry = lexicon.known.get(fold(span.text))
        if entry is not None and entry.fine == "Country":
            countries[span.end] = span
    found = []
    for ent in doc.ents:
        country = countries.get(ent.end)
        if ent.label_ != "ORG" or country is None or country.start <= ent.start:
            continue
        words = doc[ent.start : country.start]
        if all(w.text[:1].isupper() and w.is_alpha and fold(w.text) not in lexicon.known for w in words) and not (
            words[0].is_sent_start and words[0].lower_ in lexicon.not_names
        ):
            found.append((doc[ent.start : ent.end], "corporate"))
    return found


def lexicon_spans(doc: Doc, lexicon: Lexicon, table: TokenTable | None = None) -> list[tuple[Span, str]]:
    """Gazetteer and place names, longest first, capitalised in the text."""
    found = []
    table = table or TokenTable.of(doc)
    text, n = table.text, len(doc)
    words, starts, punct = table.words, table.starts, table.is_punct
    brackets = [0]  # brackets[k]: how many of the first k tokens are brackets
    for word in words:
        brackets.append(brackets[-1] + (word in BRACKETS))
    firsts = _first_words(lexicon)
    for i in range(n):
        if not (words[i][:1].isupper() or words[i][:1].isdigit() or CAMEL.match(words[i])):
            continue  # 'beIN Sports' too
        head = fold(words[i])
        if table.whitespace[i] and head and head not in _ARTICLE_KEYS and head.split(" ")[0] not in firsts:
            continue  # a name the token opens, a space after it, folds to a key starting with the token's own word
        for length in range(min(10, n - i), 0, -1):  # "Association de lutte contre la piraterie audiovisuelle"
            last = i + length - 1
            if punct[last] or brackets[last] > brackets[i]:  # a bracket among tokens i .. last - 1
                continue  # 'Cisco (OpenDNS)' is two names, whatever an alias folds to
            surface = text[starts[i] : starts[last] + len(words[last])]
            known = lexicon.known.get(fold(surface))
            if known is not None and known.coarse == "Place" and acronym_only(surface, known):
                known = None  # 'la FES' is an acronym, not the city of Fès
            if known is not None:
                end = i + length
                if known.coarse == "Place" and end < n and "\n" not in table.whitespace[end - 1] and (
                    words[end][:1].isupper() and not punct[end] and fold(words[end]) not in lexicon.known
                ):
                    break  # 'Dallas Buyers Club', 'Paris Match': a place's name opening a longer name
                while end < n and words[end] in NAME_CONTINUATIONS and table.whitespace[end - 1] == " ":
                    end += 1  # 'SFR Fibre', 'beIN Sports France': a known company's branch is its own name
                found.append((doc[i:end], "lexicon" if end == i + length else "lexicon:branch"))
                break
    return found


def cued_names(doc: Doc, lexicon: Lexicon, table: TokenTable | None = None) -> list[tuple[Span, str]]:
    """Capitalised names right after a cue noun that the NER missed ('le groupe Sparks')."""
    found = []
    table = table or TokenTable.of(doc)
    words = table.words
    ents = None
    for i, word in enumerate(words):
        if table.sent_starts[i]:
            continue
        if not (
            word[:1].isupper() or word[:1].isdigit() or CAMEL.match(word) or _may_be_coined(word) and coined(doc[i])
        ):
            continue  # 'la chaîne beIN Sports': a camel-case name is a capitalised one
        if table.lowers[i] in lexicon.not_names:
            continue
        opens_name = i + 1 < len(doc) and words[i + 1][:1].isupper() and "\n" not in table.whitespace[i]
        if fold(word) in lexicon.known and lexicon.known[fold(word)].coarse == "Place" and not opens_name:
            continue  # (a place opening a longer name is no place: 'les entreprises Shanghai X Film')
        cue = cue_before(doc, i, lexicon)
        if cue is None:
            continue
        if word.islower() and (cue[0] != "Website" or word.startswith(("anti", "contre"))):
            continue  # 'le site cpasmieux' names a site; 'l'organisation antipiratage' describes one
        token = doc[i]
        end = token.i + 1
        while end < len(doc) and "\n" not in table.whitespace[end - 1]:
            if words[end][:1].isupper() or words[end][:1].isdigit():
                end += 1
            elif cue[0] == "CreativeWork" and _title_goes_on(doc, end, lexicon):
                end += 2  # 'le film La Chute de Londres'
            elif words[end] == "&" and end + 1 < len(doc) and words[end + 1][:1].isupper():
                end += 2  # 'l'éditeur Harlow & Finch'
            else:
                break
        ents = doc.ents if ents is None else ents
        for ent in ents:
            if ent.start == token.i and ent.end > end and all(w[:1].isupper() for w in words[end : ent.end]):
                end = ent.end
        titled = cue[0] == "CreativeWork" and table.pos[i - 1] == "DET" and words[i - 1][:1].isupper()
        start = token.i - 1 if titled else token.i
        if cue[0] == "CreativeWork" and end - start >= 2:
            found.append((doc[start:end], "work"))  # a title: before the places and names inside it
        else:
            found.append((doc[token.i : end], "cue"))
    found.extend(_cued_lists(doc, lexicon, table.text))
    found.extend(_coined_lists(doc, table))
    found.extend(_described_after(doc, lexicon, table))
    return found


def _described_after(doc: Doc, lexicon: Lexicon, table: TokenTable) -> list[tuple[Span, str]]:
    """'Cyber Gaeco, une unité spéciale de ..., a supprimé X': capitalised words the NER missed, apposed to an
    indefinite kind noun that describes them (the noun types them later, see cue_apposition)."""
    found = []
    words = table.words
    for k in range(3, len(doc)):
        if words[k - 2] != "," or table.lowers[k - 1] not in {"un", "une"}:
            continue
        cue = lexicon.cues.get(table.lowers[k]) or lexicon.cues.get(doc[k].lemma_.lower())
        if cue is None or cue[0] not in {"Organization", "Website"}:
            continue
        start = k - 2
        while start > 0 and words[start - 1][:1].isupper() and not table.sent_starts[start]:
            start -= 1
        if start > 0 and words[start - 1][:1].isupper() and table.sent_starts[start - 1]:
            start -= 1  # the sentence's first word may be the name's first word
        if start < k - 2 and not any(t.is_punct for t in doc[start : k - 2]):
            found.append((doc[start : k - 2], "cue"))
    return found


def _title_goes_on(doc: Doc, i: int, lexicon: Lexicon) -> bool:
    """'le film La Chute de Londres': a title goes on past 'de' and a capital; but not into a company's name ('le
    film X de Warner Bros', 'la série Y de Netflix': whose work it is)."""
    if not (i + 1 < len(doc) and doc[i].lower_ in {"de", "du", "des", "d'", "d’"} and doc[i + 1].text[:1].isupper()):
        return False
    j = i + 1
    while j < len(doc) and doc[j].text[:1].isupper():
        j += 1
    words = [t.text for t in doc[i + 1 : j]]
    if any(w in lexicon.corporate_heads for w in words):
        return False
    known = (lexicon.known.get(fold(" ".join(words[:k]))) for k in range(len(words), 0, -1))
    return not any(entry is not None and entry.coarse == "Organization" for entry in known)


def _may_be_coined(word: str) -> bool:
    """The text-only tests of :func:`coined`, read first because they are cheap."""
    return len(word) >= 4 and word.isalnum() and word.islower()


def coined(token: Token) -> bool:
    """A lowercase word the model has never seen, like a site's name ('cpasmieux', 'movies7')."""
    return (
        token.is_oov
        and token.is_lower
        and len(token.text) >= 4
        and token.text.isalnum()
        and not token.like_num
        and not is_french_word(token.text)
    )


def _compound_at(doc: Doc, i: int, end: int) -> int:
    """The end of a lowercase hyphenated word starting at token i, written without spaces ('zone-annuaire', cut
    in three tokens), else i."""
    if i + 2 < end and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
        if all(w.is_lower and w.text.isalnum() for w in (doc[i], doc[i + 2])):
            return i + 3
    return i


def _coined_lists(doc: Doc, table: TokenTable | None = None) -> list[tuple[Span, str]]:
    """'figuraient bflixz, flixtorz et aniwave': two or more coined words listed in a sentence about sites (a
    hyphenated lowercase word listed with them too: 'cinehub, zone-annuaire')."""
    found = []
    lowers = (table or TokenTable.of(doc)).lowers
    for sent in doc.sents:
        if SITE_WORDS.isdisjoint(lowers[sent.start : sent.end]):
            continue
        run: list[tuple[int, int]] = []
        i = sent.start
        while i <= sent.end:
            token = doc[i] if i < sent.end else None
            compound = _compound_at(doc, i, sent.end) if token is not None else i
            if compound > i or token is not None and coined(token):
                run.append((i, max(compound, i + 1)))
                i = max(compound, i + 1)
                continue
            if token is None or token.text not in {",", "et", "ou"} or not run:
                if sum(end - start == 1 for start, end in run) >= 2:
                    found.extend((doc[start:end], "list:site") for start, end in run)
                run = []
            i += 1
    return found


def _list_cue(before: str, lexicon: Lexicon, reach: int = 3, plural: bool = False) -> str:
    """The cue noun among the reach words before a list ('groupes similaires ('); of a noun and its complement,
    the head ('des éditeurs de jeux vidéo, dont X': publishers, not games), unless a plural list ('tels que') cannot
    exemplify a singular head ('l'éditeur de mangas tels que X et Y': mangas)."""
    words = [w.lower() for w in re.findall(r"[\w-]+", before)]
    for k in range(len(words) - 1, max(-1, len(words) - 1 - reach), -1):
        cue = _cue_form(words[k], lexicon)
        if cue:
            # 'des responsables de la plateforme (X, Y)': the article after 'de' too
            j = k - 2 if k >= 3 and words[k - 1] in {"la", "le", "l"} and words[k - 2] == "de" else k - 1
            head = _cue_form(words[j - 1], lexicon) if j >= 1 and words[j] in {"de", "des", "d", "du"} else ""
            singular_head = bool(head) and not words[j - 1].endswith(("s", "x")) and words[k].endswith(("s", "x"))
            return cue if plural and singular_head else head or cue
    return ""


def _rights_holder_before(before: str, lexicon: Lexicon) -> bool:
    """Whether the text before a bracket ends with a studio's or a publisher's name ('Voltage Pictures', a known
    rights holder)."""
    tail = before.rstrip().split()[-4:]
    if tail and tail[-1] in STUDIO_HEADS and len(tail) > 1 and tail[-2][:1].isupper():
        return True
    known = (lexicon.known.get(fold(" ".join(tail[k:]))) for k in range(len(tail)))
    return any(k is not None and k.fine == "RightsHolder" for k in known)


def _cue_form(word: str, lexicon: Lexicon) -> str:
    for form in (word, word[:-1] if word.endswith(("s", "x")) else word):
        if form in lexicon.cues:
            return form
    return ""


def _leading_name(part: str) -> str:
    """The capitalised words a list item opens with: the last item of a list the sentence goes on after ('X
    ou Y ont commencé'), the name before the verb."""
    words = part.split()
    if len(words) <= 4:
        return part if part[:1].isupper() or part[:1].isdigit() else ""
    k = 0
    while k < len(words) and (words[k][:1].isupper() or words[k][:1].isdigit()):
        k += 1
    return " ".join(words[:k])


def _cued_lists(doc: Doc, lexicon: Lexicon, text: str | None = None) -> list[tuple[Span, str]]:
    """'des groupes similaires (Geckos, Drones et Splinter)': each listed name is cued."""
    found = []
    text = doc.text if text is None else text
    for match in _LIST.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()].rsplit("\n", 1)[-1]  # within the paragraph
        bracketed = match.group().startswith("(")
        plural = match.group().lstrip().startswith(("tels", "telles"))  # 'tels que' agrees with the listed noun
        cue = _list_cue(before, lexicon, 5 if bracketed else 3, plural)  # 'ses jeux de stratégie en ligne (X, Y)'
        holder = bracketed and _rights_holder_before(before, lexicon)
        if not cue and not holder:
            continue
        last = before.rstrip().rsplit(" ", 1)[-1]
        if match.group().startswith("(") and last[:1].isupper():
            # 'des films de studios comme Gaumont (Les Visiteurs, Astérix…)': the brackets describe that name:
            # its works, when the phrase is about works, else nothing to type
            wide = text[max(0, match.start() - 80) : match.start()].rsplit("\n", 1)[-1].lower()
            words = [w.removesuffix("s") for w in re.findall(r"[\w-]+", wide)]
            works = [w for w in words if lexicon.cues.get(w, ("",))[0] == "CreativeWork"]
            if not works and not holder:
                continue
            cue = works[-1] if works else "œuvre"  # 'Toei Animation (X, Y)': a studio's brackets list its works
        offset = match.start("items")
        for item in re.finditer(r"[^,]+", match.group("items")):
            if item.start() and item.group().strip()[:1].islower():
                break  # 'dont X et Y, édités par Z et W': the list ended, a clause goes on
            for part in re.split(r"\s+(?:et|ou)\s+", item.group()):
                name = _leading_name(part.strip())
                if not name or len(name.split()) > 4:
                    continue
                start = offset + item.start() + item.group().index(part) + part.index(name)
                span = doc.char_span(start, start + len(name), alignment_mode="expand")
                if span is not None:
                    found.append((span, "list:" + cue))
    return found
