"""The extraction cache is keyed by extraction code and data only (#16): a colour in the page keeps it."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from kg.cache import EXTRACTION_SOURCES, PACKAGE, extraction_files, extraction_key


def fake_package(root: Path) -> Path:
    """A small tree shaped like kg/: extraction files and files of the other stages."""
    files = {
        "extract/article.py": "def extract(): ...\n",
        "extract/relations/rules.py": "RULES = []\n",
        "lexicon.py": "WORDS = ()\n",
        "records.py": "class Fact: ...\n",
        "data/relation_patterns.json": '{"patterns": []}\n',
        "data/predicates.json": '{"predicates": []}\n',
        "render/page.css": "body { color: #222; }\n",
        "render/page.py": "def render(): ...\n",
        "rdf/vocab.py": "BASE = 'x'\n",
        "cli/__init__.py": "def main(): ...\n",
        "pipeline.py": "def build(): ...\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_other_stages_do_not_change_the_key(tmp_path):
    root = fake_package(tmp_path / "kg")
    key = extraction_key(root, "spacy 3.8")
    assert extraction_key(root, "spacy 3.8") == key  # a pure function of the tree
    (root / "render" / "page.css").write_text("body { color: #c00; }\n", encoding="utf-8")
    (root / "render" / "page.py").write_text("def render(): return 1\n", encoding="utf-8")
    (root / "rdf" / "vocab.py").write_text("BASE = 'y'\n", encoding="utf-8")
    (root / "cli" / "__init__.py").write_text("def main(): return 0\n", encoding="utf-8")
    (root / "pipeline.py").unlink()
    (root / "extract" / "__pycache__").mkdir()
    (root / "extract" / "__pycache__" / "article.cpython-311.pyc").write_bytes(b"\0")
    assert extraction_key(root, "spacy 3.8") == key


def test_extraction_code_data_and_versions_change_the_key(tmp_path):
    root = fake_package(tmp_path / "kg")
    key = extraction_key(root, "spacy 3.8")
    assert extraction_key(root, "spacy 3.9") != key
    changes = [
        lambda: (root / "extract" / "relations" / "rules.py").write_text("RULES = [1]\n", encoding="utf-8"),
        lambda: (root / "data" / "relation_patterns.json").write_text('{"patterns": [1]}\n', encoding="utf-8"),
        lambda: (root / "lexicon.py").write_text("WORDS = ('x',)\n", encoding="utf-8"),
        lambda: (root / "records.py").write_text("class Fact: pass\n", encoding="utf-8"),
        lambda: (root / "extract" / "dates.py").write_text("\n", encoding="utf-8"),
        lambda: (root / "extract" / "dates.py").rename(root / "extract" / "times.py"),
    ]
    seen = {key}
    for change in changes:
        change()
        new = extraction_key(root, "spacy 3.8")
        assert new not in seen
        seen.add(new)


def test_the_key_of_the_installed_package_covers_extraction_only(tmp_path):
    names = {p.relative_to(PACKAGE).as_posix() for p in extraction_files(PACKAGE)}
    assert "extract/article.py" in names and "lexicon.py" in names and "data/relation_patterns.json" in names
    assert all(n.split("/")[0] in EXTRACTION_SOURCES for n in names)
    copy = tmp_path / "kg"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    key = extraction_key(copy, "v")
    css = copy / "render" / "page.css"
    css.write_text(css.read_text(encoding="utf-8").replace("#222", "#c00"), encoding="utf-8")
    assert extraction_key(copy, "v") == key


def test_extraction_imports_nothing_outside_its_key():
    """kg/extract, kg/lexicon.py and kg/records.py import no other kg module, so the key covers all they run."""
    allowed = ("kg.extract", "kg.lexicon", "kg.records")
    outside = []
    for path in extraction_files(PACKAGE):
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] if node.module != "kg" else [f"kg.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("kg.") and not name.startswith(allowed):
                    outside.append(f"{path.relative_to(PACKAGE)}: {name}")
    assert outside == []


def test_runtime_versions_name_the_model_and_spacy_extraction_loads():
    """The key's versions come from package metadata (no spaCy import): the same as spaCy's own."""
    import spacy
    from spacy.util import get_package_version

    from kg.cache import MODEL, runtime_versions
    from kg.extract.nlp import MODEL as LOADED

    assert MODEL == LOADED
    assert runtime_versions().endswith(f"spacy {spacy.__version__} {LOADED} {get_package_version(LOADED)}")
