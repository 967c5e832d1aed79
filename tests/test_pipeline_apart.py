"""The analytics and the page made in a worker process beside the SHACL check (kg.analyse.job, used from
ANALYSE_APART_FROM articles) give the bytes the build's own process gives, and the same notes."""

from __future__ import annotations

import dataclasses

import kg.pipeline
from kg.pipeline import BuildOptions, build

COMPARED = ("analytics.ttl", "report.md", "centrality.csv", "communities.csv", "suggested_links.csv", "graph.html",
            "graph.ttl", "graph.nq")


def test_analytics_apart_give_the_same_files_and_notes(seeds_dir, tmp_path, monkeypatch):
    options = BuildOptions(store=False, cache=False)
    here = build([seeds_dir], tmp_path / "here", options=options)
    monkeypatch.setattr(kg.pipeline, "ANALYSE_APART_FROM", 1)
    apart = build([seeds_dir], tmp_path / "apart", options=options)
    assert "analyse" in apart.timings
    assert apart.notes == here.notes
    for name in COMPARED:
        assert (tmp_path / "apart" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_a_failed_check_waits_for_the_analytics_apart(seeds_dir, tmp_path, monkeypatch):
    """A failure beside the worker ends the build only once the worker is done writing."""
    import kg.rdf.units

    monkeypatch.setattr(kg.pipeline, "ANALYSE_APART_FROM", 1)

    def broken(*args, **kwargs):
        raise RuntimeError("check failed")

    monkeypatch.setattr(kg.rdf.units, "validate_rows", broken)
    out = tmp_path / "out"
    try:
        build([seeds_dir], out, options=dataclasses.replace(BuildOptions(), store=False, cache=False))
    except RuntimeError as error:
        assert str(error) == "check failed"
    else:
        raise AssertionError("the build did not fail")
    assert (out / "graph.html").is_file()  # written by the worker before the build gave up
