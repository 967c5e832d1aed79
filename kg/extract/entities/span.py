"""The record the entity finder returns: a typed mention with its token span."""

from __future__ import annotations

from dataclasses import dataclass

from kg.records import Mention


@dataclass(frozen=True)
class MentionSpan:
    """A mention with its token span in the parsed document."""

    start: int  # token indices
    end: int
    mention: Mention


def token_mentions(mentions: list[MentionSpan]) -> dict[int, MentionSpan]:
    """Map every token index covered by a mention to that mention."""
    index: dict[int, MentionSpan] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            index[i] = m
    return index
