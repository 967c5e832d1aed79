"""Corpus-level entity resolution: the reduce step.

Mentions merge into one entity when their keys agree after folding case,
accents, hyphens, a domain suffix or a corporate suffix; when the gazetteer or
the place lexicon lists them as aliases; when one is the acronym of the other
(stated in the text, or by initials); and, inside one article, when a bare
surname repeats a full name. Label and class are picked by evidence, in a
deterministic order.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import lru_cache

from kg.lexicon import DATA, Lexicon, closing_place, fold, initials, is_acronym, load_lexicon, name_key
from kg.records import ArticleFacts, Corpus, Entity, Mention, ResolvedEvent, ResolvedFact


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller key wins, so the result does not depend on the order of calls
            low, high = sorted((ra, rb))
            self.parent[high] = low


def _compatible(a: set[str], b: set[str]) -> bool:
    """Two groups may merge by acronym only if their coarse types can agree."""
    return not a or not b or bool(a & b) or "Place" not in (a | b)


def resolve(results: list[ArticleFacts], lexicon: Lexicon | None = None) -> Corpus:
    """Merge the per-article records into corpus entities and facts."""
    lexicon = lexicon or load_lexicon()
    results = sorted(results, key=lambda r: r.article.id)
    uf = _UnionFind()
    surface_key: dict[tuple[str, str], str] = {}  # (article, surface) -> key
    by_key: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    corpus_longs: dict[str, set[str]] = defaultdict(set)  # first word -> organisation names of several words
    for result in results:
        for mention in result.mentions:
            if mention.coarse == "Organization" and len(mention.text.split()) >= 2:
                corpus_longs[mention.text.split()[0]].add(mention.text)
    for result in results:
        mentions = result.mentions + _institution_places(result.mentions, lexicon)
        surnames = _surname_owners(mentions)
        shorts = _short_name_owners(mentions, lexicon, corpus_longs)
        for mention in mentions:
            # a bare surname after the full name in the same article ("Gary Fung" ... "Fung"), a company's short
            # name after its full name ("Cox Communications" ... "Cox")
            owner = surnames.get(mention.text) if mention.coarse in {"Person", "Organization", "Place"} else None
            owner = owner or shorts.get(mention.text)
            key = name_key(owner or mention.text, lexicon)
            if not key:
                continue
            uf.find(key)
            surface_key[(result.article.id, mention.text)] = key
            by_key[key].append((result.article.id, mention))

    types_of: dict[str, set[str]] = {k: {m.coarse for _, m in v} for k, v in by_key.items()}
    # Acronyms the text states: "MPAA (Motion Picture Association of America)".
    for result in results:
        for short, long in result.aliases:
            a, b = name_key(short, lexicon), name_key(long, lexicon)
            if a in by_key and b in by_key and _compatible(types_of[a], types_of[b]):
                uf.union(a, b)
    # Acronyms by initials, over the corpus.
    long_by_initials: dict[str, list[str]] = defaultdict(list)
    for key, group in by_key.items():
        for _, mention in group:
            if len(mention.text.split()) >= 2:
                long_by_initials[initials(mention.text)].append(key)
    for key, group in sorted(by_key.items()):
        for _, mention in group:
            if is_acronym(mention.text):
                for other in sorted(set(long_by_initials.get(mention.text.lower().replace(".", ""), ()))):
                    if _compatible(types_of[key], types_of[other]):
                        uf.union(key, other)
    groups: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for key, group in by_key.items():
        groups[uf.find(key)].extend(group)
    entities: dict[str, Entity] = {}
    for root, group in sorted(groups.items()):
        entities[root] = _entity(root, group, lexicon)

    facts: list[ResolvedFact] = []
    for result in results:
        for fact in result.facts:
            s = surface_key.get((result.article.id, fact.subject)) or name_key(fact.subject, lexicon)
            o = surface_key.get((result.article.id, fact.object)) or name_key(fact.object, lexicon)
            if s not in uf.parent or o not in uf.parent:
                continue
            s, o = uf.find(s), uf.find(o)
            if s == o or not _types_fit(fact.predicate, entities[s], entities[o]):
                continue
            facts.append(
                ResolvedFact(
                    s,
                    fact.predicate,
                    o,
                    result.article.id,
                    fact.sentence,
                    fact.start,
                    fact.end,
                    fact.rule,
                    fact.confidence,
                    fact.tier,
                )
            )
    facts.sort(key=lambda f: (f.subject, f.predicate, f.object, f.article, f.start, f.rule))
    mentions = {root: sorted(group, key=lambda am: (am[0], am[1].start)) for root, group in groups.items()}

    def keys(article_id: str, names: tuple[str, ...], exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        found = []
        for name in names:
            key = surface_key.get((article_id, name)) or name_key(name, lexicon)
            if key in uf.parent and uf.find(key) not in found and uf.find(key) not in exclude:
                found.append(uf.find(key))
        return tuple(found)

    events: list[ResolvedEvent] = []
    for result in results:
        for event in result.events:
            agents = keys(result.article.id, event.agents)
            targets = keys(result.article.id, event.targets, agents)
            if not (agents or targets or event.target_description):
                continue
            events.append(
                ResolvedEvent(
                    **{
                        **event.__dict__,
                        "article": result.article.id,
                        "agents": agents,
                        "targets": targets,
                        "concerns": keys(result.article.id, event.concerns, agents + targets),
                        "places": keys(result.article.id, event.places),
                    }
                )
            )
    events.sort(key=lambda e: (e.article, e.start, e.kind, e.agents, e.targets, e.target_description, e.places))
    return Corpus(
        articles=[r.article for r in results], entities=entities, facts=facts, mentions=mentions, events=events
    )


def _types_fit(predicate: str, subject: Entity, obj: Entity) -> bool:
    """A fact whose ends, once typed over the whole corpus, break the relation's domain or range is dropped.

    An article alone may type a name wrongly ('Dpstream bloque ...' read as an organisation); the
    corpus vote corrects the type, and the fact must follow.
    """
    domain, range_ = relation_constraints()[predicate]
    return subject.coarse in domain and obj.coarse in range_


@lru_cache(maxsize=1)
def relation_constraints() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    declared = json.loads((DATA / "predicates.json").read_text(encoding="utf-8"))["predicates"]
    return {row["id"]: (frozenset(row["domain"]), frozenset(row["range"])) for row in declared}


def _institution_places(mentions: tuple[Mention, ...], lexicon: Lexicon) -> tuple[Mention, ...]:
    """The place an institution's name closes with is a place of the article too ('le tribunal correctionnel de
    Bayonne' names Bayonne)."""
    places = []
    for mention in mentions:
        found = closing_place(mention.text, lexicon) if mention.evidence == "institution" else None
        if found is None:
            continue
        name, fine, closes = found
        end = mention.end - (len(mention.text) - closes)
        places.append(Mention(name, end - len(name), end, "Place", fine, "institution-place", 1))
    return tuple(places)


def _short_name_owners(mentions, lexicon: Lexicon, corpus_longs: dict[str, set[str]] | None = None) -> dict[str, str]:
    """Short name -> the one longer organisation or site name that opens with it: 'Cox' is 'Cox Communications',
    'EVO Release' is 'EVO Release Group', 'LibGen' is 'Library Genesis' (a contraction). Read in the article
    first, then in the corpus (``corpus_longs``: first word -> long names) for a short name no gazetteer row
    owns. Never a place ('France' is not 'France Télévisions'), never when two unrelated names open with it."""
    longs = {m.text for m in mentions if m.coarse != "Place" and len(m.text.split()) >= 2}
    owners: dict[str, str] = {}
    for mention in mentions:
        short = mention.text
        if mention.coarse == "Place" or len(short) < 3 or short in owners:
            continue
        known = lexicon.known.get(fold(short))
        if known is not None and known.coarse == "Place":
            continue
        found = _longest_owner(short, longs, lexicon)
        if found is None and corpus_longs is not None and known is None and " " not in short:
            found = _longest_owner(short, corpus_longs.get(short, set()), lexicon)
        if found is not None:
            owners[short] = found
    return owners


def _longest_owner(short: str, longs, lexicon: Lexicon) -> str | None:
    """The longest name opening with ``short`` when every candidate is a prefix of it; a multi-word short name
    only before a company word ('EVO Release' + 'Group')."""
    candidates = sorted(
        (long for long in longs if long != short and (long.startswith(short + " ") or _contraction(short, long))),
        key=len,
    )
    if not candidates or any(not candidates[-1].startswith(c) for c in candidates):
        return None
    longest = candidates[-1]
    if " " in short and not all(w in lexicon.corporate_heads for w in longest[len(short) :].split()):
        return None
    return longest


def _contraction(short: str, long: str) -> bool:
    """'LibGen' is made of the first letters of each word of 'Library Genesis' (two or more of each).

    >>> _contraction("LibGen", "Library Genesis"), _contraction("Libre", "Library Genesis")
    (True, False)
    """
    parts = re.findall(r"[A-Z][a-z]+|[a-z]+|\d+", short)
    words = long.split()
    if len(parts) < 2 or len(parts) != len(words):
        return False
    return all(len(p) >= 2 and w.lower().startswith(p.lower()) for p, w in zip(parts, words, strict=True))


def _surname_owners(mentions) -> dict[str, str]:
    """Bare surname -> the one full name of the article that ends with it (none when two people share it)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        words = mention.text.split()
        if mention.coarse == "Person" and len(words) >= 2:
            owners[words[-1]].add(mention.text)
    return {surname: next(iter(names)) for surname, names in owners.items() if len(names) == 1}


def _entity(root: str, group: list[tuple[str, Mention]], lexicon: Lexicon) -> Entity:
    votes: Counter = Counter()
    fine_votes: Counter = Counter()
    for _, mention in group:
        votes[mention.coarse] += mention.strength + 1
        if mention.fine:
            fine_votes[(mention.coarse, mention.fine)] += mention.strength + 1
    coarse = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    fines = sorted(((f, n) for (c, f), n in fine_votes.items() if c == coarse), key=lambda kv: (-kv[1], kv[0]))
    fine = fines[0][0] if fines else ""
    names = Counter(m.text for _, m in group)
    if coarse == "Person":  # the full name, not a repeated surname
        label = sorted(names, key=lambda n: (-len(n.split()), -names[n], n))[0]
    else:
        label = sorted(names.items(), key=lambda kv: (is_acronym(kv[0]), -kv[1], -len(kv[0]), kv[0]))[0][0]
    known = None
    for name in sorted(names):
        known = known or lexicon.known.get(fold(name))
    if known is not None and known.coarse == coarse:
        label = known.name if fold(known.name) in {fold(n) for n in names} else label
        fine = known.fine or fine
    return Entity(
        key=root,
        label=label,
        coarse=coarse,
        fine=fine,
        names=set(names),
        articles={a for a, _ in group},
        wikidata=known.wikidata if known is not None and known.coarse == coarse else "",
    )
