"""Check a graph against ontology/shapes.ttl with pySHACL and report what is wrong, node by node.

The ontology is given to pySHACL as ``ont_graph`` and no inference runs: ``sh:class`` already follows
``rdfs:subClassOf`` in the data graph (a kgo:Court is a kgo:Organization), while RDFS inference would
use ``rdfs:domain``/``rdfs:range`` to give a wrong subject the very class the shape asks for.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager

from kg.rdf.ontology import SHAPES_FILE, load_ontology, load_shapes
from kg.rdf.vocab import PREFIXES

# file suffix -> rdflib parser name; N-Quads are read as the union of their graphs
GRAPH_FORMATS = {
    ".ttl": "turtle",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}

_RESULTS_QUERY = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?focus ?shape ?component ?path ?value ?message ?severity WHERE {
    ?result a sh:ValidationResult ; sh:focusNode ?focus ; sh:sourceShape ?shape ;
            sh:sourceConstraintComponent ?component ; sh:resultSeverity ?severity .
    OPTIONAL { ?result sh:resultPath ?path }
    OPTIONAL { ?result sh:value ?value }
    OPTIONAL { ?result sh:resultMessage ?message }
}
"""


class GraphReadError(Exception):
    """A graph file that cannot be read: the message names the file and the parser's complaint."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with its terms already written short (``ent:mpaa``, ``kgsh:EntityShape``)."""

    focus: str  # the node that breaks the shape
    shape: str  # the shape, or "(anonymous property shape)" when it has no IRI
    constraint: str  # the constraint component without its "ConstraintComponent" suffix: MinCount, Class...
    path: str  # the property checked, or ""
    value: str  # the offending value, or ""
    message: str
    severity: str  # Violation | Warning | Info

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.focus}{where}: {self.message}{value} [{self.shape}, {self.constraint}]"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    triples: int
    seconds: float

    def summary(self) -> str:
        if self.conforms:
            return "graph conforms to ontology/shapes.ttl"
        nodes = len({v.focus for v in self.violations})
        return f"graph does not conform to ontology/shapes.ttl: {len(self.violations)} violation(s) on {nodes} node(s)"

    def text(self, limit: int = 0) -> str:
        """The summary, then one line per violation (all of them when limit is 0)."""
        shown = self.violations if limit <= 0 else self.violations[:limit]
        lines = [self.summary(), *(f"  {v.line()}" for v in shown)]
        if len(shown) < len(self.violations):
            lines.append(f"  ... and {len(self.violations) - len(shown)} more")
        return "\n".join(lines)


def read_graph(path: Path) -> Graph:
    """Read a .ttl, .nq, .nt or .jsonld file into one graph; GraphReadError names the file and the problem."""
    path = Path(path)
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphReadError(f"{path}: unknown graph format {path.suffix!r} (expected {', '.join(GRAPH_FORMATS)})")
    if not path.is_file():
        raise GraphReadError(f"{path}: no such file")
    try:
        if fmt == "nquads":
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = Graph().parse(path, format=fmt)
    except Exception as error:  # rdflib raises many kinds; the user needs the file and the parser's words
        message = " ".join(str(error).split()) or type(error).__name__
        raise GraphReadError(f"{path}: not readable as {fmt}: {message}") from error
    return graph


def _short(term, namespaces: NamespaceManager) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return namespaces.normalizeUri(term)
        except Exception:  # an IRI rdflib cannot split into prefix and name
            return f"<{term}>"
    return str(term) if not hasattr(term, "n3") else term.n3()


def _shorten_iris(message: str, namespaces: NamespaceManager) -> str:
    """IRIs that pySHACL writes in full inside a message ({$this}, {?value}) in their short form."""
    for prefix, namespace in sorted(namespaces.namespaces(), key=lambda item: -len(str(item[1]))):
        message = message.replace(str(namespace), f"{prefix}:")
    return message


def _shape_name(shape, namespaces: NamespaceManager) -> str:
    return _short(shape, namespaces) if isinstance(shape, URIRef) else "(anonymous property shape)"


def ordered(violations) -> list[Violation]:
    """Distinct violations in the report's order: by node, shape, path, value, message, then constraint."""
    return sorted(set(violations), key=lambda v: (v.focus, v.shape, v.path, v.value, v.message, v.constraint,
                                                  v.severity))


def validate_graph(data: Graph) -> ValidationReport:
    """Run pySHACL with ontology/shapes.ttl and ontology/kg.ttl on a graph; the report lists every violation."""
    started = time.perf_counter()
    conforms, found = shacl_results(data)
    violations = ordered(v for _, v in found)
    return ValidationReport(
        conforms=conforms,
        violations=tuple(violations),
        triples=len(data),
        seconds=time.perf_counter() - started,
    )


def shacl_results(data: Graph) -> tuple[bool, list[tuple[str, Violation]]]:
    """pySHACL's verdict on a graph, and each result as (its focus node in N-Triples form, the Violation)."""
    from pyshacl import validate  # imported here: it takes a second to load and `kg build --no-validate` skips it

    conforms, results, _ = validate(
        data,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    if not isinstance(results, Graph):  # pySHACL could not run the shapes at all: a bug in shapes.ttl, not the data
        raise RuntimeError(f"{SHAPES_FILE}: pySHACL cannot use these shapes: {results}")
    found = [
        (
            row.focus.n3(),
            make_violation(row.focus, row.shape, _local(row.component).removesuffix("ConstraintComponent"), row.path,
                           row.value, str(row.message or ""), _local(row.severity)),
        )
        for row in results.query(_RESULTS_QUERY)
    ]
    return bool(conforms), found


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def _namespaces() -> NamespaceManager:
    namespaces = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, "kgsh": "https://w3id.org/kg-fr/shapes#"}.items():
        namespaces.bind(prefix, namespace)
    return namespaces


def make_violation(focus, shape, constraint: str, path, value, message: str, severity: str) -> Violation:
    """A result written short, from its terms (pySHACL's, or kg.rdf.shacl_fast's, the same way)."""
    namespaces = _namespaces()
    return Violation(
        focus=_short(focus, namespaces),
        shape=_shape_name(shape, namespaces),
        constraint=constraint,
        path=_short(path, namespaces) if isinstance(path, URIRef) else "",
        value=_short(value, namespaces),
        message=_shorten_iris(message, namespaces),
        severity=severity,
    )


def validate_file(path: Path) -> ValidationReport:
    """read_graph then validate_graph; GraphReadError when the file cannot be read."""
    return validate_graph(read_graph(path))


def build_note(report: ValidationReport, graph_file: Path) -> str:
    """The one line `kg build` prints about its own output."""
    if report.conforms:
        return f"{report.summary()} ({report.seconds:.1f} s)"
    return f"{report.summary()}; first: {report.violations[0].line()}; full report: kg validate {graph_file}"
