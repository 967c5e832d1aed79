"""Wire the stages: read -> clean -> extract (per article) -> resolve -> graph -> publish."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.clean import clean_article
from kg.extract.article import extract_article
from kg.graph import build_dataset
from kg.publish.files import write_outputs
from kg.read import InputProblem, read_inputs
from kg.records import Article, ArticleFacts, Corpus
from kg.resolve import resolve


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


@dataclass
class BuildReport:
    articles: int = 0
    entities: int = 0
    facts: int = 0
    seconds: float = 0.0
    problems: list[InputProblem] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # one line per post-step ("graph conforms to the shapes")

    @property
    def failed(self) -> bool:
        return any(p.fatal for p in self.problems)

    def summary(self) -> str:
        errors = sum(p.fatal for p in self.problems)
        return f"{self.articles} articles, {self.entities} entities, {self.facts} facts in {self.seconds:.1f} s" + (
            f"; {errors} input(s) failed" if errors else ""
        )


def collect_articles(
    paths: Iterable[str | Path], report: BuildReport, on_problem: Callable[[InputProblem], None]
) -> list[Article]:
    articles: list[Article] = []
    seen: set[str] = set()
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
        if article.id in seen:  # two files with one stem: keep both, apart
            article = Article(**{**article.__dict__, "id": f"{article.id}-{len(seen)}"})
        seen.add(article.id)
        articles.append(article)
    return sorted(articles, key=lambda a: a.id)


def extract_all(articles: list[Article], progress: bool = False) -> list[ArticleFacts]:
    iterator: Iterable[Article] = articles
    if progress:
        from tqdm import tqdm

        iterator = tqdm(articles, desc="articles", unit="art", file=sys.stderr)
    return [extract_article(article) for article in iterator]


def build_corpus(
    paths: Iterable[str | Path], progress: bool = False, on_problem: Callable[[InputProblem], None] = lambda p: None
) -> tuple[Corpus, BuildReport]:
    report = BuildReport()
    articles = collect_articles(paths, report, on_problem)
    corpus = resolve(extract_all(articles, progress=progress))
    report.articles = len(corpus.articles)
    report.entities = len(corpus.entities)
    report.facts = len({(f.subject, f.predicate, f.object) for f in corpus.facts})
    return corpus, report


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
    corpus, report = build_corpus(paths, progress=progress, on_problem=on_problem)
    if report.articles:
        dataset = build_dataset(corpus)
        report.outputs = write_outputs(dataset, out_dir)
        # -- step: validate, infer (#5)
        # -- step: analyse, render (#6)
        # -- step: store (#7)
    report.seconds = time.perf_counter() - started
    return report
