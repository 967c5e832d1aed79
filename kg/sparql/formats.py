"""Answers as text: an aligned table, or SPARQL 1.1 CSV, TSV and JSON results (Turtle, N-Triples or JSON-LD for
graph answers)."""

from __future__ import annotations

import csv
import io
import json

from kg.io import printable, u_escaped
from kg.rdf.vocab import PREFIXES
from kg.sparql.terms import Answer, AskAnswer, GraphAnswer, QueryError, Term, to_rdflib

FORMATS = ("table", "csv", "tsv", "json")
TABLE_CELL_WIDTH = 70  # long sentences are cut in the table only; csv/tsv/json keep the full text


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    text = printable(" ".join(term.compact().split()))  # newlines and tabs would break the alignment; ESC...
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def format_table(answer: Answer) -> str:
    """An aligned text table (SELECT), true/false (ASK) or Turtle (CONSTRUCT, DESCRIBE).

    >>> from kg.sparql.terms import SelectAnswer
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
        writer.writerow(
            ["" if t is None else f"_:{t.value}" if t.kind == "bnode" else printable(t.value, "\t\n\r") for t in row]
        )
    return buffer.getvalue()


def format_tsv(answer: Answer) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples form; N-Triples for graph answers."""
    if isinstance(answer, AskAnswer):
        return "true\n" if answer.value else "false\n"
    if isinstance(answer, GraphAnswer):
        return to_ntriples(answer)
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join("" if t is None else printable(t.n3()) for t in row) for row in answer.rows]
    return "\n".join(lines) + "\n"


def format_json(answer: Answer) -> str:
    """SPARQL 1.1 JSON results; JSON-LD for graph answers."""
    if isinstance(answer, AskAnswer):
        return json.dumps({"head": {}, "boolean": answer.value}) + "\n"
    if isinstance(answer, GraphAnswer):
        return u_escaped(
            _rdflib_graph(answer).serialize(format="json-ld", context={p: str(n) for p, n in PREFIXES.items()})
        )
    bindings = [
        {var: term.to_json() for var, term in zip(answer.variables, row, strict=True) if term is not None}
        for row in answer.rows
    ]
    document = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
    return u_escaped(json.dumps(document, ensure_ascii=False, indent=1)) + "\n"


def _rdflib_graph(answer: GraphAnswer):
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in answer.triples:
        graph.add(tuple(to_rdflib(t) for t in triple))
    return graph


def to_turtle(answer: GraphAnswer) -> str:
    return u_escaped(_rdflib_graph(answer).serialize(format="turtle"))


def to_ntriples(answer: GraphAnswer) -> str:
    return u_escaped("".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in answer.triples))


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_answer(answer: Answer, fmt: str = "table") -> str:
    if fmt not in FORMATTERS:
        raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return FORMATTERS[fmt](answer)
