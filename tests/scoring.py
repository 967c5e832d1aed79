"""Load the shared scorer (../shared/eval/score.py) so tests score graphs exactly as users do."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"


def load_scorer():
    spec = importlib.util.spec_from_file_location("kg_shared_score", SHARED_EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
