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
ontology's and pySHACL's versions) is remembered in the cache folder, and a rebuild checks only the units
that changed: the new article's, and those whose entities changed class or label.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
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


@dataclass
class Units:
    """The graph cut into units: article IRI (N-Triples form) -> its lines; None when it does not cut cleanly."""

    base: list[str]  # the ontology's class tree, in every unit
    lines: dict[str, list[str]]
    owner: dict[str, str]  # node -> the article whose unit holds all its triples


def cut(rows: Sequence[tuple[str, str, object, str]]) -> Units | None:
    """Units of a graph given as sorted (subject, predicate, object term, object) N-Triples rows."""
    articles = {s for s, p, _, o in rows if p == _TYPE and o == _ARTICLE}
    derived: dict[str, list[str]] = {}
    for s, p, _, o in rows:
        if p == _DERIVED:
            derived.setdefault(s, []).append(o)
    owner = {a: a for a in articles}
    for node, sources in derived.items():
        if len(sources) != 1 or sources[0] not in articles or node in articles:
            return None  # derived from no article or from several: the whole graph is checked
        owner[node] = sources[0]
    base: list[str] = []
    core: dict[str, list[str]] = {a: [] for a in sorted(articles)}
    refs: dict[str, set[str]] = {a: set() for a in articles}  # article -> the IRIs its lines name
    described: dict[str, dict[str, str]] = {}  # assertion -> its rdf:subject, rdf:predicate, rdf:object
    context: dict[str, list[str]] = {}  # node -> its type and label lines (another article's nodes too)
    direct: dict[str, str] = {}  # direct relation triple line -> "" until an assertion claims it
    subject_parts = (_SUBJECT, _PREDICATE, _OBJECT)
    for s, p, _, o in rows:
        home = owner.get(s)
        if home is not None:
            core[home].append(f"{s} {p} {o} .")
            if p in (_TYPE, _LABEL):
                context.setdefault(s, []).append(f"{s} {p} {o} .")
            if o[0] == "<":
                refs[home].add(o)
            if p in subject_parts:
                described.setdefault(s, {})[p] = o
        elif s == _BASE_SUBJECT or s.startswith(_KGO):
            base.append(f"{s} {p} {o} .")
        elif s[0] == "_" or o[0] == "_":
            return None
        elif p in (_TYPE, _LABEL):
            context.setdefault(s, []).append(f"{s} {p} {o} .")
        elif p in _RELATIONS:
            direct[f"{s} {p} {o} ."] = ""
        elif p not in UNREAD:
            return None
    for node, parts in described.items():
        if len(parts) == 3:
            line = f"{parts[_SUBJECT]} {parts[_PREDICATE]} {parts[_OBJECT]} ."
            if line in direct:
                home = owner[node]
                direct[line] = home
                core[home].append(line)
                refs[home].update((parts[_SUBJECT], parts[_OBJECT]))
    if not all(direct.values()):
        return None  # a direct triple no assertion describes: the whole graph says which
    named = set(context)
    seen: set[str] = set()
    lines: dict[str, list[str]] = {}
    for article, own in core.items():
        extra = {n for n in refs[article] if n in named and owner.get(n) != article}
        seen |= extra
        lines[article] = sorted(set(own).union(*(context[n] for n in extra)))
    rest = sorted(n for n in named - seen if n not in owner)
    if rest:  # entities no article names: their own unit
        lines["_:entities"] = sorted(line for n in rest for line in context[n])
    return Units(base=base, lines=lines, owner=owner)


@lru_cache(maxsize=1)
def checker_version() -> str:
    """What a unit's verdict depends on besides its lines: the shapes, the ontology, how pySHACL is run (this
    module and kg/rdf/validate.py) and pySHACL's and rdflib's versions."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{version('pyshacl')} {version('rdflib')}".encode())
    for path in (SHAPES_FILE, ONTOLOGY_FILE, Path(__file__), Path(__file__).with_name("validate.py")):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def unit_key(base: list[str], lines: list[str]) -> str:
    digest = hashlib.sha256(checker_version().encode())
    digest.update("\n".join(base).encode())
    digest.update(b"\0")
    digest.update("\n".join(lines).encode())
    return digest.hexdigest()[:32]


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
    checked: int = 0  # units run through pySHACL in this build
    whole: bool = False  # the whole graph was checked (it did not cut into units)
    fast: bool = False  # checked by kg.rdf.shacl_fast, without pySHACL


def fast_report(rows: Sequence[tuple[str, str, object, str]]) -> ValidationReport | None:
    """The report of kg.rdf.shacl_fast on the rows; None when it cannot give pySHACL's (pySHACL must check)."""
    from kg.rdf.shacl_fast import Unsure, check_rows
    from kg.rdf.shacl_plan import fast_plan

    started = time.perf_counter()
    plan = fast_plan()
    if plan is None:
        return None
    try:
        found = check_rows(rows, plan)
    except Unsure:
        return None
    except Exception:  # a fault of the fast checker's own: pySHACL decides (the tests require stats.fast)
        return None
    violations = ordered(v for _, v in found)
    return ValidationReport(conforms=not violations, violations=tuple(violations), triples=len(rows),
                            seconds=time.perf_counter() - started)


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
        report = fast_report(rows)
        if report is not None:
            stats.fast = True
            return report, stats
    started = time.perf_counter()
    units = cut(rows)
    if units is not None:
        stats.units = len(units.lines)
        known: set[str] = set()
        if memory is not None:
            try:
                known = set(memory.read_text(encoding="utf-8").split())
            except OSError:
                known = set()
        keys = {name: unit_key(units.base, lines) for name, lines in units.lines.items()}
        todo = [name for name in sorted(keys) if keys[name] not in known]
        stats.checked = len(todo)
        found: set[Violation] = set()
        clean = set(keys.values()) & known
        for batch, violations in _violations(list(_batches(todo, units, jobs)), units, jobs):
            found.update(violations)
            if not violations:
                clean.update(keys[name] for name in batch)
        if memory is not None:
            atomic_write(memory, "".join(f"{key}\n" for key in sorted(clean)))
        violations = ordered(found)
        report = ValidationReport(conforms=not violations, violations=tuple(violations), triples=len(rows),
                                  seconds=time.perf_counter() - started)
        return report, stats
    stats.whole = True
    report = validate_graph(whole_graph())
    return ValidationReport(report.conforms, report.violations, report.triples,
                            time.perf_counter() - started), stats
