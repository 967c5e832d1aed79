"""Words of kg's messages: a count with its noun in the right number."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str = "") -> str:
    """A count with its noun in the right number (the plural given, else the singular and an s).

    >>> counted(1, "article"), counted(2, "entity", "entities"), counted(0, "community", "communities")
    ('1 article', '2 entities', '0 communities')
    """
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
