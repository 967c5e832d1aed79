"""Per-article cache of extraction results, so a rebuild parses only what changed.

Key: sha256 of the article record (id, text and metadata; not the path it was
read from, so a moved corpus still hits). Entries live under a folder named
after the pipeline version, which hashes what shapes extraction and nothing else:
the extraction code and its data (kg/extract/**, kg/lexicon.py, kg/records.py,
kg/data/**), kg's version, and the spaCy and model versions. Any change to them
gives a new folder, so stale results are never read; a change to the page, the
RDF writers or the command line keeps the cache.

Where: ``$KG_CACHE_DIR/kg-cache`` if the variable is set (kg only ever writes in that subfolder of
the user's folder), else ``OUT/.cache``. kg marks a cache folder it makes with a ``CACHEDIR.TAG``
(the cache directory tagging standard) and each version folder with a ``.kg-cache`` file naming its
key; it removes only marked version folders of a marked root, and never uses a folder it did not
make (the build says so and runs without the cache). Values are JSON of the
:class:`~kg.records.ArticleFacts` record, rebuilt field by field from the
dataclass type hints (a field added later with a default reads fine), written
atomically. JSON rather than pickle: reading a shared cache folder never runs code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import types
import typing
from functools import cache, lru_cache
from pathlib import Path

import kg
from kg.io import atomic_write, published_folder
from kg.records import Article, ArticleFacts

PACKAGE = Path(kg.__file__).resolve().parent
CACHE_ENV = "KG_CACHE_DIR"
# What extraction reads, relative to the package folder: its code and its rule tables. kg/extract imports
# nothing else of kg (tests/test_cache_key.py checks it), so nothing else can change its results.
EXTRACTION_SOURCES = ("extract", "lexicon.py", "records.py", "data")


def extraction_files(root: Path) -> list[Path]:
    """The files under root that shape extraction, sorted (compiled files and hidden ones left out)."""
    found = []
    for name in EXTRACTION_SOURCES:
        path = root / name
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        found += [
            p
            for p in candidates
            if p.is_file()
            and p.suffix != ".pyc"
            and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(root).parts)
        ]
    return sorted(found)


def extraction_key(root: Path, runtime: str = "") -> str:
    """A short hash of the extraction files under root and of runtime (the versions of kg, spaCy and the model).

    A pure function of the files' names and bytes: the same tree gives the same key on any machine.
    """
    digest = hashlib.sha256(runtime.encode() + b"\0")
    for path in extraction_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# kg.extract.nlp.MODEL (tests/test_cache_key.py checks they agree), named here so that the key is computed
# without importing spaCy (2.8 s): a rebuild whose articles are all in the cache never loads it
MODEL = "fr_core_news_md"


def runtime_versions() -> str:
    """kg's, spaCy's and the model's versions, as one string (from the installed packages' metadata)."""
    from importlib.metadata import version

    return f"kg {kg.__version__} spacy {version('spacy')} {MODEL} {version(MODEL)}"


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The key of this installation: changes whenever anything that shapes extraction changes."""
    return extraction_key(PACKAGE, runtime_versions())


def article_key(article: Article) -> str:
    """sha256 of what extraction can see of the article: every field but the file it came from."""
    fields = {k: v for k, v in dataclasses.asdict(article).items() if k != "source"}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


CACHE_SUBFOLDER = "kg-cache"  # what kg makes inside $KG_CACHE_DIR
TAG_NAME = "CACHEDIR.TAG"
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# A cache of kg (per-article extraction results).\n"
VERSION_MARKER = ".kg-cache"  # in each version folder: the key it was made for


class CacheRefused(Exception):
    """The cache folder exists but kg did not make it: kg leaves it alone and builds without the cache."""


def cache_root(out_dir: Path) -> Path:
    """$KG_CACHE_DIR/kg-cache, else OUT/.cache (for a build writing a generation of OUT, OUT's own)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]) / CACHE_SUBFOLDER
    return published_folder(out_dir) / ".cache"


def _is_legacy_cache(root: Path) -> bool:
    """An OUT/.cache made by kg before the tag: its .gitignore "*" and version folders (16 hex digits) only."""
    try:
        if (root / ".gitignore").read_text(encoding="utf-8") != "*\n":
            return False
        entries = list(root.iterdir())
    except OSError:
        return False
    return all(
        p.name == ".gitignore" or (p.is_dir() and not p.is_symlink() and re.fullmatch(r"[0-9a-f]{16}", p.name))
        for p in entries
    )


def rebuild(kind: typing.Any, value: typing.Any, **given: typing.Any) -> typing.Any:
    """Turn JSON data back into the typed value ``kind`` describes (dataclasses, tuples, unions).

    Unknown keys are dropped and missing ones take the field's default; ``given`` fields of a
    dataclass are passed as they are.

    >>> from kg.records import Fact
    >>> rebuild(tuple[Fact, ...], [{"subject": "A", "predicate": "sues", "object": "B", "sentence": "A poursuit B.",
    ...     "start": 0, "end": 13, "rule": "r", "confidence": 0.9}])[0].tier
    'explicit'
    """
    return _reader(kind)(value, **given)


Reader = typing.Callable[..., typing.Any]


def _keep(value: typing.Any, **given: typing.Any) -> typing.Any:
    return value


@cache
def _reader(kind: typing.Any) -> Reader:
    """A function that rebuilds values of one type; made once per type (type hints are slow to resolve)."""
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = {f.name: _reader(hints[f.name]) for f in dataclasses.fields(kind)}

        def read_record(value: typing.Any, **given: typing.Any) -> typing.Any:
            if not isinstance(value, dict):
                return value
            return kind(**{k: fields[k](v) for k, v in value.items() if k in fields and k not in given}, **given)

        return read_record
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _reader(args[0])
            return lambda value, **_: tuple(item(v) for v in value) if isinstance(value, list) else value
        items = [_reader(a) for a in args]

        def read_pair(value: typing.Any, **_: typing.Any) -> typing.Any:
            return tuple(r(v) for r, v in zip(items, value, strict=False)) if isinstance(value, list) else value

        return read_pair
    if origin is list and args:
        item = _reader(args[0])
        return lambda value, **_: [item(v) for v in value] if isinstance(value, list) else value
    if origin is dict and len(args) == 2:
        item = _reader(args[1])
        return lambda value, **_: {k: item(v) for k, v in value.items()} if isinstance(value, dict) else value
    if origin in (typing.Union, types.UnionType):
        options = [_reader(a) for a in args if a is not type(None)]
        if len(options) == 1:
            return lambda value, **_: None if value is None else options[0](value)
    return _keep


class FactsCache:
    """Read and write ArticleFacts by article content, in one pipeline version's folder."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / pipeline_version()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article) -> ArticleFacts | None:
        """The cached result for this article (re-attached to this article record), or None."""
        path = self._path(article_key(article))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent, or unreadable: parse again
            return None
        try:
            return rebuild(ArticleFacts, data, article=article)
        except (TypeError, KeyError, ValueError):  # written by an incompatible record layout
            return None

    def put(self, facts: ArticleFacts) -> None:
        data = dataclasses.asdict(facts)
        data.pop("article")  # the caller holds the article; keeping only results keeps entries small
        data.pop("failure")  # (a failed extraction is never cached)
        atomic_write(self._path(article_key(facts.article)), json.dumps(data, ensure_ascii=False, sort_keys=True))

    def prepare(self) -> None:
        """Claim or create the root, create this version's folder, drop other versions' folders.

        Raises CacheRefused, having touched nothing, when the root exists and kg did not make it.
        """
        root = self.root
        if root.is_symlink() or (root.exists() and not root.is_dir()):
            raise CacheRefused(f"{root} is not a folder kg made; the cache is not used")
        if root.is_dir() and not (root / TAG_NAME).is_file():
            legacy = _is_legacy_cache(root)
            if not legacy and any(root.iterdir()):
                raise CacheRefused(f"{root} holds files kg did not write (no {TAG_NAME}); the cache is not used")
            if legacy:  # made by an older kg: mark its version folders as ours
                for folder in root.iterdir():
                    if folder.is_dir():
                        atomic_write(folder / VERSION_MARKER, folder.name + "\n")
        root.mkdir(parents=True, exist_ok=True)
        if not (root / TAG_NAME).is_file():
            atomic_write(root / TAG_NAME, TAG)
            atomic_write(root / ".gitignore", "*\n")  # a cache inside an output folder is never committed
        self.folder.mkdir(exist_ok=True)
        marker = self.folder / VERSION_MARKER
        if not marker.is_file():
            atomic_write(marker, self.folder.name + "\n")
        for other in root.iterdir():
            if other == self.folder or other.is_symlink() or not other.is_dir():
                continue
            try:
                mine = (other / VERSION_MARKER).read_text(encoding="utf-8").strip() == other.name
            except OSError:
                mine = False
            if mine:  # only a folder kg made for another version: its results can never be read again
                shutil.rmtree(other, ignore_errors=True)
