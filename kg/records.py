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
    cites: str = ""  # a source the article quotes ("Source : Torrent Freaks"), never its publisher


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
class Event:
    """An action stated in one sentence, with when and where when the sentence says it.

    Ends are surface forms of the article's mentions, like a Fact's. An event may have no
    named target ('un homme de 50 ans a été arrêté'): then ``target_description`` keeps the
    words and no person is invented.
    """

    kind: str  # Lawsuit | Shutdown | Hosting | Arrest | CourtOrder | Blocking | Conviction
    predicate: str  # the relation whose direct triples it stands beside ("" when none was stated)
    sentence: str
    start: int  # sentence offsets into Article.text
    end: int
    rule: str
    confidence: float
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    target_description: str = ""
    concerns: tuple[str, ...] = ()  # a group or site named about an unnamed target
    places: tuple[str, ...] = ()
    date_text: str = ""  # the date as written
    date_value: str = ""  # its XSD lexical form ('2006-02', '--05-29')
    date_type: str = ""  # date | gYearMonth | gYear | gMonthDay


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extract_article found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (short, long) pairs the text states
    events: tuple[Event, ...] = ()
    failure: str = ""  # why the extraction of this article failed ('' when it ran): the build reports it, goes on


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


@dataclass(frozen=True)
class ResolvedEvent:
    """An event whose ends, places and concerned parties are resolved entity keys."""

    kind: str
    predicate: str
    article: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    target_description: str = ""
    concerns: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    date_text: str = ""
    date_value: str = ""
    date_type: str = ""


@dataclass
class Corpus:
    """The reduce step's output: what graph.py turns into RDF."""

    articles: list[Article]
    entities: dict[str, Entity]
    facts: list[ResolvedFact]
    mentions: dict[str, list[tuple[str, Mention]]] = field(default_factory=dict)
    events: list[ResolvedEvent] = field(default_factory=list)
