"""The word lists and patterns of the entity finder, read from ``kg/data/entity_words.json``."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from spacy.tokens import Token

from kg.lexicon import DATA, LEGAL_FORMS, fold

WORDS = json.loads((DATA / "entity_words.json").read_text(encoding="utf-8"))

DETERMINERS = frozenset(WORDS["determiners"])
GIVEN_NAMES = frozenset(WORDS["given_names"])  # 'Benoît X' is a person, whatever a relation would make of it
# Cue nouns said of a company or a person ('le producteur X'): a first and last name after them is a person's.
PERSON_OR_COMPANY_CUES = frozenset(WORDS["person_or_company_cues"])
HONORIFICS = frozenset(WORDS["honorifics"])  # 'Me Hélène X' is Hélène X
# A company's legal form written before its name, after an article: 'la SA X', 'l'ASBL Y' (capitals only: 'sa').
LEGAL_FORM_PREFIXES = frozenset(WORDS["legal_form_prefixes"])


def legal_form_only(text: str) -> bool:
    """A company's legal form alone ('SARL', 'Inc.', 'Sté'): after a party's name, no name of its own."""
    folded = fold(text).strip(".")
    return folded in LEGAL_FORMS or text in LEGAL_FORM_PREFIXES or folded == "ste"


# Participles that give a name: 'un site baptisé X', 'la plateforme, surnommée Y'.
NAMING_PARTICIPLES = frozenset(
    f"{stem}{ending}" for stem in WORDS["naming_participle_stems"] for ending in ("", "e", "s", "es")
)
# Verbs that say what their subject is, as a copula does: 'X est devenu un site', 'X s'est imposé comme un FAI'.
PREDICATING_VERBS = frozenset(WORDS["predicating_verbs"])
AS_VERBS = frozenset(WORDS["as_verbs"])
AGED = frozenset({"âgé", "âgée", "âgés", "âgées"})  # 'X, un revendeur, âgé de 57 ans': a person  # with 'comme'
# What a site does, said of a name the NER took for a place: 'X proposait des matchs en direct' is a site.
SITE_ACTIVITY_VERBS = frozenset(WORDS["site_activity_verbs"])
# A host of files or videos is a site (a cyberlocker), not a hosting company: 'l'hébergeur de fichiers X'.
CONTENT_HOSTED = frozenset(WORDS["content_hosted"])
SITE_WORDS = frozenset(WORDS["site_words"])
STUDIO_HEADS = frozenset(WORDS["studio_heads"])  # 'Voltage Pictures (X, Y)': the brackets list its works
# company words a legal name may give in lowercase: 'Columbia Pictures industries inc.', 'Amazon content services LLC'
COMPANY_WORDS_LOWER = frozenset(WORDS["company_words_lower"])
# Words between a cue noun and its name that the tagger takes for nouns: 'le groupe pirate X'.
CUE_MODIFIERS = frozenset(WORDS["cue_modifiers"])
# Adverbs of degree inside a described name: 'X, le plus gros tracker de ...'.
DEGREE_ADVERBS = frozenset(WORDS["degree_adverbs"])
# Words that make a known company's branch its own name: 'SFR Fibre', 'beIN Sports France'.
NAME_CONTINUATIONS = frozenset(WORDS["name_continuations"])
OF = frozenset({"de", "d'", "d’", "du", "des"})
NER_TYPES = {"PER": ("Person", ""), "ORG": ("Organization", ""), "LOC": ("Place", "")}
# The evidence of a name the NER took for a place and the text never says as one (typed a body by default).
UNPLACED = "ner:LOC-unplaced"
PLACED = "ner:LOC-placed"
# Words after which a name is said as a place: 'à Valdemoro', 'près de Bissen', 'en Floride'.
LOCATIVE_PREPS = frozenset(WORDS["locative_prepositions"])
# Nouns whose 'de' names a place ('la résidence de X', 'le nord de Y'), and the bracketed compass point after one.
PLACE_OF_NOUNS = frozenset(WORDS["place_of_nouns"])
# Makers whose 'de X' names a work: 'le producteur (notamment) de X', 'l'auteur de Y'.
MAKER_NOUNS = frozenset(WORDS["maker_nouns"])
COMPASS_WORDS = frozenset(WORDS["compass_words"])
# Nouns of a street: 'la rue Durivage' is an address, no place of the graph (the town after it is).
STREET_NOUNS = frozenset(WORDS["street_nouns"])
RANK_NOUNS = frozenset(WORDS["rank_nouns"])  # 'le commissaire principal de police X' is a person
NICKNAME_NOUNS = frozenset(WORDS["nickname_nouns"])  # 'sous le pseudo X': a person, whatever else X names
# Verbs whose 'à X' is to whom, not where ('ordonné à X', not 'basée à X').
DATIVE_VERBS = frozenset(WORDS["dative_verbs"])
NOMINAL = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})


def alternation(words) -> str:
    """A regex alternation of the words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


CORPORATE = re.compile(r"\s*,?\s*\b(Corp\.?|Corporation|Inc\.?|Ltd\.?|LLC|SAS|SA|SARL|GmbH|S\.A\.|Limited|Co\.)$")
QUOTED = re.compile(r"[«“\"]\s*([^«»“”\"]{1,80}?)\s*[»”\"]")
# The noun right before a quoted title that makes it a work: 'le film « X »', 'du jeu vidéo « Y »', 'un film, « Z »'.
WORK_NOUN = re.compile(rf"\b({alternation(WORDS['work_nouns'])})\s*,?\s*$")
# After a quoted title, its author: '« X » de Y', '« X » de la chanteuse allemande Y'.
AUTHORED = re.compile(r"\s+(?:de|d['’]|du|des)\s+(?:(?:la|le|les|l['’])\s*)?(?:[a-zàâçéèêëîïôûù-]+\s+){0,3}[A-ZÀ-Þ]")
CAMEL = re.compile(r"^[A-Za-z]*[a-z][A-Z]\w*$")
# Sports competitions, works whose broadcast rights are sold: 'Coupe du monde', 'Ligue 1', 'Formule 1'.
COMPETITION = re.compile(
    rf"^(?:(?:{alternation(WORDS['competition_heads'])})(?: (?:du|de la|de|des|d['’])| [A-ZÀ-Þ0-9])"
    rf"|(?:{alternation(WORDS['numbered_competitions'])}) ?\d+$)"
)
SITE_NAME_PARTS = re.compile(alternation(WORDS["site_name_parts"]), re.IGNORECASE)


@lru_cache(maxsize=1)
def _french_words() -> tuple[frozenset[str], object]:
    """The lemmatizer's word list of fr_core_news_md (nouns, verbs, adjectives, adverbs) and its form table."""
    from kg.extract.nlp import load_nlp

    lookups = load_nlp().get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    return frozenset(w for pos in index for w in index[pos]), lookups.get_table("lemma_lookup")


@lru_cache(maxsize=1 << 14)
def is_french_word(lower: str) -> bool:
    """True for a common French word or one of its forms ('crédits', 'aiguillonnée'), not for a name
    ('gaumont', 'mixdrop').

    >>> is_french_word("crédits"), is_french_word("mixdrop")
    (True, False)
    """
    words, forms = _french_words()
    if lower in words:
        return True
    lemma = forms.get(lower)
    return any(lem in words for lem in (lemma if isinstance(lemma, list) else [lemma] if lemma else []))


def is_word(token: Token) -> bool:
    """A common French word, capitalised only by its position."""
    return not token.text.isupper() and is_french_word(token.lower_)
