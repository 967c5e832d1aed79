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


def test_explore_notebook_runs_on_the_seeds(built_seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_NOTEBOOK_OUT", str(built_seeds))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=kernel_for_this_python(tmp_path, monkeypatch),
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    text = "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    assert f"loading the graph built in {built_seeds}" in text
    assert "Who sued whom, and when?" in text and "ent:lokitorrent" in text
    assert any(
        line.split()[:3] == ["ent:torrentspy", "ent:pays-bas", "ent:pays-bas"] for line in text.splitlines()
    )  # hosting.rq: TorrentSpy hosted in the Netherlands
    assert "entity" in text and "pageRank" in text and "ent:torrentspy" in text
    html = [
        output["data"]["text/html"]
        for output in notebook.cells[-1].get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    if (built_seeds / "graph.html").is_file():
        assert html and html[0].startswith("<iframe srcdoc=")
    assert NOTEBOOK.read_text(encoding="utf-8").count('"outputs": []') == sum(
        c.cell_type == "code" for c in nbformat.read(NOTEBOOK, as_version=4).cells
    )  # the committed notebook carries no outputs
