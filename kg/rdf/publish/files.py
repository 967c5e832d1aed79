"""Serialise a dataset to Turtle, N-Quads and JSON-LD, atomically and byte-stably.

Every file is written to a temporary file in the same folder and renamed at the
end, so an interrupted build leaves the previous outputs intact.

Speed and stability: the dataset's terms are written once as N-Triples terms
(cached, since entities and predicates repeat), lines are sorted, and blank nodes
get labels derived from what surrounds them, so the same graph always gives the
same bytes. N-Quads are those sorted lines; Turtle is made from the sorted union
by Oxigraph's serialiser (Rust, much faster than rdflib's on large graphs); the
JSON-LD is one compacted node object per line, under a context of our prefixes.
rdflib keeps the modelling API: this module only reads the terms of kg.rdf.graph.Quads.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.io import stage
from kg.rdf.graph import Quads, bound_graph
from kg.rdf.vocab import PREFIXES

# Characters escaped in N-Triples strings: the required ones, every control character, and the
# line separators that line-based tools (and Python's str.splitlines) would break a line on.
_STRING_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\x85\u2028\u2029]')
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.~-]*")
_RDF_TYPE, _XSD_STRING = RDF.type, XSD.string  # looked up once: rdflib's Namespace attribute access is slow
_ESCAPES = {
    ord(c): _SHORT_ESCAPES.get(c) or f"\\u{ord(c):04X}"
    for c in [*map(chr, range(0x20)), "\\", '"', "\x7f", "\x85", "\u2028", "\u2029"]
}


def _escape(text: str) -> str:
    """A string's N-Triples form.

    >>> _escape('a "b"\\n\\x1c')
    'a \\\\"b\\\\"\\\\n\\\\u001C'
    """
    if _STRING_ESCAPE.search(text) is None:
        return text
    return text.translate(_ESCAPES)  # one C-level pass, no callback per character


def blank_labels(triples: Iterable[tuple]) -> dict[BNode, str]:
    """Labels for blank nodes that depend only on the graph around them, not on parse order.

    Each node starts from a hash of its edges to named terms; the hashes are refined with the
    neighbours' hashes until they stop splitting (the Weisfeiler-Lehman idea). Nodes still alike
    are interchangeable in the output, so numbering them in order of their hash is stable.

    >>> def labels():  # fresh blank nodes each call, as each parse of a file makes
    ...     a, b = BNode(), BNode()
    ...     return sorted(blank_labels([(URIRef("x:s"), URIRef("x:p"), a), (a, URIRef("x:q"), b)]).values())
    >>> labels() == labels() and len(set(labels())) == 2
    True
    """
    edges = [t[:3] for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    nodes = sorted({n for s, _, o in edges for n in (s, o) if isinstance(n, BNode)})
    if not nodes:
        return {}
    colour = dict.fromkeys(nodes, "")
    for _ in range(len(nodes)):
        around: dict[BNode, list[str]] = {n: [] for n in nodes}
        for s, p, o in edges:
            if s in colour:
                around[s].append(f">{p} {colour.get(o, o.n3() if not isinstance(o, BNode) else '')}")
            if o in colour:
                around[o].append(f"<{p} {colour.get(s, s.n3() if not isinstance(s, BNode) else '')}")
        refined = {n: hashlib.sha256("\n".join(sorted(around[n])).encode()).hexdigest()[:16] for n in nodes}
        split = len(set(refined.values())) > len(set(colour.values()))
        colour = refined
        if not split:
            break
    labels: dict[BNode, str] = {}
    seen: dict[str, int] = {}
    for node in sorted(nodes, key=lambda n: colour[n]):
        count = seen[colour[node]] = seen.get(colour[node], -1) + 1
        labels[node] = f"b{colour[node]}" + (f"x{count}" if count else "")
    return labels


class _Terms:
    """N-Triples and JSON-LD forms of terms, computed once per distinct IRI.

    Caches are keyed by plain strings: rdflib terms hash and compare in Python, which
    costs more than writing most of them.
    """

    def __init__(self, blanks: dict[BNode, str]):
        self.blanks = blanks
        self.iris: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.references: dict[str, str] = {}
        self.curies = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))

    def node(self, term) -> str:
        """The N-Triples form of an IRI or a blank node."""
        if type(term) is BNode:
            return f"_:{self.blanks[term]}"
        iri = str.__str__(term)
        form = self.iris.get(iri)
        if form is None:
            if not isinstance(term, URIRef):
                raise TypeError(f"not an IRI or a blank node: {term!r}")
            if _IRI_FORBIDDEN.search(iri):
                raise ValueError(f"cannot write the IRI {iri!r}: it holds a character IRIs forbid")
            form = self.iris[iri] = f"<{iri}>"
        return form

    def literal(self, term: Literal) -> str:
        """Not cached: most literals occur once."""
        text = f'"{_escape(str.__str__(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != _XSD_STRING:
            return f"{text}^^{self.node(term.datatype)}"
        return text

    def compact(self, iri: str) -> str:
        """A CURIE where one of our prefixes fits the IRI, else the IRI."""
        for namespace, prefix in self.curies:
            if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def json_id(self, node: str) -> str:
        """The JSON string naming a node, from its N-Triples form: "ent:x", "_:b12"."""
        form = self.ids.get(node)
        if form is None:
            form = self.ids[node] = json.dumps(node if node.startswith("_:") else self.compact(node[1:-1]))
        return form

    def json_value(self, term, form: str) -> str:
        """The JSON-LD value object of an object term (form: its N-Triples form)."""
        known = self.references.get(form)  # a node's reference, or a short literal's value object met before
        if known is not None:
            return known
        if type(term) is not Literal:
            known = self.references[form] = '{"@id": ' + self.json_id(form) + "}"
            return known
        value = self._literal_value(term)
        if len(form) <= _SHORT_LITERAL:  # offsets, confidences, tiers, rules, dates repeat; sentences do not
            self.references[form] = value
        return value

    def _literal_value(self, term: Literal) -> str:
        value = json.dumps(str(term), ensure_ascii=False)
        if term.language:
            return f'{{"@language": {json.dumps(term.language)}, "@value": {value}}}'
        if term.datatype and term.datatype != _XSD_STRING:
            return f'{{"@type": {self.json_id(self.node(term.datatype))}, "@value": {value}}}'
        return f'{{"@value": {value}}}'


# A literal's N-Triples form up to this long has its JSON-LD value object kept once made: a form says everything
# the value object says (lexical form, language, datatype), and short ones are the literals that repeat
_SHORT_LITERAL = 64
_ROW_KEY = operator.itemgetter(0, 1, 3)  # a row's forms: sorting them sorts the rows' N-Triples lines


class _LineReader:
    """A binary file that reads lines as they are made (pyoxigraph parses from it: no whole text in memory)."""

    def __init__(self, lines: Iterable[str], chunk: int = 2048):
        self._chunks = _chunks(lines, chunk)
        self._buffer, self._at = b"", 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            rest = self._buffer[self._at :] + b"".join(self._chunks)
            self._buffer, self._at = b"", 0
            return rest
        while self._at >= len(self._buffer):
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._buffer, self._at = chunk, 0
        piece = self._buffer[self._at : self._at + size]
        self._at += len(piece)
        return piece


def _chunks(lines: Iterable[str], size: int) -> Iterator[bytes]:
    """The lines, each ended by a newline, as UTF-8 bytes, size lines at a time."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield ("\n".join(batch) + "\n").encode()
            batch = []
    if batch:
        yield ("\n".join(batch) + "\n").encode()


def _write_lines(handle: BinaryIO, lines: Iterable[str]) -> None:
    for chunk in _chunks(lines, 4096):
        handle.write(chunk)


def _only_named(default: list[tuple], named: list[tuple]) -> set[tuple[str, str, str]]:
    """The (subject, predicate, object) forms of the named graphs' rows that no default graph row has (none in a
    kg build, whose default graph states every triple)."""
    keys = {(s, p, o) for s, p, _, o in named}
    predicates = {p for _, p, _ in keys}
    stated = {key for s, p, _, o in default if p in predicates and (key := (s, p, o)) in keys}
    return keys - stated


def _first_of_each(rows: list[tuple]) -> list[tuple]:
    """Sorted rows with the later rows of a triple left out (two terms may have one form: "a" and "a"^^xsd:string).

    Subject and predicate forms are one object per form (Rendering's known), so that "is" tells them apart.
    """
    if not rows:
        return rows
    kept = [rows[0]]
    last = rows[0]
    for row in rows:
        if row[3] != last[3] or row[1] is not last[1] or row[0] is not last[0]:
            kept.append(row)
            last = row
    return kept


class Rendering:
    """The quads as sorted N-Triples rows, shared by the writers, which write each file as they make its lines.

    rows: one (subject form, predicate form, object term, object form) per distinct triple of the dataset, sorted
    by its N-Triples line (the forms hold no character below a space, so sorting the forms sorts the lines);
    nodes: the term of each IRI and blank node form, so that the rows give the quads' triples back (triples())
    once the quads are freed.
    """

    def __init__(self, quads: Quads):
        # the forms of the IRIs met so far, by the terms themselves: the same term object (an entity's IRI)
        # is found without a call (an rdflib term equals terms only, so these keys are never plain strings)
        known: dict = {}
        default: list[tuple] = []  # the default graph's rows, in the order met
        named: list[tuple] = []  # the named graphs' rows, in the order met
        lines: list[str] = []  # the lines of the named graphs' quads
        graphs = sorted(quads.graphs.items(), key=lambda item: item[0] is not None)  # the default graph first
        # Triples with a blank node wait until every one is known: their labels depend on all of them. One pass
        # over the quads, not two (at 10,000 articles, a pass only to find that no triple has one took 1.9 s).
        blank: list[tuple] = []
        self.terms = _Terms({})
        self._add(graphs, known, default, named, lines, blank)
        if blank:
            self.terms.blanks.update(blank_labels([t for _, t in blank]))
            self._add([(name, [t]) for name, t in blank], known, default, named, lines, None)
        self.nodes: dict[str, object] = {form: term for term, form in known.items()}
        del known
        # The rows are sorted, then one is kept of each triple, the first met (a default graph's before a named
        # graph's): no dict of every triple is made to find them (at 10,000 articles it held some 200 MB while the
        # quads were still there)
        self._only_named = only_named = _only_named(default, named)
        default += [row for row in named if (row[0], row[1], row[3]) in only_named]
        del named
        default.sort(key=_ROW_KEY)  # stable: rows of one triple stay in the order met
        self.rows = _first_of_each(default)  # grouped by subject, then predicate
        del default
        self._named = sorted(set(lines))

    def _add(self, graphs, known: dict, default: list, named: list, lines: list[str], blank: list | None) -> None:
        """The rows of the graphs' triples into default or named (and the named graphs' quad lines into lines); a
        triple with a blank node goes to blank instead, when blank is a list."""
        node, literal = self.terms.node, self.terms.literal
        for name, triples in graphs:
            suffix = "" if name is None else f" {node(name)} ."
            rows = default if name is None else named
            for triple in triples:
                s, p, o = triple
                if blank is not None and (type(s) is BNode or type(o) is BNode):
                    blank.append((name, triple))
                    continue
                s_form = known.get(s)
                if s_form is None:
                    s_form = known[s] = node(s)
                p_form = known.get(p)
                if p_form is None:
                    p_form = known[p] = node(p)
                if type(o) is Literal:
                    o_form = literal(o)
                else:
                    o_form = known.get(o)
                    if o_form is None:
                        o_form = known[o] = node(o)
                rows.append((s_form, p_form, o, o_form))
                if name is not None:
                    lines.append(f"{s_form} {p_form} {o_form}{suffix}")

    def release(self) -> None:
        """Drop what only the writers need; the sorted rows (and the terms of their nodes) stay."""
        self._named, self._only_named = [], set()

    def triples(self) -> Iterator[tuple]:
        """Every triple of the dataset once, as the quads' rdflib terms."""
        nodes = self.nodes
        for s, p, o, _ in self.rows:
            yield nodes[s], nodes[p], o

    def graph(self) -> Graph:
        """Every triple once, as an rdflib Graph (kg.rdf.graph.Quads.union of the quads rendered)."""
        return bound_graph(self.triples())

    def _triple_lines(self) -> Iterator[str]:
        for s, p, _, o in self.rows:
            yield f"{s} {p} {o} ."

    @property
    def ntriples(self) -> str:
        return "".join(f"{line}\n" for line in self._triple_lines())

    def _quad_lines(self) -> Iterator[str]:
        """The sorted lines of graph.nq: a default-graph line sorts before the same triple's named-graph lines."""
        only = self._only_named
        default = (f"{s} {p} {o} ." for s, p, _, o in self.rows if not only or (s, p, o) not in only)
        return heapq.merge(default, self._named)

    def nquads(self) -> str:
        return "".join(f"{line}\n" for line in self._quad_lines())

    def write_nquads(self, handle: BinaryIO) -> None:
        _write_lines(handle, self._quad_lines())

    def _turtle_triples(self):
        return pyoxigraph.parse(_LineReader(self._triple_lines()), format=pyoxigraph.RdfFormat.N_TRIPLES)

    @staticmethod
    def _prefixes(prefixes: dict[str, str] | None) -> dict[str, str]:
        return prefixes or {prefix: str(ns) for prefix, ns in PREFIXES.items()}

    def turtle(self, prefixes: dict[str, str] | None = None) -> str:
        return pyoxigraph.serialize(
            self._turtle_triples(), format=pyoxigraph.RdfFormat.TURTLE, prefixes=self._prefixes(prefixes)
        ).decode()

    def write_turtle(self, handle: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
        """graph.ttl, serialised by Oxigraph as it parses the sorted lines."""
        pyoxigraph.serialize(
            self._turtle_triples(), handle, format=pyoxigraph.RdfFormat.TURTLE, prefixes=self._prefixes(prefixes)
        )

    def _jsonld_parts(self) -> Iterator[str]:
        """graph.jsonld in pieces: its head, one node object per line (keys sorted), its end."""
        terms, rdf_type = self.terms, f"<{_RDF_TYPE}>"
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        head = json.dumps(context, ensure_ascii=False, sort_keys=True, indent=1).replace("\n", "\n ")
        yield '{\n "@context": ' + head + ',\n "@graph": [\n'
        subject, types, groups = "", [], {}
        separator = ""

        def node_object() -> str:
            parts = [f'"@id": {terms.json_id(subject)}']
            if types:
                parts.append(f'"@type": [{", ".join(types)}]')
            parts += [f"{key}: [{', '.join(groups[key])}]" for key in sorted(groups)]
            return "{" + ", ".join(parts) + "}"

        for s_form, p_form, o, o_form in self.rows:
            if s_form != subject:
                if subject:
                    yield separator + node_object()
                    separator = ",\n"
                subject, types, groups = s_form, [], {}
            if p_form == rdf_type and type(o) is not Literal:
                types.append(terms.json_id(o_form))
            else:
                groups.setdefault(terms.json_id(p_form), []).append(terms.json_value(o, o_form))
        if subject:
            yield separator + node_object()
        yield "\n ]\n}\n"

    def jsonld(self) -> str:
        """One node object per line (keys sorted), under a context of our prefixes."""
        return "".join(self._jsonld_parts())

    def write_jsonld(self, handle: BinaryIO) -> None:
        batch: list[str] = []
        for part in self._jsonld_parts():
            batch.append(part)
            if len(batch) >= 1024:
                handle.write("".join(batch).encode())
                batch = []
        handle.write("".join(batch).encode())


def write_outputs(
    quads: Quads | None, out_dir: Path, extra: dict[str, Callable[[], str | bytes | Callable[[BinaryIO], None]]]
    | None = None, rendering: Rendering | None = None,
) -> dict[str, Path]:
    """Stage every format in a temporary file, then rename each into place.

    extra: more files written with the graph (file name -> function giving its text, or a function that writes
    it into a binary file): the id registry and the change report, which must switch with the graph they describe.
    The three graph files are written as their lines are made, and each extra text is dropped once staged, so no
    whole serialisation of the graph is ever in memory; nothing is renamed until all are staged, so a failure
    leaves the previous outputs as they were.
    rendering: the quads' Rendering when the caller made it already (quads may then be None: the rows are
    what the writers read).
    """
    if rendering is None:
        if quads is None:
            raise ValueError("write_outputs needs the quads or their Rendering")
        rendering = Rendering(quads)
    writers: dict[str, Callable[[BinaryIO], None]] = {
        "graph.ttl": rendering.write_turtle, "graph.nq": rendering.write_nquads, "graph.jsonld": rendering.write_jsonld
    }  # each writes its file as it makes it
    staged: dict[str, Path] = {}
    try:
        for name, write in writers.items():
            staged[name] = stage(out_dir / name, write)
        for name, render in (extra or {}).items():
            staged[name] = stage(out_dir / name, render())
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    written = {}
    try:
        for name, tmp in staged.items():
            os.replace(tmp, out_dir / name)
            written[name] = out_dir / name
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)  # left only where a rename failed
    return written
