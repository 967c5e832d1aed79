"""`kg query` (SPARQL on the store or a graph file) and `kg serve` (the store as a SPARQL endpoint)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_query(args) -> int:
    from kg.sparql.formats import format_answer
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


def run_serve(args) -> int:
    from kg.sparql.serve import ServeError, ServeOptions, serve

    options = ServeOptions(Path(args.store), args.port, args.writable, args.timeout, args.base)
    try:
        return serve(options)
    except ServeError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 2


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
    parser.set_defaults(func=run_query)
    parser = sub.add_parser("serve", help="serve the store as a SPARQL endpoint on 127.0.0.1 (oxigraph server)")
    parser.add_argument("--store", default="output/store", help="Oxigraph store folder (default: output/store)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: a free one)")
    parser.add_argument("--writable", action="store_true", help="accept SPARQL updates and Graph Store writes")
    parser.add_argument("--timeout", type=int, default=0, metavar="S", help="stop queries after S seconds (0: never)")
    parser.add_argument(
        "--base",
        default="",
        metavar="URL_OR_PATH",
        help="where the IRIs https://w3id.org/kg-fr/... are served (default /kg-fr/ on this server)",
    )
    parser.set_defaults(func=run_serve)
