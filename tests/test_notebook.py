"""notebooks/explore.ipynb runs top to bottom on the seeds build; a cell that raises fails this test."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "explore.ipynb"


def kernel_for_this_python(tmp_path: Path, monkeypatch) -> str:
    """A kernelspec that runs this interpreter (the venv's), found first whatever else is installed."""
    spec = tmp_path / "jupyter" / "kernels" / "kg-venv"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "kg", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "kg-venv"


def outputs(notebook) -> list[dict]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def test_explore_notebook_runs_on_the_seeds(built_seeds, tmp_path, monkeypatch):
    import matplotlib.font_manager  # noqa: F401  (a first import builds the font cache, with a message; not in the notebook)

    monkeypatch.setenv("KG_NOTEBOOK_OUT", str(built_seeds))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=kernel_for_this_python(tmp_path, monkeypatch),
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    shown = outputs(notebook)
    assert [o for o in shown if o.get("name") == "stderr" or o.get("output_type") == "error"] == []  # no warning
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in shown)
    assert "Warning" not in text
    assert f"loading the graph built in {built_seeds}" in text
    assert "Who sued whom, and when?" in text and "ent:lokitorrent" in text
    frames = [o["data"]["text/html"] for o in shown if 'class="dataframe"' in o.get("data", {}).get("text/html", "")]
    assert len(frames) >= 9  # the questions, the facts, the events, the actions per year, the centrality
    assert any("ent:torrentspy" in f and "ent:pays-bas" in f for f in frames)  # hosting.rq
    assert sum("image/png" in o.get("data", {}) for o in shown) == 2  # the timeline and the actions per year
    assert "the same PageRank as centrality.csv: True" in text  # every entity counted, as report.md does
    html = [o["data"]["text/html"] for o in notebook.cells[-1].get("outputs", []) if "text/html" in o.get("data", {})]
    if (built_seeds / "graph.html").is_file():
        assert html and html[0].startswith("<iframe srcdoc=")
    assert NOTEBOOK.read_text(encoding="utf-8").count('"outputs": []') == sum(
        c.cell_type == "code" for c in nbformat.read(NOTEBOOK, as_version=4).cells
    )  # the committed notebook carries no outputs


def test_timeline_places_partial_dates_by_what_they_say(built_seeds):
    """timeline.rq: dates with a year in calendar order, then a day and month without a year, then undated."""
    from kg.sparql.query import load_query, run
    from kg.sparql.terms import parse_param

    query = load_query(str(REPO / "queries" / "timeline.rq"))
    answer = run(query, store_dir=built_seeds / "store", params=dict([parse_param("entity=ent:torrentspy")]))
    dates = [row[0].value if row[0] else "" for row in answer.rows]
    assert "--05-29" in dates and any(d[:4].isdigit() for d in dates)
    rank = [0 if d[:4].isdigit() else 1 if d.startswith("--") else 2 for d in dates]
    assert rank == sorted(rank)
    dated = [d for d in dates if d[:4].isdigit()]
    assert dated == sorted(dated)
