"""Publish the analytics: analytics.ttl (kgo analytics terms), report.md and three CSV files.

Every file is rendered in memory first, then each is written atomically, so a failure leaves
the previous files as they were. Figures are rounded to six decimals and rows sorted, so the
same graph gives byte-identical files.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.allocation import bulk_allocation
from kg.analyse.analytics import Analytics
from kg.analyse.entity_graph import COARSE_CLASSES, EntityGraph
from kg.analyse.links import LINK_METHOD
from kg.io import atomic_write, printable
from kg.rdf.vocab import COMMUNITY, ENT, KGO, SUGGESTION

TOP_PER_CLASS = 5


def community_iri(number: int) -> URIRef:
    return COMMUNITY[str(number)]


def suggestion_iri(source: str, target: str) -> URIRef:
    """Named after the pair, not its rank, so a suggestion keeps its IRI when others come and go."""
    return SUGGESTION[hashlib.sha1(f"{source}|{target}".encode()).hexdigest()[:16]]


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.6f}", datatype=XSD.decimal)


def analytics_triples(entity_graph: EntityGraph, analytics: Analytics) -> set[tuple]:
    """analytics.ttl's triples, as a plain set (an rdflib Graph indexes each one three ways for nothing)."""
    graph: set[tuple] = set()
    decimals: dict[str, Literal] = {}  # most figures recur (a degree, a betweenness of 0): one Literal each
    communities: dict[int, URIRef] = {}
    degree, betweenness, pagerank = KGO.degreeCentrality, KGO.betweennessCentrality, KGO.pageRank
    member = KGO.inCommunity

    def decimal(value: float) -> Literal:
        text = f"{value:.6f}"
        found = decimals.get(text)
        if found is None:
            found = decimals[text] = Literal(text, datatype=XSD.decimal)
        return found

    for iri in entity_graph.entities:
        node = URIRef(iri)
        scores = analytics.centrality[iri]
        number = analytics.community_of[iri]
        if number not in communities:
            communities[number] = community_iri(number)
        graph.add((node, degree, decimal(scores.degree)))
        graph.add((node, betweenness, decimal(scores.betweenness)))
        graph.add((node, pagerank, decimal(scores.pagerank)))
        graph.add((node, member, communities[number]))
    for number, members in enumerate(analytics.communities, start=1):
        node = community_iri(number)
        graph.add((node, RDF.type, KGO.Community))
        graph.add((node, RDFS.label, Literal(f"communauté {number}", lang="fr")))
        graph.add((node, KGO.communitySize, Literal(len(members), datatype=XSD.integer)))
    for link in analytics.links:
        node = suggestion_iri(link.source, link.target)
        graph.add((node, RDF.type, KGO.SuggestedLink))
        graph.add((node, KGO.linkSource, URIRef(link.source)))
        graph.add((node, KGO.linkTarget, URIRef(link.target)))
        graph.add((node, KGO.linkScore, _decimal(link.score)))
        graph.add((node, KGO.linkMethod, Literal(LINK_METHOD)))
        for shared in link.shared:
            graph.add((node, KGO.sharedNeighbour, URIRef(shared)))
    return graph


def to_rdf(entity_graph: EntityGraph, analytics: Analytics) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in analytics_triples(entity_graph, analytics):
        graph.add(triple)
    return graph


PREFIXES = {
    "community": COMMUNITY, "ent": ENT, "kgo": KGO, "rdf": RDF, "rdfs": RDFS, "suggestion": SUGGESTION, "xsd": XSD,
}  # fmt: skip


def turtle(triples: set[tuple]) -> str:
    """The triples as sorted Turtle under our prefixes, by Oxigraph (rdflib takes seconds per 10,000 triples)."""
    from kg.rdf.graph import Quads
    from kg.rdf.publish.files import Rendering

    quads = Quads()
    quads.default.update(triples)
    return Rendering(quads).turtle({prefix: str(ns) for prefix, ns in PREFIXES.items()})


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([printable(v, keep="\t\n\r") if isinstance(v, str) else v for v in row] for row in rows)
    return buffer.getvalue()


def centrality_csv(entity_graph: EntityGraph, analytics: Analytics) -> str:
    rows = []
    for iri in analytics.ranking:
        entity, scores = entity_graph.entities[iri], analytics.centrality[iri]
        rows.append(
            [
                iri,
                entity.label,
                entity.kind,
                f"{scores.degree:.6f}",
                f"{scores.betweenness:.6f}",
                f"{scores.pagerank:.6f}",
                analytics.community_of[iri],
            ]
        )
    return _csv(["entity", "label", "class", "degree", "betweenness", "pagerank", "community"], rows)


def communities_csv(entity_graph: EntityGraph, analytics: Analytics) -> str:
    rows = []
    for number, members in enumerate(analytics.communities, start=1):
        for iri in members:
            entity = entity_graph.entities[iri]
            rows.append([number, len(members), iri, entity.label, entity.kind])
    return _csv(["community", "size", "entity", "label", "class"], rows)


def suggested_links_csv(entity_graph: EntityGraph, analytics: Analytics) -> str:
    rows = []
    for rank, link in enumerate(analytics.links, start=1):
        labels = "; ".join(entity_graph.entities[n].label for n in link.shared)
        rows.append(
            [
                rank,
                link.source,
                entity_graph.entities[link.source].label,
                link.target,
                entity_graph.entities[link.target].label,
                f"{link.score:.6f}",
                LINK_METHOD,
                " ".join(link.shared),
                labels,
            ]
        )
    header = ["rank", "source", "source_label", "target", "target_label", "score", "method", "shared", "shared_labels"]
    return _csv(header, rows)


def md(text: str) -> str:
    """Article text made inert in Markdown: control characters shown as escapes (kg.io.printable), HTML
    escaped, Markdown punctuation backslashed.

    >>> md("<b>A|B</b> *x*")
    '&lt;b&gt;A\\\\|B&lt;/b&gt; \\\\*x\\\\*'
    """
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", html.escape(printable(text), quote=False))


def report_markdown(entity_graph: EntityGraph, analytics: Analytics) -> str:
    entities = entity_graph.entities
    groups = [g for g in analytics.communities if len(g) > 1]
    alone = sum(1 for g in analytics.communities if len(g) == 1)
    lines = [
        "# Analyse du graphe",
        "",
        f"{len(entities)} entités, {len(entity_graph.relations)} relations distinctes, "
        f"{len(groups)} communautés de deux entités ou plus, {alone} entités isolées.",
        "Mesures sur le graphe non orienté simple (une arête par paire liée) : degré et intermédiarité normalisés"
        + (f" (intermédiarité estimée sur {analytics.betweenness_pivots} pivots tirés avec une graine fixe)"
           if analytics.betweenness_pivots else "")
        + ", PageRank (amortissement 0,85), communautés de Louvain (graine fixe), "
        "liens suggérés par l'indice d'Adamic-Adar.",
        "",
        "## Acteurs centraux par classe",
    ]
    for coarse in COARSE_CLASSES:
        ranked = [iri for iri in analytics.ranking if entities[iri].coarse == coarse][:TOP_PER_CLASS]
        if not ranked:
            continue
        lines += [
            "",
            f"### {md(entity_graph.class_labels.get(coarse, coarse).capitalize())}",
            "",
            "| entité | classe | degré | intermédiarité | PageRank | communauté |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for iri in ranked:
            entity, scores = entities[iri], analytics.centrality[iri]
            lines.append(
                f"| {md(entity.label)} | {md(entity_graph.class_labels.get(entity.kind, entity.kind))} "
                f"| {scores.degree:.3f} | {scores.betweenness:.3f} | {scores.pagerank:.3f} "
                f"| {analytics.community_of[iri]} |"
            )
    lines += ["", "## Communautés", ""]
    if not groups:
        lines.append("Aucune communauté de plus d'une entité.")
    rank = {iri: position for position, iri in enumerate(analytics.ranking)}
    for number, members in enumerate(analytics.communities, start=1):
        if len(members) < 2:
            continue
        ordered = sorted(members, key=rank.__getitem__)
        names = ", ".join(md(entities[iri].label) for iri in ordered)
        lines.append(f"- **communauté {number}** ({len(members)} entités) : {names}")
    lines += ["", "## Liens suggérés", ""]
    if not analytics.links:
        lines.append("Aucune paire non liée n'a de voisin commun.")
    else:
        lines += ["| entité | entité | score | voisins communs |", "| --- | --- | --- | --- |"]
        for link in analytics.links:
            shared = ", ".join(md(entities[n].label) for n in link.shared)
            lines.append(
                f"| {md(entities[link.source].label)} | {md(entities[link.target].label)} "
                f"| {link.score:.3f} | {shared} |"
            )
    return "\n".join(lines) + "\n"


def write_analytics(entity_graph: EntityGraph, analytics: Analytics, out_dir: Path) -> dict[str, Path]:
    """Render every analytics file, then write each atomically; returns name -> path."""
    with bulk_allocation():
        rendered = _rendered(entity_graph, analytics)
    written = {}
    for name, text in rendered.items():
        atomic_write(out_dir / name, text)
        written[name] = out_dir / name
    return written


def _rendered(entity_graph: EntityGraph, analytics: Analytics) -> dict[str, str]:
    return {
        "analytics.ttl": turtle(analytics_triples(entity_graph, analytics)),
        "report.md": report_markdown(entity_graph, analytics),
        "centrality.csv": centrality_csv(entity_graph, analytics),
        "communities.csv": communities_csv(entity_graph, analytics),
        "suggested_links.csv": suggested_links_csv(entity_graph, analytics),
    }
