"""Word diff of two texts: which words were kept, deleted and inserted.

Pure (no Django): the version comparison of a cover note marks changes per word, not
per line. Both texts are cut into tokens (words, runs of spaces, single newlines and single
punctuation marks), the token lists are compared with ``difflib.SequenceMatcher`` (without
its "popular element" heuristic, which would treat frequent words such as "de" as junk),
and the result is a list of segments: joining the ``equal`` and ``delete`` segments gives
the old text back exactly, joining the ``equal`` and ``insert`` segments the new one.
A newline is a token of its own, so a paragraph break that comes or goes is a change.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal, NamedTuple

Kind = Literal["equal", "insert", "delete"]

# A word: letters and digits with the combining marks that follow them (a decomposed "é"
# stays one word); then runs of spaces other than a newline; then any single character
# (a newline, a punctuation mark).
_TOKEN = re.compile(r"(?:\w|[\u0300-\u036f])+|[^\S\n]+|.", re.DOTALL)


class Segment(NamedTuple):
    kind: Kind
    text: str


def tokens(text: str) -> list[str]:
    """``text`` cut into words, runs of spaces, newlines and single other characters;
    ``"".join(tokens(text)) == text``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn ``old`` into ``new``, word by word, in text order; a
    replacement is its deletion followed by its insertion. Adjacent segments never share
    a kind, and no segment is empty."""
    before, after = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    # The opcodes cover both texts in order; difflib never puts two equal opcodes (nor two
    # changes) next to each other, so neighbouring segments differ in kind.
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(before[i1:i2])))
            continue
        if i1 < i2:
            segments.append(Segment("delete", "".join(before[i1:i2])))
        if j1 < j2:
            segments.append(Segment("insert", "".join(after[j1:j2])))
    return segments


def old_text(segments: list[Segment]) -> str:
    """The old text of ``segments`` (its equal and deleted parts)."""
    return "".join(segment.text for segment in segments if segment.kind != "insert")


def new_text(segments: list[Segment]) -> str:
    """The new text of ``segments`` (its equal and inserted parts)."""
    return "".join(segment.text for segment in segments if segment.kind != "delete")
