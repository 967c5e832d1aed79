"""Read input paths into raw articles: .txt, .html/.htm and .jsonl.

Reading never raises for a bad file: each problem becomes an :class:`InputProblem`
naming the file, and the other files are still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.ingest import TABLES
from kg.records import Article

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

MAX_FILE_BYTES = 5_000_000  # one article file; a JSONL corpus is checked per line
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own default limit


@dataclass(frozen=True)
class InputProblem:
    """A file (or JSONL line) that could not be used, and why."""

    path: str
    message: str
    fatal: bool = True  # False: a warning, the article was still read

    def __str__(self) -> str:
        kind = "error" if self.fatal else "warning"
        return f"{kind}: {self.path}: {self.message}"


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputProblem]:
    """Expand the command-line paths: folders recursively, in sorted order."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputProblem(str(path), "no such file or folder")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            usable = [p for p in files if p.suffix.lower() in SUFFIXES]
            if not usable:
                yield InputProblem(str(path), "folder holds no .txt, .html or .jsonl file")
            yield from usable
        else:
            yield path


def decode(data: bytes, path: str) -> tuple[str, list[InputProblem]]:
    """Decode bytes as UTF-8, else as Windows-1252 (a superset of Latin-1 in use)."""
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise ValueError("binary content, not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, [InputProblem(path, "not UTF-8: decoded as Windows-1252/Latin-1", fatal=False)]


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05


_FRENCH = frozenset(TABLES["french_words"])  # frequent function words (kg/data/ingest.json)
_ENGLISH = frozenset(TABLES["english_words"])


def language_problem(text: str) -> str:
    """A message when the text does not read as French, else ""."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    if len(words) < 8:
        return "" if words else "no words in text"
    french = sum(w in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    if english > 2 * french and english >= 3:
        return "text is not in French (looks English); skipped"
    if french == 0:
        return "text does not read as French; skipped"
    return ""


def _check_article(article: Article) -> InputProblem | None:
    if not article.text.strip():
        return InputProblem(article.source, "empty article: no text")
    if len(article.text) > MAX_ARTICLE_CHARS:
        return InputProblem(
            article.source, f"article too long ({len(article.text):,} characters > {MAX_ARTICLE_CHARS:,})"
        )
    message = language_problem(article.text)
    return InputProblem(article.source, message) if message else None


def _read_html(text: str, path: Path) -> Article:
    import trafilatura  # imported here: only HTML input needs it

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        return Article(id=path.stem, source=str(path), text="")
    data = doc if isinstance(doc, dict) else doc.as_dict()
    return Article(
        id=path.stem,
        source=str(path),
        # trafilatura ends each paragraph with one newline; clean_text wants a blank line
        text=(data.get("text") or "").replace("\n", "\n\n"),
        title=data.get("title") or "",
        url=data.get("url") or "",
        date=data.get("date") or "",
        publisher=data.get("sitename") or "",
        author=data.get("author") or "",
    )


def _read_jsonl(text: str, path: Path) -> Iterator[Article | InputProblem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputProblem(where, f"invalid JSON ({error.msg})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield InputProblem(where, 'each line must be an object with a "text" string')
            continue
        yield Article(
            id=str(row.get("id") or f"{path.stem}-{number:05d}"),
            source=where,
            text=row["text"],
            title=str(row.get("title") or ""),
            url=str(row.get("url") or ""),
            date=str(row.get("date") or ""),
            publisher=str(row.get("publisher") or ""),
            author=str(row.get("author") or ""),
        )


def read_file(path: Path) -> Iterator[Article | InputProblem]:
    """Read one file into articles, or problems naming it."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield InputProblem(str(path), f"unknown extension {suffix or '(none)'!r}: expected .txt, .html or .jsonl")
        return
    size = path.stat().st_size
    if size == 0:
        yield InputProblem(str(path), "empty file")
        return
    if size > MAX_FILE_BYTES and suffix not in JSONL_SUFFIXES:
        yield InputProblem(str(path), f"file too large ({size / 1e6:.1f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB limit)")
        return
    try:
        text, warnings = decode(path.read_bytes(), str(path))
    except (OSError, ValueError) as error:
        yield InputProblem(str(path), str(error))
        return
    yield from warnings
    if suffix in JSONL_SUFFIXES:
        candidates: Iterable[Article | InputProblem] = _read_jsonl(text, path)
    elif suffix in HTML_SUFFIXES:
        candidates = [_read_html(text, path)]
    else:
        candidates = [Article(id=path.stem, source=str(path), text=text)]
    for item in candidates:
        if isinstance(item, Article):
            problem = _check_article(item)
            yield problem if problem else item
        else:
            yield item


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | InputProblem]:
    """Every article of the given paths, and every problem met on the way."""
    for item in iter_input_files(paths):
        if isinstance(item, InputProblem):
            yield item
        else:
            yield from read_file(item)
