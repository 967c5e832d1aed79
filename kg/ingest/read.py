"""Read input paths into raw articles: .txt, .html/.htm and .jsonl.

Reading never raises for a bad file: each problem becomes an :class:`InputProblem`
naming the file, and the other files are still read.
"""

from __future__ import annotations

import json
import os
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

# Control characters an article never needs (NUL, ESC, ...): removed by every reader alike, with a warning.
# Tab, line feed, form feed and carriage return stay (the cleaner handles them).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LOOKS_HTML = re.compile(r"\A\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_BOMS = (  # longest first: the UTF-32 little-endian BOM starts with the UTF-16 one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def display_path(path: str | Path) -> str:
    """A path as one printable line: undecodable bytes as \\xNN, control characters (a newline) escaped.

    >>> display_path("a\\nb.txt"), display_path(os.fsdecode(b"caf\\xe9.txt"))
    ('a\\\\nb.txt', 'caf\\\\xe9.txt')
    """
    text = os.fsencode(str(path)).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


@dataclass(frozen=True)
class InputProblem:
    """A file (or JSONL line) that could not be used, and why."""

    path: str
    message: str
    fatal: bool = True  # False: a warning, the article was still read

    def __str__(self) -> str:
        kind = "error" if self.fatal else "warning"
        return f"{kind}: {display_path(self.path)}: {self.message}"


@dataclass(frozen=True)
class InputFile:
    """A file to read, and the name its articles take: its path relative to the input root, without suffix."""

    path: Path
    name: str  # "x" for a file given by name or at the top of a folder, "d1/x" for folder/d1/x.txt


def _walk(root: Path, problems: list[InputProblem]) -> list[Path]:
    """Every non-hidden file under root (symbolic links to folders not followed); unreadable folders reported."""
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        where = error.filename or root
        problems.append(InputProblem(str(where), f"cannot read this folder ({error.strerror or error}); skipped"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder, f) for f in files if not f.startswith(".") and Path(folder, f).is_file()]
    return sorted(found)


def _decodable(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[InputFile | InputProblem]:
    """Expand the command-line paths: folders recursively, in sorted order.

    Each file is named after its path relative to the folder given (so `d1/x.txt` and `d2/x.txt`
    stay apart); a file given by name is named after its stem.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputProblem(str(path), "no such file or folder")
        elif path.is_dir():
            problems: list[InputProblem] = []
            files = _walk(path, problems)
            yield from problems
            usable = [p for p in files if p.suffix.lower() in SUFFIXES]
            if not usable and not problems:
                yield InputProblem(str(path), "folder holds no .txt, .html or .jsonl file")
            for file in usable:
                if not _decodable(file):
                    yield InputProblem(str(file), "file name is not valid UTF-8; rename the file")
                    continue
                yield InputFile(file, file.relative_to(path).with_suffix("").as_posix())
        elif not _decodable(path):
            yield InputProblem(str(path), "file name is not valid UTF-8; rename the file")
        else:
            yield InputFile(path, path.stem)


def decode(data: bytes, path: str) -> tuple[str, list[InputProblem]]:
    """Decode bytes as UTF-16 or UTF-32 with a byte-order mark, as UTF-8, else as Windows-1252 (a superset of
    Latin-1 in use).

    >>> decode("\ufeffété".encode("utf-16-le"), "a.txt")
    ('été', [])
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff"), []
            except UnicodeDecodeError as error:
                raise ValueError(f"starts with a {codec.upper()} byte-order mark but is not {codec.upper()}") from error
    if _looks_binary(data[:8192]):
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


def _read_html(text: str, path: Path, name: str) -> Article:
    import trafilatura  # imported here: only HTML input needs it

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        return Article(id=name, source=str(path), text="")
    data = doc if isinstance(doc, dict) else doc.as_dict()
    return Article(
        id=name,
        source=str(path),
        # trafilatura ends each paragraph with one newline; clean_text wants a blank line
        text=(data.get("text") or "").replace("\n", "\n\n"),
        title=data.get("title") or "",
        url=data.get("url") or "",
        date=data.get("date") or "",
        publisher=data.get("sitename") or "",
        author=data.get("author") or "",
    )


def _read_jsonl(text: str, path: Path, name: str) -> Iterator[Article | InputProblem]:
    # Lines end at "\n" only: U+2028, U+2029 or U+0085 are valid inside a JSON string (str.splitlines would cut there)
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip(" \t\r\f\v"):
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
            id=str(row.get("id") or f"{name}-{number:05d}"),
            source=where,
            text=row["text"],
            title=str(row.get("title") or ""),
            url=str(row.get("url") or ""),
            date=str(row.get("date") or ""),
            publisher=str(row.get("publisher") or ""),
            author=str(row.get("author") or ""),
        )


def _without_controls(article: Article) -> tuple[Article, int]:
    """The article with control characters (NUL, ESC...) removed from its text and metadata; how many went."""
    removed = 0
    fields = {}
    for key, value in article.__dict__.items():
        if key != "source" and isinstance(value, str) and _CONTROLS.search(value):
            cleaned = _CONTROLS.sub("", value)
            removed += len(value) - len(cleaned)
            fields[key] = cleaned
    return (Article(**{**article.__dict__, **fields}) if fields else article), removed


def read_file(path: Path, name: str | None = None) -> Iterator[Article | InputProblem]:
    """Read one file into articles, or problems naming it; name is the articles' id (default: the stem)."""
    name = path.stem if name is None else name
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
        candidates: Iterable[Article | InputProblem] = _read_jsonl(text, path, name)
    elif suffix in HTML_SUFFIXES:
        candidates = [_read_html(text, path, name)]
    elif _LOOKS_HTML.match(text):  # a web page saved as .txt: its markup is no article text
        yield InputProblem(str(path), "holds an HTML page, not plain text: read as HTML", fatal=False)
        candidates = [_read_html(text, path, name)]
    else:
        candidates = [Article(id=name, source=str(path), text=text)]
    for item in candidates:
        if isinstance(item, Article):
            item, removed = _without_controls(item)
            if removed:
                yield InputProblem(item.source, f"{removed} control character(s) (NUL, ESC...) removed", fatal=False)
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
            yield from read_file(item.path, item.name)
