"""Suggested missing links: Adamic-Adar on the simple undirected graph, with the shared neighbours."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

LINK_METHOD = "adamic-adar"


@dataclass(frozen=True)
class SuggestedLink:
    source: str  # the smaller node id of the pair
    target: str
    score: float
    shared: tuple[str, ...]  # the common neighbours that justify it, sorted


def candidate_pairs(graph: nx.Graph) -> list[tuple[str, str]]:
    """Unlinked pairs with at least one common neighbour (every other pair scores 0), sorted.

    >>> candidate_pairs(nx.path_graph(["a", "b", "c"]))
    [('a', 'c')]
    """
    pairs = set()
    for middle in graph.nodes:
        neighbours = sorted(n for n in graph.neighbors(middle) if n != middle)
        for i, first in enumerate(neighbours):
            for second in neighbours[i + 1 :]:
                if not graph.has_edge(first, second):
                    pairs.add((first, second))
    return sorted(pairs)


def suggest_links(graph: nx.Graph, limit: int = 20) -> list[SuggestedLink]:
    """The `limit` best unlinked pairs by Adamic-Adar index, best first (ties: by node ids).

    >>> star = nx.Graph([("hub", "a"), ("hub", "b"), ("a", "x"), ("b", "x")])
    >>> [(s.source, s.target, round(s.score, 3), s.shared) for s in suggest_links(star)]
    [('a', 'b', 2.885, ('hub', 'x')), ('hub', 'x', 2.885, ('a', 'b'))]
    """
    pairs = candidate_pairs(graph)
    scored = [
        SuggestedLink(u, v, score, tuple(sorted(nx.common_neighbors(graph, u, v))))
        for u, v, score in nx.adamic_adar_index(graph, pairs)
    ]
    scored.sort(key=lambda link: (-round(link.score, 9), link.source, link.target))
    return scored[:limit]
