"""Degree, betweenness and PageRank centrality of the simple undirected entity graph.

Betweenness is exact up to EXACT_BETWEENNESS_UP_TO nodes, else estimated from BETWEENNESS_PIVOTS source nodes
drawn with a fixed seed (networkx's estimator, the same sources). Betweenness and PageRank run over numpy
arrays (a breadth-first level, a power iteration step at a time): the same definitions as networkx, equal to
its floats but for the last bits (the sums run in another order), and the same floats for the same graph.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import networkx as nx
import numpy as np


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


def _adjacency(graph: nx.Graph, nodes: list) -> tuple[np.ndarray, np.ndarray]:
    """The graph's adjacency lists as CSR arrays over node indices: (offsets, neighbours)."""
    index = {node: i for i, node in enumerate(nodes)}
    lists = [[index[w] for w in graph[v]] for v in nodes]
    offsets = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in lists], out=offsets[1:])
    neighbours = np.fromiter((w for a in lists for w in a), dtype=np.int64, count=int(offsets[-1]))
    return offsets, neighbours


def betweenness_scores(graph: nx.Graph, pivots: int = 0) -> dict[str, float]:
    """``nx.betweenness_centrality(graph, k=pivots or None, normalized=True, seed=BETWEENNESS_SEED)``: the same
    sampled sources (pivots) and the same definition (Brandes' algorithm), with each source's breadth-first
    search and its dependencies computed a level at a time over numpy arrays, not a node at a time in Python.
    The sums run in another order than networkx's, so a score may differ from networkx's in its last bits
    (the outputs keep six decimals); the same graph always gives the same floats.

    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> betweenness_scores(g) == nx.betweenness_centrality(g, normalized=True)
    True
    """
    nodes = list(graph)
    count = len(nodes)
    if pivots and pivots < count:
        index = {node: i for i, node in enumerate(nodes)}
        sources = [index[v] for v in random.Random(BETWEENNESS_SEED).sample(nodes, pivots)]
    else:
        sources, pivots = list(range(count)), 0
    offsets, neighbours = _adjacency(graph, nodes)
    scores = np.zeros(count)
    for s in sources:
        scores += _dependencies(s, offsets, neighbours, count)
    pairs = count - 1  # endpoints left out
    if pairs >= 2:
        if not pivots:
            scale = 1 / (pairs * (pairs - 1))
            if scale != 1:
                scores *= scale
        else:
            sampled = np.zeros(count, dtype=bool)
            sampled[sources] = True
            of_source = 1 / ((pivots - 1) * (pairs - 1)) if pivots > 1 else math.nan
            other = 1 / (pivots * (pairs - 1))
            scores = np.where(sampled, scores * of_source, scores * other)
    return dict(zip(nodes, scores.tolist(), strict=True))


def _dependencies(source: int, offsets: np.ndarray, neighbours: np.ndarray, count: int) -> np.ndarray:
    """Brandes' dependency of the source on every node (0 for the source itself), level by level."""
    dist = np.full(count, -1, dtype=np.int64)
    sigma = np.zeros(count)
    dist[source], sigma[source] = 0, 1.0
    frontier = np.array([source], dtype=np.int64)
    levels: list[tuple[np.ndarray, np.ndarray]] = []  # per level: (node, predecessor) of its shortest-path edges
    depth = 0
    while frontier.size:
        starts, sizes = offsets[frontier], offsets[frontier + 1] - offsets[frontier]
        total = int(sizes.sum())
        if not total:
            break
        before = np.repeat(frontier, sizes)
        firsts = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
        after = neighbours[np.arange(total) + firsts]
        fresh = dist[after] < 0
        dist[after[fresh]] = depth + 1
        on_path = dist[after] == depth + 1
        after, before = after[on_path], before[on_path]
        if not after.size:
            break
        np.add.at(sigma, after, sigma[before])
        levels.append((after, before))
        frontier = np.flatnonzero(dist == depth + 1)  # the next level, sorted (cheaper than np.unique at scale)
        depth += 1
    delta = np.zeros(count)
    for after, before in reversed(levels):  # dependencies, back from the farthest nodes
        np.add.at(delta, before, sigma[before] * ((1 + delta[after]) / sigma[after]))
    delta[source] = 0.0
    return delta


def pagerank_scores(graph: nx.Graph, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """PageRank by power iteration over the adjacency arrays (nx.pagerank needs scipy, which kg does not).

    Same definition as nx.pagerank and nx.google_matrix: damping alpha, uniform teleport,
    dangling nodes spread uniformly; memory stays linear in the graph's size.

    >>> {k: round(v, 3) for k, v in pagerank_scores(nx.path_graph(["a", "b", "c"])).items()}
    {'a': 0.257, 'b': 0.486, 'c': 0.257}
    """
    nodes = list(graph.nodes)
    count = len(nodes)
    if not count:
        return {}
    offsets, targets = _adjacency(graph, nodes)
    degree = np.array([graph.degree(node) for node in nodes], dtype=float)
    sources = np.repeat(np.arange(count), np.diff(offsets))
    dangling = degree == 0
    inverse = np.divide(alpha, degree, out=np.zeros(count), where=~dangling)
    scores = np.full(count, 1.0 / count)
    for _ in range(max_iter):
        base = (1.0 - alpha) / count + alpha * scores[dangling].sum() / count
        updated = np.bincount(targets, weights=(scores * inverse)[sources], minlength=count) + base
        converged = np.abs(updated - scores).sum() < count * tol
        scores = updated
        if converged:
            break
    return dict(zip(nodes, scores.tolist(), strict=True))


def rank_by_pagerank(scores: dict[str, Centrality]) -> list[str]:
    """Nodes from the most to the least central: PageRank, then degree, then the node id for ties.

    >>> rank_by_pagerank({"a": Centrality(0.5, 0, 0.2), "b": Centrality(1, 1, 0.6), "c": Centrality(0.5, 0, 0.2)})
    ['b', 'a', 'c']
    """
    return sorted(scores, key=lambda n: (-round(scores[n].pagerank, 9), -scores[n].degree, n))
