"""Suggested missing links: Adamic-Adar on the simple undirected graph, with the shared neighbours."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

LINK_METHOD = "adamic-adar"
HUB_DEGREE = 64  # neighbours; a node with more is a hub to suggest_links


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


def suggest_links(graph: nx.Graph, limit: int = 20, hub: int = HUB_DEGREE) -> list[SuggestedLink]:
    """The `limit` best unlinked pairs by Adamic-Adar index, best first (ties: by node ids).

    Every pair through a common neighbour is a candidate, and a hub of degree d makes d^2/2 of them (16
    million for a city at 10,000 articles). A hub adds little to a score (1/log d), so the pairs are first
    taken through the other nodes only, and scored; a pair whose common neighbours are all hubs scores at
    most the hub share of either end, and is scored too only where both ends' hub shares reach the last
    kept score. The links are those scoring all candidates would give, scored by networkx the same way.

    >>> star = nx.Graph([("hub", "a"), ("hub", "b"), ("a", "x"), ("b", "x")])
    >>> [(s.source, s.target, round(s.score, 3), s.shared) for s in suggest_links(star)]
    [('a', 'b', 2.885, ('hub', 'x')), ('hub', 'x', 2.885, ('a', 'b'))]
    """
    hubs = {n for n, degree in graph.degree() if degree > hub}
    pairs = _pairs_through(graph, [n for n in graph.nodes if n not in hubs])
    scored = _scored(graph, pairs)
    if hubs:
        floor = scored[limit - 1].score - 1e-6 if len(scored) >= limit else -1.0
        share = {n: sum(1 / math.log(graph.degree(h)) for h in graph.neighbors(n) if h in hubs and h != n)
                 for n in graph.nodes}
        rich = {n for n, total in share.items() if total >= floor}
        more = _pairs_through(graph, sorted(hubs), within=rich) - pairs
        scored = sorted(scored + _scored(graph, more), key=_rank)
    return scored[:limit]


def _rank(link: SuggestedLink) -> tuple:
    return (-round(link.score, 9), link.source, link.target)


def _pairs_through(graph: nx.Graph, middles: list, within: set | None = None) -> set[tuple[str, str]]:
    """Unlinked pairs of neighbours of the middles (of the nodes within only, when given)."""
    pairs = set()
    for middle in middles:
        neighbours = sorted(n for n in graph.neighbors(middle) if n != middle and (within is None or n in within))
        for i, first in enumerate(neighbours):
            for second in neighbours[i + 1 :]:
                if not graph.has_edge(first, second):
                    pairs.add((first, second))
    return pairs


def _scored(graph: nx.Graph, pairs: set[tuple[str, str]]) -> list[SuggestedLink]:
    """The pairs with their Adamic-Adar index (nx.adamic_adar_index's, summed over the common neighbours in
    sorted order, so that the float does not depend on the order of a set), best first."""
    neighbours: dict[str, set[str]] = {}
    weight: dict[str, float] = {}  # common neighbour -> 1 / log(its degree)
    scored = []
    for u, v in sorted(pairs):
        for node in (u, v):
            if node not in neighbours:
                neighbours[node] = set(graph.adj[node])
        shared = tuple(sorted(neighbours[u] & neighbours[v] - {u, v}))
        for w in shared:
            if w not in weight:
                weight[w] = 1 / math.log(graph.degree(w))
        scored.append(SuggestedLink(u, v, sum(weight[w] for w in shared), shared))
    scored.sort(key=_rank)
    return scored
