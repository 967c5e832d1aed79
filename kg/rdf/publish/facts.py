"""facts.csv, the flat table of the facts a spreadsheet opens, and the confidence floor of `--min-confidence`.

One row per kgo:Assertion (a fact as one article states it): the subject, the relation and the
object, each as its French label and its IRI; the date of the event the fact stands beside (when
the sentence dates it), the confidence and the tier; the evidence sentence and the article (id,
URL, headline, date). Rows are sorted, so the same graph gives the same bytes. A cell never
carries a control character (they are removed), and a cell that opens with `=`, `+`, `-`, `@`
(or a tab or carriage return) is prefixed with `'`, so that a spreadsheet shows it as text and
never runs it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from functools import cache
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

# the very term objects kg.rdf.graph puts in the quads: a lookup finds them by identity, without rdflib's __eq__
from kg.rdf.graph import (
    _ASSERTION,
    _ASSERTION_CLASS,
    _CONFIDENCE,
    _DATE,
    _DERIVED,
    _HEADLINE,
    _LABEL,
    _OBJECT,
    _PREDICATE,
    _PUBLISHED,
    _SENTENCE,
    _SUBJECT,
    _TIER,
    _TYPE,
    _URL,
    Quads,
)
from kg.rdf.vocab import KGO, ONTOLOGY_FILE, SCHEMA
from kg.records import Corpus

FACTS_FILE = "facts.csv"
# The columns, in order, with what each holds: kg/rdf/facts_columns.json
COLUMNS: tuple[str, ...] = tuple(
    json.loads(resources.files("kg.rdf").joinpath("facts_columns.json").read_text(encoding="utf-8"))["columns"]
)

# Control characters (C0 but tab, DEL, C1) and bidirectional controls: never in a cell.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: control characters out, a formula-like start prefixed with '.

    Line breaks inside a sentence become spaces, so that one fact is one line of the file.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-5"), safe_cell("a\\x1b[31mb\\nc"), safe_cell("MPAA")
    ('\\'=HYPERLINK("http://x")', "'-5", 'a[31mb c', 'MPAA')
    """
    text = _CONTROL.sub(lambda m: " " if m.group() in "\n\r\u2028\u2029" else "", text)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


@cache
def predicate_labels() -> dict[str, str]:
    """kgo property IRI -> its French label, from the ontology file."""
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    labels: dict[str, str] = {}
    for prop, label in ontology.subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language == "fr" and str(prop).startswith(str(KGO)):
            labels.setdefault(str(prop), str(label))
    return labels


# The properties facts.csv reads; every other triple (mentions, offsets, the direct triples...) is skipped unread.
_ID = SCHEMA.identifier
_READ = frozenset({_TYPE, _SUBJECT, _PREDICATE, _OBJECT, _LABEL, _DERIVED, _CONFIDENCE, _TIER, _SENTENCE, _ASSERTION,
                   _DATE, _ID, _URL, _HEADLINE, _PUBLISHED})


def _index(graph) -> dict:
    """subject -> predicate -> sorted objects, over every graph of the dataset (the properties read only).

    graph: the quads, the dataset's (s, p, o) triples, or its sorted rows (kg.rdf.publish.files.Rendering).
    """
    if hasattr(graph, "rows"):
        return _index_of_rows(graph.rows, graph.nodes)
    index: dict = {}
    read = _READ
    triples = (t for g in graph.graphs.values() for t in g) if isinstance(graph, Quads) else graph
    for s, p, o in triples:
        if p in read:
            index.setdefault(s, {}).setdefault(p, set()).add(o)
    for props in index.values():
        for p, objs in props.items():
            props[p] = sorted(objs) if len(objs) > 1 else list(objs)
    return index


def _index_of_rows(rows, nodes: dict) -> dict:
    """_index of a Rendering's rows (subject form, predicate form, object term, object form), which come grouped by
    subject, one per distinct triple: a predicate's objects are gathered in a list, without a set or a hash of each
    term (at 10,000 articles, a set per property of a million assertions took most of facts.csv's time)."""
    read = {f"<{p}>" for p in _READ}
    index: dict = {}
    last, props = None, {}
    for s_form, p_form, o, _ in rows:
        if p_form not in read:
            continue
        if s_form != last:
            last = s_form
            props = index.setdefault(nodes[s_form], {})
        props.setdefault(nodes[p_form], []).append(o)
    for props in index.values():
        for p, objs in props.items():
            if len(objs) > 1:
                props[p] = sorted(set(objs))
    return index


_NONE: dict = {}


def _first(index: dict, node, prop) -> str:
    values = index.get(node, _NONE).get(prop, ())
    if len(values) == 1:
        return str(values[0])
    french = [v for v in values if isinstance(v, Literal) and v.language == "fr"]
    return str((french or list(values) or [""])[0])


def fact_rows(graph) -> list[list[str]]:
    """The rows of facts.csv (without the header), sorted; graph: the quads, the dataset's triples, or its
    Rendering."""
    index = _index(graph)
    dates: dict[object, list[str]] = {}  # assertion -> the dates of the events standing beside it
    for props in index.values():
        for assertion in props.get(_ASSERTION, ()):
            dates.setdefault(assertion, []).extend(str(d) for d in props.get(_DATE, ()))
    labels = predicate_labels()
    rows = []
    for node, props in index.items():
        if _ASSERTION_CLASS not in props.get(_TYPE, ()):
            continue
        s, p, o = (_first_node(props, term) for term in (_SUBJECT, _PREDICATE, _OBJECT))
        if s is None or p is None or o is None:
            continue
        article = _first_node(props, _DERIVED)
        confidence = props.get(_CONFIDENCE, [""])[0]
        rows.append(
            [
                _first(index, s, _LABEL),
                str(s),
                labels.get(str(p), str(p).rsplit("#", 1)[-1]),
                str(p),
                _first(index, o, _LABEL),
                str(o),
                " ".join(sorted({_date_cell(d) for d in dates.get(node, ())})),
                f"{float(confidence):.2f}" if confidence != "" else "",
                _first(index, node, _TIER),
                _first(index, node, _SENTENCE),
                _first(index, article, _ID) if article is not None else "",
                _first(index, article, _URL) if article is not None else "",
                _first(index, article, _HEADLINE) if article is not None else "",
                _first(index, article, _PUBLISHED) if article is not None else "",
            ]
        )
    return sorted(rows, key=lambda r: (r[10], r[1], r[3], r[5], r[9], r[7]))


def _date_cell(date: str) -> str:
    """An event's date as its ISO form; a day and month without a year ("--05-29") in words ("29 mai").

    >>> _date_cell("2007-08-16"), _date_cell("--05-29")
    ('2007-08-16', '29 mai')
    """
    from kg.render.page import display_date

    return display_date(date)


def _first_node(props: dict, prop) -> URIRef | None:
    values = [v for v in props.get(prop, ()) if isinstance(v, URIRef)]
    return values[0] if values else None


def facts_csv(graph) -> str:
    """facts.csv: a header, then one row per fact as one article states it; graph: the quads, the dataset's
    (s, p, o) triples, or its Rendering."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([safe_cell(cell) for cell in row] for row in fact_rows(graph))
    return buffer.getvalue()


def keep_confident(corpus: Corpus, floor: float) -> Corpus:
    """The corpus without the facts and events whose confidence is below floor (`--min-confidence`).

    A fact left out is left out everywhere: its kgo:Assertion, its direct triple (unless another
    article states it at floor or above) and its quad in the article's named graph. An event is
    kept on its own confidence, like a fact; one kept beside a fact left out loses its link to that
    assertion. Entities and articles stay: what the articles mention does not depend on the facts.

    >>> from kg.records import ResolvedFact
    >>> fact = lambda c: ResolvedFact("a", "sues", "b", "x", "s", 0, 1, "r", c, "explicit")
    >>> [f.confidence for f in keep_confident(Corpus([], {}, [fact(0.4), fact(0.8)]), 0.5).facts]
    [0.8]
    """
    if floor <= 0:
        return corpus
    return replace(
        corpus,
        facts=[f for f in corpus.facts if f.confidence >= floor],
        events=[e for e in corpus.events if e.confidence >= floor],
    )


def drop_unconfident(graph: Graph, floor: float) -> Graph:
    """A built graph without the facts and events below floor, as a build leaves them out (`--min-confidence`).

    Each kgo:Assertion or event whose kgo:confidence is below floor goes, with every triple about it;
    a direct triple goes when no assertion at floor or above states it any more. The graph given is not changed.
    """
    if floor <= 0:
        return graph
    kept = Graph()
    for prefix, namespace in graph.namespaces():
        kept.bind(prefix, namespace)
    weak = {
        node
        for node, value in graph.subject_objects(KGO.confidence)
        if isinstance(value, Literal) and _as_float(value) < floor
    }
    stated = {
        (graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object))
        for node in graph.subjects(RDF.type, KGO.Assertion)
        if node not in weak
    }
    dropped = {
        (graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object))
        for node in weak
        if (node, RDF.type, KGO.Assertion) in graph
    } - stated
    for triple in graph:
        s, _, o = triple
        if s in weak or o in weak or triple in dropped:
            continue
        kept.add(triple)
    return kept


def _as_float(value: Literal) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
