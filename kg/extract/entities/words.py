"""The word lists and patterns of the entity finder, read from ``kg/data/entity_words.json``."""

from __future__ import annotations

import json
import re

from kg.lexicon import DATA

WORDS = json.loads((DATA / "entity_words.json").read_text(encoding="utf-8"))

DETERMINERS = frozenset(WORDS["determiners"])
# Participles that give a name: 'un site baptisé X', 'la plateforme, surnommée Y'.
NAMING_PARTICIPLES = frozenset(
    f"{stem}{ending}" for stem in WORDS["naming_participle_stems"] for ending in ("", "e", "s", "es")
)
# A host of files or videos is a site (a cyberlocker), not a hosting company: 'l'hébergeur de fichiers X'.
CONTENT_HOSTED = frozenset(WORDS["content_hosted"])
SITE_WORDS = frozenset(WORDS["site_words"])
OF = frozenset({"de", "d'", "d’", "du", "des"})
NER_TYPES = {"PER": ("Person", ""), "ORG": ("Organization", ""), "LOC": ("Place", "")}
NOMINAL = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})


def alternation(words) -> str:
    """A regex alternation of the words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


CORPORATE = re.compile(r"\s*,?\s*\b(Corp\.?|Corporation|Inc\.?|Ltd\.?|LLC|SAS|SA|SARL|GmbH|S\.A\.|Limited|Co\.)$")
QUOTED = re.compile(r"[«“\"]\s*([^«»“”\"]{1,80}?)\s*[»”\"]")
# The noun right before a quoted title that makes it a work: 'le film « X »', 'du jeu vidéo « Y »'.
WORK_NOUN = re.compile(rf"\b({alternation(WORDS['work_nouns'])})\s*$")
CAMEL = re.compile(r"^[A-Za-z]*[a-z][A-Z]\w*$")
