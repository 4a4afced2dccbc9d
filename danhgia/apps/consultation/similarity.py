"""Near-duplicate comments, as suggestions a person confirms.

Text similarity is RapidFuzz's normalised Indel similarity (2 × the longest common subsequence / the total
length) over normalised words (lower case, no punctuation), every pair of one article's comments computed at
once (`process.cdist`); comments whose similarity reaches `THRESHOLD` are joined, transitively (union-find),
into one suggested group.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

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

    if len(texts) > 1:
        words = [normalised(text) for text in texts]
        scores = process.cdist(words, words, scorer=Indel.normalized_similarity, score_cutoff=threshold)
        for i, j in zip(*np.nonzero(np.triu(scores >= threshold, k=1)), strict=True):
            parent[root(int(j))] = root(int(i))
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]
