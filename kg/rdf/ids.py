"""Stable identity: the IRIs an output folder has published, kept in ``ids.json`` beside the graph.

An IRI, once published in an output folder, stays. Each build reads the registry the previous build
wrote (``ids.json``; for a folder built before the registry existed, the entities of its
``graph.nq``), finds each entity of the new corpus among the published ones by its names and its
Wikidata id, and keeps the published IRI:

- an entity that matches one published IRI keeps it, whatever its label has become;
- an entity that matches several (a merge: "MPAA" and "Motion Picture Association of America" were
  two entities, the new corpus shows they are one) keeps one of them as canonical and the others are
  published as ``owl:sameAs`` it, in this build and every later one;
- a new entity gets a new IRI, never one published before for something else;
- a published IRI no entity matches any more is kept in the registry as vanished (the change report
  lists it), and comes back if its entity does.

A new IRI is minted from the entity's preferred name, chosen the same way whatever the corpus shows
of it, so that the same organisation gets the same IRI in any build: for an organisation, the acronym
it is known by (``ent:mpaa``), whether the text uses it or the gazetteer gives it as the initials of a
name the text uses; else the gazetteer's canonical name; else the label. Article IRIs are registered
by article id the same way.

Everything here is deterministic: the same corpus and the same registry give the same IRIs, and a
build repeated on its own output changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.lexicon import fold, initials, is_acronym, load_lexicon
from kg.rdf.vocab import ART, BASE, ENT, KGO
from kg.records import Corpus, Entity

REGISTRY_FILE = "ids.json"
REGISTRY_VERSION = 1


@dataclass
class Published:
    """One entity IRI the folder has published (its local name is the registry key)."""

    label: str
    kind: str  # the fine class (or coarse when there is none), local name under kgo:
    names: list[str] = field(default_factory=list)  # every name it was ever published with, sorted
    wikidata: str = ""
    same_as: str = ""  # local name of the canonical IRI when merged into it
    vanished: bool = False  # in no entity of the last build

    def to_json(self) -> dict:
        data: dict = {"label": self.label, "class": self.kind, "names": self.names}
        if self.wikidata:
            data["wikidata"] = self.wikidata
        if self.same_as:
            data["sameAs"] = self.same_as
        if self.vanished:
            data["vanished"] = True
        return data


@dataclass
class Registry:
    """What ``ids.json`` holds: entity local name -> Published, article id -> article local name."""

    entities: dict[str, Published] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    source: str = ""  # where it was read from: "ids.json", "graph.nq" (bootstrapped) or "" (first build)

    def to_json(self) -> str:
        data = {
            "version": REGISTRY_VERSION,
            "base": BASE,
            "entities": {local: self.entities[local].to_json() for local in sorted(self.entities)},
            "articles": dict(sorted(self.articles.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Registry:
        """The registry of an ids.json text; ValueError when it is not one.

        >>> r = Registry.from_json('{"version": 1, "entities": {"mpaa": {"label": "MPAA", "class": "RightsHolder",'
        ...                        ' "names": ["MPAA"]}}, "articles": {"002": "002"}}')
        >>> r.entities["mpaa"].kind, r.articles
        ('RightsHolder', {'002': '002'})
        >>> Registry.from_json(r.to_json()) == r
        True
        """
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != REGISTRY_VERSION:
            raise ValueError(f"not a version {REGISTRY_VERSION} kg id registry")
        entities = {}
        for local, row in data.get("entities", {}).items():
            entities[str(local)] = Published(
                label=str(row["label"]),
                kind=str(row.get("class", "")),
                names=sorted({str(n) for n in row.get("names", [])}),
                wikidata=str(row.get("wikidata", "")),
                same_as=str(row.get("sameAs", "")),
                vanished=bool(row.get("vanished", False)),
            )
        articles = {str(k): str(v) for k, v in data.get("articles", {}).items()}
        return cls(entities, articles)

    def canonical(self, local: str) -> str:
        """Follow sameAs links to the IRI that stands for the entity (a cycle stops where it started)."""
        seen = {local}
        while self.entities.get(local) and self.entities[local].same_as and self.entities[local].same_as not in seen:
            local = self.entities[local].same_as
            seen.add(local)
        return local


def _registry_from_graph(nquads: Path) -> Registry:
    """The entities and articles a graph.nq published, for a folder built before ids.json existed."""
    import pyoxigraph as ox

    registry = Registry(source=nquads.name)
    label, alt, kind, exact = (
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#altLabel",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2004/02/skos/core#exactMatch",
    )
    identifier = "https://schema.org/identifier"
    rows: dict[str, dict] = {}
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        if quad.graph_name != ox.DefaultGraph():
            continue
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        predicate, obj = quad.predicate.value, quad.object
        if subject.startswith(str(ENT)):
            row = rows.setdefault(subject[len(str(ENT)) :], {"names": set(), "label": "", "kind": "", "wd": ""})
            if predicate == label:
                row["label"] = obj.value
                row["names"].add(obj.value)
            elif predicate == alt:
                row["names"].add(obj.value)
            elif predicate == kind and obj.value.startswith(str(KGO)):
                row["kind"] = obj.value[len(str(KGO)) :]
            elif predicate == exact and obj.value.startswith("http://www.wikidata.org/entity/"):
                row["wd"] = obj.value.rsplit("/", 1)[1]
        elif subject.startswith(str(ART)) and predicate == identifier:
            registry.articles[obj.value] = subject[len(str(ART)) :]
    for local, row in rows.items():
        if row["label"]:
            registry.entities[local] = Published(row["label"], row["kind"], sorted(row["names"]), row["wd"])
    return registry


def read_registry(out_dir: Path) -> tuple[Registry, str]:
    """The registry the last build left in out_dir, and a note when it could not be read ("" if fine)."""
    path = Path(out_dir) / REGISTRY_FILE
    if path.is_file():
        try:
            registry = Registry.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            return Registry(), f"{path}: unreadable id registry ({error}); IRIs are minted afresh"
        registry.source = REGISTRY_FILE
        return registry, ""
    nquads = Path(out_dir) / "graph.nq"
    if nquads.is_file():
        try:
            return _registry_from_graph(nquads), ""
        except (OSError, SyntaxError, ValueError) as error:
            return Registry(), f"{nquads}: cannot read the published IRIs ({error}); IRIs are minted afresh"
    return Registry(), ""


# ---------------------------------------------------------------- preferred names and minting


def slug(text: str, limit: int = 60) -> str:
    from kg.rdf.graph import slug as _slug

    return _slug(text, limit)


def preferred_name(entity: Entity) -> str:
    """The name an entity's IRI is minted from, the same whichever of its names a corpus shows.

    >>> e = Entity(key="k", label="Motion Picture Association of America", coarse="Organization",
    ...            names={"Motion Picture Association of America", "MPAA"})
    >>> preferred_name(e)
    'MPAA'
    >>> preferred_name(Entity(key="k", label="Motion Picture Association of America", coarse="Organization",
    ...                       names={"Motion Picture Association of America"}))
    'MPAA'
    >>> preferred_name(Entity(key="k", label="États-Unis", coarse="Place", names={"États-Unis", "USA"}))
    'États-Unis'
    """
    names = sorted(entity.names | {entity.label})
    known = load_lexicon().known
    entry = known.get(fold(entity.label)) or next((known[fold(n)] for n in names if fold(n) in known), None)
    if entry is not None and entry.coarse != entity.coarse:
        entry = None  # a homonym of another kind ("Paris" the city, "Paris" a person)
    if entity.coarse == "Organization":
        seen = sorted((n for n in names if is_acronym(n)), key=lambda n: (-len(n), n))
        if seen:
            return seen[0]
        if entry is not None:
            spelled = {initials(n) for n in names if len(n.split()) > 1}
            known_acronyms = [a for a in (entry.name, *entry.aliases) if is_acronym(a)]
            matching = sorted((a for a in known_acronyms if a.replace(".", "").lower() in spelled),
                              key=lambda a: (-len(a), a))
            if matching:
                return matching[0]
            if is_acronym(entry.name):
                return entry.name
    if entry is not None:
        return entry.name
    return entity.label


def _folded_names(names) -> set[str]:
    return {f for f in (fold(n) for n in names) if f}


@dataclass(frozen=True)
class Assignment:
    """The IRIs of one build, and what changed in the registry."""

    entities: dict[str, str]  # entity key -> local name under ent:
    articles: dict[str, str]  # article id -> local name under art:
    same_as: dict[str, str]  # local name -> canonical local name, every merged IRI still published
    registry: Registry  # the registry to write with this build's outputs
    minted: tuple[str, ...]  # entity locals new in this build
    merged: tuple[str, ...]  # locals live before, merged into another in this build
    vanished: tuple[str, ...]  # locals live before, in no entity now
    articles_added: tuple[str, ...]
    articles_vanished: tuple[str, ...]


def _unique(local: str, seed: str, taken) -> str:
    """local, or local and a short hash of seed when taken (longer while still taken): never a taken name.

    >>> _unique("a", "k", set()), _unique("a", "k", {"a"}), _unique("a", "k", {"a", "a-13fbd79c"})
    ('a', 'a-13fbd79c', 'a-13fbd79c3d')
    """
    digest = hashlib.sha1(seed.encode()).hexdigest()
    length = 8
    candidate = local
    while candidate in taken:
        candidate = f"{local}-{digest[:length]}"
        length += 2
        if length > len(digest):  # every prefix of the hash taken: hash the hash
            digest += hashlib.sha1(digest.encode()).hexdigest()
    return candidate


def assign(corpus: Corpus, previous: Registry | None = None) -> Assignment:
    """Entity and article IRIs for the corpus, keeping every IRI the previous registry published.

    >>> corpus = Corpus(articles=[], facts=[], entities={"m": Entity(key="m", coarse="Organization",
    ...     label="Motion Picture Association of America", names={"Motion Picture Association of America"})})
    >>> first = assign(corpus)
    >>> first.entities, first.minted
    ({'m': 'mpaa'}, ('mpaa',))
    >>> corpus.entities["m"].label = "MPA"
    >>> corpus.entities["m"].names = {"MPA", "Motion Picture Association of America"}
    >>> again = assign(corpus, first.registry)
    >>> again.entities, again.minted, sorted(again.registry.entities["mpaa"].names)
    ({'m': 'mpaa'}, (), ['MPA', 'Motion Picture Association of America'])
    """
    previous = previous or Registry()
    old = previous.entities
    by_name: dict[str, set[str]] = {}
    by_wikidata: dict[str, set[str]] = {}
    for local, row in old.items():
        for name in _folded_names([*row.names, row.label]):
            by_name.setdefault(name, set()).add(local)
        if row.wikidata:
            by_wikidata.setdefault(row.wikidata, set()).add(local)
    entities = corpus.entities
    preferred = {key: slug(preferred_name(entity)) for key, entity in entities.items()}
    folded = {key: _folded_names(entity.names | {entity.label}) for key, entity in entities.items()}

    def score(key: str, local: str) -> tuple:
        entity, row = entities[key], old[local]
        shared = len(folded[key] & _folded_names([*row.names, row.label]))
        return (
            local == preferred[key],  # the IRI a clean build would mint
            fold(row.label) == fold(entity.label),
            bool(entity.wikidata) and entity.wikidata == row.wikidata,
            shared,
            not row.same_as and not row.vanished,  # a live IRI before a merged or vanished one
            (row.kind or "") == (entity.fine or entity.coarse),
        )

    candidates: dict[str, set[str]] = {}
    for key, entity in entities.items():
        found: set[str] = set()
        for name in folded[key]:
            found |= by_name.get(name, set())
        if entity.wikidata:
            found |= by_wikidata.get(entity.wikidata, set())
        candidates[key] = found
    pairs = sorted(
        ((score(key, local), key, local) for key, found in candidates.items() for local in found),
        key=lambda p: (tuple(-int(x) for x in p[0]), p[2], p[1]),
    )
    chosen: dict[str, str] = {}
    claimed: set[str] = set()
    for _, key, local in pairs:  # best pairs first: each entity keeps one published IRI, each IRI one entity
        if key not in chosen and local not in claimed:
            chosen[key] = local
            claimed.add(local)
    taken = set(old) | set(chosen.values())
    minted: list[str] = []
    for key in sorted(entities):
        if key not in chosen:
            local = _unique(preferred[key], key, taken)
            chosen[key] = local
            taken.add(local)
            minted.append(local)

    # the registry to write: every IRI ever published, with what it stands for now
    registry = Registry()
    for local, row in old.items():
        registry.entities[local] = Published(row.label, row.kind, list(row.names), row.wikidata, row.same_as, True)
    for key, local in chosen.items():
        entity = entities[key]
        before = registry.entities.get(local)
        names = set(entity.names | {entity.label}) | set(before.names if before else ())
        registry.entities[local] = Published(entity.label, entity.fine or entity.coarse, sorted(names),
                                             entity.wikidata or (before.wikidata if before else ""))
    live_of_key = {key: local for key, local in chosen.items()}
    merged: list[str] = []
    for local in sorted(set(old) - claimed):
        # an IRI no entity kept: merged into the entity that holds its names, else into its old canonical
        holders = sorted(
            (tuple(-int(x) for x in score(key, local)), key) for key in entities if local in candidates[key]
        )
        target = ""
        if holders:
            target = live_of_key[holders[0][1]]
        elif old[local].same_as:
            target = previous.canonical(local)
            target = target if target in claimed else ""
        row = registry.entities[local]
        if target and target != local:
            row.same_as, row.vanished = target, False
            if not old[local].same_as and not old[local].vanished:
                merged.append(local)
        else:
            row.same_as = ""
    for local in registry.entities:  # a sameAs chain always ends at a live IRI
        row = registry.entities[local]
        if row.same_as:
            end = registry.canonical(local)
            if end == local or registry.entities[end].same_as or registry.entities[end].vanished:
                row.same_as, row.vanished = "", True
            else:
                row.same_as = end
    vanished = tuple(
        local for local in sorted(old)
        if registry.entities[local].vanished and not old[local].vanished and not old[local].same_as
    )
    same_as = {local: row.same_as for local, row in sorted(registry.entities.items()) if row.same_as}

    articles: dict[str, str] = {}
    taken_articles = set(previous.articles.values())
    added: list[str] = []
    for article in sorted(corpus.articles, key=lambda a: a.id):
        local = previous.articles.get(article.id)
        if local is None:
            local = _unique(slug(article.id, limit=120), article.id, taken_articles)
            taken_articles.add(local)
            added.append(article.id)
        articles[article.id] = local
    registry.articles = {**previous.articles, **articles}
    gone = tuple(sorted(set(previous.articles) - set(articles)))
    return Assignment(
        entities=dict(sorted(chosen.items())),
        articles=articles,
        same_as=same_as,
        registry=registry,
        minted=tuple(sorted(minted)),
        merged=tuple(merged),
        vanished=vanished,
        articles_added=tuple(added),
        articles_vanished=gone,
    )
