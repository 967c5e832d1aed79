"""What the relation rules read of a parsed Doc over and over, worked out once per article.

``token.sent`` walks the sentence on every read, ``doc[i]`` and slices make new spaCy objects each time, and the
rules ask them of the same tokens for every pattern, frame and cue. A parsed Doc no longer changes: its tokens,
their lowercase forms and their sentence bounds are kept for the last Doc read, swapped whole (never another
doc's tables for a thread), and a Doc whose length changed is read again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from spacy.attrs import DEP, LOWER
from spacy.tokens import Doc


class DocTables:
    """``tokens[i]`` is ``doc[i]``, ``lowers[i]`` and ``deps[i]`` its ``lower_`` and ``dep_``; ``lemmas`` is
    filled by scan.lemmas_of."""

    __slots__ = ("doc", "length", "tokens", "lowers", "deps", "lemmas", "answers", "_bounds", "_questions")

    def __init__(self, doc: Doc):
        self.doc, self.length = doc, len(doc)
        self.tokens = list(doc)
        strings = doc.vocab.strings  # the columns read as arrays: an attribute read per Token costs more
        self.lowers, self.deps = ([strings[h] for h in column] for column in doc.to_array([LOWER, DEP]).T.tolist())
        self.lemmas: list[str] | None = None
        self.answers: dict[tuple, object] = {}  # what the functions wrapped by per_token answered
        self._bounds: tuple[list[int], list[int]] | None = None
        self._questions: dict[int, bool] = {}

    def sentence_bounds(self) -> tuple[list[int], list[int]]:
        """(starts, ends): ``starts[i]`` and ``ends[i]`` are ``doc[i].sent.start`` and ``doc[i].sent.end`` (read
        on first use: a Doc without sentences only fails where a rule asks for them, as ``token.sent`` does)."""
        if self._bounds is None:
            starts, ends = [0] * self.length, [0] * self.length
            for sent in self.doc.sents:
                start, end = sent.start, sent.end
                starts[start:end] = [start] * (end - start)
                ends[start:end] = [end] * (end - start)
            self._bounds = (starts, ends)
        return self._bounds

    def is_question(self, i: int) -> bool:
        """Whether the sentence of token i ends with a question mark (``doc[i].sent.text``)."""
        starts, ends = self.sentence_bounds()
        asked = self._questions.get(starts[i])
        if asked is None:
            asked = self._questions[starts[i]] = self.doc[starts[i] : ends[i]].text.rstrip().endswith("?")
        return asked


_LAST: DocTables | None = None


def tables_of(doc: Doc) -> DocTables:
    """The tables of this Doc: those kept, if they are this Doc's, else new ones, kept instead."""
    global _LAST
    last = _LAST
    if last is None or last.doc is not doc or last.length != len(doc):
        last = _LAST = DocTables(doc)
    return last


def per_token(function: Callable) -> Callable:
    """``function(token, *args)``, remembered for the tokens of the last Doc read: for a pure function of the parse
    that the rules ask about the same words again and again (each pattern, frame and the learned reader's cues)."""

    @wraps(function)
    def remembered(token, *args):
        answers = tables_of(token.doc).answers
        key = (function, token.i, *args)
        if key not in answers:
            answers[key] = function(token, *args)
        return answers[key]

    return remembered
