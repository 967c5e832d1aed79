"""The answer model of kg's SPARQL layer: RDF terms and SELECT / ASK / graph answers, engine-free.

Both back ends (Oxigraph, rdflib) turn their answers into these, so one formatter serves both and
their answers can be compared. Literals are normalised (plain strings without datatype, integers and
decimals in canonical form); IRIs are shortened with the project's prefixes (kg.rdf.vocab.PREFIXES).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.rdf.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


class QueryError(Exception):
    """A problem the user can fix (bad query, parameter, file or store); the CLI exits 2 with its text."""


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term: kind is "iri", "bnode" or "literal"; datatype is empty for plain and language strings."""

    kind: str
    value: str
    datatype: str = ""
    lang: str = ""

    def n3(self) -> str:
        """N-Triples form, as SPARQL TSV results write it."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape_literal(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text

    def compact(self) -> str:
        """Short display form: prefixed name for IRIs, bare text for literals."""
        if self.kind == "iri":
            return compact_iri(self.value)
        return f"_:{self.value}" if self.kind == "bnode" else self.value

    def to_json(self) -> dict[str, str]:
        if self.kind == "iri":
            return {"type": "uri", "value": self.value}
        if self.kind == "bnode":
            return {"type": "bnode", "value": self.value}
        data = {"type": "literal", "value": self.value}
        if self.lang:
            data["xml:lang"] = self.lang
        elif self.datatype:
            data["datatype"] = self.datatype
        return data


@dataclass
class SelectAnswer:
    variables: list[str]
    rows: list[tuple[Term | None, ...]]


@dataclass
class AskAnswer:
    value: bool


@dataclass
class GraphAnswer:
    """The triples of a CONSTRUCT or DESCRIBE, sorted."""

    triples: list[tuple[Term, Term, Term]]


Answer = SelectAnswer | AskAnswer | GraphAnswer


def _escape_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _canonical_number(lexical: str, datatype: str) -> str:
    """xsd:integer and xsd:decimal in canonical form, so every engine prints 0.8 for "0.80"^^xsd:decimal.

    >>> _canonical_number("0.80", XSD + "decimal"), _canonical_number("+007", XSD + "integer")
    ('0.8', '7')
    """
    try:
        number = Decimal(lexical.strip())
    except InvalidOperation:
        return lexical
    if datatype in _INTEGER_TYPES:
        return str(int(number)) if number == number.to_integral_value() else lexical
    if datatype == XSD + "decimal":
        text = format(number.normalize(), "f")
        return text + ".0" if "." not in text else text
    return lexical


def literal(value: str, datatype: str = "", lang: str = "") -> Term:
    if lang:
        return Term("literal", value, "", lang.lower())
    datatype = "" if datatype in (XSD_STRING, RDF_LANG_STRING) else datatype
    return Term("literal", _canonical_number(value, datatype) if datatype else value, datatype)


def compact_iri(iri: str) -> str:
    """The IRI as prefix:local with the project's prefixes when the local part is a plain name.

    >>> compact_iri("https://w3id.org/kg-fr/entity/torrentspy"), compact_iri("http://example.org/x")
    ('ent:torrentspy', '<http://example.org/x>')
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")) and re.fullmatch(r"[\w.-]*", iri[len(ns) :]):
            best = prefix
    return f"{best}:{iri[len(str(PREFIXES[best])) :]}" if best else f"<{iri}>"


def parse_param(spec: str) -> tuple[str, Term]:
    """NAME=VALUE from the command line: VALUE is an IRI (ent:x, <http://...>, http(s)://...) or a literal.

    A literal is the text as given, or "text" / "text"@lang in double quotes.

    >>> parse_param("entity=ent:torrentspy")
    ('entity', Term(kind='iri', value='https://w3id.org/kg-fr/entity/torrentspy', datatype='', lang=''))
    >>> parse_param('label="TorrentSpy"@fr')[1].lang
    'fr'
    """
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise QueryError(f"--param {spec!r}: expected NAME=VALUE, e.g. entity=ent:torrentspy")
    value = value.strip()
    quoted = re.fullmatch(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?', value, flags=re.S)
    if quoted:
        return name, literal(quoted.group(1), lang=quoted.group(2) or "")
    iri = ""
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif re.match(r"(https?|urn):", value):
        iri = value
    else:
        prefix, colon, local = value.partition(":")
        if colon and prefix in PREFIXES:
            iri = str(PREFIXES[prefix]) + local
    if not iri:
        return name, literal(value)
    if not iri or _IRI_FORBIDDEN.search(iri):
        raise QueryError(f"--param {name}: {value!r} is not a valid IRI (no spaces, quotes or <>{{}}|^`\\)")
    return name, Term("iri", iri)


def prologue() -> str:
    """PREFIX declarations of the project's prefixes, for a query sent to another SPARQL server."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


def parse_json_results(text: str) -> Answer:
    """SPARQL 1.1 JSON results (as `--format json` or any endpoint writes them) back into an answer."""
    data = json.loads(text)
    if "boolean" in data:
        return AskAnswer(bool(data["boolean"]))
    variables = list(data["head"]["vars"])

    def term(cell: dict[str, str] | None) -> Term | None:
        if cell is None:
            return None
        if cell["type"] == "uri":
            return Term("iri", cell["value"])
        if cell["type"] == "bnode":
            return Term("bnode", cell["value"])
        return literal(cell["value"], cell.get("datatype", ""), cell.get("xml:lang", ""))

    rows = [tuple(term(binding.get(v)) for v in variables) for binding in data["results"]["bindings"]]
    return SelectAnswer(variables, rows)


def from_oxigraph(term) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language or "")
    raise QueryError(f"unsupported term in an answer: {term!r}")  # RDF-star triples: the graph has none


def from_rdflib(term) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("iri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        return literal(str(term), str(term.datatype or ""), term.language or "")
    raise QueryError(f"unsupported term in an answer: {term!r}")


def to_rdflib(term: Term):
    from rdflib import Literal, URIRef

    if term.kind == "iri":
        return URIRef(term.value)
    return Literal(term.value, lang=term.lang or None, datatype=URIRef(term.datatype) if term.datatype else None)
