"""ontology/shapes.ttl compiled into a plan that kg.rdf.shacl_fast evaluates without pySHACL.

The plan covers exactly what shapes.ttl uses, read from the shapes graph itself (not written again by
hand): targets (``sh:targetClass``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``), property shapes
with a predicate path, ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:nodeKind``,
``sh:in``, ``sh:languageIn``, ``sh:minLength``, ``sh:minInclusive``, ``sh:maxInclusive``, ``sh:or`` and
``sh:message``. The SPARQL parts (three ``sh:SPARQLTarget`` queries and three ``sh:SPARQLConstraint``
queries) are recognised by their text, whitespace and comments aside and the generated relation lists
read from the text: each known query has its evaluation in kg.rdf.shacl_fast.

Anything else in the shapes graph about a shape (another constraint, a severity, ``sh:deactivated``, a
path that is not a predicate, a SPARQL query whose text differs, a result-giving shape without a message)
raises :class:`Unsupported`, and the build checks the graph with pySHACL instead: a constraint the fast
path does not understand never passes silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.namespace import SH as _SH

from kg.rdf.ontology import load_shapes

SH = str(_SH)
# constraint parameter -> the constraint component's name as the report writes it (its local name less
# "ConstraintComponent"); each takes one value per shape
VALUE_TESTS = {"class": "Class", "datatype": "Datatype", "nodeKind": "NodeKind", "in": "In",
               "languageIn": "LanguageIn", "minLength": "MinLength", "minInclusive": "MinInclusive",
               "maxInclusive": "MaxInclusive"}  # fmt: skip
_DESCRIPTIVE = {RDF.type, RDFS.comment, RDFS.label}  # triples about a shape that check nothing
# The namespaces the known SPARQL queries are written against (their sh:prefixes declarations must say so)
QUERY_PREFIXES = {
    "kgo": "https://w3id.org/kg-fr/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
# The known SPARQL queries, whitespace collapsed, comments dropped, a relation list written LIST
KNOWN_QUERIES = {
    "SELECT DISTINCT ?this WHERE { VALUES ?path { LIST } ?this ?path ?value . FILTER NOT EXISTS { ?assertion "
    "rdf:subject ?this ; rdf:predicate ?path ; rdf:object ?value . FILTER EXISTS { ?assertion a kgo:Assertion } } }":
        "unasserted-direct",
    "SELECT $this ?path ?value WHERE { $this ?path ?value . FILTER (?path IN ( LIST )) FILTER NOT EXISTS { "
    "?assertion rdf:subject $this ; rdf:predicate ?path ; rdf:object ?value . FILTER EXISTS { ?assertion a "
    "kgo:Assertion } } }": "unasserted-direct",
    "SELECT ?this WHERE { ?this a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
    "FILTER NOT EXISTS { ?s ?p ?o } }": "typed-assertion-not-stated",
    "SELECT $this WHERE { $this rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . FILTER NOT EXISTS "
    "{ ?s ?p ?o } }": "assertion-not-stated",
    "SELECT ?this WHERE { ?this a/rdfs:subClassOf* kgo:Event . FILTER NOT EXISTS { ?this a ?kind . ?kind "
    "rdfs:subClassOf+ kgo:Event . } }": "event-of-no-kind",
    "SELECT $this WHERE { FILTER NOT EXISTS { $this a ?kind . ?kind rdfs:subClassOf+ kgo:Event . } }":
        "event-of-no-kind",
}  # fmt: skip
_LIST = re.compile(r"(?<=VALUES \?path \{ )(kgo:\w+(?: kgo:\w+)*)(?= \})|(?<=IN \( )(kgo:\w+(?:, kgo:\w+)*)(?= \))")


class Unsupported(Exception):
    """The shapes use something the fast checker does not evaluate: pySHACL checks the graph."""


@dataclass(frozen=True)
class Query:
    """A known SPARQL target or constraint: its name in KNOWN_QUERIES, the relations of its list, its node."""

    kind: str
    relations: frozenset[str] = frozenset()  # N-Triples forms
    node: object = None  # the sh:SPARQLConstraint (the report's sh:sourceConstraint), or the target node
    messages: tuple[str, ...] = ()


@dataclass
class Shape:
    node: object  # the shape's term (a URIRef, or a BNode: "(anonymous property shape)")
    path: str | None = None  # the predicate path's N-Triples form; None: a node shape
    path_term: URIRef | None = None
    messages: tuple[str, ...] = ()
    min_count: int | None = None
    max_count: int | None = None
    tests: list[tuple[str, object]] = field(default_factory=list)  # (component name, argument)
    ors: list[list[Shape]] = field(default_factory=list)  # each sh:or list of shapes
    properties: list[Shape] = field(default_factory=list)
    sparql: list[Query] = field(default_factory=list)
    target_classes: list[str] = field(default_factory=list)  # N-Triples forms
    subjects_of: list[str] = field(default_factory=list)
    objects_of: list[str] = field(default_factory=list)
    target_queries: list[Query] = field(default_factory=list)

    @property
    def targeted(self) -> bool:
        return bool(self.target_classes or self.subjects_of or self.objects_of or self.target_queries)


def form(term) -> str:
    return f"<{term}>"


def normal_query(text: str) -> str:
    """A query's text without comments and with its whitespace collapsed.

    >>> normal_query("SELECT ?this WHERE {  # a comment\\n  ?this a kgo:X .\\n}")
    'SELECT ?this WHERE { ?this a kgo:X . }'
    """
    return " ".join(re.sub(r"#[^\n]*", "", text).split())


def known_query(text: str) -> tuple[str, frozenset[str]]:
    """(kind, relations) of a SPARQL query this module knows; Unsupported for any other text."""
    normal = normal_query(text)
    relations: frozenset[str] = frozenset()
    match = _LIST.search(normal)
    if match:
        names = re.findall(r"kgo:(\w+)", match[0])
        relations = frozenset(f"<{QUERY_PREFIXES['kgo']}{name}>" for name in names)
        normal = normal[: match.start()] + "LIST" + normal[match.end() :]
    kind = KNOWN_QUERIES.get(normal)
    if kind is None:
        raise Unsupported(f"a SPARQL query the fast checker does not know: {normal[:80]}...")
    return kind, relations


class _Compiler:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.shapes: dict[object, Shape] = {}
        self.read: set[tuple] = set()  # the triples about shapes that the plan accounts for

    def one(self, node, name: str):
        values = list(self.graph.objects(node, _SH[name]))
        if len(values) != 1:
            raise Unsupported(f"{node}: {len(values)} values of sh:{name}")
        self.read.add((node, _SH[name], values[0]))
        return values[0]

    def items(self, node, name: str) -> list:
        return self.members(node, self.one(node, name), f"sh:{name}")

    def members(self, node, head, what: str) -> list:
        """The members of an RDF list, its own triples accounted for as read."""
        members = list(Collection(self.graph, head))
        cell = head
        while cell != RDF.nil:
            for triple in self.graph.triples((cell, None, None)):
                self.read.add(triple)
            cell = self.graph.value(cell, RDF.rest)
            if cell is None:
                raise Unsupported(f"{node}: a broken RDF list in {what}")
        return members

    def check_prefixes(self, node) -> None:
        source = self.one(node, "prefixes")
        declared = {}
        for declaration in self.graph.objects(source, _SH["declare"]):
            prefix, namespace = (str(self.graph.value(declaration, _SH[k])) for k in ("prefix", "namespace"))
            declared[prefix] = namespace
        if any(declared.get(prefix) != namespace for prefix, namespace in QUERY_PREFIXES.items()):
            raise Unsupported(f"{node}: the SPARQL prefixes are not kg's")

    def query(self, node, kind_class: str) -> Query:
        if (node, RDF.type, _SH[kind_class]) not in self.graph and kind_class == "SPARQLTarget":
            raise Unsupported(f"{node}: a custom target that is not a sh:SPARQLTarget")
        self.check_prefixes(node)
        kind, relations = known_query(str(self.one(node, "select")))
        messages = self.messages(node, required=False)
        for triple in self.graph.triples((node, None, None)):
            if triple[1] in _DESCRIPTIVE:
                self.read.add(triple)
        return Query(kind, relations, node, messages)

    def messages(self, node, required: bool = True) -> tuple[str, ...]:
        found = list(self.graph.objects(node, _SH["message"]))
        if any(not isinstance(m, Literal) for m in found):
            raise Unsupported(f"{node}: a sh:message that is not a literal")
        self.read.update((node, _SH["message"], m) for m in found)
        if required and not found:
            raise Unsupported(f"{node}: no sh:message (pySHACL would write its own words)")
        return tuple(str(m) for m in found)

    def shape(self, node, gives_results: bool) -> Shape:
        """The shape at node; gives_results: its results are reported (not a member of an sh:or)."""
        key = (node, gives_results)
        if key in self.shapes:
            return self.shapes[key]
        shape = self.shapes[key] = Shape(node)
        g = self.graph
        for triple in g.triples((node, None, None)):
            if triple[1] in _DESCRIPTIVE:
                self.read.add(triple)
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            raise Unsupported(f"{node}: a shape that is a class (implicit class target)")
        if (node, _SH["path"], None) in g:
            path = self.one(node, "path")
            if not isinstance(path, URIRef):
                raise Unsupported(f"{node}: a path that is not a predicate")
            shape.path, shape.path_term = form(path), path
        for name, bound in (("minCount", "min_count"), ("maxCount", "max_count")):
            if (node, _SH[name], None) in g:
                value = self.one(node, name)
                if not isinstance(value, Literal) or type(value.value) is not int or value.value < 0:
                    raise Unsupported(f"{node}: sh:{name} {value}")
                setattr(shape, bound, value.value)
        for name, component in VALUE_TESTS.items():
            if (node, _SH[name], None) in g:
                if name in ("in", "languageIn"):
                    argument = self.items(node, name)
                    if name == "languageIn":
                        if any(not isinstance(x, Literal) or not isinstance(x.value, str) for x in argument):
                            raise Unsupported(f"{node}: sh:languageIn of non-strings")
                        argument = frozenset(str(x.value).lower() for x in argument)
                    else:
                        argument = frozenset(argument)
                else:
                    argument = self.one(node, name)
                shape.tests.append((component, argument))
        for head in list(g.objects(node, _SH["or"])):
            members = self.items_of(node, head)
            shape.ors.append([self.shape(member, gives_results=False) for member in members])
        for member in g.objects(node, _SH["property"]):
            self.read.add((node, _SH["property"], member))
            if (member, _SH["path"], None) not in g:
                raise Unsupported(f"{node}: sh:property {member} has no sh:path")
            shape.properties.append(self.shape(member, gives_results))
        for constraint in g.objects(node, _SH["sparql"]):
            self.read.add((node, _SH["sparql"], constraint))
            if (constraint, RDF.type, _SH["SPARQLConstraint"]) not in g:
                raise Unsupported(f"{constraint}: not a sh:SPARQLConstraint")
            if shape.path is not None:
                raise Unsupported(f"{node}: a SPARQL constraint on a property shape")
            shape.sparql.append(self.query(constraint, "SPARQLConstraint"))
        for name, where in (("targetClass", shape.target_classes), ("targetSubjectsOf", shape.subjects_of),
                            ("targetObjectsOf", shape.objects_of)):
            for value in g.objects(node, _SH[name]):
                if not isinstance(value, URIRef):
                    raise Unsupported(f"{node}: sh:{name} {value}")
                self.read.add((node, _SH[name], value))
                where.append(form(value))
        for target in g.objects(node, _SH["target"]):
            self.read.add((node, _SH["target"], target))
            shape.target_queries.append(self.query(target, "SPARQLTarget"))
        if not gives_results and shape.targeted:
            raise Unsupported(f"{node}: a member of an sh:or with targets of its own")
        gives = shape.min_count is not None or shape.max_count is not None or shape.tests or shape.ors
        if gives_results and gives:
            shape.messages = self.messages(node)
        elif gives_results and shape.sparql:
            shape.messages = self.messages(node, required=False)
            if not shape.messages and any(not q.messages for q in shape.sparql):
                raise Unsupported(f"{node}: a SPARQL constraint without a message")
        return shape

    def items_of(self, node, head) -> list:
        self.read.add((node, _SH["or"], head))
        return self.members(node, head, "sh:or")


_DECLARATIONS = {_SH.declare, _SH.prefix, _SH.namespace}
TARGETS = ("targetClass", "targetSubjectsOf", "targetObjectsOf", "target")


def compile_shapes(graph: Graph) -> list[Shape]:
    """The shapes of a shapes graph that have targets, compiled; Unsupported when any part is not understood.

    Every triple whose subject is a shape, a member of one of its lists, a SPARQL target or constraint must
    be one the plan reads: anything more (sh:pattern, sh:severity, sh:deactivated...) raises Unsupported.

    >>> from kg.rdf.ontology import load_shapes
    >>> len(compile_shapes(load_shapes())) > 20
    True
    """
    compiler = _Compiler(graph)
    roots = {s for name in TARGETS for s in graph.subjects(_SH[name], None)}
    compiled = [compiler.shape(node, gives_results=True) for node in sorted(roots, key=str)]
    # every shape-ish node the compiler walked: what it did not read is a constraint it does not know
    walked = {key[0] for key in compiler.shapes}
    walked |= {q.node for s in compiler.shapes.values() for q in s.sparql + s.target_queries}
    for node in walked:
        for triple in graph.triples((node, None, None)):
            if triple not in compiler.read and triple[1] not in _DESCRIPTIVE:
                raise Unsupported(f"{node}: {triple[1]} is not something the fast checker evaluates")
    for s, p, _ in graph:  # a SHACL term about a node no shape reaches (an orphan constraint) is unknown too
        if str(p).startswith(SH) and s not in walked and p not in _DECLARATIONS:
            raise Unsupported(f"{s}: {p} outside any shape the fast checker knows")
    return [shape for shape in compiled if shape.targeted]


def fast_plan() -> tuple[Shape, ...] | None:
    """The plan of ontology/shapes.ttl, or None when the fast checker cannot evaluate it (pySHACL then).

    Compiled anew at each call (a few milliseconds): the shapes pySHACL would read are the ones compiled."""
    try:
        return tuple(compile_shapes(load_shapes()))
    except Unsupported:
        return None
