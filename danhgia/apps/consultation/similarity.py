"""Near-duplicate comments, as suggestions a person confirms.

Text similarity is the standard library's `difflib.SequenceMatcher` ratio over normalised words (lower case, no
punctuation), with its cheap upper bounds tried first; comments on the same article whose ratio reaches
`THRESHOLD` are joined, transitively (union-find), into one suggested group.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

THRESHOLD = 0.75
WORD = re.compile(r"\w+")


def normalised(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


def near_duplicate_groups(texts: Sequence[str], threshold: float = THRESHOLD) -> list[list[int]]:
    """Groups (of two or more indices into `texts`) whose members are near-duplicates, in input order."""
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [normalised(text) for text in texts]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            matcher = SequenceMatcher(None, words[i], words[j], autojunk=False)
            bounds = (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)  # cheapest first
            if all(bound() >= threshold for bound in bounds):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]
