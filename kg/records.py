"""Typed records that flow between the stages.

They are plain frozen dataclasses: picklable, JSON-serialisable through
:func:`dataclasses.asdict`, and free of rdflib or spaCy objects, so that the
per-article map step stays a pure function.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One input article after reading and cleaning."""

    id: str  # stable identifier: the file stem, or stem#line for JSONL
    source: str  # the path it was read from
    text: str  # cleaned body text; every offset in later records points into it
    title: str = ""
    url: str = ""
    date: str = ""
    publisher: str = ""
    author: str = ""


@dataclass(frozen=True)
class Mention:
    """A name in an article, typed locally."""

    text: str  # the surface form, as cleaned for display
    start: int  # character offsets into Article.text
    end: int
    coarse: str  # Person | Organization | Website | Place | CreativeWork
    fine: str = ""  # a finer class (Court, Country, Film...) or ""
    evidence: str = ""  # what decided the type: "cue:site", "gazetteer", "ner:PER"...
    strength: int = 0  # how much to trust the type when mentions disagree


@dataclass(frozen=True)
class Fact:
    """A relation stated in one sentence of one article."""

    subject: str  # surface form of the subject mention
    predicate: str  # one of the ten predicates
    object: str
    sentence: str  # the sentence text
    start: int  # sentence offsets into Article.text
    end: int
    rule: str  # id of the pattern that fired
    confidence: float
    tier: str = "explicit"  # explicit | anaphoric


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extract_article found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (short, long) pairs the text states


@dataclass
class Entity:
    """A resolved entity of the corpus (built by resolve)."""

    key: str  # the resolution key, also the seed of its IRI
    label: str
    coarse: str
    fine: str = ""
    names: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    wikidata: str = ""


@dataclass(frozen=True)
class ResolvedFact:
    """A fact whose ends are resolved entity keys."""

    subject: str
    predicate: str
    object: str
    article: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float
    tier: str


@dataclass
class Corpus:
    """The reduce step's output: what graph.py turns into RDF."""

    articles: list[Article]
    entities: dict[str, Entity]
    facts: list[ResolvedFact]
    mentions: dict[str, list[tuple[str, Mention]]] = field(default_factory=dict)
