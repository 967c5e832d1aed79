"""Inputs to articles: read files (.txt, .html, .jsonl) into records, then take page chrome out.

The stage's word and pattern tables are data, kg/data/ingest.json, read once here.
"""

from __future__ import annotations

import json
from importlib import resources

TABLES: dict = json.loads(resources.files("kg").joinpath("data", "ingest.json").read_text(encoding="utf-8"))
