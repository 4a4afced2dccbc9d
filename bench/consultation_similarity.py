"""Near-duplicate suggestions for one article: `near_duplicate_groups` (RapidFuzz's Indel similarity over words,
every pair at once with `process.cdist`) beside the naive alternative, the standard library's difflib ratio
computed pair by pair in Python, measured in the same run on the same comments.

    python bench/consultation_similarity.py [--comments 300] [--seed 7]

The comments are drawn from a small Vietnamese vocabulary of the kind localities write (a national consultation
has 34 provinces and a few dozen central committees and ministries: about 60–100 units, a few comments each per
article); a tenth of them are paraphrases of another. Both measures must find the same groups here.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from difflib import SequenceMatcher

from danhgia.apps.consultation.similarity import THRESHOLD, near_duplicate_groups, normalised

WORDS = [
    "đề",
    "nghị",
    "giảm",
    "giữ",
    "tỷ",
    "lệ",
    "hoàn",
    "thành",
    "xuất",
    "sắc",
    "nhiệm",
    "vụ",
    "tốt",
    "tập",
    "thể",
    "lãnh",
    "đạo",
    "quản",
    "lý",
    "thành",
    "viên",
    "bị",
    "kỷ",
    "luật",
    "trong",
    "năm",
    "hình",
    "thức",
    "khiển",
    "trách",
    "cảnh",
    "cáo",
    "trở",
    "lên",
    "cần",
    "hướng",
    "dẫn",
    "cụ",
    "thể",
    "cách",
    "tính",
    "nhóm",
    "chức",
    "năng",
    "tương",
    "đồng",
    "cấp",
    "có",
    "thẩm",
    "quyền",
    "xem",
    "xét",
    "quyết",
    "định",
    "trường",
    "hợp",
    "đặc",
    "biệt",
    "sửa",
    "đổi",
    "bổ",
    "sung",
    "quy",
    "định",
    "hiện",
    "hành",
    "phù",
    "hợp",
    "thực",
    "tiễn",
]


def comments(count: int, rng: random.Random) -> list[str]:
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.1:
            words = rng.choice(texts).split()
            words.insert(rng.randrange(len(words)), rng.choice(WORDS))  # a paraphrase: one word more
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))))
    return texts


def naive_groups(texts: list[str]) -> list[list[int]]:
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    words = [normalised(text) for text in texts]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if SequenceMatcher(None, words[i], words[j], autojunk=False).ratio() >= THRESHOLD:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    texts = comments(args.comments, random.Random(args.seed))
    pairs = len(texts) * (len(texts) - 1) // 2
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{len(texts)} comments on one article, {pairs:,} pairs")
    start = time.perf_counter()
    fast = near_duplicate_groups(texts)
    fast_s = time.perf_counter() - start
    start = time.perf_counter()
    naive = naive_groups(texts)
    naive_s = time.perf_counter() - start
    same = sorted(map(sorted, fast)) == sorted(map(sorted, naive))
    print(f"near_duplicate_groups (RapidFuzz cdist): {fast_s * 1000:8.1f} ms, {len(fast)} groups")
    print(f"naive (difflib ratio, pair by pair):     {naive_s * 1000:8.1f} ms, {len(naive)} groups")
    print(f"same groups: {same}; speed-up ×{naive_s / fast_s:.1f}")
    if not same:
        raise SystemExit("the two paths disagree")


if __name__ == "__main__":
    main()
