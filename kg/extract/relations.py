"""Relations (placeholder until the pattern matcher lands)."""

from __future__ import annotations


def extract_relations(doc, spans, lexicon):
    return []
