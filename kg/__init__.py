"""kg: a knowledge-graph builder for French news about copyright enforcement."""

__version__ = "0.1.0"
