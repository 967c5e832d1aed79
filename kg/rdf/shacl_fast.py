"""The SHACL check of a build without pySHACL: the plan of kg.rdf.shacl_plan evaluated over the sorted rows.

pySHACL checks about 30 articles a second; this reads the build's sorted N-Triples rows once (grouped by
subject, as the writers made them), indexes types, class tree and the targets' predicates, and evaluates each
shape on its focus nodes as pySHACL does, value test by value test (the datatype, range, length and language
tests follow pySHACL 0.40's code), with the ontology mixed in as pySHACL mixes its ``ont_graph``. The report
is the one pySHACL gives (``tests/test_validate_units.py`` compares both on broken graphs of every kind).

What the checker is not sure to judge as pySHACL would (a blank node, a value compared with a bound that is
not a plain number) raises :class:`Unsure`, and the build checks the graph with pySHACL instead.
"""

from __future__ import annotations

import datetime
import decimal
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.rdf.ontology import load_ontology
from kg.rdf.shacl_plan import SH, Query, Shape, form
from kg.rdf.validate import Violation, make_violation

_TYPE, _SUBCLASS = form(RDF.type), form(RDFS.subClassOf)
_SUBJECT, _PREDICATE, _OBJECT = form(RDF.subject), form(RDF.predicate), form(RDF.object)
_ASSERTION, _EVENT = "<https://w3id.org/kg-fr/ontology#Assertion>", "<https://w3id.org/kg-fr/ontology#Event>"
_NUMBERS = (int, float, decimal.Decimal)
_XSD_STRING = XSD.string
# sh:datatype -> the Python type rdflib's value must have (pySHACL's _assert_actual_datatype)
_VALUE_TYPES = {XSD.integer: int, XSD.float: float, XSD.decimal: decimal.Decimal, XSD.boolean: bool,
                XSD.date: datetime.date, XSD.time: datetime.time, XSD.dateTime: datetime.datetime}  # fmt: skip


class Unsure(Exception):
    """A value the checker might judge otherwise than pySHACL: the graph is checked with pySHACL."""


def _key(row: tuple) -> str:
    return f"{row[0]} {row[1]} {row[3]}"


class _Data:
    """The rows with the ontology mixed in, indexed for the lookups the shapes make."""

    def __init__(self, rows: Sequence[tuple], extra: Sequence[tuple], paths: set[str]):
        self.rows = rows
        self.start: dict[str, int] = {}  # subject -> index of its first row
        self.types: dict[str, list[str]] = {}
        self.super: dict[str, set[str]] = {}  # class -> its direct superclasses
        self.objects_of: dict[str, dict[str, object]] = {p: {} for p in paths}  # predicate -> object form -> term
        self.subjects_of: dict[str, set[str]] = {p: set() for p in paths}
        self.extra: dict[tuple[str, str], list[tuple]] = {}  # the ontology's rows by (subject, predicate)
        self.extra_keys = {_key(row) for row in extra}
        self.describing: dict[tuple[str, str, str], list[str]] = {}
        self._super_closure: dict[str, frozenset[str]] = {}
        self._last, self._group = "", {}
        previous = None
        for index, row in enumerate(rows):
            s, p, o, o_form = row
            if s != previous:
                if s[0] != "<":
                    raise Unsure("a blank node")
                self.start[s] = index
                previous = s
            self._note(s, p, o, o_form)
        extra = [row for row in extra if not self._stated(_key(row))]  # the ontology's triples the data lacks
        for row in extra:
            self.extra.setdefault((row[0], row[1]), []).append(row)
            self._note(*row)
        self.extra_subjects = {row[0] for row in extra}

    def _note(self, s: str, p: str, o, o_form: str) -> None:
        if o_form[0] == "_":
            raise Unsure("a blank node")
        if p == _TYPE:
            self.types.setdefault(s, []).append(o_form)
        elif p == _SUBCLASS:
            self.super.setdefault(s, set()).add(o_form)
        if p in self.objects_of:
            self.objects_of[p][o_form] = o
            self.subjects_of[p].add(s)

    def values(self, s: str, p: str) -> list[tuple]:
        """(term, form) of every object of s and p."""
        if s != self._last:
            self._last, self._group = s, self.group(s)
        return self._group.get(p, [])

    def group(self, s: str) -> dict[str, list[tuple]]:
        """Predicate -> (term, form) of each object, for one subject."""
        found: dict[str, list[tuple]] = {}
        index = self.start.get(s)
        if index is not None:
            rows, end = self.rows, len(self.rows)
            while index < end:
                row = rows[index]
                if row[0] != s:
                    break
                o, o_form = row[2], row[3]
                if o_form[-1] == '"' and o.datatype is not None:  # the one plain form of a typed literal
                    o = _written(o)
                found.setdefault(row[1], []).append((o, o_form))
                index += 1
        for (subject, p), extra in self.extra.items() if s in self.extra_subjects else ():
            if subject == s:
                found.setdefault(p, []).extend((_written(row[2]), row[3]) for row in extra)
        return found

    def exists(self, s: str, p: str, o: str) -> bool:
        key = f"{s} {p} {o}"
        return self._stated(key) or key in self.extra_keys

    def _stated(self, key: str) -> bool:
        """The data rows hold this N-Triples line (without its final dot)."""
        index = bisect_left(self.rows, key, key=_key)
        return index < len(self.rows) and _key(self.rows[index]) == key

    def superclasses(self, cls: str) -> frozenset[str]:
        """Classes reached by one or more rdfs:subClassOf steps."""
        known = self._super_closure.get(cls)
        if known is not None:
            return known
        seen: set[str] = set()
        todo = list(self.super.get(cls, ()))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += self.super.get(current, ())
        known = self._super_closure[cls] = frozenset(seen)
        return known

    def is_a(self, node: str, cls: str) -> bool:
        """rdf:type/rdfs:subClassOf* cls."""
        return any(t == cls or cls in self.superclasses(t) for t in self.types.get(node, ()))


def _written(term):
    """The term as the written graph gives it back: an xsd:string literal is written as a plain one."""
    if type(term) is Literal and term.datatype == _XSD_STRING and term.language is None:
        return Literal(str(term))
    return term


def _in_range(value: Literal, bound: Literal, minimum: bool) -> bool:
    if type(bound.value) not in _NUMBERS or isinstance(bound.value, bool):
        raise Unsure(f"a range bound that is not a number: {bound}")
    if isinstance(value.value, str) or value.value is None:
        if value.value is None and value.datatype not in _VALUE_TYPES and value.datatype is not None:
            raise Unsure(f"a value of a datatype the checker does not compare: {value.n3()}")
        return False  # a string or an ill-typed number never passes a numeric bound in pySHACL
    if isinstance(value.value, bool) or type(value.value) not in _NUMBERS or value.value != value.value:
        raise Unsure(f"a value the checker does not compare: {value.n3()}")
    return value.value >= bound.value if minimum else value.value <= bound.value


def _datatype(value, datatype) -> bool:
    """pySHACL's sh:datatype test."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _actual(value, datatype)
    if datatype == RDFS.Literal or (datatype == RDFS.Datatype and value.datatype):
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _actual(value, datatype)
    if datatype == RDF.langString and value.language:
        return _actual(value, datatype)
    return False


def _actual(value: Literal, datatype) -> bool:
    if datatype in (XSD.string, RDF.langString):
        return isinstance(value.value, (str, bytes))
    wanted = _VALUE_TYPES.get(datatype)
    return True if wanted is None else isinstance(value.value, wanted)


def _node_kind(value, kind) -> bool:
    kinds = {URIRef: ("IRI", "BlankNodeOrIRI", "IRIOrLiteral"), BNode: ("BlankNode", "BlankNodeOrIRI",
             "BlankNodeOrLiteral"), Literal: ("Literal", "BlankNodeOrLiteral", "IRIOrLiteral")}  # fmt: skip
    allowed = next((names for cls, names in kinds.items() if isinstance(value, cls)), ())
    return str(kind) in {SH + name for name in allowed}


def _min_length(value, bound: Literal) -> bool:
    if bound.value == 0:
        return True
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, RDF.langString,
                                                                                      XSD.string):
        return len(str(value.value)) >= bound.value
    return len(str(value)) >= bound.value


def _language_in(value, languages: frozenset[str]) -> bool:
    if not isinstance(value, Literal) or not value.language:
        return False
    if "*" in languages:
        return True
    lang = str(value.language).lower()
    return lang in languages or lang.split("-")[0] in languages


class Checker:
    def __init__(self, data: _Data):
        self.data = data
        self.found: list[tuple[str, Violation]] = []
        self.verdicts: dict[tuple, bool] = {}

    def passes(self, component: str, argument, value, value_form: str) -> bool:
        """The value test, remembered by the value's N-Triples form (which says all the test reads of it)."""
        key = (component, id(argument), value_form)
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = self.verdicts[key] = self._passes(component, argument, value, value_form)
        return verdict

    def _passes(self, component: str, argument, value, value_form: str) -> bool:
        if component == "Class":
            return not isinstance(value, Literal) and self.data.is_a(value_form, form(argument))
        if component == "Datatype":
            return _datatype(value, argument)
        if component == "NodeKind":
            return _node_kind(value, argument)
        if component == "In":
            return value in argument
        if component == "LanguageIn":
            return _language_in(value, argument)
        if component == "MinLength":
            return _min_length(value, argument)
        if not isinstance(value, Literal):
            return False  # an IRI against a range bound (pySHACL: it cannot be compared)
        return _in_range(value, argument, minimum=component == "MinInclusive")

    def results(self, shape: Shape, focus: str, report: bool, focus_term=None) -> bool:
        """Evaluate shape on focus (its N-Triples form); report: add its results. True when it conforms."""
        focus_term = self.term(focus) if focus_term is None else focus_term
        if shape.path is None:
            values = [(focus_term, focus)]
        elif isinstance(focus_term, Literal):
            raise Unsure("a literal checked against a property shape")
        else:
            values = self.data.values(focus, shape.path)
        ok = True

        def result(component: str, value=None, path=shape.path_term, messages=shape.messages, bound=None) -> None:
            nonlocal ok
            ok = False
            if report:
                for message in messages:
                    if bound is not None:
                        for name, term in bound.items():
                            message = message.replace("{$" + name + "}", str(term)).replace("{?" + name + "}",
                                                                                              str(term))
                    self.found.append((focus, make_violation(focus_term, shape.node, component, path, value,
                                                             message, "Violation")))

        if shape.min_count is not None and len(values) < shape.min_count:
            result("MinCount")
        if shape.max_count is not None and len(values) > shape.max_count:
            result("MaxCount")
        for component, argument in shape.tests:
            for value, value_form in values:
                if not self.passes(component, argument, value, value_form):
                    result(component, value)
        for members in shape.ors:
            for value, value_form in values:
                if not any(self.results(member, value_form, False, value) for member in members):
                    result("Or", value)
        for member in shape.properties:
            ok = self.results(member, focus, report, focus_term) and ok
        for query in shape.sparql:
            messages = tuple(dict.fromkeys(query.messages + shape.messages))  # pySHACL: the query's, then the shape's
            for path, value in self.query_results(query, focus):
                bound = {"this": focus_term}
                if path is not None:
                    bound.update(path=path, value=value)
                result("SPARQL", value if value is not None else focus_term,
                       path=path if path is not None else shape.path_term, messages=messages, bound=bound)
        return ok

    def term(self, node_form: str):
        return URIRef(node_form[1:-1])

    def unasserted(self, focus: str, relations: frozenset[str]) -> list[tuple]:
        """(predicate, object term) of the focus's relation triples that no kgo:Assertion describes."""
        found = []
        for relation in sorted(relations):
            for value, value_form in self.data.values(focus, relation):
                if not self.described(focus, relation, value_form):
                    found.append((self.term(relation), value))
        return found

    def described(self, s: str, p: str, o: str) -> bool:
        """Some node typed kgo:Assertion (exactly: no subclass) has this rdf:subject, rdf:predicate, rdf:object."""
        return any(_ASSERTION in self.data.types.get(a, ()) for a in self.data.describing.get((s, p, o), ()))

    def not_stated(self, focus: str) -> bool:
        data = self.data
        return any(not data.exists(s, p, o) for _, s in data.values(focus, _SUBJECT)
                   for _, p in data.values(focus, _PREDICATE) for _, o in data.values(focus, _OBJECT))

    def of_no_kind(self, focus: str) -> bool:
        return not any(_EVENT in self.data.superclasses(t) for t in self.data.types.get(focus, ()))

    def query_results(self, query: Query, focus: str) -> list[tuple]:
        """(path, value) of each result of a known SPARQL constraint on the focus node (None, None: no binding)."""
        if query.kind == "unasserted-direct":
            return self.unasserted(focus, query.relations)
        if query.kind == "assertion-not-stated":
            return [(None, None)] if self.not_stated(focus) else []
        if query.kind == "event-of-no-kind":
            return [(None, None)] if self.of_no_kind(focus) else []
        raise Unsure(f"a SPARQL constraint of kind {query.kind}")

    def targets(self, shape: Shape) -> set[str]:
        data = self.data
        nodes: set[str] = set()
        if shape.target_classes:
            wanted = set(shape.target_classes)
            nodes |= {n for n, types in data.types.items()
                      if any(t in wanted or wanted & data.superclasses(t) for t in types)}
        for p in shape.subjects_of:
            nodes |= data.subjects_of[p]
        for p in shape.objects_of:
            objects = data.objects_of[p]
            if any(o_form[0] != "<" for o_form in objects):
                raise Unsure("a literal focus node")
            nodes |= set(objects)
        for query in shape.target_queries:
            if query.kind == "unasserted-direct":
                nodes |= {s for p in query.relations for s in data.subjects_of[p] if self.unasserted(s, {p})}
            elif query.kind == "typed-assertion-not-stated":
                nodes |= {n for n, types in data.types.items() if _ASSERTION in types and self.full(n)
                          and self.not_stated(n)}
            elif query.kind == "event-of-no-kind":
                nodes |= {n for n, types in data.types.items() if any(t == _EVENT or _EVENT in data.superclasses(t)
                          for t in types) and self.of_no_kind(n)}
            else:
                raise Unsure(f"a SPARQL target of kind {query.kind}")
        return nodes

    def full(self, node: str) -> bool:
        return all(self.data.values(node, p) for p in (_SUBJECT, _PREDICATE, _OBJECT))


def check_rows(rows: Sequence[tuple], plan: Sequence[Shape]) -> list[tuple[str, Violation]]:
    """(focus node, Violation) of every result pySHACL would give on the graph of the sorted rows.

    rows: (subject, predicate, object term, object) N-Triples rows sorted by their line, as
    kg.rdf.publish.files.Rendering makes them. Unsure when a value is one the checker might judge otherwise.
    """
    paths = {p for shape in plan for p in shape.subjects_of + shape.objects_of}
    queries = [q for shape in plan for q in shape.target_queries + _all_sparql(shape)]
    paths |= {p for q in queries for p in q.relations}
    paths |= {_SUBJECT}
    data = _Data(rows, _ontology_rows(), paths)
    data.describing = _describing(data)  # (subject, predicate, object) -> the nodes that describe it
    checker = Checker(data)
    shapes_of: dict[str, list[Shape]] = {}  # focus node -> the shapes that target it, in the plan's order
    for shape in plan:
        for focus in checker.targets(shape):
            shapes_of.setdefault(focus, []).append(shape)
    for focus in sorted(shapes_of):  # a node's triples are gathered once for all its shapes
        term = checker.term(focus)
        for shape in shapes_of[focus]:
            checker.results(shape, focus, True, term)
    return checker.found


def _all_sparql(shape: Shape) -> list[Query]:
    """The SPARQL constraints of the shape and of every shape it holds."""
    held = shape.properties + [member for members in shape.ors for member in members]
    return shape.sparql + [q for member in held for q in _all_sparql(member)]


def _describing(data: _Data) -> dict[tuple[str, str, str], list[str]]:
    """(subject, predicate, object) -> the nodes whose rdf:subject, rdf:predicate and rdf:object give it."""
    found: dict[tuple[str, str, str], list[str]] = {}
    for node in data.subjects_of[_SUBJECT]:
        for _, s in data.values(node, _SUBJECT):
            for _, p in data.values(node, _PREDICATE):
                for _, o in data.values(node, _OBJECT):
                    found.setdefault((s, p, o), []).append(node)
    return found


@lru_cache(maxsize=1)
def _ontology_rows() -> tuple[tuple, ...]:
    """The ontology as rows, as pySHACL mixes its ont_graph into the data graph."""
    from kg.rdf.publish.files import _Terms

    terms = _Terms({})
    rows = []
    for s, p, o in load_ontology():
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue  # OWL's own constructs (lists, restrictions): no shape reads them
        o_form = terms.literal(o) if isinstance(o, Literal) else terms.node(o)
        rows.append((terms.node(s), terms.node(p), o, o_form))
    return tuple(sorted(rows, key=_key))
