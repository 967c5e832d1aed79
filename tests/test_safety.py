"""#17: what a hostile try found. Nothing of the user's is lost, nobody is let in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRENCH = (
    "Le tribunal judiciaire de Lyon a ordonné mardi la fermeture du site Zorbaflix, accusé de proposer "
    "des milliers de films sans l'accord des ayants droit. La décision a été rendue après une plainte "
    "déposée par le studio Brindille Pictures au début de l'année.\n"
)


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(FRENCH, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- 1. KG_CACHE_DIR


def test_kg_cache_dir_never_touches_the_users_folders(tmp_path, monkeypatch, kg_build):
    mine = tmp_path / "mes-documents"
    precious = mine / "abcdefghijklmnop"  # 16 characters, like a cache version folder
    precious.mkdir(parents=True)
    (precious / "these.odt").write_text("trois ans de travail", encoding="utf-8")
    (mine / "notes.txt").write_text("à garder", encoding="utf-8")
    before = sorted(p.relative_to(mine) for p in mine.rglob("*"))
    monkeypatch.setenv("KG_CACHE_DIR", str(mine))
    assert kg_build(tmp_path / "out", _corpus(tmp_path / "in")) == 0
    assert (precious / "these.odt").read_text(encoding="utf-8") == "trois ans de travail"
    assert not (mine / ".gitignore").exists()
    after = sorted(p.relative_to(mine) for p in mine.rglob("*") if "kg-cache" not in p.relative_to(mine).parts)
    assert after == before  # kg wrote only under its own subfolder
    assert (mine / "kg-cache" / "CACHEDIR.TAG").is_file()


def test_a_cache_folder_kg_did_not_make_is_left_alone(tmp_path, monkeypatch, kg_build, capsys):
    mine = tmp_path / "dossier"
    (mine / "kg-cache" / "0123456789abcdef").mkdir(parents=True)
    (mine / "kg-cache" / "0123456789abcdef" / "photo.jpg").write_bytes(b"\xff\xd8")
    monkeypatch.setenv("KG_CACHE_DIR", str(mine))
    assert kg_build(tmp_path / "out", _corpus(tmp_path / "in")) == 0
    assert (mine / "kg-cache" / "0123456789abcdef" / "photo.jpg").read_bytes() == b"\xff\xd8"
    assert sorted(p.name for p in (mine / "kg-cache").iterdir()) == ["0123456789abcdef"]
    assert "cache is not used" in capsys.readouterr().err


def test_only_kgs_own_old_versions_are_removed(tmp_path):
    from kg.cache import FactsCache

    root = tmp_path / "cache"
    FactsCache(root).prepare()
    old = root / "00000000deadbeef"
    old.mkdir()
    (old / ".kg-cache").write_text("00000000deadbeef\n")
    stranger = root / "ffffffffffffffff"  # same shape, no marker: not removed
    stranger.mkdir()
    FactsCache(root).prepare()
    assert not old.exists() and stranger.exists()


def test_no_cache_folder_when_nothing_was_read(tmp_path, kg_build):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    assert kg_build(out, empty) == 2
    assert not (out / ".cache").exists() and not out.exists()  # no folder made when nothing was written


# ---------------------------------------------------------------- 7. the output set: whole, locked, cleaned


SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PUBLISHED = ("graph.ttl", "graph.nq", "graph.jsonld", "analytics.ttl", "report.md", "centrality.csv",
             "communities.csv", "suggested_links.csv", "graph.html", "ids.json", "changes.md", "changes.ttl",
             "facts.csv")


def _seeds(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes((SEEDS / name).read_bytes())
    return folder


def _snapshot(out: Path) -> dict:
    """What OUT shows: the bytes of each published file and the number of quads in its store."""
    import pyoxigraph as ox

    shown = {name: (out / name).read_bytes() if (out / name).is_file() else None for name in PUBLISHED}
    store = out / "store"
    shown["store"] = len(ox.Store.read_only(str(store))) if (store / "CURRENT").is_file() else None
    return shown


def _run(out: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> int:
    from kg.cli import main

    return main(["build", *(str(i) for i in inputs), "--out", str(out), "-q", *extra])


def _tidy(out: Path) -> None:
    """Nothing of a dead run is left: OUT holds the published links, .cache and .kg (one generation)."""
    import os

    names = sorted(p.name for p in out.iterdir())
    assert names == sorted((*PUBLISHED, "store", ".cache", ".kg")), names
    state = sorted(p.name for p in (out / ".kg").iterdir())
    assert state[0] == "current" and state[2] == "lock" and len(state) == 3, state
    assert os.readlink(out / ".kg" / "current") == state[1]


@pytest.fixture(scope="module")
def two_sets(tmp_path_factory):
    """An output folder with the set of two seeds, and the set a build of three others puts over it."""
    import shutil

    root = tmp_path_factory.mktemp("sets")
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    old_in, new_in = _seeds(root / "old", *seeds[:2]), _seeds(root / "new", *seeds[2:])
    old = root / "out-old"
    assert _run(old, old_in) == 0
    new = root / "out-new"
    shutil.copytree(old, new, symlinks=True)
    assert _run(new, new_in) == 0
    return old, new_in, _snapshot(old), _snapshot(new)


class Killed(BaseException):
    """A kill -9 at one step of writing: nothing after it runs, no cleanup."""


def test_a_build_killed_at_any_step_of_writing_leaves_the_old_set_or_the_new_one(two_sets, tmp_path, monkeypatch):
    import os
    import shutil

    from kg.io import OutputFolder

    old, new_in, old_set, new_set = two_sets
    assert old_set != new_set
    steps = ("replace", "rename", "link", "symlink", "unlink", "rmdir", "mkdir", "fsync")
    real = {name: getattr(os, name) for name in steps}
    real_rmtree = shutil.rmtree
    state = {"count": 0, "kill_at": None, "inside_rmtree": False}

    def step(name: str, args: tuple) -> None:
        if not state["inside_rmtree"]:
            state["count"] += 1
            if state["count"] == state["kill_at"]:
                raise Killed(f"{name} {args[:2]}")

    def hooked(name):
        def call(*args, **kwargs):
            step(name, args)
            return real[name](*args, **kwargs)

        return call

    def rmtree(path, *args, **kwargs):  # one step: a kill inside it is like a kill before or after it
        step("rmtree", (path,))
        state["inside_rmtree"] = True
        try:
            return real_rmtree(path, *args, **kwargs)
        finally:
            state["inside_rmtree"] = False

    def build_with_hooks(out: Path, kill_at: int | None) -> None:
        state.update(count=0, kill_at=kill_at)
        with monkeypatch.context() as patch:
            for name in steps:
                patch.setattr(os, name, hooked(name))
            patch.setattr(shutil, "rmtree", rmtree)
            patch.setattr(OutputFolder, "discard", lambda self, generation: None)  # a kill cleans nothing up
            patch.setattr(OutputFolder, "forget", lambda self: None)
            try:
                _run(out, new_in)
            except Killed:
                pass

    probe = tmp_path / "probe"
    shutil.copytree(old, probe, symlinks=True)
    build_with_hooks(probe, None)
    total = state["count"]
    assert total > 20 and _snapshot(probe) == new_set
    seen = {"old": 0, "new": 0}
    for kill_at in range(1, total + 1):
        out = tmp_path / f"k{kill_at}"
        shutil.copytree(old, out, symlinks=True)
        build_with_hooks(out, kill_at)
        shown = _snapshot(out)
        assert shown in (old_set, new_set), f"mixed set after a kill at step {kill_at} of {total}"
        seen["old" if shown == old_set else "new"] += 1
        if kill_at % 7 == 0 or kill_at == total:  # the next build cleans what the dead one left
            assert _run(out, new_in) == 0
            # the same graph; the change report (also in the store) is against the set the kill left
            again = {k: v for k, v in _snapshot(out).items() if not k.startswith(("changes.", "store"))}
            assert again == {k: v for k, v in new_set.items() if not k.startswith(("changes.", "store"))}
            _tidy(out)
        shutil.rmtree(out)
    assert seen["old"] and seen["new"]


def test_out_that_is_a_file_is_one_line_and_exit_4(tmp_path, capsys):
    target = tmp_path / "sortie"
    target.write_text("pas un dossier", encoding="utf-8")
    assert _run(target, _corpus(tmp_path / "in")) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a file" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "pas un dossier"
    assert _run(target / "sous-dossier", _corpus(tmp_path / "in")) == 4


def test_read_only_out_is_one_line_and_exit_4(tmp_path, capsys, monkeypatch):
    import os

    out = tmp_path / "lecture-seule"
    out.mkdir()
    real = os.mkdir

    def read_only(path, *args, **kwargs):  # as root, chmod does not stop writing: refuse like a read-only mount
        if str(path).startswith(str(out)):
            raise OSError(30, "Read-only file system", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only)
    assert _run(out, _corpus(tmp_path / "in")) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Read-only file system" in err and "Traceback" not in err


def test_two_builds_on_one_out_do_not_interleave(tmp_path, capsys):
    from kg.io import OutputFolder

    out = tmp_path / "out"
    holder = OutputFolder(out)
    holder.lock()  # another build is writing
    try:
        assert _run(out, _corpus(tmp_path / "in")) == 4
    finally:
        holder.unlock()
    err = capsys.readouterr().err
    assert "being written by another kg build" in err and err.count("\n") == 1
    assert not (out / "graph.ttl").exists()
    assert _run(out, _corpus(tmp_path / "in")) == 0


def test_leftovers_of_dead_runs_are_removed(two_sets, tmp_path):
    import shutil

    old, new_in, _, new_set = two_sets
    out = tmp_path / "out"
    shutil.copytree(old, out, symlinks=True)
    (out / ".graph.ttl.a1b2c3d4.tmp").write_text("à moitié")
    (out / ".store.new-a1b2c3d4").mkdir()
    (out / ".store.old-x9y8z7w6").mkdir()
    (out / ".kg" / "gen-20200101T000000-deadbeef").mkdir()
    keep = out / "mes-notes.txt"
    keep.write_text("à moi")
    assert _run(out, new_in) == 0
    keep.unlink()
    _tidy(out)


def test_a_build_without_the_page_keeps_the_previous_page(two_sets, tmp_path):
    import shutil

    old, new_in, old_set, _ = two_sets
    out = tmp_path / "out"
    shutil.copytree(old, out, symlinks=True)
    assert _run(out, new_in, extra=("--no-html",)) == 0
    assert (out / "graph.html").read_bytes() == old_set["graph.html"]
    assert (out / "graph.ttl").read_bytes() != old_set["graph.ttl"]


# ---------------------------------------------------------------- 2, 3: ids from paths, injective IRIs


def test_ids_that_slug_alike_get_apart_iris(tmp_path, kg_build):
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF

    from kg.rdf.vocab import SCHEMA

    rows = [{"id": i, "text": FRENCH} for i in ("Article 1", "article-1", "ARTICLE 1", "Статья 1", "文章", "記事")]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert kg_build(tmp_path / "out", corpus) == 0
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    articles = set(graph.subjects(RDF.type, SCHEMA.NewsArticle))
    assert len(articles) == len(rows)
    ids = {str(graph.value(a, SCHEMA.identifier)): a for a in articles}
    assert set(ids) == {r["id"] for r in rows}
    assert str(ids["Статья 1"]).endswith("/article/statia-1")
    assert Literal("Article 1") in set(graph.objects(None, SCHEMA.identifier))


def test_entity_names_in_other_scripts_get_readable_or_hashed_iris():
    from kg.rdf.graph import build_quads
    from kg.records import Article, Corpus, Entity

    names = ["Роскомнадзор", "Ελλάδα", "中国电影", "中国电影 ", "Œuvre", "oeuvre"]
    article = Article(id="a", source="a.txt", text=" ".join(names))
    entities = {f"k{i}": Entity(f"k{i}", n, "Organization", names={n}, articles={"a"}) for i, n in enumerate(names)}
    quads = build_quads(Corpus(articles=[article], entities=entities, facts=[], mentions={}))
    from rdflib.namespace import RDFS

    iris = {str(s): str(o) for s, _, o in quads.default if _ == RDFS.label and "/entity/" in str(s)}
    assert len(iris) == len(names)  # injective
    assert {"https://w3id.org/kg-fr/entity/roskomnadzor", "https://w3id.org/kg-fr/entity/ellada"} <= set(iris)


FILE_STEM = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=30
).filter(lambda s: not s.startswith(".") and len(s.encode()) < 200)
WILD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stems=st.lists(FILE_STEM, min_size=1, max_size=5, unique_by=lambda s: s.lower()),
    texts=st.lists(WILD_TEXT, min_size=5, max_size=5),
    names=st.lists(WILD_TEXT.filter(str.strip), min_size=1, max_size=5),
    folder=st.booleans(),
)
def test_any_names_and_texts_read_build_and_parse(stems, texts, names, folder):
    """Random Unicode file names, texts and entity names through read -> graph -> the three files: no crash,
    every article kept, injective IRIs, every file parses."""
    import tempfile

    from rdflib import Dataset, Graph
    from rdflib.namespace import RDF, RDFS

    from kg.ingest.clean import clean_article
    from kg.ingest.read import InputProblem, read_inputs
    from kg.rdf.graph import build_quads
    from kg.rdf.publish.files import write_outputs
    from kg.rdf.vocab import SCHEMA
    from kg.records import Article, Corpus, Entity

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        paths = []
        for i, stem in enumerate(stems):
            where = root / (f"d{i % 2}" if folder else "") / f"{stem}.txt"
            where.parent.mkdir(parents=True, exist_ok=True)
            try:
                where.write_text(FRENCH + texts[i], encoding="utf-8")
            except OSError:  # a name this file system refuses (too long once encoded)
                continue
            paths.append(where)
        read = list(read_inputs([root] if folder else paths))
        articles = [clean_article(a) for a in read if isinstance(a, Article)]
        assert not [p for p in read if isinstance(p, InputProblem) and p.fatal], read
        assert len(articles) == len(paths) == len({a.id for a in articles})
        entities = {f"k{i}": Entity(f"k{i}", n, "Organization", names={n}, articles={articles[0].id})
                    for i, n in enumerate(names)} if articles else {}
        corpus = Corpus(articles=articles, entities=entities, facts=[], mentions={})
        out = Path(tmp) / "out"
        write_outputs(build_quads(corpus), out)
        turtle = Graph().parse(out / "graph.ttl", format="turtle")
        Dataset().parse(out / "graph.nq", format="nquads")
        jsonld = Graph().parse(out / "graph.jsonld", format="json-ld")
    assert len(set(turtle.subjects(RDF.type, SCHEMA.NewsArticle))) == len(articles)
    labelled = {s for s, o in turtle.subject_objects(RDFS.label) if "/entity/" in str(s)}
    assert len(labelled) == len(entities)
    assert len(jsonld) == len(turtle)


# ---------------------------------------------------------------- 10, 11: text outputs, bound literals

NASTY_LABEL = "Zorba\x1b[2J\x1b]0;pwned\x07\u202eflix\x00\u2066x\x85y\u2028z"
RAW = ("\x1b", "\x07", "\x00", "\u202e", "\u2066", "\x85", "\u2028")


@pytest.fixture(scope="module")
def nasty_graph(built_seeds, tmp_path_factory) -> Path:
    """The seeds graph with an entity's label full of terminal escapes and bidirectional controls."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDFS

    from kg.rdf.vocab import ENT

    graph = Graph().parse(built_seeds / "graph.ttl")
    graph.set((ENT.torrentspy, RDFS.label, Literal(NASTY_LABEL, lang="fr")))
    path = tmp_path_factory.mktemp("nasty") / "graph.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_no_raw_control_character_in_report_or_csv(nasty_graph, tmp_path):
    from kg.cli import main

    assert main(["analyse", str(nasty_graph), "--out", str(tmp_path)]) == 0
    for name in ("report.md", "centrality.csv", "communities.csv", "suggested_links.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert not any(c in text for c in RAW), name
    assert "Zorba\\x1b[2J" in (tmp_path / "centrality.csv").read_text(encoding="utf-8")
    assert "Zorba\\\\x1b\\[2J" in (tmp_path / "report.md").read_text(encoding="utf-8")  # Markdown-escaped


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_no_raw_control_character_in_query_answers(nasty_graph, capsys, fmt):
    from kg.cli import main

    query = "SELECT ?l WHERE { ent:torrentspy rdfs:label ?l }"
    assert main(["query", query, "--graph", str(nasty_graph), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in RAW) and "Zorba" in out
    if fmt == "json":  # the same value, escaped
        assert json.loads(out)["results"]["bindings"][0]["l"]["value"] == NASTY_LABEL
    construct = "CONSTRUCT { ent:torrentspy rdfs:label ?l } WHERE { ent:torrentspy rdfs:label ?l }"
    assert main(["query", construct, "--graph", str(nasty_graph), "--format", fmt]) == 0
    assert not any(c in capsys.readouterr().out for c in RAW)


def test_a_bound_literal_with_backslash_u_is_read_as_written(tmp_path):
    from kg.sparql.query import Query, load_graph_file, query_rdflib, query_store
    from kg.sparql.terms import parse_param

    graph_file = tmp_path / "g.ttl"
    graph_file.write_text('<urn:a> <urn:p> "C:\\\\u0041dir" .\n<urn:b> <urn:p> "CAdir" .\n', encoding="utf-8")
    query = Query("SELECT ?s WHERE { ?s <urn:p> ?v }")
    params = dict([parse_param("v=C:\\u0041dir")])  # a backslash, then "u0041": no escape
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    for answer in (query_rdflib(load_graph_file(graph_file), query, params), query_store(store, query, params)):
        assert [row[0].value for row in answer.rows] == ["urn:a"]


# ---------------------------------------------------------------- 9. kg query: time, rows, memory


@pytest.mark.parametrize(
    ("query", "limits", "message"),
    [
        ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", ["--timeout", "1"],
         "longer than 1 s (--timeout)"),
        ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i", ["--timeout", "60"],
         "more than 2,048 MB of memory (--max-memory)"),
        ("SELECT * WHERE { ?s ?p ?o }", ["--max-rows", "10"], "over the cap of 10 (--max-rows)"),
    ],
)
@pytest.mark.parametrize("source", ["--store", "--graph"])
def test_kg_query_stops_at_its_limits_with_a_clear_message(built_seeds, capsys, query, limits, message, source):
    import time

    from kg.cli import main

    if source == "--graph" and "ORDER BY" in query:
        pytest.skip("rdflib's evaluation of that sort is too slow to reach the memory cap quickly")
    target = built_seeds / ("store" if source == "--store" else "graph.ttl")
    started = time.monotonic()
    assert main(["query", query, source, str(target), *limits]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert time.monotonic() - started < 30


def test_an_article_whose_reading_fails_is_named_and_the_others_are_built(tmp_path, monkeypatch, capsys, kg_build):
    import kg.extract.article as article_module

    real = article_module.extract_from_doc

    def faulty(article, doc, lexicon):  # a reader's bug that one text sets off
        if "Vidalis" in article.text:
            raise IndexError("token out of range")
        return real(article, doc, lexicon)

    monkeypatch.setattr(article_module, "extract_from_doc", faulty)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("La Sacem a assigné le site Kinovox.com en mai.", encoding="utf-8")
    (inputs / "b.txt").write_text("La police a fermé le site Vidalis.to hier.", encoding="utf-8")
    out = tmp_path / "out"
    assert kg_build(out, inputs) == 1
    err = capsys.readouterr().err
    assert "b.txt: extraction failed (IndexError: token out of range)" in err and "Traceback" not in err
    graph = (out / "graph.ttl").read_text(encoding="utf-8").lower()
    assert "kinovox" in graph and "vidalis" not in graph
