"""Article metadata from the page's own signals: publisher, a quoted source kept apart, dated lines."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from kg.ingest.clean import clean_article, clean_text
from kg.ingest.read import read_inputs
from kg.rdf.vocab import KGO, SCHEMA
from kg.records import Article

BODY = (
    "La gendarmerie a fait fermer le site Zorbax.fr le 3 février, après une plainte de la Sacem.\n\n"
    "Le site proposait des films en téléchargement illégal depuis deux ans."
)


@pytest.mark.parametrize(
    "line",
    [
        "Friday , September 18 2020",
        "18/09/2020",
        "18 septembre 2020",
        "vendredi 18 septembre 2020",
        "Publié le 18 septembre 2020 à 10h30",
        "September 18, 2020",
        "Updated: Sep 18, 2020 10:30 am",
        "18.09.2020",
        "2020-09-18",
        "Mis à jour le 18/09/2020 à 08:15",
    ],
)
def test_a_dated_line_is_the_article_date(line):
    text, metadata = clean_text(f"{line}\nZorbax fermé\n\n{BODY}")
    assert metadata["date"] == "2020-09-18"
    assert line not in text and "Sacem" in text


def test_a_date_inside_a_sentence_is_no_article_date():
    _, metadata = clean_text(f"Le 18 septembre 2020 la police a fermé le site.\n\n{BODY}")
    assert "date" not in metadata


@pytest.mark.parametrize(
    ("chrome", "publisher"),
    [
        ("Abonnez-vous à Numerama sur Google News pour ne manquer aucune info !", "Numerama"),
        ("🔴 Pour ne manquer aucune actualité de 01net, suivez-nous sur Google Actualités et WhatsApp.", "01net"),
        ("La meilleure expérience de Numerama, sans publicité,", "Numerama"),
        ("© 2021 Le Monde - Tous droits réservés", "Le Monde"),
    ],
)
def test_the_page_names_its_own_publisher(chrome, publisher):
    text, metadata = clean_text(f"Zorbax fermé\n\n{BODY}\n\n{chrome}")
    assert metadata["publisher"] == publisher
    assert chrome not in text


def test_a_quoted_source_is_kept_apart_from_the_publisher():
    article = clean_article(Article("a", "a.txt", f"Zorbax fermé\n\n{BODY}\n\nSource : Torrent Freaks"))
    assert article.cites == "Torrent Freaks"
    assert article.publisher == "" and "Torrent Freaks" not in article.text
    article = clean_article(
        Article("b", "b.txt", f"{BODY}\n\nAbonnez-vous à Numerama sur Google News\n\nSource : TorrentFreak")
    )
    assert (article.publisher, article.cites) == ("Numerama", "TorrentFreak")


HTML_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Zorbax fermé par la gendarmerie - Le Journal du Net</title>
<meta property="og:site_name" content="Le Journal du Net">
<meta property="og:title" content="Zorbax fermé par la gendarmerie">
<meta property="article:published_time" content="2021-02-04T09:00:00+01:00">
<link rel="canonical" href="https://www.example.org/zorbax">
</head><body><article><h1>Zorbax fermé par la gendarmerie</h1>
<p>La gendarmerie de Valenciennes a fait fermer le site Zorbax.fr le 3 février 2021, après une plainte de
la Sacem déposée au tribunal de Lille. Le site proposait des films en téléchargement illégal depuis deux ans.</p>
<p>Selon le parquet, l'administrateur du site a été interpellé à Lille mardi dernier et placé en garde à vue.</p>
<p>Source : Torrent Freaks</p></article></body></html>"""


def test_an_html_page_gives_its_site_name_and_keeps_the_source_apart(tmp_path, kg_build):
    source = tmp_path / "in"
    source.mkdir()
    (source / "zorbax.html").write_text(HTML_PAGE, encoding="utf-8")
    [article] = [clean_article(a) for a in read_inputs([source])]
    assert article.publisher == "Le Journal du Net"
    assert article.cites == "Torrent Freaks"
    assert "Torrent Freaks" not in article.text
    out = tmp_path / "out"
    assert kg_build(out, source) == 0
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    [node] = list(graph.subjects(SCHEMA.publisher, Literal("Le Journal du Net")))
    assert (node, KGO.citesSource, Literal("Torrent Freaks")) in graph
