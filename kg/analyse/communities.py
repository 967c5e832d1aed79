"""Communities of the entity graph: Louvain with a fixed seed, numbered in a stable order."""

from __future__ import annotations

import networkx as nx

LOUVAIN_SEED = 6  # any fixed value; a fixed one makes the partition reproducible


def communities(graph: nx.Graph, seed: int = LOUVAIN_SEED) -> list[tuple[str, ...]]:
    """Louvain communities, each sorted, largest first (ties: by first member); isolated nodes are singletons.

    The graph's node order matters to Louvain: build it in sorted order (simple_projection does).

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> communities(g)
    [('a', 'b', 'c'), ('x', 'y', 'z')]
    """
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, seed=seed)
    groups = [tuple(sorted(group)) for group in found]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def membership(groups: list[tuple[str, ...]]) -> dict[str, int]:
    """Node -> community number (1 for the largest).

    >>> membership([("a", "b"), ("c",)])
    {'a': 1, 'b': 1, 'c': 2}
    """
    return {node: number for number, group in enumerate(groups, start=1) for node in group}
