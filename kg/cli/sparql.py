"""`kg query` (SPARQL on the store or a graph file) and `kg serve` (the store as a SPARQL endpoint)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def run_query(args) -> int:
    from kg.sparql.formats import format_answer
    from kg.sparql.limits import Limits, run_limited
    from kg.sparql.query import default_source, load_query, run
    from kg.sparql.terms import QueryError, parse_param

    try:
        query = load_query(args.query)
        params = dict(parse_param(spec) for spec in args.param)
        if args.store:
            store_dir, graph_file = Path(args.store), None
        elif args.graph:
            store_dir, graph_file = None, Path(args.graph)
        else:
            store_dir, graph_file = default_source()
        limits = Limits(args.timeout, args.max_rows, args.max_memory)
        answer = run_limited(lambda: run(query, store_dir=store_dir, graph_file=graph_file, params=params), limits)
        text = format_answer(answer, args.format)
    except QueryError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `kg query ... | head`: the reader has all it wanted
        sys.stderr.close()
    return 0


def run_serve(args) -> int:
    from kg.sparql.serve import ServeError, ServeOptions, serve

    token = args.token or os.environ.get("KG_SERVE_TOKEN", "")
    options = ServeOptions(Path(args.store), args.port, args.writable, args.timeout, args.base, token,
                           args.max_result_mb, args.max_memory)
    try:
        return serve(options)
    except ServeError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 2


def _at_least_zero(kind):
    def parse(text: str):
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
        return value

    return parse


def add_limit_options(parser) -> None:
    """--timeout, --max-rows, --max-memory of `kg query` (#17)."""
    from kg.sparql.limits import DEFAULT_MAX_ROWS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S

    parser.add_argument("--timeout", type=_at_least_zero(float), default=DEFAULT_TIMEOUT_S, metavar="S",
                        help=f"stop the query after S seconds, wall clock (default {DEFAULT_TIMEOUT_S}; 0: never)")
    parser.add_argument("--max-rows", type=_at_least_zero(int), default=DEFAULT_MAX_ROWS, metavar="N",
                        help=f"refuse an answer of more than N rows (default {DEFAULT_MAX_ROWS:,}; 0: no cap)")
    parser.add_argument("--max-memory", type=_at_least_zero(int), default=DEFAULT_MEMORY_MB, metavar="MB",
                        help=f"memory the query may use (default {DEFAULT_MEMORY_MB} MB; 0: no cap)")


def add_commands(sub) -> None:
    """`kg query QUERY_OR_FILE [--store DIR | --graph FILE] [--format F] [--param NAME=VALUE]...` and
    `kg serve [--store DIR] [--port N] [--writable] [--timeout S]`."""
    from kg.sparql.formats import FORMATS
    from kg.sparql.serve import DEFAULT_PORT

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
    add_limit_options(parser)
    parser.set_defaults(func=run_query)
    parser = sub.add_parser("serve", help="serve the store as a SPARQL endpoint on 127.0.0.1 (oxigraph server)")
    parser.add_argument("--store", default="output/store", help="Oxigraph store folder (default: output/store)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: a free one)")
    parser.add_argument("--writable", action="store_true", help="accept SPARQL updates and Graph Store writes")
    parser.add_argument("--timeout", type=_at_least_zero(float), default=30, metavar="S",
                        help="stop a query after S seconds, wall clock (default 30; 0: never)")
    parser.add_argument("--max-result-mb", type=_at_least_zero(int), default=100, metavar="MB",
                        help="refuse answers larger than MB megabytes (default 100; 0: no cap)")
    parser.add_argument("--max-memory", type=_at_least_zero(int), default=4096, metavar="MB",
                        help="memory the oxigraph server may use for queries (default 4096 MB; 0: no cap)")
    parser.add_argument("--token", default="", help="what writes must send as 'Authorization: Bearer TOKEN' "
                        "(default: $KG_SERVE_TOKEN, else a random one printed at start)")
    parser.add_argument(
        "--base",
        default="",
        metavar="URL_OR_PATH",
        help="where the IRIs https://w3id.org/kg-fr/... are served (default /kg-fr/ on this server)",
    )
    parser.set_defaults(func=run_serve)
