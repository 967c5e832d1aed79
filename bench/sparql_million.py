"""rdflib against Oxigraph on a synthetic graph of about a million triples in the kg shape.

    .venv/bin/python bench/sparql_million.py [TRIPLES]

The graph has what `kg build` writes, scaled up: typed, labelled entities; articles with metadata and
mentions; facts as a direct triple plus a kgo:Assertion record with provenance. It is generated from a
fixed seed (same graph every run) as N-Triples, then loaded into an rdflib Graph and an in-memory
pyoxigraph Store. Timed: the load, a two-hop query (who is sued, and which sites those defendants
host) answered in full, and a full export (rdflib N-Triples, Oxigraph N-Quads). Prints the figures.
"""

from __future__ import annotations

import io
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from kg.rdf.vocab import ART, ENT, FACT, KGO, PREDICATES, PREFIXES, SCHEMA

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
XSD = "http://www.w3.org/2001/XMLSchema#"
CLASSES = ("RightsHolder", "Website", "Country", "Court", "LawEnforcement", "InternetServiceProvider", "Person")
TWO_HOP = """
SELECT ?plaintiff ?defendant ?site WHERE {
  ?plaintiff kgo:sues ?defendant .
  ?defendant kgo:hosts ?site .
}"""
SEED = 7


def synthetic_ntriples(target: int) -> tuple[str, int]:
    """About `target` N-Triples lines in the kg shape, from a fixed seed; returns the text and its line count."""
    rng = random.Random(SEED)
    entities = max(target // 25, 10)
    articles = max(target // 125, 5)
    lines: list[str] = []
    add = lines.append
    for i in range(entities):
        node = f"<{ENT}e{i}>"
        add(f"{node} <{RDF_TYPE}> <{KGO[CLASSES[i % len(CLASSES)]]}> .")
        add(f'{node} <{LABEL}> "Entité {i}"@fr .')
        add(f'{node} <{KGO.mentionCount}> "{rng.randint(1, 9)}"^^<{XSD}integer> .')
    for a in range(articles):
        node = f"<{ART}a{a}>"
        add(f"{node} <{RDF_TYPE}> <{SCHEMA.NewsArticle}> .")
        add(f'{node} <{SCHEMA.headline}> "Article {a} sur le piratage" .')
        add(f'{node} <{SCHEMA.datePublished}> "20{a % 20:02d}-0{a % 9 + 1}" .')
        for _ in range(3):
            add(f"{node} <{SCHEMA.mentions}> <{ENT}e{rng.randrange(entities)}> .")
    fact = 0
    while len(lines) < target:
        s, o, p = rng.randrange(entities), rng.randrange(entities), PREDICATES[rng.randrange(len(PREDICATES))]
        subject, predicate, obj = f"<{ENT}e{s}>", f"<{KGO[p]}>", f"<{ENT}e{o}>"
        node, article = f"<{FACT}f{fact}>", f"<{ART}a{rng.randrange(articles)}>"
        add(f"{subject} {predicate} {obj} .")
        add(f"{node} <{RDF_TYPE}> <{KGO.Assertion}> .")
        add(f"{node} <{RDF_NS}subject> {subject} .")
        add(f"{node} <{RDF_NS}predicate> {predicate} .")
        add(f"{node} <{RDF_NS}object> {obj} .")
        add(f"{node} <{PROV_DERIVED}> {article} .")
        add(f'{node} <{KGO.sentenceText}> "Phrase {fact} : e{s} {p} e{o}."@fr .')
        add(f'{node} <{KGO.startOffset}> "{fact % 5000}"^^<{XSD}integer> .')
        add(f'{node} <{KGO.endOffset}> "{fact % 5000 + 120}"^^<{XSD}integer> .')
        add(f'{node} <{KGO.rule}> "{p}.bench" .')
        add(f'{node} <{KGO.confidence}> "0.{rng.randint(50, 99)}"^^<{XSD}decimal> .')
        add(f'{node} <{KGO.tier}> "explicit" .')
        fact += 1
    return "\n".join(lines) + "\n", len(lines)


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_oxigraph(data: bytes, query: str) -> dict[str, float]:
    import pyoxigraph as ox

    store = ox.Store()
    _, load = timed(lambda: store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES))
    rows, two_hop = timed(lambda: len(list(store.query(query))))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "export.nq"
        _, export = timed(lambda: store.dump(str(target), format=ox.RdfFormat.N_QUADS))
        size = target.stat().st_size
    return {"load": load, "query": two_hop, "export": export, "rows": rows, "triples": len(store), "size": size}


def bench_rdflib(data: bytes, query: str) -> dict[str, float]:
    from rdflib import Graph

    graph = Graph()
    _, load = timed(lambda: graph.parse(io.BytesIO(data), format="nt"))
    rows, two_hop = timed(lambda: len(list(graph.query(query))))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "export.nt"
        _, export = timed(lambda: graph.serialize(destination=str(target), format="nt", encoding="utf-8"))
        size = target.stat().st_size
    return {"load": load, "query": two_hop, "export": export, "rows": rows, "triples": len(graph), "size": size}


def main(target: int = 1_000_000) -> None:
    text, lines = synthetic_ntriples(target)
    data = text.encode("utf-8")
    print(f"synthetic graph: {lines:,} N-Triples lines ({len(data) / 1e6:.0f} MB), seed {SEED}")
    query = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + TWO_HOP
    oxi = bench_oxigraph(data, query)
    rss_after_oxigraph = peak_rss_mb()
    rdf = bench_rdflib(data, query)
    assert rdf["triples"] == oxi["triples"] and rdf["rows"] == oxi["rows"], "the two engines disagree"

    print(f"distinct triples: {oxi['triples']:,}; two-hop answer: {oxi['rows']:,} rows (same from both)")
    print(f"{'':<22}{'rdflib':>12}{'pyoxigraph':>14}{'ratio':>10}")
    for name, key in (("load (N-Triples)", "load"), ("two-hop query", "query"), ("full export", "export")):
        print(f"{name:<22}{rdf[key]:>11.2f}s{oxi[key]:>13.2f}s{rdf[key] / max(oxi[key], 1e-9):>9.0f}x")
    print(f"export sizes: rdflib N-Triples {rdf['size'] / 1e6:.0f} MB, Oxigraph N-Quads {oxi['size'] / 1e6:.0f} MB")
    print(f"peak RSS: {rss_after_oxigraph:.0f} MB after Oxigraph, {peak_rss_mb():.0f} MB after rdflib")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
