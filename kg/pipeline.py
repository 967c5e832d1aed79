"""Wire the stages: read -> clean -> extract (per article) -> resolve -> graph -> publish -> check -> analyse -> render.

The steps after publishing (validate, infer, analyse and render, store) run here too, each imported
only when asked for; the command line (kg.cli) only maps flags to BuildOptions.
"""

from __future__ import annotations

import gc
import pickle
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.allocation import bulk_allocation, release_memory
from kg.cache import CacheRefused, FactsCache, cache_root
from kg.engines import EngineConfig, ModelWorker, run_engine
from kg.ingest.clean import clean_article
from kg.ingest.read import InputProblem, display_path, read_inputs
from kg.rdf.changes import change_report, previous_snapshot
from kg.rdf.graph import build_quads
from kg.rdf.ids import REGISTRY_FILE, assign, read_registry
from kg.rdf.publish.facts import FACTS_FILE, facts_csv
from kg.rdf.publish.files import Rendering, write_outputs
from kg.records import Article, ArticleFacts, Corpus
from kg.resolve import resolve
from kg.wording import counted

IN_PROCESS_UP_TO = 2  # articles to parse: this few are parsed in the build's own process, whatever --jobs says
ANALYSE_APART_FROM = 200  # articles: from this many, the analytics run in a worker process beside the check
WORKER_UP_TO = 64  # articles to parse: this few go to the model worker a rebuild starts (kg.engines.ModelWorker)


@dataclass(frozen=True)
class BuildOptions:
    """What `kg build` does beyond extraction; the CLI flags map one to one."""

    jobs: int = 1  # spaCy worker processes (#8)
    engine: str = "local"  # local | dask (#8)
    scheduler: str = ""  # dask scheduler address; empty starts a local cluster (#8)
    cache: bool = True  # reuse per-article results keyed by content hash and pipeline version (#8)
    validate: bool = True  # SHACL check of the written graph (#5)
    infer: bool = False  # also write the RDFS/OWL-RL closure (#5)
    analyse: bool = True  # networkx analytics, report and CSV (#6)
    html: bool = True  # the pyvis page (#6)
    top: int = 0  # keep only the top N entities by centrality in the HTML; 0 keeps all (#6)
    store: bool = True  # load the graph into an Oxigraph store in out/store (#7)
    min_confidence: float = 0.0  # leave out facts and events below this confidence (#20)


class Timings(dict):
    """Seconds per stage, by name; ended: when each was recorded (time.perf_counter()), for bench/ to tell
    which stage a moment of the build belongs to."""

    def __init__(self) -> None:
        super().__init__()
        self.ended: dict[str, float] = {}

    def __setitem__(self, name: str, seconds: float) -> None:
        super().__setitem__(name, seconds)
        self.ended[name] = time.perf_counter()


@dataclass
class BuildReport:
    articles: int = 0
    entities: int = 0
    facts: int = 0
    seconds: float = 0.0
    problems: list[InputProblem] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # one line per post-step ("graph conforms to the shapes")
    parsed: int = 0  # articles run through spaCy in this build (#8)
    reused: int = 0  # articles whose results came from the cache (#8)
    timings: dict[str, float] = field(default_factory=Timings)  # seconds per stage, by name
    cache_folder: Path | None = None  # the cache's version folder this build used, if any (#8)
    conforms: bool = True  # False when the written graph breaks ontology/shapes.ttl (#5)

    @property
    def failed(self) -> bool:
        return any(p.fatal for p in self.problems)

    def summary(self) -> str:
        errors = sum(p.fatal for p in self.problems)
        counts = f"{counted(self.articles, 'article')}, {counted(self.entities, 'entity', 'entities')}, "
        return counts + f"{counted(self.facts, 'fact')} in {self.seconds:.1f} s" + (
            f"; {counted(errors, 'input')} failed" if errors else ""
        )


def collect_articles(
    paths: Iterable[str | Path], report: BuildReport, on_problem: Callable[[InputProblem], None]
) -> list[Article]:
    articles: list[Article] = []
    seen: dict[str, str] = {}  # article id -> the source that took it
    for item in read_inputs(paths):
        if isinstance(item, InputProblem):
            report.problems.append(item)
            on_problem(item)
            continue
        article = clean_article(item)
        if not article.text.strip():
            problem = InputProblem(item.source, "no article text left after removing page chrome")
            report.problems.append(problem)
            on_problem(problem)
            continue
        if article.id in seen:  # ids are never renumbered: a clash would change another article's IRI
            problem = InputProblem(
                item.source, f"article id {article.id!r} is already the id of {display_path(seen[article.id])}; skipped"
            )
            report.problems.append(problem)
            on_problem(problem)
            continue
        seen[article.id] = item.source
        articles.append(article)
    return sorted(articles, key=lambda a: a.id)


def extract_all(
    articles: list[Article],
    progress: bool = False,
    engine: EngineConfig | None = None,
    cache: FactsCache | None = None,
    report: BuildReport | None = None,
    worker: ModelWorker | None = None,
    meanwhile: Callable[[], None] = lambda: None,
    on_problem: Callable[[InputProblem], None] = lambda p: None,
) -> list[ArticleFacts]:
    """ArticleFacts of each article, in the articles' order: cached ones reused, the others parsed by the engine
    (up to WORKER_UP_TO of them by the worker, when given: its model loads while the inputs are read, and
    meanwhile runs here while it parses).

    Results stream in from the engine and are cached as they come; Docs are never kept.
    """
    found: dict[str, ArticleFacts | bytes] = {}
    if cache is not None and articles:  # nothing to extract: no cache folder made
        try:
            cache.prepare()
        except CacheRefused as refused:
            if report is not None:
                report.notes.append(f"cache: {refused}")
            cache = None
    if cache is not None and articles:
        for article in articles:
            hit = cache.get(article)
            if hit is not None:
                found[article.id] = hit
    missing = [a for a in articles if a.id not in found]
    engine = engine or EngineConfig()
    if engine.kind == "local" and len(missing) <= IN_PROCESS_UP_TO:  # no worker start-up for one or two articles
        engine = EngineConfig(kind="local", jobs=1)
    results: Iterable[ArticleFacts]
    if worker is not None and engine.kind == "local" and 0 < len(missing) <= WORKER_UP_TO:
        results = worker.extract(missing, meanwhile)
    else:
        results = run_engine(missing, engine)
    if progress and missing:
        from tqdm import tqdm

        # the first result waits for the spaCy model to load: the bar says so until then
        results = bar = tqdm(results, total=len(missing), desc="loading the French model", unit="art", file=sys.stderr)
    loading = progress and bool(missing)
    for facts in results:
        if loading:
            bar.set_description("articles")
            loading = False
        if facts.failure:  # named with its file, never cached: the next build tries it again
            problem = InputProblem(facts.article.source, facts.failure)
            if report is not None:
                report.problems.append(problem)
            on_problem(problem)
        elif cache is not None:
            cache.put(facts)
        # held pickled while the model workers run: the records take four times the memory (176 MB against 44 MB
        # at 10,000 articles), which would add to the workers' own at the build's peak
        found[facts.article.id] = pickle.dumps(facts, pickle.HIGHEST_PROTOCOL) if len(missing) > WORKER_UP_TO else facts
    if report is not None:
        report.parsed, report.reused = len(missing), len(articles) - len(missing)
    return [pickle.loads(found[a.id]) if type(found[a.id]) is bytes else found[a.id] for a in articles]


def _holds_results(cache: FactsCache) -> bool:
    """Whether the cache's version folder holds results (a build of this version ran here before)."""
    try:
        return any(entry.is_dir() for entry in cache.folder.iterdir())
    except OSError:
        return False


def build_corpus(
    paths: Iterable[str | Path],
    progress: bool = False,
    on_problem: Callable[[InputProblem], None] = lambda p: None,
    options: BuildOptions | None = None,
    out_dir: Path | None = None,
    meanwhile: Callable[[], None] = lambda: None,
) -> tuple[Corpus, BuildReport]:
    """Read, extract and resolve; the cache lives under out_dir (or $KG_CACHE_DIR) when options.cache is on.

    meanwhile: work of the caller's that needs no article, run while a model worker parses (when one does).
    """
    options = options or BuildOptions()
    report = BuildReport()
    engine = EngineConfig(kind=options.engine, jobs=options.jobs, scheduler=options.scheduler)
    cache = FactsCache(cache_root(out_dir)) if options.cache and out_dir is not None else None
    # a rebuild (the cache holds results) most often parses a few new articles: their model loads meanwhile
    worker = ModelWorker() if cache is not None and engine.kind == "local" and _holds_results(cache) else None
    try:
        step = time.perf_counter()
        articles = collect_articles(paths, report, on_problem)
        report.timings["read"] = time.perf_counter() - step
        step = time.perf_counter()
        extracted = extract_all(articles, progress=progress, engine=engine, cache=cache, report=report, worker=worker,
                                meanwhile=meanwhile, on_problem=on_problem)
        report.timings["extract"] = time.perf_counter() - step
    finally:
        if worker is not None:
            worker.close()
    if cache is not None and articles and not any(n.startswith("cache: ") for n in report.notes):
        parsed = counted(report.parsed, "article")
        report.notes.append(f"cache: {parsed} parsed, {report.reused} reused ({cache.folder})")
        report.cache_folder = cache.folder
    step = time.perf_counter()
    with bulk_allocation():
        corpus = resolve(extracted)
    if options.min_confidence > 0:  # facts and events below the floor are left out of every output (#20)
        from kg.rdf.publish.facts import keep_confident

        corpus = keep_confident(corpus, options.min_confidence)
    report.timings["resolve"] = time.perf_counter() - step
    report.articles = len(corpus.articles)
    report.entities = len(corpus.entities)
    report.facts = len({(f.subject, f.predicate, f.object) for f in corpus.facts})
    return corpus, report


def analyse_and_render(graph: Graph, out_dir: Path, analyse: bool = True, html: bool = True, top: int = 0) -> list[str]:
    """Analytics files and/or graph.html from a kg graph into out_dir; one note line per output."""
    from kg.analyse.entity_graph import read_entity_graph
    from kg.render.job import render_entity_graph

    return render_entity_graph(read_entity_graph(graph), out_dir, analyse, html, top)


def build(
    paths: Iterable[str | Path],
    out_dir: Path,
    progress: bool = False,
    on_problem: Callable[[InputProblem], None] = lambda p: None,
    options: BuildOptions | None = None,
) -> BuildReport:
    """Build the graph of the given inputs into out_dir; returns what happened."""
    options = options or BuildOptions()
    started = time.perf_counter()
    previous: dict = {}  # what the folder's last build published: its id registry and its graph's snapshot

    def read_previous() -> None:
        if not previous:
            previous["registry"], previous["snapshot"] = read_registry(out_dir), previous_snapshot(out_dir)

    corpus, report = build_corpus(
        paths, progress=progress, on_problem=on_problem, options=options, out_dir=out_dir, meanwhile=read_previous
    )
    if report.articles:
        apart = None  # a worker process for the analytics and the page, warmed up while the graph is written
        if (options.analyse or options.html) and report.articles >= ANALYSE_APART_FROM:
            from kg.render.job import AnalyticsWorker

            apart = AnalyticsWorker()
        box = [corpus]  # handed over, so that it is freed once written
        del corpus
        try:
            _graph_and_after(box, report, previous, read_previous, out_dir, options, apart)
        finally:
            if apart is not None:
                apart.close()
    report.seconds = time.perf_counter() - started
    return report


def _graph_and_after(box: list, report: BuildReport, previous: dict, read_previous: Callable[[], None], out_dir: Path,
                     options: BuildOptions, apart) -> None:
    """Map, write, then check, analyse and store the resolved corpus (box: [the corpus], taken out)."""
    # -- step: store (#7). An update in place (a rebuild) runs in a process of its own (kg.rdf.publish.store_apart),
    # started now: it copies the store and empties the last change report's graph while the graph is mapped and
    # written (#19), then updates the copy beside the checks and the analytics (it reads graph.nq and changes.ttl
    # only). A whole load runs after them: Oxigraph's bulk loader takes every core, and would slow the checks down
    # more than it saves.
    from kg.rdf.publish.store import timed_store_step
    from kg.rdf.publish.store_apart import StoreApart

    store = StoreApart(out_dir) if options.store and _updates_in_place(out_dir) else None
    try:
        holder = _map_and_write(box, report, previous, read_previous, out_dir, options)
        if store is not None:
            store.go()
        # The rows stay to the check and hold no cycle (a full collection here found a few dozen objects
        # in 1.4 s at 2,000 articles): set aside from the collector, whose first pass after the pause would
        # otherwise walk them all, and every later full pass again. Reference counting still frees them.
        gc.freeze()
        try:
            _check_and_analyse(holder, out_dir, options, report, apart)
        finally:
            gc.unfreeze()
    except BaseException:
        if store is not None:
            store.stop()  # its copy dropped; or, told to go, never left writing into a generation then discarded
        raise
    if apart is not None:
        apart.close()  # its job is done: its memory is not kept beside the store's loader
    if store is None and options.store:
        release_memory()  # what the graph's stages freed, returned before the store's loader takes its own
    if store is not None or options.store:
        note, report.timings["store"] = store.result() if store is not None else timed_store_step(out_dir)
        report.notes.append(note)


def _map_and_write(box: list, report: BuildReport, previous: dict, read_previous: Callable[[], None], out_dir: Path,
                   options: BuildOptions) -> list:
    """Map the corpus (box: [the corpus], taken out) and write the graph files; returns [the Rendering]."""
    corpus = box.pop()
    with bulk_allocation():
        step = time.perf_counter()
        # -- stable identity and the change report (#18): the IRIs this folder published stay
        read_previous()
        registry, problem = previous.pop("registry")
        if problem:
            report.notes.append(problem)
        ids = assign(corpus, registry)
        quads = build_quads(corpus, ids=ids)
        del corpus  # mapped: from here on the graph is the quads, then the rows
        changes = change_report(previous.pop("snapshot"), quads)
        report.timings["graph"] = time.perf_counter() - step
        step = time.perf_counter()
        rendering = Rendering(quads)
        del quads  # the rows hold the graph now, and the terms of their nodes (rendering.triples() gives them)
        extra = {
            REGISTRY_FILE: ids.registry.to_json,
            "changes.md": lambda: changes.markdown,
            "changes.ttl": lambda: Rendering(changes.quads).write_turtle,
            FACTS_FILE: lambda rows=rendering: facts_csv(rows),  # the flat table of the facts (#20)
        }
        report.outputs = write_outputs(None, out_dir, extra, rendering=rendering)
        rendering.release()
        report.timings["write"] = time.perf_counter() - step
        report.notes.append(changes.note())
    return [rendering]


def _updates_in_place(out_dir: Path) -> bool:
    """Whether the store step will likely update a store in place (kg.rdf.publish.store.update_store)."""
    from kg.io import published_folder
    from kg.rdf.publish.store import STORE_DIR_NAME, is_store

    published = published_folder(out_dir)
    return published != Path(out_dir) and is_store(out_dir / STORE_DIR_NAME) and (published / "graph.nq").is_file()


def _check_and_analyse(holder: list, out_dir: Path, options: BuildOptions, report: BuildReport,
                       apart=None) -> None:
    """Validate (and infer), analyse and render the written graph; holder: [the Rendering], taken out and
    dropped after the check, so that its rows are freed before the analytics. apart: an AnalyticsWorker, which
    then computes the analytics and writes their files while this process checks the graph."""
    rendering = holder.pop()
    # the published graph as rdflib reads it, for inference only (the check reads the rows, the analytics
    # an index of the rows' triples): at 10,000 articles it would hold 1.7 million triples in three indexes
    published = rendering.graph() if options.infer else None
    pending = entity_graph = None
    if options.analyse or options.html:  # read before the check, which frees the rows
        from kg.analyse.entity_graph import TripleIndex, read_entity_graph

        analysing = time.perf_counter()
        entity_graph = read_entity_graph(published if published is not None else TripleIndex(rendering.triples()))
        reading = time.perf_counter() - analysing
        if apart is not None:
            pending = apart.submit(entity_graph, out_dir, options.analyse, options.html, options.top)
            entity_graph = None
    # -- step: validate, infer (#5)
    if options.validate:  # the graph stays written either way; the note and the exit code say it
        from kg.rdf.units import MEMORY_FILE, validate_rows
        from kg.rdf.validate import build_note

        step = time.perf_counter()
        memory = report.cache_folder / MEMORY_FILE if report.cache_folder else None
        whole = (lambda: published) if published is not None else rendering.graph
        validation, _ = validate_rows(rendering.rows, whole, memory, jobs=options.jobs)
        del whole  # it holds the rendering too
        report.conforms = validation.conforms
        report.notes.append(build_note(validation, out_dir / "graph.ttl"))
        report.timings["validate"] = time.perf_counter() - step
    del rendering
    release_memory()  # the rows' memory, given back while the analytics worker may still be growing
    if options.infer:
        from kg.rdf.infer import write_inferred

        added = write_inferred(published, out_dir / "graph.inferred.ttl")
        report.outputs["graph.inferred.ttl"] = out_dir / "graph.inferred.ttl"
        report.notes.append(f"graph.inferred.ttl: graph.ttl plus {added} triples entailed by OWL-RL")
    # -- step: analyse, render (#6)
    if pending is not None:
        report.notes += pending.result()
        report.timings["analyse"] = time.perf_counter() - analysing
    elif entity_graph is not None:
        step = time.perf_counter()
        from kg.render.job import render_entity_graph

        report.notes += render_entity_graph(entity_graph, out_dir, options.analyse, options.html, options.top)
        report.timings["analyse"] = reading + time.perf_counter() - step
