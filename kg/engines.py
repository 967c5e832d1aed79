"""Where extraction runs: in this process, in worker processes, or on a Dask cluster.

Every engine maps the same function, :func:`extract_batch`, over batches of
articles and yields ArticleFacts as batches finish. A batch goes through
``nlp.pipe`` in one worker and only the small records come back: Docs never
cross a process boundary (spaCy's own ``n_process`` ships every Doc back to the
parent, which costs more than our extraction). Callers sort by article id, so the
order in which batches finish never shows in the output.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from kg.records import Article, ArticleFacts

SPACY_BATCH = 32  # texts per nlp.pipe batch inside a worker


@dataclass(frozen=True)
class EngineConfig:
    kind: str = "local"  # local | dask
    jobs: int = 1  # worker processes (local) or workers of a started local cluster (dask)
    scheduler: str = ""  # dask scheduler address; empty starts a local cluster


def extract_batch(articles: Sequence[Article]) -> list[ArticleFacts]:
    """Parse a batch with one ``nlp.pipe`` pass and extract each article (the per-worker function).

    The model and the lexicon are loaded once per process (both are lru_cached).
    """
    from kg.extract.article import extract_from_doc
    from kg.extract.nlp import load_nlp
    from kg.lexicon import load_lexicon

    nlp, lexicon = load_nlp(), load_lexicon()
    docs = nlp.pipe((a.text for a in articles), batch_size=SPACY_BATCH)
    return [_extract_one(extract_from_doc, article, doc, lexicon) for article, doc in zip(articles, docs, strict=True)]


def _extract_one(extract, article: Article, doc, lexicon) -> ArticleFacts:
    """One article's extraction; a fault in it fails that article alone, with the reason, and the batch goes on."""
    try:
        return extract(article, doc, lexicon)
    except Exception as error:  # a reader's bug on one text must not cost the other articles
        return ArticleFacts(article, failure=f"extraction failed ({type(error).__name__}: {error})")


def batches(articles: Sequence[Article], workers: int, largest: int = 64) -> list[list[Article]]:
    """Split into batches small enough to keep every worker busy to the end: about four per worker
    (the last batch to finish leaves the other workers idle for at most its own length).

    >>> [len(b) for b in batches([Article(str(i), "", "x") for i in range(10)], workers=2)]
    [2, 2, 2, 2, 2]
    >>> [len(b) for b in batches([Article(str(i), "", "x") for i in range(300)], workers=2)][:3]
    [34, 34, 34]
    """
    size = max(1, min(largest, -(-len(articles) // (workers * 4 + 1))))
    return [list(articles[i : i + size]) for i in range(0, len(articles), size)]


def run_serial(articles: Sequence[Article]) -> Iterator[ArticleFacts]:
    for batch in batches(articles, workers=1, largest=SPACY_BATCH * 4):
        yield from extract_batch(batch)


def run_processes(articles: Sequence[Article], jobs: int) -> Iterator[ArticleFacts]:
    # spawn, not fork: a worker starts clean (no copy of the parent's threads or of a half-built graph)
    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs) as pool:
        for result in pool.imap_unordered(extract_batch, batches(articles, jobs)):
            yield from result


def _serve_model(connection) -> None:
    """A ModelWorker's process: load the model and the lexicon at once, then extract each batch it is sent."""
    failure: BaseException | None = None
    try:
        from kg.extract.nlp import load_nlp
        from kg.lexicon import load_lexicon

        load_nlp(), load_lexicon()
    except Exception as error:  # told to the build when it asks for a batch (it may need none)
        failure = error
    while True:
        try:
            articles = connection.recv()
        except (EOFError, OSError):
            return
        if articles is None:
            return
        try:
            if failure is not None:
                raise failure
            answer: tuple = ("ok", extract_batch(articles))
        except Exception as error:
            answer = ("error", error)
        try:
            connection.send(answer)
        except Exception:  # an exception that does not pickle: its text
            connection.send(("error", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))


class ModelWorker:
    """One worker process that loads the model while the build reads its inputs and its cache, then extracts
    the few articles the cache lacks (a rebuild after a new article): the model's load (about 4.5 s) runs
    beside the reading instead of after it, and a rebuild that parses nothing ends the worker unused."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve_model, args=(child,), daemon=True)
        self._process.start()
        child.close()

    def extract(self, articles: Sequence[Article], meanwhile: Callable[[], None] = lambda: None) -> list[ArticleFacts]:
        """ArticleFacts of the articles, in their order (extract_batch's, in the worker); meanwhile runs here
        while the worker works."""
        try:
            self._connection.send(list(articles))
        except (EOFError, OSError) as error:
            raise RuntimeError(f"the extraction worker stopped ({error or 'no answer'})") from error
        meanwhile()
        try:
            status, value = self._connection.recv()
        except (EOFError, OSError) as error:
            raise RuntimeError(f"the extraction worker stopped ({error or 'no answer'})") from error
        if status != "ok":
            raise value
        return value

    def close(self) -> None:
        """End the worker, loading or idle: it holds nothing the build needs."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._connection.close()


def run_dask(articles: Sequence[Article], jobs: int, scheduler: str) -> Iterator[ArticleFacts]:
    """Submit batches to a Dask cluster: the one at ``scheduler``, else a local one of ``jobs`` workers.

    Workers need kg installed (same version) to import extract_batch.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(
            n_workers=max(jobs, 2), threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        )
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        futures = client.map(extract_batch, batches(articles, workers), pure=False)
        for future in as_completed(futures):
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_engine(articles: Sequence[Article], config: EngineConfig) -> Iterator[ArticleFacts]:
    """ArticleFacts of every article, in completion order."""
    if not articles:
        return iter(())
    if config.kind == "dask":
        return run_dask(articles, config.jobs, config.scheduler)
    if config.kind != "local":
        raise ValueError(f"unknown engine {config.kind!r} (local or dask)")
    if config.jobs > 1 and len(articles) > 1:
        return run_processes(articles, min(config.jobs, len(articles)))
    return run_serial(articles)
