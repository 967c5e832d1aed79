"""The analytics and the page of an entity graph, as one job a worker process runs beside the SHACL check.

A build reads the entity graph from its quads (kg.analyse.entity_graph), then hands it to one spawned
process, which computes the analytics and writes their files and graph.html, while the build checks the
graph against the shapes: on two cores the two take the time of the longer one. The process is started
(warm()) while the graph is being written, so that its imports (networkx, numpy, the page) are done by then.
"""

from __future__ import annotations

from pathlib import Path

from kg.analyse.entity_graph import EntityGraph
from kg.wording import counted


def warm() -> None:
    """Import what render_entity_graph needs (run first in the worker)."""
    import kg.analyse.analytics  # noqa: F401
    import kg.analyse.report  # noqa: F401
    import kg.render.page  # noqa: F401


def render_entity_graph(
    entity_graph: EntityGraph, out_dir: Path, analyse: bool = True, html: bool = True, top: int = 0
) -> list[str]:
    """Analytics files and/or graph.html of an entity graph into out_dir; one note line per output."""
    from kg.analyse.analytics import analyse as run_analytics

    analytics = run_analytics(entity_graph)
    notes = []
    if analyse:
        from kg.analyse.report import write_analytics

        write_analytics(entity_graph, analytics, out_dir)
        groups = sum(1 for g in analytics.communities if len(g) > 1)
        notes.append(
            f"analytics: {counted(len(entity_graph.entities), 'entity', 'entities')}, "
            f"{counted(groups, 'community', 'communities')} of 2 or more, "
            f"{counted(len(analytics.links), 'suggested link')} -> report.md, analytics.ttl, "
            "centrality.csv, communities.csv, suggested_links.csv"
        )
    if html:
        from kg.render.page import page_note, write_page

        summary = write_page(entity_graph, analytics, out_dir / "graph.html", top=top)
        notes.append(page_note(summary))
    return notes


class AnalyticsWorker:
    """One spawned process for render_entity_graph: started (and warmed) early, given the entity graph later."""

    def __init__(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._pool.submit(warm)

    def submit(self, entity_graph: EntityGraph, out_dir: Path, analyse: bool, html: bool, top: int):
        """A future of render_entity_graph's notes."""
        return self._pool.submit(render_entity_graph, entity_graph, out_dir, analyse, html, top)

    def close(self) -> None:
        """Wait for a job still running (it writes into the build's folder), then end the process."""
        self._pool.shutdown(wait=True, cancel_futures=True)
