"""Run a SPARQL query on an Oxigraph store or on an RDF file read by rdflib, and format the answer.

Both back ends give the same answer model (`SelectAnswer`, `AskAnswer`, `GraphAnswer` of `Term`s), so
one formatter serves both and their answers can be compared. The project's prefixes (kg.vocab.PREFIXES)
are predeclared. Parameters (`--param entity=ent:torrentspy`) are bound by a trailing SPARQL VALUES
clause built from validated IRIs and escaped literals, the same standard mechanism for both engines
(Oxigraph's substitutions only accept projected variables).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMATS = ("table", "csv", "tsv", "json")
TABLE_CELL_WIDTH = 70  # long sentences are cut in the table only; csv/tsv/json keep the full text
QUERY_SUFFIXES = (".rq", ".sparql")
RDF_FILE_FORMATS = {  # suffix -> (rdflib format, holds named graphs)
    ".ttl": ("turtle", False),
    ".nt": ("nt", False),
    ".nq": ("nquads", True),
    ".trig": ("trig", True),
    ".jsonld": ("json-ld", True),
    ".rdf": ("xml", False),
    ".xml": ("xml", False),
}
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


@dataclass(frozen=True)
class Query:
    """A query's text, where it came from (for messages), and the parameters its header declares."""

    text: str
    origin: str = "<query>"
    required: dict[str, str] = field(default_factory=dict)  # name -> description, from "# @param name: ..."


# ---------------------------------------------------------------- terms


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


# ---------------------------------------------------------------- reading a query


def load_query(query_or_file: str) -> Query:
    """Query text given inline, or read from a .rq/.sparql file (or any existing file)."""
    path = Path(query_or_file)
    try:
        looks_like_file = "\n" not in query_or_file and (path.suffix in QUERY_SUFFIXES or path.is_file())
    except OSError:  # query text too long to be a file name
        looks_like_file = False
    if looks_like_file:
        if not path.is_file():
            raise QueryError(f"{query_or_file}: no such query file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise QueryError(f"{query_or_file}: cannot read the query ({error})") from error
        return Query(text, str(path), declared_params(text))
    return Query(query_or_file, "<query>", declared_params(query_or_file))


def declared_params(text: str) -> dict[str, str]:
    """Parameters a query needs, from header comments `# @param NAME: description`.

    >>> declared_params("# @param entity: an entity IRI\\nSELECT * {}")
    {'entity': 'an entity IRI'}
    """
    found = re.findall(r"^\s*#\s*@param\s+(\w+)\s*:?\s*(.*)$", text, flags=re.M)
    return {name: description.strip() for name, description in found}


def with_params(query: Query, params: dict[str, Term]) -> str:
    """The query text with a trailing VALUES clause binding the parameters (after a newline: line numbers stay).

    >>> with_params(Query("SELECT * { ?s ?p ?entity }"), {"entity": Term("literal", 'a "b"')}).splitlines()[-1]
    'VALUES (?entity) { ("a \\\\"b\\\\"") }'
    """
    check_params(query, params)
    if not params:
        return query.text
    names = " ".join(f"?{name}" for name in params)
    values = " ".join(term.n3() for term in params.values())
    return f"{query.text}\nVALUES ({names}) {{ ({values}) }}\n"


def check_params(query: Query, params: dict[str, Term]) -> None:
    for name, description in query.required.items():
        if name not in params:
            hint = f" ({description})" if description else ""
            raise QueryError(f"{query.origin} needs --param {name}=VALUE{hint}")
    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}\b", query.text):
            raise QueryError(f"--param {name}: {query.origin} has no variable ?{name}")


# ---------------------------------------------------------------- syntax errors


def _error_at(query: Query, line: int, column: int, message: str) -> QueryError:
    return QueryError(f"{query.origin}:{line}:{column}: {message}")


def _prefix_before(text: str, line: int, column: int) -> tuple[str, int] | None:
    """The prefix of the prefixed name that ends at (line, column), and the column where that name starts."""
    lines = text.splitlines() or [""]
    head = lines[min(line, len(lines)) - 1][: max(column - 1, 0)]
    match = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", head)
    return (match.group(1) or "", match.start() + 1) if match else None


def _oxigraph_syntax_error(query: Query, error: SyntaxError) -> QueryError:
    message = str(error)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, flags=re.S)
    if not match:
        return QueryError(f"{query.origin}: {message}")
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    if "Prefix not found" in detail:
        found = _prefix_before(query.text, line, column)
        if found:
            return _error_at(query, line, found[1], f"unknown prefix '{found[0]}:'")
        detail = "unknown prefix"
    elif len(detail) > 160 or "\n" in detail:
        detail = detail.split("\n")[0][:160] + " …"
    return _error_at(query, line, column, detail)


def _rdflib_syntax_error(query: Query, error: Exception) -> QueryError:
    lineno, col = getattr(error, "lineno", None), getattr(error, "col", None)
    if lineno is not None and col is not None:
        return _error_at(query, lineno, col, getattr(error, "msg", str(error)))
    unknown = re.match(r"Unknown namespace prefix : (\S*)", str(error))
    if unknown:
        prefix = unknown.group(1)
        for number, text in enumerate(query.text.splitlines(), 1):
            code = text.split("#", 1)[0]
            hit = re.search(rf"(?<![\w<\"'?$]){re.escape(prefix)}:", code)
            if hit:
                return _error_at(query, number, hit.start() + 1, f"unknown prefix '{prefix}:'")
    return QueryError(f"{query.origin}: {error}")


# ---------------------------------------------------------------- back ends


def _from_oxigraph(term) -> Term | None:
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


def _from_rdflib(term) -> Term | None:
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


def _to_rdflib(term: Term):
    from rdflib import Literal, URIRef

    if term.kind == "iri":
        return URIRef(term.value)
    return Literal(term.value, lang=term.lang or None, datatype=URIRef(term.datatype) if term.datatype else None)


def open_store(store_dir: Path):
    """The store read-only: it can be queried while `kg serve` (read-only) or another reader has it open."""
    import pyoxigraph as ox

    if not (store_dir / "CURRENT").is_file():
        raise QueryError(f"{store_dir}: no Oxigraph store here (build one with `kg build`, or pass --graph FILE)")
    try:
        return ox.Store.read_only(str(store_dir))
    except OSError as error:
        raise QueryError(f"{store_dir}: cannot open the store ({error})") from error


def query_store(store, query: Query, params: dict[str, Term] | None = None) -> Answer:
    """Run the query on a pyoxigraph Store (its default graph is the graph's default graph, not the union)."""
    import pyoxigraph as ox

    text = with_params(query, params or {})
    try:
        result = store.query(text, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    except SyntaxError as error:
        raise _oxigraph_syntax_error(query, error) from error
    except OSError as error:
        raise QueryError(f"{query.origin}: the query failed: {error}") from error
    if isinstance(result, ox.QueryBoolean):
        return AskAnswer(bool(result))
    if isinstance(result, ox.QueryTriples):
        return GraphAnswer(
            sorted((_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object)) for t in result)
        )
    variables = [v.value for v in result.variables]
    rows = [tuple(_from_oxigraph(solution[i]) for i in range(len(variables))) for solution in result]
    return SelectAnswer(variables, rows)


def load_graph_file(path: Path):
    """An rdflib Graph (triples formats) or Dataset (quads formats, default graph not the union) of the file."""
    from rdflib import Dataset, Graph

    if not path.is_file():
        raise QueryError(f"{path}: no such graph file")
    fmt, quads = RDF_FILE_FORMATS.get(path.suffix.lower(), (None, False))
    if fmt is None:
        known = ", ".join(sorted(RDF_FILE_FORMATS))
        raise QueryError(f"{path}: unknown RDF file type {path.suffix!r} (known: {known})")
    graph = Dataset() if quads else Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as error:  # rdflib's parsers raise many types; the message names the problem
        raise QueryError(f"{path}: not valid {fmt}: {error}") from error
    return graph


def query_rdflib(graph, query: Query, params: dict[str, Term] | None = None) -> Answer:
    """Run the query on an rdflib Graph or Dataset."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    text = with_params(query, params or {})
    try:
        prepared = prepareQuery(text, initNs={p: ns for p, ns in PREFIXES.items()})
    except ParseException as error:
        raise _rdflib_syntax_error(query, error) from error
    except Exception as error:  # unknown prefixes and other translation errors are plain Exceptions in rdflib
        raise _rdflib_syntax_error(query, error) from error
    try:
        result = graph.query(prepared)
        if result.type == "ASK":
            return AskAnswer(bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return GraphAnswer(sorted((_from_rdflib(s), _from_rdflib(p), _from_rdflib(o)) for s, p, o in result.graph))
        variables = [str(v) for v in result.vars]
        rows = [tuple(_from_rdflib(row[i]) for i in range(len(variables))) for row in result]
    except QueryError:
        raise
    except Exception as error:  # rdflib evaluates lazily and raises plain Python errors (e.g. ordering unbound)
        problem = f"{type(error).__name__}: {error}"
        raise QueryError(f"{query.origin}: rdflib could not evaluate the query: {problem}") from error
    return SelectAnswer(variables, rows)


def run(
    query: Query,
    *,
    store_dir: Path | None = None,
    graph_file: Path | None = None,
    params: dict[str, Term] | None = None,
) -> Answer:
    """Run the query on the store folder or the graph file (exactly one of them)."""
    if (store_dir is None) == (graph_file is None):
        raise QueryError("give either a store folder or a graph file")
    if store_dir is not None:
        return query_store(open_store(store_dir), query, params)
    return query_rdflib(load_graph_file(graph_file), query, params)


# ---------------------------------------------------------------- formatting


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    text = " ".join(term.compact().split())  # newlines and tabs would break the alignment
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def format_table(answer: Answer) -> str:
    """An aligned text table (SELECT), true/false (ASK) or Turtle (CONSTRUCT, DESCRIBE).

    >>> print(format_table(SelectAnswer(["who"], [(Term("iri", "https://w3id.org/kg-fr/entity/mpaa"),)])), end="")
    who
    --------
    ent:mpaa
    (1 row)
    """
    if isinstance(answer, AskAnswer):
        return "true\n" if answer.value else "false\n"
    if isinstance(answer, GraphAnswer):
        return to_turtle(answer)
    cells = [[_cell(term) for term in row] for row in answer.rows]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(answer.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(answer.variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    count = len(answer.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_csv(answer: Answer) -> str:
    """SPARQL 1.1 CSV results: plain values; N-Triples for graph answers."""
    if isinstance(answer, AskAnswer):
        return "true\n" if answer.value else "false\n"
    if isinstance(answer, GraphAnswer):
        return to_ntriples(answer)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(answer.variables)
    for row in answer.rows:
        writer.writerow(["" if t is None else f"_:{t.value}" if t.kind == "bnode" else t.value for t in row])
    return buffer.getvalue()


def format_tsv(answer: Answer) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples form; N-Triples for graph answers."""
    if isinstance(answer, AskAnswer):
        return "true\n" if answer.value else "false\n"
    if isinstance(answer, GraphAnswer):
        return to_ntriples(answer)
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in answer.rows]
    return "\n".join(lines) + "\n"


def format_json(answer: Answer) -> str:
    """SPARQL 1.1 JSON results; JSON-LD for graph answers."""
    if isinstance(answer, AskAnswer):
        return json.dumps({"head": {}, "boolean": answer.value}) + "\n"
    if isinstance(answer, GraphAnswer):
        return _rdflib_graph(answer).serialize(format="json-ld", context={p: str(n) for p, n in PREFIXES.items()})
    bindings = [
        {var: term.to_json() for var, term in zip(answer.variables, row, strict=True) if term is not None}
        for row in answer.rows
    ]
    document = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _rdflib_graph(answer: GraphAnswer):
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in answer.triples:
        graph.add(tuple(_to_rdflib(t) for t in triple))
    return graph


def to_turtle(answer: GraphAnswer) -> str:
    return _rdflib_graph(answer).serialize(format="turtle")


def to_ntriples(answer: GraphAnswer) -> str:
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in answer.triples)


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_answer(answer: Answer, fmt: str = "table") -> str:
    if fmt not in FORMATTERS:
        raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return FORMATTERS[fmt](answer)


# ---------------------------------------------------------------- command line


def default_source(out_dir: Path = Path("output")) -> tuple[Path | None, Path | None]:
    """(store, graph file) to use when neither is given: output/store, else output/graph.ttl."""
    if (out_dir / "store" / "CURRENT").is_file():
        return out_dir / "store", None
    if (out_dir / "graph.ttl").is_file():
        return None, out_dir / "graph.ttl"
    raise QueryError(f"no store in {out_dir}/store and no {out_dir}/graph.ttl: run `kg build`, or pass --store/--graph")


def add_query_command(sub) -> None:
    """`kg query QUERY_OR_FILE [--store DIR | --graph FILE] [--format F] [--param NAME=VALUE]...`"""
    parser = sub.add_parser("query", help="run a SPARQL query (text or .rq file) on the store or a graph file")
    parser.add_argument("query", metavar="QUERY_OR_FILE", help="SPARQL text, or a .rq file (see queries/)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", help="Oxigraph store folder (default: output/store, else output/graph.ttl)")
    source.add_argument("--graph", help="RDF file read with rdflib (.ttl, .nq, .nt, .trig, .jsonld, .rdf)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="answer format (default: table)")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help='bind ?NAME: an IRI (ent:x, <http://...>) or a literal (text, "text"@fr); repeatable',
    )
    parser.set_defaults(func=run_command)


def run_command(args) -> int:
    import sys

    try:
        query = load_query(args.query)
        params = dict(parse_param(spec) for spec in args.param)
        if args.store:
            store_dir, graph_file = Path(args.store), None
        elif args.graph:
            store_dir, graph_file = None, Path(args.graph)
        else:
            store_dir, graph_file = default_source()
        text = format_answer(run(query, store_dir=store_dir, graph_file=graph_file, params=params), args.format)
    except QueryError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `kg query ... | head`: the reader has all it wanted
        sys.stderr.close()
    return 0
