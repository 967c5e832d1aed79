"""Time the layout of a large graph.html: a seeded synthetic kg graph of N entities (default 2,000).

    .venv/bin/python bench/html_layout.py [N] [--relations-per-entity 1.5] [--keep DIR]

Builds the RDF (entities of every class, relations with a preferential attachment so that a
few hubs emerge, one kgo:Assertion per relation), reads it back and analyses it as `kg render`
does, writes graph.html, opens it in Debian's chromium and prints the time until vis-network's
stabilisation ends and physics is switched off (the page's own clock, from its script start).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.analyse.analytics import analyse  # noqa: E402
from kg.analyse.entity_graph import read_entity_graph  # noqa: E402
from kg.rdf.vocab import ART, ENT, FACT, KGO  # noqa: E402
from kg.render.browser import chromium_page, wait_until_settled  # noqa: E402
from kg.render.page import write_page  # noqa: E402

CLASSES = {  # class -> share of the entities
    "Website": 0.35,
    "Person": 0.15,
    "PirateGroup": 0.08,
    "RightsHolder": 0.08,
    "LawEnforcement": 0.06,
    "Court": 0.06,
    "InternetServiceProvider": 0.05,
    "Country": 0.05,
    "City": 0.06,
    "Film": 0.06,
}
RELATIONS = {  # predicate -> (subject classes, object classes)
    "sues": (("RightsHolder",), ("Website", "Person", "PirateGroup")),
    "shutsDown": (("LawEnforcement", "Court"), ("Website",)),
    "hosts": (("InternetServiceProvider",), ("Website",)),
    "arrests": (("LawEnforcement",), ("Person",)),
    "orders": (("Court",), ("InternetServiceProvider", "Website")),
    "blocks": (("InternetServiceProvider",), ("Website",)),
    "convicts": (("Court",), ("Person", "PirateGroup")),
    "operates": (("Person", "PirateGroup"), ("Website",)),
    "locatedIn": (("Website", "Person", "LawEnforcement", "Court", "City"), ("Country", "City")),
    "holdsRightsTo": (("RightsHolder",), ("Film",)),
}


def synthetic_graph(entities: int, per_entity: float, seed: int = 2000) -> Graph:
    rng = random.Random(seed)
    graph = Graph()
    by_class: dict[str, list] = {c: [] for c in CLASSES}
    kinds = rng.choices(list(CLASSES), weights=list(CLASSES.values()), k=entities)
    for index, kind in enumerate(kinds):
        node = ENT[f"{kind.lower()}-{index}"]
        graph.add((node, RDF.type, KGO[kind]))
        graph.add((node, RDFS.label, Literal(f"{kind} {index}", lang="fr")))
        by_class[kind].append(node)
    weight = {node: 1 for nodes in by_class.values() for node in nodes}
    for index in range(int(entities * per_entity)):
        predicate = rng.choice(list(RELATIONS))
        subjects = [n for c in RELATIONS[predicate][0] for n in by_class[c]]
        objects = [n for c in RELATIONS[predicate][1] for n in by_class[c]]
        if not subjects or not objects:
            continue
        s = rng.choices(subjects, weights=[weight[n] for n in subjects])[0]
        o = rng.choices(objects, weights=[weight[n] for n in objects])[0]
        if s == o:
            continue
        weight[s] += 1
        weight[o] += 1
        graph.add((s, KGO[predicate], o))
        fact = FACT[f"f{index}"]
        for p, v in ((RDF.type, KGO.Assertion), (RDF.subject, s), (RDF.predicate, KGO[predicate]), (RDF.object, o)):
            graph.add((fact, p, v))
        graph.add((fact, PROV.wasDerivedFrom, ART[f"a{index % 97}"]))
        sentence = f"Phrase {index} : {s.split('/')[-1]} {predicate} {o.split('/')[-1]}."
        graph.add((fact, KGO.sentenceText, Literal(sentence, lang="fr")))
    return graph


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entities", nargs="?", type=int, default=2000)
    parser.add_argument("--relations-per-entity", type=float, default=1.5)
    parser.add_argument("--keep", type=Path, help="keep graph.html in this folder")
    args = parser.parse_args()
    started = time.perf_counter()
    graph = synthetic_graph(args.entities, args.relations_per_entity)
    made = time.perf_counter()
    entity_graph = read_entity_graph(graph)
    read = time.perf_counter()
    analytics = analyse(entity_graph)
    analysed = time.perf_counter()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-html-bench-"))
    html = folder / "graph.html"
    summary = write_page(entity_graph, analytics, html)
    written = time.perf_counter()
    with chromium_page() as page:
        opened = time.perf_counter()
        page.goto(html.resolve().as_uri())
        settle = wait_until_settled(page, timeout_s=600)
        wall = time.perf_counter() - opened
    print(f"synthetic graph: {summary.nodes} entities, {summary.edges} relations, {len(graph)} triples "
          f"({made - started:.1f} s)")
    print(f"read back: {read - made:.2f} s; analytics (centrality, Louvain, Adamic-Adar): {analysed - read:.2f} s")
    print(f"graph.html: {html.stat().st_size / 1e6:.2f} MB written in {written - analysed:.2f} s -> {html}")
    print(f"layout settled (stabilisation done, physics off): {settle:.1f} s in the page; "
          f"{wall:.1f} s from page open in chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
