"""The shape of the tree (#16): small modules, rules and pages as data files, not Python literals.

Every module of kg/, the extractors included: at most 500 lines, no string over 3,000 characters, no table of
more than 12 words written in Python (word lists live in kg/data/).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
MAX_LINES = 500
MAX_STRING = 3000
MAX_TABLE = 12


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _word_table(node: ast.AST) -> int:
    """How many strings a literal table holds (0 when it is no table of strings)."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    if isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) for v in node.values):
        return sum(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys)  # a lookup table
    if (  # "le la les ...".split()
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return len(node.func.value.value.split())
    return 0


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_is_small_and_holds_no_data(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert len(node.value) <= MAX_STRING, f"line {node.lineno}: a {len(node.value)}-character string"
        assert _word_table(node) <= MAX_TABLE, f"line {node.lineno}: a table of {_word_table(node)} strings"


def test_page_files_ship_with_the_package():
    folder = resources.files("kg.render")
    for name in ("page.html", "page.css", "page.js", "colours.json"):
        assert folder.joinpath(name).is_file(), name
    html = folder.joinpath("page.html").read_text(encoding="utf-8")
    for slot in ("/*VIS-STYLE*/", "/*KG-STYLE*/", "/*KG-DATA*/", "/*VIS-SCRIPT*/", "/*KG-SCRIPT*/"):
        assert html.count(slot) == 1, slot


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_page_script_parses():
    script = Path(str(resources.files("kg.render").joinpath("page.js")))
    result = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_analyse_does_not_import_render_or_the_command_line():
    """The arrows run down the pipeline: analyse knows nothing of the page or of argparse."""
    for path in sorted((PACKAGE / "analyse").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("kg.render", "kg.cli", "kg.pipeline")), path.name
            if isinstance(node, ast.Import):
                assert all(a.name != "argparse" for a in node.names), path.name
