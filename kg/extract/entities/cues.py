"""Typing cues: the noun before a name ('le site X'), apposed to it ('X, un FAI américain'), or
predicated of it ('X est un site de streaming')."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.entities.words import (
    AGED,
    AS_VERBS,
    CONTENT_HOSTED,
    CUE_MODIFIERS,
    DEGREE_ADVERBS,
    LEGAL_FORM_PREFIXES,
    MAKER_NOUNS,
    NAMING_PARTICIPLES,
    NOMINAL,
    OF,
    PREDICATING_VERBS,
    RANK_NOUNS,
)
from kg.lexicon import Lexicon


def hosts_content(noun: Token) -> bool:
    doc = noun.doc
    return (
        noun.lemma_.lower() in {"hébergeur", "hébergeurs"}
        and noun.i + 2 < len(doc)
        and doc[noun.i + 1].lower_ in OF
        and doc[noun.i + 2].lower_ in CONTENT_HOSTED
    )


def _rank_of_force(doc: Doc, i: int) -> int | None:
    """Where the rank the cue noun at i closes starts ('le commissaire (principal) de police X'), or None: the
    name after such a rank is the officer's, not a force's."""
    if i < 2 or doc[i - 1].lower_ not in OF:
        return None
    if doc[i - 2].lower_ in RANK_NOUNS:
        return i - 2
    return i - 3 if i >= 3 and doc[i - 3].lower_ in RANK_NOUNS and doc[i - 2].pos_ == "ADJ" else None


def singular_cue(word: str, lexicon: Lexicon) -> str | None:
    """The cue a word is, itself or as a plural: 'site' -> 'site', 'sites' -> 'site', 'réseaux' -> 'réseau'."""
    if word in lexicon.cues:
        return word
    if word.endswith(("s", "x")) and word[:-1] in lexicon.cues:
        return word[:-1]
    return None


def cue_before(doc: Doc, start: int, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """A typing cue right before token ``start``: 'le site (russe) X', 'site de liens BitTorrent X'."""
    i = start - 1
    if (
        start >= 2
        and doc[i].text[:1].isupper()
        and doc[i].lower_ in lexicon.adjectives
        and doc[i - 1].lower_ in {"le", "la", "l'", "l’"}
    ):
        return ("Person", "", "demonym:" + doc[i].lower_)  # 'le Britannique X', 'la Suédoise Y': a person
    if i >= 1 and doc[i].text in LEGAL_FORM_PREFIXES and doc[i - 1].lower_ in {"la", "l'", "l’", "le"}:
        return ("Organization", "", "cue:" + doc[i].lower_)  # 'la SA X', 'l'ASBL Y': a company's legal form
    if i >= 1 and doc[i].text in {"«", "“", '"'}:
        i -= 1  # 'le site « X »': the quotation marks stand between the cue and the name
    maker = i - 1 - (i >= 2 and doc[i - 1].pos_ == "ADV") if i >= 1 and doc[i].lower_ in OF else -1
    if maker >= 1 and doc[maker].lower_ in MAKER_NOUNS and doc[maker - 1].lower_ not in OF:
        # 'producteur notamment de X': a work ('le droit d'auteur du groupe X': no maker, a complement)
        return ("CreativeWork", "", "cue:" + doc[maker].lower_)
    skipped_adjectives = 0
    while (
        i >= 0
        and (
            doc[i].pos_ in {"ADJ", "PROPN"}
            or doc[i].lower_ in CUE_MODIFIERS
            or _title_article(doc, i, lexicon)
            or _modifier(doc[i], lexicon)
        )
        and skipped_adjectives < 2
        and doc[i].lower_ not in lexicon.cues
    ):
        i -= 1
        skipped_adjectives += 1
    if i >= 2 and doc[i].lower_ in lexicon.site_complements or (i >= 2 and doc[i].text in {"BitTorrent", "P2P"}):
        # "site de liens BitTorrent X", "plateforme de streaming X"
        j = i
        complements = lexicon.site_complements | {"bittorrent", "p2p"}
        while j > 0 and (doc[j].lower_ in complements or doc[j].lower_ in OF and doc[j - 1].lower_ in complements):
            j -= 1  # 'site d'hébergement de fichiers X': complements chained by 'de'
        # ('le réseau de piratage X', 'le groupe de streaming X': a group's noun chains complements too)
        kind = lexicon.cues.get(doc[j - 1].lower_, ("", ""))
        if doc[j].lower_ in OF and j > 0 and (kind[0] == "Website" or kind[1] == "PirateGroup"):
            return (*kind, "cue:" + doc[j - 1].lower_)
    if i >= 2 and doc[i].lower_ in {"accès", "internet"}:
        # 'le fournisseur d'accès (à internet) X': the cue noun before its complement
        j = i
        while j > 0 and doc[j].lower_ in {"accès", "internet", "à", "de", "d'", "d’"}:
            j -= 1
        cue = singular_cue(doc[j].lower_, lexicon)  # 'les fournisseurs d'accès X, Y et Z' too
        if cue is not None and doc[j].pos_ == "NOUN":
            return (*lexicon.cues[cue], "cue:" + cue)
    if i >= 2 and doc[i].lower_ in CONTENT_HOSTED and hosts_content(doc[i - 2]):
        return ("Website", "", "cue:hébergeur de contenus")  # 'l'hébergeur de fichiers X'
    if i < 0:
        return None
    if i >= 3 and [t.lower_ for t in doc[i - 3 : i + 1]] == ["sous", "le", "nom", "de"]:
        return _trade_name(doc, i - 3, lexicon)
    if doc[i].text == "," and (noun := _opening_apposition(doc, i, start, lexicon)) is not None:
        return (*lexicon.cues[noun.lower_], "cue:" + noun.lower_)
    word = doc[i].lower_
    word = singular_cue(word, lexicon) or word
    if word != doc[i].lower_ and i >= 2 and doc[i - 1].lower_ in OF:
        head = singular_cue(doc[i - 2].lower_, lexicon) or doc[i - 2].lower_
        if head in lexicon.cues and lexicon.cues[head][0] != "Person":
            return (*lexicon.cues[head], "cue:" + head)  # 'le groupe de hackers X' is a group, not a hacker
        # ('l'administrateur des sites X': a person's role of the kind names no person)
    if word in lexicon.cues and doc[i].pos_ in {"NOUN", "PROPN", "ADJ", "X"} | {"ADV", "VERB"}:
        rank = _rank_of_force(doc, i)
        if rank is not None:
            return ("Person", "", "cue:" + doc[rank].lower_)
        return (*lexicon.cues[word], "cue:" + word)
    if doc[i].pos_ == "DET" and i > 0 and doc[i - 1].lower_ in NAMING_PARTICIPLES:
        i, word = i - 1, doc[i - 1].lower_  # 'un groupe surnommé les Corsaires'
    if word in NAMING_PARTICIPLES:
        # 'la plateforme illégale désactivée, baptisée X': the noun the naming participle describes
        j = i - 1
        while j >= max(0, i - 5) and (doc[j].text == "," or doc[j].pos_ in {"ADJ", "VERB", "ADV"}):
            j -= 1
        if j >= 2 and doc[j].lower_ not in lexicon.cues and doc[j - 1].lower_ in OF and doc[j - 2].pos_ == "NOUN":
            j -= 2  # 'le logiciel de partage dénommé X': the kind noun before its complement
        j = _agreeing_kind(doc, j, doc[i], lexicon) if j >= 0 else j
        if j >= 0 and doc[j].lower_ in lexicon.cues and doc[j].pos_ == "NOUN":
            # 'l'administrateur du site, surnommé X' is the administrator; 'le logiciel dénommé X' the software
            apart = any(t.text == "," for t in doc[j:i])
            noun = (_governing_cue(doc, j, lexicon) if apart else None) or doc[j]
            return (*_cue_of(noun, lexicon), "cue:" + noun.lower_)
    return None


def _agreeing_kind(doc: Doc, j: int, participle: Token, lexicon: Lexicon) -> int:
    """'un réseau de piratage de films d'animation appelé X': past the complements, the kind noun the naming
    participle agrees with (the word before it, when no kind noun further back agrees)."""
    def agrees(noun: Token) -> bool:
        return all(not noun.morph.get(f) or not participle.morph.get(f) or noun.morph.get(f) == participle.morph.get(f)
                   for f in ("Gender", "Number"))
    k = j
    while k >= max(0, j - 8) and (doc[k].pos_ in {"NOUN", "ADJ"} or doc[k].lower_ in OF):
        if doc[k].pos_ == "NOUN" and doc[k].lower_ in lexicon.cues and agrees(doc[k]):
            return k
        k -= 1
    return j


def _trade_name(doc: Doc, sous: int, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """'revendait des abonnements IPTV sous le nom de X', 'un site de streaming, sous le nom de X': the name of the
    service the clause offers; 'connu sous le nom de X' is another name, which aliases handle."""
    before = doc[max(doc[sous].sent.start, sous - 6) : sous]
    if any(t.lemma_.lower() in {"connaître", "surnommer", "cacher", "opérer"} for t in before):
        return None
    for tok in reversed(before):
        cue = lexicon.cues.get(tok.lemma_.lower())
        if cue is not None and tok.pos_ == "NOUN":
            return (*cue, "cue:" + tok.lemma_.lower()) if cue[0] in {"Website", "Organization"} else None
        if tok.lower_ in lexicon.site_complements or tok.lemma_.lower() == "abonnement":
            return ("Website", "", "cue:sous le nom de")
    return None


def _opening_apposition(doc: Doc, comma: int, start: int, lexicon: Lexicon) -> Token | None:
    """'Son hébergeur, X, a refusé ...': a clause opens with a determiner and a kind noun, and the name apposed
    to it closes with a comma (an adjunct like 'Pour la chaîne, X a ...' has a preposition first); 'Y a ouvert son
    nouveau service de streaming, X.': a verb's object, its kind noun past an adjective or a complement, with the
    name closed by a comma or the sentence's end. The kind noun, or None."""
    k = comma - 1
    if k >= 3 and doc[k].lower_ in lexicon.site_complements and doc[k - 1].lower_ in OF:
        k -= 2  # ('service de streaming, X')
    noun = doc[k]
    det = k - 1 - (k >= 2 and doc[k - 1].pos_ == "ADJ" and doc[k - 2].pos_ == "DET")  # ('son propre site, X')
    if det < 1 or start + 1 >= len(doc) or doc[det].pos_ != "DET":
        return None
    after = [doc[j].text for j in range(start + 1, min(len(doc), start + 4))]
    closes = "," in after
    opens = det == doc[det].sent.start or doc[det - 1].text in {",", ";", ":"} and det - 1 > doc[det].sent.start
    if not (opens and closes):
        # the object of the verb right before ('a lancé son site, X.', 'a lancé son site, X, en mars')
        opens = doc[det - 1].pos_ == "VERB"
        closes = closes or bool(after) and after[0] in {".", ";", "!"}
    cue = lexicon.cues.get(noun.lower_)
    good = opens and closes and noun.pos_ == "NOUN" and cue is not None and cue[0] in {"Organization", "Website"}
    return noun if good else None


def _modifier(token: Token, lexicon: Lexicon) -> bool:
    """A technical word between a cue and its name: 'le résolveur DNS suisse X'."""
    return token.text.isupper() and token.lower_ in lexicon.not_names


def _title_article(doc: Doc, i: int, lexicon: Lexicon) -> bool:
    """The article that opens a title after a work noun: 'le film La Chute de Londres'."""
    return (
        doc[i].pos_ == "DET"
        and doc[i].text[:1].isupper()
        and i > 0
        and _cue_of(doc[i - 1], lexicon)[0] == "CreativeWork"
    )


def _cue_of(token: Token, lexicon: Lexicon) -> tuple[str, str]:
    return lexicon.cues.get(token.lower_) or lexicon.cues.get(token.lemma_.lower()) or ("", "")


def _governing_cue(doc: Doc, i: int, lexicon: Lexicon) -> Token | None:
    """The cue noun whose complement the noun at i is: 'le créateur des sites' -> créateur."""
    j = i - 1
    while j >= 0 and doc[j].pos_ in {"DET", "ADJ", "NUM"} and doc[j].lower_ not in OF:
        j -= 1
    if j < 1 or doc[j].lower_ not in OF:
        return None
    k = j - 1
    while k >= 1 and doc[k].pos_ == "ADJ" and not _cue_of(doc[k], lexicon)[0] and doc[k - 1].pos_ in {"NOUN", "ADJ"}:
        k -= 1  # 'les propriétaires ultérieurs des sites'
    role = doc[k].lower_ in lexicon.role_nouns or doc[k].lemma_.lower() in lexicon.role_nouns
    if doc[k].pos_ in {"NOUN", "ADJ"} and (_cue_of(doc[k], lexicon)[0] or role):
        return doc[k]  # 'le propriétaire de ces sites, X': a role with no kind of its own types nothing
    return None


def _role_of_a_name(doc: Doc, i: int, lexicon: Lexicon) -> bool:
    """'l'opérateur de X', 'le propriétaire du site X': a role noun with a named complement is a person's role."""
    return (
        doc[i].lower_ in lexicon.role_nouns
        and i + 2 < len(doc)
        and doc[i + 1].lower_ in OF
        and (doc[i + 2].text[:1].isupper() or _cue_of(doc[i + 2], lexicon)[0] == "Website")
    )


def _in_adjunct(doc: Doc, start: int) -> bool:
    """The name ends a fronted adjunct ('Selon X, le site ...', 'Comme avant le X, le résolveur Y'): what follows
    the comma is the sentence, not an apposition to it."""
    first = doc[start].sent.start
    before = doc[first:start]
    return (
        len(before) > 0
        and before[0].pos_ in {"ADP", "ADV", "SCONJ"}
        and not any(t.pos_ in {"VERB", "AUX"} or t.is_punct for t in before)
    )


def _age(doc: Doc, i: int) -> bool:
    """'X, 43 ans, ...': an age apposed to a name makes it a person."""
    return i + 1 < len(doc) and doc[i].like_num and doc[i + 1].lower_ == "ans"


def _aged_apposition(doc: Doc, i: int) -> bool:
    """'X, un revendeur de boîtiers, âgé de 57 ans, ...': an age later in the apposition (before its verb)."""
    for k in range(i, min(len(doc) - 3, i + 15)):
        if doc[k].pos_ in {"VERB", "AUX"} and doc[k].lower_ not in AGED or doc[k].text in {".", ";", ":", "("}:
            return False
        if doc[k].lower_ in AGED and doc[k + 1].lower_ == "de" and _age(doc, k + 2):
            return True
    return False


def cue_apposition(doc: Doc, start: int, end: int, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """'X, un FAI américain' or 'un FAI américain, X': the cue is the apposed noun."""
    # 'X, un FAI américain', and 'X (fédération internationale de ...)' with the description in brackets
    if end < len(doc) and doc[end].text in {",", "("} and not _in_adjunct(doc, start):
        if _age(doc, end + 1) or _aged_apposition(doc, end + 1):
            return ("Person", "", "appos:âge")
        one_of = _one_of(doc, end + 1, lexicon)
        if one_of is not None:
            return one_of
        for tok in doc[end + 1 : min(len(doc), end + 6)]:
            if hosts_content(tok):
                return ("Website", "", "appos:hébergeur de contenus")
            if _role_of_a_name(doc, tok.i, lexicon):
                return ("Person", "", "appos:" + tok.lower_)
            if tok.lower_ in lexicon.cues and tok.pos_ in {"NOUN", "PROPN"}:
                return (*lexicon.cues[tok.lower_], "appos:" + tok.lower_)
            if tok.pos_ not in NOMINAL and tok.lower_ not in DEGREE_ADVERBS:  # 'X, le plus gros tracker de ...'
                break
    if start >= 2 and doc[start - 1].text == ",":
        for distance, tok in enumerate(reversed(doc[max(0, start - 11) : start - 1])):
            cue = lexicon.cues.get(tok.lower_) or lexicon.cues.get(tok.lemma_.lower())
            # a near noun types any name; a site noun also across its complements
            # ('le plus gros site de streaming en France, X')
            if cue and tok.pos_ in {"NOUN", "PROPN"} and (distance < 4 or cue[0] == "Website"):
                if tok.i + 1 < start - 1 and doc[tok.i + 1].pos_ == "PROPN":
                    return None  # 'l'administrateur du site Filmora, X': the cue has its own name
                head = _governing_cue(doc, tok.i, lexicon)  # 'le créateur des sites, X' is the creator
                if head is not None:
                    tok, cue = head, _cue_of(head, lexicon)
                    if not cue[0]:
                        return None
                return (*cue, "appos:" + tok.lemma_.lower()) if _heads_free_phrase(doc, tok.i) else None
            if tok.pos_ not in NOMINAL | {"ADP", "ADV"} or tok.text in {",", ";", ":"}:
                break
    return None


def _one_of(doc: Doc, i: int, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """'X, l'un des plus gros sites de streaming': the kind noun after 'l'un des' and its adverbs and adjectives."""
    words = [t.lower_.replace("’", "'") for t in doc[i : i + 3]]
    start = -1
    if words[:3] == ["l'", "un", "des"]:
        start = i + 3
    elif words[:2] in (["un", "des"], ["l'un", "des"]):
        start = i + 2
    if start < 0:
        return None
    for tok in doc[start : min(len(doc), start + 4)]:
        cue = lexicon.cues.get(tok.lower_) or lexicon.cues.get(tok.lemma_.lower())
        if cue is not None and tok.pos_ == "NOUN":
            return (*cue, "appos:" + tok.lemma_.lower())
        if tok.pos_ not in {"ADV", "ADJ"}:
            return None
    return None


def _heads_free_phrase(doc: Doc, i: int) -> bool:
    """The noun at i opens a noun phrase of its own ('un FAI américain, X'), not an adjunct
    ('Selon ses administrateurs, X') whose noun says nothing of X."""
    start = i
    while start > 0 and doc[start - 1].pos_ in {"DET", "ADJ", "NUM"}:
        start -= 1
    if any("Yes" in doc[k].morph.get("Poss") for k in range(start, i)):
        return False
    return not (start > 0 and doc[start - 1].pos_ == "ADP" and doc[start - 1].lower_ not in OF)


def cue_copula(span: Span, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """'X est un site de streaming', 'X était l'un des hébergeurs': the predicate noun types its subject."""
    root = span.root
    if root.dep_ not in {"nsubj", "nsubj:pass"}:
        return _surface_copula(span, lexicon)
    predicate = root.head
    if not any(c.dep_ == "cop" for c in predicate.children):
        # 'X est devenu l'un des ...', 'X s'est imposé comme un site ...': the verb's complement is the predicate
        verb, wanted = predicate.lemma_.lower(), set()
        if verb in PREDICATING_VERBS:
            wanted = {"obj", "xcomp"}
        elif verb in AS_VERBS:
            wanted = {"obl:arg", "obl", "obl:mod", "xcomp"}
        complements = [
            c
            for c in predicate.children
            if c.dep_ in wanted
            and c.i > root.i
            and (verb in PREDICATING_VERBS or any(g.lower_ == "comme" for g in c.children))
        ]
        if not complements:
            return None
        predicate = complements[0]
    elif root.dep_ != "nsubj":
        return None
    nouns = [predicate] + [c for c in predicate.children if c.dep_ == "nmod" and predicate.pos_ in {"PRON", "NUM"}]
    for noun in nouns:
        if hosts_content(noun):
            return ("Website", "", "copula:hébergeur de contenus")
        cue = lexicon.cues.get(noun.lemma_.lower()) or lexicon.cues.get(noun.lower_)
        if cue and cue[0] != "Place":
            return (*cue, "copula:" + noun.lemma_.lower())
    return None


def _surface_copula(span: Span, lexicon: Lexicon) -> tuple[str, str, str] | None:
    """'X était la plus grande plateforme ...' when the parser lost the subject: the name, a form of 'être', a
    determiner, adverbs and adjectives, and the kind noun."""
    doc, k = span.doc, span.end
    if k + 2 >= len(doc) or doc[k].lemma_ != "être" or doc[k + 1].pos_ != "DET":
        return None
    k += 2
    while k < min(len(doc), span.end + 6) and (doc[k].pos_ == "ADJ" or doc[k].lower_ in DEGREE_ADVERBS):
        k += 1
    cue = lexicon.cues.get(doc[k].lemma_.lower()) if k < len(doc) and doc[k].pos_ == "NOUN" else None
    return (*cue, "copula:" + doc[k].lemma_.lower()) if cue and cue[0] != "Place" else None

