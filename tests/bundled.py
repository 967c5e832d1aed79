"""The bundled queries (queries/*.rq) and the parameters each needs on the seeds graph."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERIES = sorted((REPO / "queries").glob("*.rq"))
PARAMS = {
    "about.rq": "entity=ent:torrentspy",
    "timeline.rq": "entity=ent:torrentspy",
    "article.rq": "article=art:002-4773fa394c0fe462",
}
