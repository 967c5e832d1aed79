"""What kg build says: the progress bar names the model load, and counts take the right number."""

from __future__ import annotations

import io
import sys

from kg import pipeline
from kg.pipeline import BuildReport, extract_all
from kg.records import Article, ArticleFacts
from kg.render.page import PageSummary, page_note


def test_progress_bar_says_the_model_is_loading(monkeypatch):
    seen: list[str] = []

    def engine(articles, config):
        seen.append(stream.getvalue())  # what the bar showed before the first result (the model load)
        for article in articles:
            yield ArticleFacts(article)

    stream = io.StringIO()
    monkeypatch.setattr(pipeline, "run_engine", engine)
    monkeypatch.setattr(sys, "stderr", stream)
    extract_all([Article("a", "a.txt", "Texte."), Article("b", "b.txt", "Texte.")], progress=True)
    assert "loading the French model" in seen[0]
    assert "articles: 100%" in stream.getvalue()


def test_counts_take_the_right_number():
    assert BuildReport(articles=1, entities=1, facts=1, seconds=0.5).summary() == "1 article, 1 entity, 1 fact in 0.5 s"
    assert BuildReport(articles=2, entities=0, facts=3).summary().startswith("2 articles, 0 entities, 3 facts")
    note = page_note(PageSummary(nodes=1, edges=1, entities=3, relations=2, isolated=1))
    assert note == ("graph.html: 1 entity (top 1 of 3), 1 relation; left out 2 entities and 1 relation; "
                    "1 without a relation, hidden until asked for")


def test_analytics_note_counts_communities(built_seeds, tmp_path):
    from kg.analyse.entity_graph import load_graph
    from kg.pipeline import analyse_and_render

    notes = analyse_and_render(load_graph(built_seeds / "graph.ttl"), tmp_path, analyse=True, html=False)
    assert "communities of 2 or more" in notes[0] or "1 community of 2 or more" in notes[0]
    assert "1 communities" not in notes[0] and "1 suggested links" not in notes[0]
