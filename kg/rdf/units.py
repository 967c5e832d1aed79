"""The SHACL check of a build, one article at a time, remembered across builds.

pySHACL checks about 30 articles a second, and a rebuild after one new article would check them all
again. The shapes (ontology/shapes.ttl) only ever look at a node's own triples, at the types and
labels of the nodes it points to, and, for a fact, at its direct triple and its ``kgo:Assertion``.
So the graph a build writes splits into units, one per article, that the shapes see whole:

- the article node's triples, and those of every node derived from it (``prov:wasDerivedFrom`` the
  article: its assertions and events), and the direct triple each of its assertions describes;
- the ``rdf:type`` and ``rdfs:label`` triples of every other node these triples name (the entities);
- the ontology's class tree, which every unit carries.

A node's verdict in its unit is its verdict in the whole graph: everything the shapes read about it is
there. The one kind of node a unit sees only in part is a node of another article (an event pointing at
another article's assertion): its results are not the unit's to give, and are left out. So the report is
the union of the units' reports: the one :func:`kg.rdf.validate.validate_graph` gives on the whole graph
(``tests/test_validate_units.py`` checks that both agree on broken graphs of every kind). The triples no
unit holds must be ones no shape reads (an entity's ``kgo:mentionCount``, ``skos:altLabel``,
``skos:exactMatch``, an ``owl:sameAs``): for anything else (a direct triple no assertion describes, a node
derived from no article or from two, a blank node) the whole graph is checked the usual way.

pySHACL is the second choice: a build checks its rows with kg.rdf.shacl_fast first, which evaluates the plan
compiled from the shapes (kg.rdf.shacl_plan) and gives the same report in a fraction of the time. The units
and pySHACL check the graph only when the shapes hold something that plan does not understand, or the graph a
value the fast checker is not sure to judge as pySHACL does.

A unit that conformed once conforms again: the sha256 of its sorted N-Triples lines (with the shapes', the
ontology's, the checkers' and pySHACL's versions) is remembered in the cache folder, and a rebuild checks only
the units that changed: the new article's, and those whose entities changed class or label. The fast checker
uses the same memory: a first build checks the whole graph and remembers its units; a rebuild checks the rows of
the units the memory does not know, with the ontology's (#19: at 2,000 articles, one unit instead of 2,000).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.io import atomic_write
from kg.rdf.ontology import DATA_GRAPH, SHAPES_FILE
from kg.rdf.validate import ValidationReport, Violation, ordered, shacl_results, validate_graph
from kg.rdf.vocab import KGO, ONTOLOGY_FILE, PREDICATES, SCHEMA

_TYPE, _LABEL, _DERIVED = f"<{RDF.type}>", f"<{RDFS.label}>", f"<{PROV.wasDerivedFrom}>"
_ARTICLE = f"<{SCHEMA.NewsArticle}>"
_SUBJECT, _PREDICATE, _OBJECT = f"<{RDF.subject}>", f"<{RDF.predicate}>", f"<{RDF.object}>"
_RELATIONS = frozenset(f"<{KGO[name]}>" for name in PREDICATES)
# Predicates no shape reads (tests/test_shapes.py checks ontology/shapes.ttl never names them)
UNREAD = frozenset(f"<{p}>" for p in (KGO.mentionCount, SKOS.altLabel, SKOS.exactMatch, OWL.sameAs))
_BASE_SUBJECT, _KGO = f"<{DATA_GRAPH}>", f"<{KGO}"
BATCH_LINES = 40_000  # N-Triples lines per pySHACL run at most: one run per unit would cost more in set-up
SMALLEST_BATCH = 4_000  # lines; smaller batches are made only to keep every process busy
MEMORY_FILE = "validated.txt"  # in the cache's version folder: the keys of units that conformed


def _line(row: tuple) -> str:
    return f"{row[0]} {row[1]} {row[3]} ."


@dataclass
class Units:
    """The graph cut into units: article IRI (N-Triples form) -> the indexes of its rows, ascending (the order of
    its sorted lines: the rows are sorted by their lines); None when it does not cut cleanly."""

    source: Sequence[tuple[str, str, object, str]]  # the rows cut
    owner: dict[str, str]  # node -> the article whose unit holds all its triples
    base_rows: list[int]  # the ontology's class tree, in every unit
    rows: dict[str, list[int]]

    @cached_property
    def base(self) -> list[str]:
        return [_line(self.source[i]) for i in self.base_rows]

    @cached_property
    def lines(self) -> dict[str, list[str]]:
        """Each unit's N-Triples lines, sorted."""
        source = self.source
        return {name: [_line(source[i]) for i in indexes] for name, indexes in self.rows.items()}

    def keys(self) -> dict[str, str]:
        """Each unit's key: the checker's version, the base and the unit's lines, hashed (the lines are not kept)."""
        source = self.source
        start = _key_start(self.base)
        keys = {}
        for name, indexes in self.rows.items():
            digest = start.copy()
            digest.update("\n".join([_line(source[i]) for i in indexes]).encode())
            keys[name] = digest.hexdigest()[:32]
        return keys


def cut(rows: Sequence[tuple[str, str, object, str]]) -> Units | None:
    """Units of a graph given as sorted (subject, predicate, object term, object) N-Triples rows."""
    articles: set[str] = set()
    derived: dict[str, list[str]] = {}
    for s, p, _, o in rows:
        if p == _DERIVED:
            derived.setdefault(s, []).append(o)
        elif p == _TYPE and o == _ARTICLE:
            articles.add(s)
    owner = {a: a for a in articles}
    for node, sources in derived.items():
        if len(sources) != 1 or sources[0] not in articles or node in articles:
            return None  # derived from no article or from several: the whole graph is checked
        owner[node] = sources[0]
    base: list[int] = []
    core: dict[str, list[int]] = {a: [] for a in sorted(articles)}  # article -> the indexes of its own rows
    refs: dict[str, set[str]] = {a: set() for a in articles}  # article -> the IRIs its lines name
    described: dict[str, dict[str, str]] = {}  # assertion -> its rdf:subject, rdf:predicate, rdf:object
    context: dict[str, list[int]] = {}  # node -> its type and label rows (another article's nodes too)
    direct: dict[tuple[str, str, str], int] = {}  # direct relation triple -> its row
    subject_parts = (_SUBJECT, _PREDICATE, _OBJECT)
    typing = (_TYPE, _LABEL)
    last, home, mine = None, None, None
    for index, (s, p, _, o) in enumerate(rows):
        if s != last:  # the rows come grouped by subject
            last, home = s, owner.get(s)
            mine = core[home] if home is not None else None
        if mine is not None:
            mine.append(index)
            if p in typing:
                context.setdefault(s, []).append(index)
            if o[0] == "<":
                refs[home].add(o)
            if p in subject_parts:
                described.setdefault(s, {})[p] = o
        elif s == _BASE_SUBJECT or s.startswith(_KGO):
            base.append(index)
        elif s[0] == "_" or o[0] == "_":
            return None
        elif p in typing:
            context.setdefault(s, []).append(index)
        elif p in _RELATIONS:
            direct[(s, p, o)] = index
        elif p not in UNREAD:
            return None
    claimed: set[tuple[str, str, str]] = set()
    for node, parts in described.items():
        if len(parts) == 3:
            triple = (parts[_SUBJECT], parts[_PREDICATE], parts[_OBJECT])
            index = direct.get(triple)
            if index is not None:
                home = owner[node]
                claimed.add(triple)
                core[home].append(index)
                refs[home].update((triple[0], triple[2]))
    if len(claimed) != len(direct):
        return None  # a direct triple no assertion describes: the whole graph says which
    named = set(context)
    seen: set[str] = set()
    units: dict[str, list[int]] = {}
    for article, own in core.items():
        extra = [n for n in refs[article] if n in named and owner.get(n) != article]
        seen.update(extra)
        units[article] = sorted(set(own).union(*(context[n] for n in extra)))
    rest = sorted(n for n in named - seen if n not in owner)
    if rest:  # entities no article names: their own unit
        units["_:entities"] = sorted(index for n in rest for index in context[n])
    return Units(source=rows, owner=owner, base_rows=base, rows=units)


@lru_cache(maxsize=1)
def checker_version() -> str:
    """What a unit's verdict depends on besides its lines: the shapes, the ontology, how pySHACL is run (this
    module and kg/rdf/validate.py), the fast checker (kg/rdf/shacl_fast.py, kg/rdf/shacl_plan.py) and pySHACL's
    and rdflib's versions."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{version('pyshacl')} {version('rdflib')}".encode())
    here = Path(__file__)
    for path in (SHAPES_FILE, ONTOLOGY_FILE, here, *(here.with_name(n) for n in ("validate.py", "shacl_fast.py",
                                                                                "shacl_plan.py"))):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _key_start(base: list[str]):
    """The hash every unit's key starts from: the checker's version and the ontology's lines."""
    digest = hashlib.sha256(checker_version().encode())
    digest.update("\n".join(base).encode())
    digest.update(b"\0")
    return digest


def _batches(names: list[str], units: Units, jobs: int = 1) -> Iterable[list[str]]:
    total = sum(len(units.lines[name]) for name in names)
    largest = max(SMALLEST_BATCH, min(BATCH_LINES, total // (3 * jobs)))
    batch: list[str] = []
    size = 0
    for name in names:
        batch.append(name)
        size += len(units.lines[name])
        if size >= largest:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def focus_nodes(text: str) -> list[str]:
    """The focus node of each result pySHACL gives on a graph of N-Triples lines (the per-process function)."""
    _, found = shacl_results(Graph().parse(data=text, format="nt"))
    return [focus for focus, _ in found]


def focus_results(text: str) -> list[tuple[str, Violation]]:
    """pySHACL's results on a graph of N-Triples lines, each with its focus node (the per-process function)."""
    return shacl_results(Graph().parse(data=text, format="nt"))[1]


def _violations(batches: list[list[str]], units: Units, jobs: int) -> list[tuple[list[str], list[Violation]]]:
    """Each batch with the violations that are its units' to give; batches run on jobs processes when several.

    A batch's units are checked together; results about another unit's nodes (seen only in part) are left out.
    """
    texts = ("\n".join(units.base + [line for name in batch for line in units.lines[name]]) for batch in batches)

    def mine(batch: list[str], found: list[tuple[str, Violation]]) -> tuple[list[str], list[Violation]]:
        own = set(batch)
        return batch, [v for focus, v in found if units.owner.get(focus, "") in own or focus not in units.owner]

    if jobs > 1 and len(batches) > jobs:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        done = []
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            waiting: list = []  # a few batches ahead only: the texts of all of them would not fit in memory
            for batch, text in zip(batches, texts, strict=True):
                waiting.append((batch, pool.submit(focus_results, text)))
                if len(waiting) > 2 * jobs:
                    batch_done, future = waiting.pop(0)
                    done.append(mine(batch_done, future.result()))
            done += [mine(batch, future.result()) for batch, future in waiting]
        return done
    return [mine(batch, focus_results(text)) for batch, text in zip(batches, texts, strict=True)]


@dataclass
class UnitCheck:
    units: int = 0  # units the graph cut into (0: it did not cut, the whole graph was checked)
    checked: int = 0  # units checked in this build (by pySHACL, or by the fast checker), the others remembered
    whole: bool = False  # the whole graph was checked (it did not cut into units)
    fast: bool = False  # checked by kg.rdf.shacl_fast, without pySHACL


def fast_report(rows: Sequence[tuple[str, str, object, str]], memory: Path | None = None,
                stats: UnitCheck | None = None) -> ValidationReport | None:
    """The report of kg.rdf.shacl_fast on the rows; None when it cannot give pySHACL's (pySHACL must check).

    memory: the file of unit keys known to conform. When it knows some, only the units it does not know are
    checked (their rows, with the ontology's), as the units are by pySHACL; a rebuild after one new article checks
    that article's unit and the units whose entities changed class or label. It is then rewritten with this graph's
    keys. stats: told how many units there were and how many were checked.
    """
    from kg.rdf.shacl_fast import Unsure, check_rows
    from kg.rdf.shacl_plan import fast_plan

    started = time.perf_counter()
    plan = fast_plan()
    if plan is None:
        return None
    known = _known(memory)
    try:
        units = cut(rows) if known else None
        if units is not None:
            keys = units.keys()
            todo = [name for name in sorted(keys) if keys[name] not in known]
            found = _check_units(rows, plan, units, todo, check_rows)
        elif known:  # the graph does not cut: all of it
            keys, todo = {}, []
            found = check_rows(rows, plan)
        else:  # the whole graph, then its units cut to be remembered: the checker's indexes freed by then
            found = check_rows(rows, plan)
            units = cut(rows) if memory is not None else None
            keys = units.keys() if units is not None else {}
            todo = sorted(keys)
    except Unsure:
        return None
    except Exception:  # a fault of the fast checker's own: pySHACL decides (the tests require stats.fast)
        return None
    if units is not None:
        if stats is not None:
            stats.units, stats.checked = len(keys), len(todo)
        # a unit with a violation of its own is not remembered; a violation of a node no unit owns (an entity)
        # could be any checked unit's
        broken = set(todo) if any(focus not in units.owner for focus, _ in found) else {
            units.owner[focus] for focus, _ in found}
        _remember(memory, {keys[name] for name in keys if keys[name] in known or name not in broken})
    violations = ordered(v for _, v in found)
    return ValidationReport(conforms=not violations, violations=tuple(violations), triples=len(rows),
                            seconds=time.perf_counter() - started)


def _check_units(rows, plan, units: Units, todo: list[str], check_rows) -> list:
    """The fast checker on the rows of the units to check, with the ontology's; the violations of their nodes (or of
    nodes no unit owns)."""
    if not todo:
        return []
    mine = set(todo)
    picked = sorted(set(units.base_rows).union(*(units.rows[name] for name in todo)))
    return [
        (focus, violation)
        for focus, violation in check_rows([rows[i] for i in picked], plan)
        if focus not in units.owner or units.owner[focus] in mine
    ]


def _known(memory: Path | None) -> set[str]:
    """The unit keys the memory file holds (none when there is no file)."""
    if memory is None:
        return set()
    try:
        return set(memory.read_text(encoding="utf-8").split())
    except OSError:
        return set()


def _remember(memory: Path | None, keys: set[str]) -> None:
    if memory is not None:
        atomic_write(memory, "".join(f"{key}\n" for key in sorted(keys)))


def validate_rows(
    rows: Sequence[tuple[str, str, object, str]], whole_graph, memory: Path | None = None, jobs: int = 1,
    fast: bool = True,
) -> tuple[ValidationReport, UnitCheck]:
    """The report validate_graph gives on the graph of rows: by kg.rdf.shacl_fast when it can (fast), else
    with pySHACL, checking only the units memory does not know.

    whole_graph: a function giving the graph as rdflib reads it, called only when the whole graph is checked.
    memory: the file of unit keys known to conform (read, then rewritten with this graph's keys).
    jobs: processes that check units (as many as kg build's --jobs; pySHACL runs in one thread).
    """
    stats = UnitCheck()
    if fast:
        report = fast_report(rows, memory, stats)
        if report is not None:
            stats.fast = True
            return report, stats
    started = time.perf_counter()
    units = cut(rows)
    if units is not None:
        stats.units = len(units.rows)
        known = _known(memory)
        keys = units.keys()
        todo = [name for name in sorted(keys) if keys[name] not in known]
        stats.checked = len(todo)
        found: set[Violation] = set()
        clean = set(keys.values()) & known
        for batch, violations in _violations(list(_batches(todo, units, jobs)), units, jobs):
            found.update(violations)
            if not violations:
                clean.update(keys[name] for name in batch)
        _remember(memory, clean)
        violations = ordered(found)
        report = ValidationReport(conforms=not violations, violations=tuple(violations), triples=len(rows),
                                  seconds=time.perf_counter() - started)
        return report, stats
    stats.whole = True
    report = validate_graph(whole_graph())
    return ValidationReport(report.conforms, report.violations, report.triples,
                            time.perf_counter() - started), stats
