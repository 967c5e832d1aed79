"""A plain, non-editable install works (#17): the wheel ships the ontology and the shapes, and every command
finds them. The wheel is built from a copy of the tree and installed with --no-deps into a fresh venv that
sees this environment's packages (so the test stays fast and needs no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _offline_build_tools() -> bool:
    try:
        import setuptools
        import wheel  # noqa: F401
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 68


def test_packaged_ontology_is_the_projects_ontology():
    for name in ("kg.ttl", "shapes.ttl"):
        assert (REPO / "kg" / "ontology" / name).read_bytes() == (REPO / "ontology" / name).read_bytes(), name


@pytest.fixture(scope="module")
def wheel_file(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("kg", "ontology"):
        shutil.copytree(REPO / name, source / name, symlinks=True, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    isolation = ["--no-build-isolation"] if _offline_build_tools() else []
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = dist.glob("kg-*.whl")
    return found


def test_wheel_holds_the_ontology_the_shapes_and_the_data(wheel_file):
    with zipfile.ZipFile(wheel_file) as archive:
        names = set(archive.namelist())
        for name in ("kg.ttl", "shapes.ttl"):
            assert archive.read(f"kg/ontology/{name}") == (REPO / "ontology" / name).read_bytes()
    assert {"kg/data/predicates.json", "kg/render/page.js"} <= names


def test_installed_wheel_builds_validates_and_queries(wheel_file, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )
    # this environment's packages after the venv's own; its .pth files (the editable kg) are not read
    (site / "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
         str(wheel_file)],
        check=True, capture_output=True, timeout=300,
    )
    work = tmp_path / "elsewhere"  # not the checkout: nothing of the source tree is in reach
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KG_CACHE_DIR")}
    where = subprocess.run([str(python), "-c", "import kg; print(kg.__file__)"], cwd=work, env=env,
                           check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(venv)), where
    kg = str(venv / "bin" / "kg")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([kg, *args], cwd=work, env=env, capture_output=True, text=True, timeout=600)

    build = run("build", str(REPO / "seeds"), "--out", "out", "-q")
    assert build.returncode == 0, build.stderr
    assert "conforms" in build.stderr
    assert (work / "out" / "graph.html").stat().st_size > 0
    validate = run("validate", "out/graph.ttl")
    assert validate.returncode == 0, validate.stderr
    query = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a schema:NewsArticle }", "--store", "out/store",
                "--format", "csv")
    assert query.returncode == 0 and query.stdout.split() == ["n", "5"], query.stderr
    analyse = run("analyse", "out/graph.ttl", "--out", "again")
    assert analyse.returncode == 0 and (work / "again" / "report.md").is_file(), analyse.stderr
