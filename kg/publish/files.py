"""Serialise a dataset to Turtle, N-Quads and JSON-LD, atomically and byte-stably.

Every file is written to a temporary file in the same folder and renamed at the
end, so an interrupted build leaves the previous outputs intact. rdflib's
N-Quads and JSON-LD orders vary between runs, so both are canonicalised
(sorted lines; sorted keys and nodes) before writing.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.vocab import PREFIXES


def atomic_write(path: Path, data: str) -> None:
    """Write text to path through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; published files follow the umask
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def union_graph(ds: Dataset) -> Graph:
    graph = Graph()
    for prefix, namespace in ds.namespaces():
        graph.bind(prefix, namespace)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def to_turtle(ds: Dataset) -> str:
    return union_graph(ds).serialize(format="turtle")


def to_nquads(ds: Dataset) -> str:
    lines = sorted(set(ds.serialize(format="nquads").splitlines()))
    return "\n".join(line for line in lines if line.strip()) + "\n"


def _canonical_jsonld(value):
    if isinstance(value, dict):
        return {k: _canonical_jsonld(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(ds: Dataset) -> str:
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    data = json.loads(union_graph(ds).serialize(format="json-ld", context=context, auto_compact=True))
    graph = data.get("@graph", [data])
    document = {"@context": context, "@graph": _canonical_jsonld([n for n in graph if n != context])}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_outputs(ds: Dataset, out_dir: Path) -> dict[str, Path]:
    """Serialise all formats first, then rename each into place."""
    rendered = {
        "graph.ttl": to_turtle(ds),
        "graph.nq": to_nquads(ds),
        "graph.jsonld": to_jsonld(ds),
    }
    written = {}
    for name, text in rendered.items():
        atomic_write(out_dir / name, text)
        written[name] = out_dir / name
    return written
