"""Write and load built graphs."""
