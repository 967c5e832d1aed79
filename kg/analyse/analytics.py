"""All the figures of one entity graph, computed once: centralities, communities, suggested links."""

from __future__ import annotations

from dataclasses import dataclass

from kg.allocation import bulk_allocation
from kg.analyse.centrality import Centrality, betweenness_pivots, centralities, rank_by_pagerank
from kg.analyse.communities import communities, membership
from kg.analyse.entity_graph import EntityGraph, simple_projection, to_networkx
from kg.analyse.links import SuggestedLink, suggest_links

SUGGESTED_LINKS = 20  # how many suggestions the report, CSV and RDF keep


@dataclass(frozen=True)
class Analytics:
    centrality: dict[str, Centrality]  # by entity IRI
    ranking: tuple[str, ...]  # entity IRIs, most central first
    communities: tuple[tuple[str, ...], ...]  # community n is communities[n - 1]
    community_of: dict[str, int]
    links: tuple[SuggestedLink, ...]
    betweenness_pivots: int = 0  # 0: exact; else the number of sampled source nodes


def analyse(entity_graph: EntityGraph, link_limit: int = SUGGESTED_LINKS) -> Analytics:
    """Run every algorithm on the simple undirected projection of the entity graph."""
    with bulk_allocation():
        return _analyse(entity_graph, link_limit)


def _analyse(entity_graph: EntityGraph, link_limit: int) -> Analytics:
    simple = simple_projection(to_networkx(entity_graph))
    scores = centralities(simple)
    groups = communities(simple)
    return Analytics(
        centrality=scores,
        ranking=tuple(rank_by_pagerank(scores)),
        communities=tuple(groups),
        community_of=membership(groups),
        links=tuple(suggest_links(simple, limit=link_limit)),
        betweenness_pivots=betweenness_pivots(simple.number_of_nodes()),
    )
