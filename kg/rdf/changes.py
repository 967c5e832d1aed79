"""What a rebuild changed: ``changes.md`` for people and ``changes.ttl`` for SPARQL, on every build.

The previous build is read from the output folder's ``graph.nq`` before it is replaced; the new one is
the graph being written. Both are reduced to a snapshot (entities with their labels and classes,
``owl:sameAs`` links, articles, and facts keyed by subject, relation, object and article), compared, and
the differences written: new, merged and vanished entities, new and vanished articles, new and vanished
facts, each fact with its article and sentence. A fact whose end was merged is the same fact under the
canonical IRI, not a vanished one and a new one. A first build reports everything as new.

``changes.ttl`` is one ``kgo:ChangeReport`` (``<https://w3id.org/kg-fr/changes>``) linked to what it
lists; each fact is its ``kgo:Assertion`` IRI with its triple, article and sentence, so that a vanished
fact stays readable although the graph no longer holds it. ``queries/changes.rq`` lists it all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from kg.rdf.graph import Quads
from kg.rdf.vocab import ART, BASE, ENT, KGO, PREFIXES, SCHEMA

CHANGES_IRI = URIRef(BASE + "changes")
LIST_LIMIT = 200  # lines per section in changes.md; changes.ttl has everything

_RDF_TYPE, _LABEL, _SAME_AS = str(RDF.type), str(RDFS.label), str(OWL.sameAs)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_DERIVED, _SENTENCE, _ASSERTION = str(PROV.wasDerivedFrom), str(KGO.sentenceText), str(KGO.Assertion)
_HEADLINE, _IDENTIFIER, _ARTICLE = str(SCHEMA.headline), str(SCHEMA.identifier), str(SCHEMA.NewsArticle)
_WANTED = {_RDF_TYPE, _LABEL, _SAME_AS, _SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _SENTENCE, _HEADLINE, _IDENTIFIER}
_WANTED_TERMS = frozenset(map(URIRef, _WANTED))  # an rdflib term equals terms only, never a plain string
_ENT, _ART, _KGO = str(ENT), str(ART), str(KGO)


@dataclass
class Snapshot:
    """What a change report compares, as plain strings (IRIs and literal values)."""

    entities: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI -> (label, class IRI)
    same_as: dict[str, str] = field(default_factory=dict)  # merged IRI -> canonical IRI
    articles: dict[str, str] = field(default_factory=dict)  # IRI -> headline, else identifier
    facts: dict[tuple[str, str, str, str], list[tuple[str, str]]] = field(default_factory=dict)
    # (subject, relation, object, article) -> [(assertion IRI, sentence)], sorted


def snapshot(triples: Iterable[tuple[str, str, str]]) -> Snapshot:
    """The snapshot of a graph given as (subject, predicate, object) strings."""
    labels: dict[str, str] = {}
    classes: dict[str, str] = {}
    assertions: dict[str, dict[str, str]] = {}
    articles: dict[str, dict[str, str]] = {}
    same_as: dict[str, str] = {}
    asserted: set[str] = set()
    for s, p, o in triples:
        if p not in _WANTED:
            continue
        if p == _RDF_TYPE:
            if o == _ASSERTION:
                asserted.add(s)
            elif o == _ARTICLE:
                articles.setdefault(s, {})
            elif s.startswith(_ENT) and o.startswith(_KGO):
                classes[s] = min(o, classes.get(s, o))
        elif p == _LABEL and s.startswith(_ENT):
            labels[s] = o
        elif p == _SAME_AS and s.startswith(_ENT):
            same_as[s] = o
        elif p in (_HEADLINE, _IDENTIFIER) and s.startswith(_ART):
            articles.setdefault(s, {})[p] = o
        elif p in (_SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _SENTENCE):
            assertions.setdefault(s, {})[p] = o
    snap = Snapshot(same_as=same_as)
    snap.entities = {iri: (labels[iri], classes.get(iri, "")) for iri in labels}
    snap.articles = {iri: data.get(_HEADLINE) or data.get(_IDENTIFIER) or "" for iri, data in articles.items()}
    for node in asserted:
        row = assertions.get(node, {})
        key = (row.get(_SUBJECT, ""), row.get(_PREDICATE, ""), row.get(_OBJECT, ""), row.get(_DERIVED, ""))
        snap.facts.setdefault(key, []).append((node, row.get(_SENTENCE, "")))
    for found in snap.facts.values():
        found.sort()
    return snap


def quads_snapshot(quads: Quads) -> Snapshot:
    wanted, text = _WANTED_TERMS, str.__str__  # the terms' own strings: their IRIs and lexical forms
    return snapshot((text(s), text(p), text(o)) for s, p, o in quads.default if p in wanted)


def previous_snapshot(out_dir: Path) -> Snapshot | None:
    """The snapshot of the graph the last build left in out_dir (its graph.nq), None when there is none."""
    import pyoxigraph as ox

    path = Path(out_dir) / "graph.nq"
    if not path.is_file():
        return None
    wanted = _WANTED

    def triples():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            if quad.predicate.value in wanted and quad.graph_name == ox.DefaultGraph():
                yield quad.subject.value, quad.predicate.value, quad.object.value

    try:
        return snapshot(triples())
    except (OSError, SyntaxError, ValueError):
        return None  # unreadable: the report then says everything is new


@dataclass
class Changes:
    """The differences between two snapshots (IRIs as strings, sorted)."""

    first: bool  # no previous build in the folder
    entities_added: list[str]
    entities_merged: list[tuple[str, str]]  # (old IRI, canonical IRI)
    entities_vanished: list[str]
    articles_added: list[str]
    articles_vanished: list[str]
    facts_added: list[tuple[tuple[str, str, str, str], str, str]]  # (key, assertion IRI, sentence)
    facts_vanished: list[tuple[tuple[str, str, str, str], str, str]]

    @property
    def empty(self) -> bool:
        return not any((self.entities_added, self.entities_merged, self.entities_vanished, self.articles_added,
                        self.articles_vanished, self.facts_added, self.facts_vanished))


def compare(before: Snapshot | None, after: Snapshot) -> Changes:
    """What changed from before (None: no previous build) to after."""
    first = before is None
    before = before or Snapshot()
    live_before = set(before.entities)
    live_after = set(after.entities)
    merged = sorted((iri, after.same_as[iri]) for iri in live_before if iri in after.same_as)
    vanished = sorted(live_before - live_after - set(after.same_as))
    added = sorted(live_after - live_before)

    def canonical(iri: str) -> str:
        return after.same_as.get(iri, iri)

    old_facts: dict[tuple[str, str, str, str], list[tuple[str, str]]] = {}
    for (s, p, o, a), found in before.facts.items():
        old_facts.setdefault((canonical(s), p, canonical(o), a), []).extend(found)
    new_keys = set(after.facts) - set(old_facts)
    gone_keys = set(old_facts) - set(after.facts)
    return Changes(
        first=first,
        entities_added=added,
        entities_merged=merged,
        entities_vanished=vanished,
        articles_added=sorted(set(after.articles) - set(before.articles)),
        articles_vanished=sorted(set(before.articles) - set(after.articles)),
        facts_added=[(key, node, sentence) for key in sorted(new_keys) for node, sentence in after.facts[key][:1]],
        facts_vanished=[(key, node, sentence) for key in sorted(gone_keys) for node, sentence in
                        sorted(old_facts[key])[:1]],
    )


# ---------------------------------------------------------------- writing


def _short(iri: str) -> str:
    for prefix in ("ent", "art", "kgo", "fact"):
        namespace = str(PREFIXES[prefix])
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _md(text: str) -> str:
    """Text safe in a Markdown line: no control characters, no HTML, no emphasis or code marks.

    >>> print(_md("<b>x</b> *y* `z`\\x1b[31m"))
    &lt;b&gt;x&lt;/b&gt; \\*y\\* \\`z\\`\\[31m
    """
    text = "".join(c if c.isprintable() else " " if c.isspace() else "" for c in text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for mark in "\\`*_[]|":
        text = text.replace(mark, "\\" + mark)
    return " ".join(text.split())


def changes_markdown(changes: Changes, before: Snapshot | None, after: Snapshot) -> str:
    """changes.md: one section per kind of change, each line naming the IRI and, for facts, the article."""
    def entity(iri: str, snap: Snapshot) -> str:
        label, kind = snap.entities.get(iri, ("", ""))
        kind = f", {_short(kind)}" if kind else ""
        return f"`{_short(iri)}` ({_md(label)}{kind})" if label else f"`{_short(iri)}`"

    def fact(key, node: str, sentence: str) -> str:
        s, p, o, a = key
        quote = f" « {_md(sentence[:300])} »" if sentence else ""
        return f"`{_short(s)}` `{_short(p)}` `{_short(o)}`, article `{_short(a)}` (`{_short(node)}`){quote}"

    old = before or Snapshot()
    lines = ["# Changes", ""]
    if changes.first:
        lines += ["First build in this folder: everything is new.", ""]
    else:
        lines += [
            f"Since the previous build in this folder ({len(old.articles)} articles, {len(old.entities)} entities, "
            f"{len(old.facts)} facts), now {len(after.articles)} articles, {len(after.entities)} entities, "
            f"{len(after.facts)} facts.",
            "",
        ]
        if changes.empty:
            lines += ["Nothing changed.", ""]
    sections = [
        ("New articles", [f"`{_short(a)}` {_md(after.articles.get(a, ''))}".rstrip() for a in changes.articles_added]),
        ("Vanished articles", [f"`{_short(a)}` {_md(old.articles.get(a, ''))}".rstrip()
                               for a in changes.articles_vanished]),
        ("New entities", [entity(e, after) for e in changes.entities_added]),
        ("Merged entities (the old IRI is owl:sameAs the canonical one)",
         [f"{entity(old_iri, old)} → {entity(new_iri, after)}" for old_iri, new_iri in changes.entities_merged]),
        ("Vanished entities (their IRIs stay reserved)", [entity(e, old) for e in changes.entities_vanished]),
        ("New facts", [fact(*item) for item in changes.facts_added]),
        ("Vanished facts", [fact(*item) for item in changes.facts_vanished]),
    ]
    for title, items in sections:
        if not items:
            continue
        lines += [f"## {title} ({len(items)})", ""]
        lines += [f"- {item}" for item in items[:LIST_LIMIT]]
        if len(items) > LIST_LIMIT:
            lines.append(f"- … and {len(items) - LIST_LIMIT} more (all of them in changes.ttl)")
        lines.append("")
    lines.append("Query it: `kg query queries/changes.rq --graph changes.ttl` (or on the store, or `kg serve`).")
    return "\n".join(lines) + "\n"


def changes_quads(changes: Changes, before: Snapshot | None, after: Snapshot) -> Quads:
    """changes.ttl as quads (default graph only): the report node, what it lists, each fact's triple."""
    quads = Quads()
    g = quads.default
    old = before or Snapshot()
    g.add((CHANGES_IRI, RDF.type, KGO.ChangeReport))
    g.add((CHANGES_IRI, RDFS.label, Literal("changements de la dernière construction", lang="fr")))
    g.add((CHANGES_IRI, RDFS.label, Literal("changes of the last build", lang="en")))

    def named(iri: str, snap: Snapshot) -> None:
        label, kind = snap.entities.get(iri, ("", ""))
        if label:
            g.add((URIRef(iri), RDFS.label, Literal(label, lang="fr")))
        if kind:
            g.add((URIRef(iri), RDF.type, URIRef(kind)))

    for iri in changes.entities_added:
        g.add((CHANGES_IRI, KGO.addedEntity, URIRef(iri)))
        named(iri, after)
    for old_iri, new_iri in changes.entities_merged:
        g.add((CHANGES_IRI, KGO.mergedEntity, URIRef(old_iri)))
        g.add((URIRef(old_iri), OWL.sameAs, URIRef(new_iri)))
        named(new_iri, after)
    for iri in changes.entities_vanished:
        g.add((CHANGES_IRI, KGO.vanishedEntity, URIRef(iri)))
        named(iri, old)
    for prop, articles, snap in ((KGO.addedArticle, changes.articles_added, after),
                                 (KGO.vanishedArticle, changes.articles_vanished, old)):
        for iri in articles:
            g.add((CHANGES_IRI, prop, URIRef(iri)))
            g.add((URIRef(iri), RDF.type, SCHEMA.NewsArticle))
            if snap.articles.get(iri):
                g.add((URIRef(iri), RDFS.label, Literal(snap.articles[iri])))
    for prop, facts in ((KGO.addedFact, changes.facts_added), (KGO.vanishedFact, changes.facts_vanished)):
        for (s, p, o, a), node, sentence in facts:
            fact = URIRef(node)
            g.add((CHANGES_IRI, prop, fact))
            g.add((fact, RDF.type, KGO.Assertion))
            g.add((fact, RDF.subject, URIRef(s)))
            g.add((fact, RDF.predicate, URIRef(p)))
            g.add((fact, RDF.object, URIRef(o)))
            g.add((fact, PROV.wasDerivedFrom, URIRef(a)))
            if sentence:
                g.add((fact, KGO.sentenceText, Literal(sentence, lang="fr")))
    return quads


@dataclass(frozen=True)
class ChangeReport:
    changes: Changes
    markdown: str
    quads: Quads

    def note(self) -> str:
        c = self.changes
        if c.first:
            return (f"changes.md, changes.ttl: first build, {len(c.entities_added)} entities, "
                    f"{len(c.facts_added)} facts")
        return (
            f"changes.md, changes.ttl: {len(c.articles_added)} new and {len(c.articles_vanished)} vanished articles, "
            f"{len(c.entities_added)} new, {len(c.entities_merged)} merged and {len(c.entities_vanished)} vanished "
            f"entities, {len(c.facts_added)} new and {len(c.facts_vanished)} vanished facts"
        )


def change_report(before: Snapshot | None, graph: Quads) -> ChangeReport:
    after = quads_snapshot(graph)
    changes = compare(before, after)
    return ChangeReport(changes, changes_markdown(changes, before, after), changes_quads(changes, before, after))
