"""Bad and unusual inputs: every problem names its file, and good files are still read."""

from __future__ import annotations

import json
import random

import pytest

from kg.ingest.clean import clean_article
from kg.ingest.read import InputProblem, read_inputs
from kg.records import Article

FRENCH = (
    "Le tribunal judiciaire de Lyon a ordonné mardi la fermeture du site Zorbaflix, accusé de proposer "
    "des milliers de films sans l'accord des ayants droit. La décision a été rendue après une plainte "
    "déposée par le studio Brindille Pictures au début de l'année. Les administrateurs de la plateforme "
    "n'ont pas répondu aux questions de la rédaction.\n"
)

ENGLISH = (
    "The district court in Boston has ordered the closure of the website Zorbaflix, which was accused of "
    "sharing thousands of films without permission from the studios. Its operators were questioned by the "
    "police and the site is now offline for good, according to a spokesperson.\n"
)


def _read(*paths):
    items = list(read_inputs(paths))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    return articles, problems


def _only_problem(path):
    articles, problems = _read(path)
    assert articles == []
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.fatal
    assert str(path) in problem.path
    assert str(path) in str(problem)
    return problem


def test_empty_file(tmp_path):
    path = tmp_path / "vide.txt"
    path.write_bytes(b"")
    problem = _only_problem(path)
    assert "empty" in problem.message


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blanc.txt"
    path.write_text("   \n\n \t \n", encoding="utf-8")
    problem = _only_problem(path)
    assert "empty" in problem.message


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    data = bytearray(random.Random(7).randbytes(4096))
    data[10] = 0  # make sure there is a NUL
    path.write_bytes(bytes(data))
    problem = _only_problem(path)
    assert "binary" in problem.message


def test_cp1252_article_is_read_with_a_warning(tmp_path):
    path = tmp_path / "ancien.txt"
    text = "L’été dernier, la société Telvora a été condamnée pour contrefaçon. " + FRENCH
    data = text.encode("cp1252")
    assert b"\x92" in data and b"\xe9" in data  # ’ and é as Windows-1252 bytes
    path.write_bytes(data)
    articles, problems = _read(path)
    assert len(articles) == 1
    assert articles[0].text == text
    assert "L’été dernier" in articles[0].text and "société" in articles[0].text
    assert len(problems) == 1
    warning = problems[0]
    assert not warning.fatal
    assert warning.path == str(path)
    assert str(path) in str(warning) and str(warning).startswith("warning")


def test_utf8_with_bom_has_no_warning(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + FRENCH.encode("utf-8"))
    articles, problems = _read(path)
    assert problems == []
    assert articles[0].text == FRENCH


def test_unknown_extension(tmp_path):
    path = tmp_path / "jugement.pdf"
    path.write_bytes(b"%PDF-1.4\n" + FRENCH.encode())
    problem = _only_problem(path)
    assert ".pdf" in problem.message


def test_empty_folder(tmp_path):
    folder = tmp_path / "rien"
    folder.mkdir()
    problem = _only_problem(folder)
    assert "folder" in problem.message


def test_missing_path(tmp_path):
    path = tmp_path / "absent" / "article.txt"
    problem = _only_problem(path)
    assert "no such file" in problem.message


def test_english_article_is_skipped(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    problem = _only_problem(path)
    assert "not in French" in problem.message
    assert "skipped" in problem.message


def test_too_large_file(tmp_path):
    path = tmp_path / "enorme.txt"
    line = FRENCH.encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(10_000_000 // len(line) + 1):
            handle.write(line)
    assert path.stat().st_size >= 10_000_000
    problem = _only_problem(path)
    assert "too large" in problem.message


def test_jsonl_good_and_bad_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    good = {"id": "zorbaflix-lyon", "title": "Zorbaflix fermé", "text": FRENCH}
    path.write_text(json.dumps(good, ensure_ascii=False) + '\n{"id": "cassé", "text": \n', encoding="utf-8")
    articles, problems = _read(path)
    assert [a.id for a in articles] == ["zorbaflix-lyon"]
    assert articles[0].text == FRENCH
    assert articles[0].title == "Zorbaflix fermé"
    assert articles[0].source == f"{path}:1"
    assert len(problems) == 1
    assert problems[0].fatal
    assert problems[0].path == f"{path}:2"
    assert "JSON" in problems[0].message


def test_jsonl_line_without_text(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"id": "x", "body": FRENCH}) + "\n", encoding="utf-8")
    problem = _only_problem(path)
    assert problem.path == f"{path}:1"


HTML_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Le site Zorbaflix fermé par la justice | Le Petit Écran</title></head>
<body>
<nav><ul><li><a href="/">Accueil du Petit Écran</a></li><li><a href="/tech">Rubrique Technologies</a></li>
<li><a href="/contact">Contactez la rédaction</a></li></ul></nav>
<article>
<h1>Le site Zorbaflix fermé par la justice</h1>
<p>Le tribunal judiciaire de Lyon a ordonné mardi la fermeture du site Zorbaflix, accusé de proposer des milliers
de films sans l'accord des ayants droit. La décision a été rendue après une plainte déposée par le studio
Brindille Pictures au début de l'année.</p>
<p>Selon les enquêteurs, la plateforme attirait chaque mois plusieurs centaines de milliers de visiteurs. Ses
administrateurs, installés à l'étranger, n'ont pas répondu aux sollicitations de la rédaction.</p>
<p>Les fournisseurs d'accès devront par ailleurs bloquer les adresses miroirs qui apparaîtront dans les prochains
mois, précise le jugement consulté par notre journal.</p>
</article>
<footer><p>Abonnez-vous au Petit Écran pour recevoir nos articles chaque matin</p>
<p>Mentions légales et politique de confidentialité</p></footer>
</body></html>
"""


@pytest.fixture
def html_article(tmp_path):
    path = tmp_path / "zorbaflix.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    articles, problems = _read(path)
    assert problems == []
    assert len(articles) == 1
    return articles[0]


def test_html_page(html_article):
    article = html_article
    assert article.title == "Le site Zorbaflix fermé par la justice"
    assert "Le tribunal judiciaire de Lyon a ordonné" in article.text
    assert "précise le jugement" in article.text
    for chrome in (
        "Rubrique Technologies",
        "Contactez la rédaction",
        "Accueil du Petit Écran",
        "Abonnez-vous",
        "Mentions légales",
    ):
        assert chrome not in article.text
    cleaned = clean_article(article)
    assert cleaned.title == article.title
    assert "Abonnez-vous" not in cleaned.text


def test_html_paragraphs_stay_apart_after_cleaning(html_article):
    cleaned = clean_article(html_article)
    assert "la justice Le tribunal" not in cleaned.text
    assert len(cleaned.text.split("\n\n")) >= 3


# --- the command line -------------------------------------------------------------------------------------


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("kg: error:", "kg: warning:"))]


def test_cli_good_and_bad_file(tmp_path, capsys, kg_build):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bon.txt").write_text(FRENCH, encoding="utf-8")
    bad = inputs / "mauvais.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    code = kg_build(out, inputs)
    assert code == 1
    for name in ("graph.ttl", "graph.nq", "graph.jsonld"):
        assert (out / name).stat().st_size > 0
    lines = _problem_lines(capsys.readouterr().err)
    assert lines, "the bad file was not reported"
    for line in lines:
        assert str(bad) in line
        assert "bon.txt" not in line


def test_cli_only_bad_files(tmp_path, capsys, kg_build):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "vide.txt").write_bytes(b"")
    (inputs / "scan.pdf").write_bytes(b"%PDF-1.4")
    (inputs / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (inputs / "bruit.txt").write_bytes(b"\x00\x01\x02" * 300)
    out = tmp_path / "out"
    code = kg_build(out, inputs)
    assert code == 2
    assert not (out / "graph.ttl").exists()
    err = capsys.readouterr().err
    assert "no article could be read" in err
    for name in ("vide.txt", "english.txt", "bruit.txt"):
        assert any(name in line for line in _problem_lines(err)), name


def test_cli_missing_input(tmp_path, capsys, kg_build):
    out = tmp_path / "out"
    code = kg_build(out, tmp_path / "nulle-part")
    assert code == 2
    assert not (out / "graph.ttl").exists()
    assert "nulle-part" in capsys.readouterr().err


# --- #17: ids, names, encodings, control characters -------------------------------------------------------


def test_ids_come_from_the_path_relative_to_the_input_root(tmp_path):
    root = tmp_path / "corpus"
    for rel in ("d1/x.txt", "d1/x-2.txt", "d2/x.txt", "top.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(FRENCH, encoding="utf-8")
    articles, problems = _read(root)
    assert problems == []
    assert sorted(a.id for a in articles) == ["d1/x", "d1/x-2", "d2/x", "top"]
    alone, _ = _read(root / "d1" / "x.txt")  # a file named on the command line: its stem
    assert [a.id for a in alone] == ["x"]


def test_a_true_id_collision_is_an_error_naming_both_files(tmp_path, capsys, kg_build):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "x.txt").write_text(FRENCH, encoding="utf-8")
    code = kg_build(tmp_path / "out", first, second)
    assert code == 1
    lines = _problem_lines(capsys.readouterr().err)
    assert len(lines) == 1 and str(first / "x.txt") in lines[0] and str(second / "x.txt") in lines[0]


def test_nested_files_with_one_stem_are_all_kept(tmp_path, kg_build):
    from rdflib import Graph
    from rdflib.namespace import RDF

    from kg.rdf.vocab import SCHEMA

    root = tmp_path / "corpus"
    for rel in ("d1/x.txt", "d1/x-2.txt", "d2/x.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(FRENCH, encoding="utf-8")
    assert kg_build(tmp_path / "out", root) == 0
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(set(graph.subjects(RDF.type, SCHEMA.NewsArticle))) == 3


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_jsonl_text_may_hold_unicode_line_separators(tmp_path, separator):
    path = tmp_path / "corpus.jsonl"
    rows = [{"id": "a", "text": FRENCH + separator + FRENCH}, {"id": "b", "text": FRENCH}]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text(lines[0] + "\n" + lines[1] + "\n{broken\n", encoding="utf-8")
    articles, problems = _read(path)
    assert [a.id for a in articles] == ["a", "b"]
    assert separator in articles[0].text
    assert [p.path for p in problems] == [f"{path}:3"]  # the line number counts "\n" only


def test_utf16_text_with_a_bom_is_text(tmp_path):
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(("\ufeff" + FRENCH).encode(codec))
        articles, problems = _read(path)
        assert problems == [] and articles[0].text == FRENCH, codec


def test_nul_and_escape_are_removed_alike_by_every_reader(tmp_path):
    dirty = FRENCH.replace("Lyon", "Ly\x00on\x1b[31m")
    (tmp_path / "a.txt").write_text(dirty, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": dirty, "title": "T\x1b]0;x\x07"}) + "\n")
    (tmp_path / "c.html").write_text(f"<html><body><article><p>{dirty}</p></article></body></html>")
    articles, problems = _read(tmp_path)
    assert len(articles) == 3
    for article in articles:
        assert "\x00" not in article.text and "\x1b" not in article.text and "Lyon[31m" in article.text
        assert "\x1b" not in article.title and "\x07" not in article.title
    # lxml drops them from the HTML already; the two others say so
    assert {p.path for p in problems} == {str(tmp_path / "a.txt"), f"{tmp_path / 'b.jsonl'}:1"}
    assert all(not p.fatal and "control" in p.message for p in problems)


def test_html_saved_as_txt_is_read_as_html_with_a_warning(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(HTML_PAGE, encoding="utf-8")
    articles, problems = _read(path)
    assert len(articles) == 1 and "<" not in articles[0].text and "Zorbaflix" in articles[0].text
    assert [p.fatal for p in problems] == [False] and "HTML" in problems[0].message


def test_a_non_utf8_file_name_is_one_error_and_the_rest_is_built(tmp_path, capsys, kg_build):
    import os

    root = tmp_path / "in"
    root.mkdir()
    (root / "bon.txt").write_text(FRENCH, encoding="utf-8")
    bad = os.path.join(os.fsencode(root), b"caf\xe9.txt")
    with open(bad, "wb") as handle:
        handle.write(FRENCH.encode())
    out = tmp_path / "out"
    assert kg_build(out, root) == 1
    lines = _problem_lines(capsys.readouterr().err)
    assert len(lines) == 1 and "caf\\xe9.txt" in lines[0] and "UTF-8" in lines[0]
    assert (out / "graph.ttl").stat().st_size > 0


def test_an_unreadable_subfolder_is_one_error_and_the_rest_is_built(tmp_path, capsys, kg_build, monkeypatch):
    import os

    root = tmp_path / "in"
    (root / "secret").mkdir(parents=True)
    (root / "secret" / "x.txt").write_text(FRENCH, encoding="utf-8")
    (root / "bon.txt").write_text(FRENCH, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # as root, chmod 000 does not stop reading: refuse the way the kernel would
        if os.fspath(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out"
    assert kg_build(out, root) == 1
    lines = _problem_lines(capsys.readouterr().err)
    assert len(lines) == 1 and str(root / "secret") in lines[0] and "cannot read" in lines[0]
    assert (out / "graph.ttl").stat().st_size > 0


def test_a_newline_in_a_file_name_stays_on_one_error_line(tmp_path, capsys, kg_build):
    bad = tmp_path / "deux\nlignes.txt"
    bad.write_bytes(b"")
    good = tmp_path / "bon.txt"
    good.write_text(FRENCH, encoding="utf-8")
    assert kg_build(tmp_path / "out", good, bad) == 1
    err = capsys.readouterr().err
    (line,) = _problem_lines(err)
    assert "deux\\nlignes.txt" in line and "empty" in line
