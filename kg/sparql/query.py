"""Run a SPARQL query on an Oxigraph store or on an RDF file read by rdflib, and format the answer.

Both back ends give the same answer model (`SelectAnswer`, `AskAnswer`, `GraphAnswer` of `Term`s), so
one formatter serves both and their answers can be compared. The project's prefixes (kg.rdf.vocab.PREFIXES)
are predeclared. Parameters (`--param entity=ent:torrentspy`) are bound by a trailing SPARQL VALUES
clause built from validated IRIs and escaped literals, the same standard mechanism for both engines
(Oxigraph's substitutions only accept projected variables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.rdf.vocab import PREFIXES
from kg.sparql.terms import (
    Answer,
    AskAnswer,
    GraphAnswer,
    QueryError,
    SelectAnswer,
    Term,
    from_oxigraph,
    from_rdflib,
    to_rdflib,
)

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


@dataclass(frozen=True)
class Query:
    """A query's text, where it came from (for messages), and the parameters its header declares."""

    text: str
    origin: str = "<query>"
    required: dict[str, str] = field(default_factory=dict)  # name -> description, from "# @param name: ..."


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
            sorted((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in result)
        )
    variables = [v.value for v in result.variables]
    rows = [tuple(from_oxigraph(solution[i]) for i in range(len(variables))) for solution in result]
    return SelectAnswer(variables, rows)


def load_graph_file(path: Path):
    """An rdflib Dataset of the file (default graph not the union; a triples file is its default graph)."""
    from rdflib import Dataset

    if not path.is_file():
        raise QueryError(f"{path}: no such graph file")
    fmt, _ = RDF_FILE_FORMATS.get(path.suffix.lower(), (None, False))
    if fmt is None:
        known = ", ".join(sorted(RDF_FILE_FORMATS))
        raise QueryError(f"{path}: unknown RDF file type {path.suffix!r} (known: {known})")
    # a triples file too goes into a Dataset (as its default graph), so that a GRAPH clause finds nothing there
    # rather than failing (queries/changes.rq reads the change report from a file or from the store's named graph)
    graph = Dataset()
    try:
        graph.parse(path, format=fmt)
    except Exception as error:  # rdflib's parsers raise many types; the message names the problem
        raise QueryError(f"{path}: not valid {fmt}: {error}") from error
    return graph


def query_rdflib(graph, query: Query, params: dict[str, Term] | None = None) -> Answer:
    """Run the query on an rdflib Graph or Dataset."""
    from pyparsing import ParseException
    from rdflib import Variable
    from rdflib.plugins.sparql import prepareQuery

    # Parameters are bound through initBindings, not a VALUES text: rdflib expands \uXXXX on the whole query text
    # before parsing, so a literal holding a backslash and "u0041" (escaped as "\\u0041") would be misread.
    check_params(query, params or {})
    bindings = {Variable(name): to_rdflib(term) for name, term in (params or {}).items()}
    try:
        prepared = prepareQuery(query.text, initNs={p: ns for p, ns in PREFIXES.items()})
    except ParseException as error:
        raise _rdflib_syntax_error(query, error) from error
    except Exception as error:  # unknown prefixes and other translation errors are plain Exceptions in rdflib
        raise _rdflib_syntax_error(query, error) from error
    try:
        result = graph.query(prepared, initBindings=bindings)
        if result.type == "ASK":
            return AskAnswer(bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return GraphAnswer(sorted((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in result.graph))
        variables = [str(v) for v in result.vars]
        rows = [tuple(from_rdflib(row[i]) for i in range(len(variables))) for row in result]
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


def default_source(out_dir: Path = Path("output")) -> tuple[Path | None, Path | None]:
    """(store, graph file) to use when neither is given: output/store, else output/graph.ttl."""
    if (out_dir / "store" / "CURRENT").is_file():
        return out_dir / "store", None
    if (out_dir / "graph.ttl").is_file():
        return None, out_dir / "graph.ttl"
    raise QueryError(f"no store in {out_dir}/store and no {out_dir}/graph.ttl: run `kg build`, or pass --store/--graph")
