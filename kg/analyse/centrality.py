"""Degree, betweenness and PageRank centrality of the simple undirected entity graph."""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Centrality:
    degree: float
    betweenness: float
    pagerank: float


EXACT_BETWEENNESS_UP_TO = 1000  # nodes; exact betweenness is O(nodes x edges)
BETWEENNESS_PIVOTS = 300  # source nodes sampled above that size (seeded: the estimate is reproducible)
BETWEENNESS_SEED = 6


def betweenness_pivots(nodes: int) -> int:
    """How many pivots betweenness samples for a graph of this size; 0 means exact.

    >>> betweenness_pivots(46), betweenness_pivots(2000)
    (0, 300)
    """
    return 0 if nodes <= EXACT_BETWEENNESS_UP_TO else BETWEENNESS_PIVOTS


def centralities(graph: nx.Graph, pivots: int | None = None) -> dict[str, Centrality]:
    """Normalised degree, normalised betweenness and PageRank (damping 0.85) of every node.

    Undirected on purpose: an actor matters by how many facts it takes part in, whichever
    side of the relation it stands on (a court orders, a site is blocked). Betweenness is
    exact, or estimated from `pivots` seeded source nodes (default: betweenness_pivots).

    >>> scores = centralities(nx.path_graph(["a", "b", "c"]))
    >>> scores["b"].degree, scores["b"].betweenness, round(scores["b"].pagerank, 3)
    (1.0, 1.0, 0.486)
    """
    if graph.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(graph)
    pivots = betweenness_pivots(graph.number_of_nodes()) if pivots is None else pivots
    betweenness = betweenness_scores(graph, pivots)
    pagerank = pagerank_scores(graph)
    return {node: Centrality(degree[node], betweenness[node], pagerank[node]) for node in graph.nodes}


def betweenness_scores(graph: nx.Graph, pivots: int = 0) -> dict[str, float]:
    """``nx.betweenness_centrality(graph, k=pivots or None, normalized=True, seed=BETWEENNESS_SEED)``, the same
    floats in the same order (Brandes' algorithm, the same sums in the same sequence), computed over integer
    adjacency lists and with each source's work limited to the nodes it reaches: networkx sets up every node of
    the graph for every source, and most of a large entity graph lies in other components than the source's.

    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> betweenness_scores(g) == nx.betweenness_centrality(g, normalized=True)
    True
    """
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = [[index[w] for w in graph[v]] for v in nodes]
    scores = [0.0] * len(nodes)
    if pivots and pivots < len(nodes):
        sources = [index[v] for v in random.Random(BETWEENNESS_SEED).sample(nodes, pivots)]
    else:
        sources, pivots = list(range(len(nodes))), 0
    for s in sources:
        order: list[int] = []
        preds: dict[int, list[int]] = {s: []}
        sigma = {s: 1.0}
        dist = {s: 0}
        queue = deque([s])
        while queue:  # breadth first, counting shortest paths
            v = queue.popleft()
            order.append(v)
            after, paths = dist[v] + 1, sigma[v]
            for w in adjacency[v]:
                if w not in dist:
                    queue.append(w)
                    dist[w], sigma[w], preds[w] = after, 0.0, []
                if dist[w] == after:
                    sigma[w] += paths
                    preds[w].append(v)
        delta = dict.fromkeys(order, 0)
        while order:  # dependencies, back from the farthest nodes
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                scores[w] += delta[w]
    pairs = len(nodes) - 1  # endpoints left out
    if pairs >= 2:
        if not pivots:
            scale = 1 / (pairs * (pairs - 1))
            scores = [b * scale for b in scores] if scale != 1 else scores
        else:
            sampled = set(sources)
            of_source = 1 / ((pivots - 1) * (pairs - 1)) if pivots > 1 else math.nan
            other = 1 / (pivots * (pairs - 1))
            scores = [b * (of_source if i in sampled else other) for i, b in enumerate(scores)]
    return dict(zip(nodes, scores, strict=True))


def pagerank_scores(graph: nx.Graph, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """PageRank by power iteration over the adjacency lists (nx.pagerank needs scipy, which kg does not).

    Same definition as nx.pagerank and nx.google_matrix: damping alpha, uniform teleport,
    dangling nodes spread uniformly; memory stays linear in the graph's size.

    >>> {k: round(v, 3) for k, v in pagerank_scores(nx.path_graph(["a", "b", "c"])).items()}
    {'a': 0.257, 'b': 0.486, 'c': 0.257}
    """
    nodes = list(graph.nodes)
    count = len(nodes)
    if not count:
        return {}
    degree = {node: graph.degree(node) for node in nodes}
    scores = dict.fromkeys(nodes, 1.0 / count)
    for _ in range(max_iter):
        dangling = alpha * sum(scores[n] for n in nodes if degree[n] == 0) / count
        updated = dict.fromkeys(nodes, (1.0 - alpha) / count + dangling)
        for node in nodes:
            if degree[node]:
                share = alpha * scores[node] / degree[node]
                for neighbour in graph.neighbors(node):
                    updated[neighbour] += share
        converged = sum(abs(updated[n] - scores[n]) for n in nodes) < count * tol
        scores = updated
        if converged:
            break
    return scores


def rank_by_pagerank(scores: dict[str, Centrality]) -> list[str]:
    """Nodes from the most to the least central: PageRank, then degree, then the node id for ties.

    >>> rank_by_pagerank({"a": Centrality(0.5, 0, 0.2), "b": Centrality(1, 1, 0.6), "c": Centrality(0.5, 0, 0.2)})
    ['b', 'a', 'c']
    """
    return sorted(scores, key=lambda n: (-round(scores[n].pagerank, 9), -scores[n].degree, n))
