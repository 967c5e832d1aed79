"""Per-article extraction: the pure map step of the pipeline."""
