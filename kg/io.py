"""Atomic writes, the one implementation every output of kg goes through, and the output folder's sets.

A file is written to a temporary file in the same folder (so the rename is atomic), flushed to
disk, given the permissions the umask asks for, and renamed over the target: an interrupted or
failed write leaves the previous file as it was. A build's files switch together
(:class:`OutputFolder`): written into a new generation, published by one rename.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# What must never reach a terminal or a text output raw: control characters (NUL, ESC: terminal escape
# sequences; C1), the line and paragraph separators, and the bidirectional controls (text shown reversed).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, keep: str = "") -> str:
    """Text safe to print or write in a text file: each unsafe character (NUL, ESC, bidirectional controls...)
    shown as its escape; the characters of keep ("\\t\\n" in a CSV value) stay.

    >>> print(printable("a\\x1b[31m\\u202eb\\x00 « c »"))
    a\\x1b[31m\\u202eb\\x00 « c »
    """
    if _UNSAFE.search(text) is None:
        return text

    def shown(match: re.Match) -> str:
        char = match.group()
        if char in keep:
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNSAFE.sub(shown, text)


def u_escaped(document: str) -> str:
    """JSON, Turtle or N-Triples text with every unsafe character written as a \\u escape: the same value
    (they can only stand in strings and IRIs, where the three syntaxes read \\uXXXX). Tabs and line ends stay:
    there they are layout, and the serialisers escape those inside strings themselves.

    >>> u_escaped('{"a": "x\\u202ey"}')
    '{"a": "x\\\\u202ey"}'
    """
    return _UNSAFE.sub(lambda m: m.group() if m.group() in "\t\n\r" else f"\\u{ord(m.group()):04x}", document)


def stage(path: Path, data: str | bytes | Callable[[BinaryIO], None]) -> Path:
    """Write text (UTF-8, ``\\n`` line ends) or bytes to a temporary file beside path; returns it. data may also
    be a function that writes the bytes into the file it is given (a large output written as it is made).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> staged = stage(folder / "a.txt", "é")
    >>> staged.parent == folder and staged.name.startswith(".a.txt.") and staged.read_bytes() == "é".encode()
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; published files follow the umask
    try:
        if callable(data):
            with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
                data(handle)
                handle.flush()
                os.fsync(handle.fileno())
        elif isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: str | bytes | Callable[[BinaryIO], None]) -> None:
    """Write text or bytes to path through a temporary file and an atomic rename."""
    tmp = stage(Path(path), data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- the output folder: one set of files, switched whole

STATE_DIR = ".kg"  # OUT/.kg: the lock, the generations, and `current`, the link that says which one is published
CURRENT = "current"
GENERATION_PREFIX = "gen-"
# What a dead run can leave at the top of OUT: a staged file (".graph.ttl.k2j3h4g5.tmp", kg.io.stage), a store
# being built or moved aside (".store.new-XXXXXXXX", ".store.old-XXXXXXXX", kg.rdf.publish.store). Only
# these names are removed, and only while the folder is locked, when no live kg writes them.
_LEFTOVER = re.compile(r"^\.[^/]+\.[A-Za-z0-9_]{8}\.tmp$|^\.store\.(new|old)-[A-Za-z0-9_]{8}$")


class OutputError(Exception):
    """The output folder cannot be used (a file, not writable, or being written by another build)."""


class OutputFolder:
    """An output folder whose files switch from one complete set to the next in one rename.

    A build writes a new generation, ``OUT/.kg/gen-*``, which starts as a copy of the published set
    (hard links, and a link to the store), so that the build reads the previous outputs where it
    expects them and whatever it does not write (graph.html under --no-html, a store a server is
    using) stays. Publishing renames a new ``OUT/.kg/current`` link over the old one; ``OUT/graph.ttl``
    and every other published name are links through ``.kg/current``, made once. A kill or an error
    at any point leaves OUT showing the complete previous set or the complete new one. A build holds
    an exclusive lock on ``OUT/.kg/lock`` from start to end (a second build on the same folder stops
    with an OutputError), and removes what dead runs left once it holds it.
    """

    def __init__(self, out_dir: Path):
        self.out = Path(out_dir)
        self.state = self.out / STATE_DIR
        self._lock_fd: int | None = None
        self._made: list[Path] = []  # folders this build created, removed again if it publishes nothing

    # -- the lock

    def __enter__(self) -> OutputFolder:
        self.lock()
        return self

    def __exit__(self, *exc) -> None:
        self.unlock()

    def check(self) -> None:
        """Raise OutputError when OUT, or the first of its parents that exists, is not a folder; creates nothing."""
        for path in (self.out, *self.out.parents):
            if path.exists():
                if not path.is_dir():
                    raise OutputError(f"{path} is a file, not a folder; pass another --out")
                return

    def lock(self) -> None:
        import fcntl

        self.check()
        try:
            for folder in (self.out, self.state):
                if not folder.exists():
                    folder.mkdir(parents=True)
                    self._made.append(folder)
            fd = os.open(self.state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise OutputError(f"cannot write to {self.out}: {error.strerror or error}") from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            os.close(fd)
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise OutputError(f"{self.out} is being written by another kg build{who}; wait for it to end") from error
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd
        try:
            self.clean_leftovers()
        except OSError as error:
            self.unlock()
            raise OutputError(f"cannot write to {self.out}: {error.strerror or error}") from error

    def unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the lock; the file stays (removing it would race)
            self._lock_fd = None

    def forget(self) -> None:
        """Nothing was published: remove the lock and the folders this build created (they hold nothing else)."""
        if self._made:
            (self.state / "lock").unlink(missing_ok=True)
            for folder in reversed(self._made):
                try:
                    folder.rmdir()
                except OSError:
                    pass

    # -- generations

    def current(self) -> Path | None:
        """The published generation folder, or None."""
        link = self.state / CURRENT
        if not link.is_symlink():
            return None
        target = self.state / os.readlink(link)
        return target if target.is_dir() else None

    def shown(self) -> list[str]:
        """The names OUT publishes: links through .kg/current, and kg's outputs still there as plain files."""
        names = []
        for entry in sorted(self.out.iterdir()):
            if entry.is_symlink() and os.readlink(entry).startswith(f"{STATE_DIR}/{CURRENT}/"):
                names.append(entry.name)
            elif _KG_OUTPUT.match(entry.name) and not entry.is_symlink():
                names.append(entry.name)
        return names

    def new_generation(self) -> Path:
        """A new generation folder holding what OUT shows now (hard links; the store as a link to its folder)."""
        for name in self.shown():
            if not (self.out / name).is_symlink():
                self._adopt(name)
        generation = Path(
            tempfile.mkdtemp(prefix=f"{GENERATION_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-", dir=self.state)
        )
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(generation, 0o777 & ~umask)  # mkdtemp makes 0700; published folders follow the umask
        state = self.state.resolve()
        for name in self.shown():
            real = (self.out / name).resolve()
            if not real.exists() or state not in real.parents:
                continue
            if real.is_dir():
                os.symlink(os.path.relpath(real, generation), generation / name)
            else:
                try:
                    os.link(real, generation / name)
                except OSError:
                    shutil.copy2(real, generation / name)
        return generation

    def _adopt(self, name: str) -> None:
        """A published name that is a plain file or folder (written by an older kg, or by `kg analyse` into
        OUT): make it a link to the same content, through the current generation, so that it changes with the
        set from now on and is never seen half switched."""
        shown = self.out / name
        holder = self.current()
        if holder is None:
            holder = Path(tempfile.mkdtemp(prefix=f"{GENERATION_PREFIX}adopted-", dir=self.state))
            self._switch(holder)
        if shown.is_dir():
            if (holder / name).exists() or (holder / name).is_symlink():
                return  # a folder of the user's own where the set has one: left alone
            os.rename(shown, holder / name)  # the folder moves; the link below takes its place at once
        else:
            tmp = holder / f".{name}.{os.getpid():08d}.tmp"
            tmp.unlink(missing_ok=True)
            os.link(shown, tmp)
            os.replace(tmp, holder / name)  # what OUT shows wins over the generation's copy
        self._link(name)

    def publish(self, generation: Path) -> None:
        """Make generation the published set, in one rename; then the top-level links and the old generations."""
        self._switch(generation)
        for entry in sorted(generation.iterdir()):
            if not entry.name.startswith("."):
                self._link(entry.name)
        for entry in sorted(self.out.iterdir()):  # links to a name the new set does not have
            if entry.is_symlink() and os.readlink(entry).startswith(f"{STATE_DIR}/{CURRENT}/") and not entry.exists():
                entry.unlink()
        self._made = []
        self.clean_leftovers()

    def discard(self, generation: Path) -> None:
        """A generation that will not be published (the build failed or was interrupted)."""
        shutil.rmtree(generation, ignore_errors=True)

    def _switch(self, generation: Path) -> None:
        tmp = self.state / f".{CURRENT}.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(generation.name, tmp)
        os.replace(tmp, self.state / CURRENT)  # the one rename that publishes a set

    def _link(self, name: str) -> None:
        target = f"{STATE_DIR}/{CURRENT}/{name}"
        shown = self.out / name
        if shown.is_symlink() and os.readlink(shown) == target:
            return
        if shown.is_dir() and not shown.is_symlink():
            return  # a folder of the user's own with that name: left alone
        tmp = self.out / f".{name}.{os.getpid():08d}.tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        os.replace(tmp, shown)

    def clean_leftovers(self) -> None:
        """Remove what dead runs left: staged files, stores being built, generations no longer published."""
        for entry in self.out.iterdir():
            if _LEFTOVER.match(entry.name):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        link = self.state / CURRENT
        if link.exists() and not link.is_symlink():  # a copy of the folder (cp -r) dereferenced the link
            shutil.rmtree(link, ignore_errors=True)  # OUT's names are plain files then, adopted as they are
        current = self.current()
        keep = set()
        if current is not None:
            keep.add(current.resolve())
            for entry in current.iterdir():  # a store carried over lives in an older generation
                if entry.is_symlink():
                    keep.add((current / os.readlink(entry)).resolve().parent)
        for entry in self.state.iterdir():
            if entry.name.startswith(GENERATION_PREFIX) and entry.resolve() not in keep:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(f".{CURRENT}.") and entry.name.endswith(".tmp"):
                entry.unlink(missing_ok=True)


def published_folder(folder: Path) -> Path:
    """The output folder a generation folder belongs to (OUT for OUT/.kg/gen-*), else folder itself."""
    folder = Path(folder)
    if folder.name.startswith(GENERATION_PREFIX) and folder.parent.name == STATE_DIR:
        return folder.parent.parent
    return folder


# Every name a build of kg publishes in OUT (plain files of these names are adopted into the set)
_KG_OUTPUT = re.compile(
    r"^(graph(\.inferred)?\.(ttl|nq|jsonld|html)|analytics\.ttl|report\.md|(centrality|communities|suggested_links|facts)"
    r"\.csv|ids\.json|changes\.(md|ttl)|store)$"
)
