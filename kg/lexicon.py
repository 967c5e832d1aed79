"""The data files kg reads: gazetteer, place lexicon, typing cues, relation patterns.

Loaded once per process; every table is plain data in ``kg/data``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
_TYPING_CUES = json.loads((DATA / "typing_cues.json").read_text(encoding="utf-8"))  # read once, used below

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
# an article is a whole word: 'Leaseweb' and 'Theodore' keep their first letters, 'Les Échos' loses 'Les '
_LEADING_ARTICLE = re.compile(r"^(?:(?:les|le|la|the)\s+|l')", re.IGNORECASE)


_SEPARATORS = re.compile(r"[\s\-_]+")
_NOT_KEPT = re.compile(r"[^\w+& ]")


@lru_cache(maxsize=1 << 16)  # names repeat across an article and a corpus; folding is pure
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name.

    >>> fold("  L’Équipe ")
    'equipe'
    >>> fold("Etats-Unis") == fold("États Unis")
    True
    >>> fold("Leaseweb"), fold("Les Échos"), fold("The Pirate Bay")
    ('leaseweb', 'echos', 'pirate bay')
    """
    text = text.translate(_APOSTROPHES)
    if not text.isascii():  # ASCII text has no accent to take off: NFKD leaves it as it is
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _SEPARATORS.sub(" ", text.casefold()).strip(" .,;:!?«»\"'()[]")
    text = _LEADING_ARTICLE.sub("", text)
    return _NOT_KEPT.sub("", text).strip()


# Words an acronym skips: 'Motion Picture Association of America' is MPAA.
_SMALL_WORDS = frozenset(_TYPING_CUES["acronym_skips"])


def initials(name: str) -> str:
    """Initials of the significant words: 'Motion Picture Association of America' -> 'mpaa'."""
    words = [w for w in re.findall(r"[\w]+", fold(re.sub(r"['’]", " ", name))) if w not in _SMALL_WORDS]  # (l'X: X)
    return "".join(w[0] for w in words)


def abbreviates(short: str, long: str) -> bool:
    """Whether a short name takes its letters, in order, from the initials of a longer one's significant words,
    the first one first: 'Alpa' or 'Cnra' for 'Conseil national de régulation de l'audiovisuel' style names.

    >>> abbreviates("Alpa", "Association de lutte contre la piraterie audiovisuelle"), abbreviates("Cisco", "OpenDNS")
    (True, False)
    """
    letters, heads = iter(initials(long)), fold(short).replace(" ", "").replace(".", "")
    return len(heads) >= 2 and heads[0] == initials(long)[:1] and all(c in letters for c in heads)


def spells_capitals(short: str, long: str) -> bool:
    """Whether a short name spells the capitals of a longer one written as one word: 'DoD' for 'DrinkOrDie'.

    >>> spells_capitals("DoD", "DrinkOrDie"), spells_capitals("Cisco", "OpenDNS")
    (True, False)
    """
    capitals = "".join(c for c in long if c.isupper()).lower()
    return len(capitals) >= 2 and len(short) < len(long) and capitals == fold(short).replace(".", "").replace(" ", "")


def is_acronym(name: str) -> bool:
    core = name.replace(".", "").replace("&", "")
    return 2 <= len(core) <= 7 and core.isupper() and core.isalpha()


@dataclass(frozen=True)
class KnownName:
    """One row of the gazetteer or the place lexicon."""

    name: str
    coarse: str
    fine: str = ""
    wikidata: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()


def acronym_only(surface: str, known: KnownName) -> bool:
    """Whether an all-capitals word spells a known name only once its accents are dropped ('FES' for Fès)
    and is none of its written forms ('USA', or 'PARIS' in a headline, are).

    >>> fes = KnownName("Fès", "Place", aliases=("Fez",))
    >>> acronym_only("FES", fes), acronym_only("FEZ", fes), acronym_only("Fes", fes)
    (True, False, False)
    """
    if not (surface.isupper() and len(surface) >= 2):
        return False
    return surface not in {known.name.upper(), *(alias.upper() for alias in known.aliases)}


@dataclass
class Lexicon:
    known: dict[str, KnownName] = field(default_factory=dict)  # fold(alias) -> row
    adjectives: dict[str, KnownName] = field(default_factory=dict)  # "russe" -> Russie
    cues: dict[str, tuple[str, str]] = field(default_factory=dict)
    site_complements: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    corporate_heads: dict[str, str] = field(default_factory=dict)  # 'Films' -> RightsHolder
    corporate_prefixes: dict[str, str] = field(default_factory=dict)  # 'Editions' -> RightsHolder
    role_nouns: frozenset[str] = frozenset()  # 'l'opérateur de X' names a person's role


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    lexicon = Lexicon()
    for row in _jsonl(DATA / "places.jsonl"):
        entry = KnownName(
            name=row["name"],
            coarse="Place",
            fine=row.get("kind", ""),
            wikidata=row.get("wikidata", ""),
            country=row.get("country", ""),
            aliases=tuple(row.get("aliases", ())),
        )
        for alias in (entry.name, *entry.aliases):
            lexicon.known.setdefault(fold(alias), entry)
        for adjective in row.get("adjectives", ()):
            lexicon.adjectives.setdefault(adjective.casefold(), entry)
            # written without its accents too ('americaine', 'coreen'), as pages often do
            bare = unicodedata.normalize("NFKD", adjective.casefold()).encode("ascii", "ignore").decode()
            if bare.isalpha():
                lexicon.adjectives.setdefault(bare, entry)
    for row in _jsonl(DATA / "gazetteer.jsonl"):
        entry = KnownName(
            name=row["name"],
            coarse=row["type"],
            fine=row.get("subtype", ""),
            wikidata=row.get("wikidata", ""),
            country=row.get("country", ""),  # of a global company, where it is seated
            aliases=tuple(row.get("aliases", ())),
        )
        for alias in (entry.name, *entry.aliases):
            lexicon.known[fold(alias)] = entry  # an actor wins over a homonymous place
    cues = _TYPING_CUES
    lexicon.cues = {k: tuple(v) for k, v in cues["cues"].items()}
    lexicon.site_complements = frozenset(w.casefold() for w in cues["site_complements"])
    # the multi-word adverbs the tokenizer joins ('En effet' opening a sentence) are no names either
    adverbs = json.loads((DATA / "tokenizer.json").read_text(encoding="utf-8"))["adverbial_phrases"]
    lexicon.not_names = frozenset(w.casefold() for w in [*cues["not_names"], *adverbs])
    lexicon.corporate_heads = dict(cues.get("corporate_heads", {}))
    lexicon.corporate_prefixes = dict(cues.get("corporate_prefixes", {}))
    lexicon.role_nouns = frozenset(cues.get("role_nouns_with_complement", ()))
    return lexicon


_DOMAIN_SUFFIX = re.compile(r"\.[a-z]{2,6}$", re.IGNORECASE)
_WWW = re.compile(r"^www\d?\.", re.IGNORECASE)
_SUFFIXES = _TYPING_CUES["corporate_suffixes"]
LEGAL_FORMS = frozenset(_SUFFIXES)  # lowercase: 'ltd', 'inc', 'gmbh' ...
# one legal form or two ('Toho Co., Ltd.')
_CORPORATE = re.compile(rf"(?:(?:\s*,)?\s+(?:{'|'.join(_SUFFIXES)})\.?)+$", re.IGNORECASE)
_COURT_INITIALS = {k: v for k, v in _TYPING_CUES["court_initials"].items() if k != "_doc"}
_COURT_INITIALS_OPENING = re.compile(rf"^({'|'.join(_COURT_INITIALS)})(?= (?:de|du|d['’]) |\s*d['’])")


def name_key(name: str, lexicon: Lexicon | None = None) -> str:
    """The key two names must share to be the same entity.

    >>> name_key("TorrentSpy.com") == name_key("Torrentspy")
    True
    >>> name_key("Capstone Studios Corp.") == name_key("Capstone Studios")
    True
    >>> name_key("Vantor Co., Ltd.") == name_key("Vantor")
    True
    """
    lexicon = lexicon or load_lexicon()
    folded = fold(name)
    known = lexicon.known.get(folded)
    if known is not None:
        return "k:" + fold(known.name).replace(" ", "")
    stripped = _CORPORATE.sub("", name.strip().rstrip("."))
    stripped = _COURT_INITIALS_OPENING.sub(lambda m: _COURT_INITIALS[m.group(1)], stripped)
    if "." in stripped and " " not in stripped:
        stripped = _WWW.sub("", _DOMAIN_SUFFIX.sub("", stripped))
    folded = fold(stripped)
    known = lexicon.known.get(folded)
    if known is not None:
        return "k:" + fold(known.name).replace(" ", "")
    return folded.replace(" ", "")


# The place that closes an institution's name: 'tribunal correctionnel de Bayonne', 'jury du Nevada'.
_CLOSING_PLACE = re.compile(
    r"(?:\bde la |\bde l['’]|\bdu |\bdes |\bde |\bd['’])(?P<place>[A-ZÀ-Ý][\w’'-]*(?: [A-ZÀ-Ý][\w’'-]*)*)$"
)


def closing_place(name: str, lexicon: Lexicon) -> tuple[str, str, int] | None:
    """The place an institution's name closes with, its finer class and where it ends in the name.

    >>> closing_place("tribunal correctionnel de Bayonne", load_lexicon())
    ('Bayonne', 'City', 33)
    """
    match = _CLOSING_PLACE.search(name)
    if match is None:
        return None
    place = match.group("place")
    known = lexicon.known.get(fold(place))
    if known is not None and known.coarse != "Place":
        return None  # 'la police de la City of London Police': an actor, not a place
    return place, known.fine if known else "", match.end("place")


def seated_elsewhere(name: str, place: str, lexicon: Lexicon) -> bool:
    """Whether the gazetteer seats a global company in another country than the place ('YouTube en
    Allemagne' is where a case about the platform is; 'Google France' is the branch, named so).

    >>> lexicon = Lexicon(known={"youtube": KnownName("YouTube", "Website", country="États-Unis"),
    ...                          "allemagne": KnownName("Allemagne", "Place", "Country")})
    >>> seated_elsewhere("YouTube", "Allemagne", lexicon), seated_elsewhere("YouTube", "États-Unis", lexicon)
    (True, False)
    """
    known, where = lexicon.known.get(fold(name)), lexicon.known.get(fold(place))
    seat = known.country if known is not None and known.coarse != "Place" else ""
    country = where is not None and where.fine == "Country"
    return bool(seat) and country and fold(place) != fold(seat) and fold(place) not in fold(name)
