"""A fixed-window rate limit per token in Django's cache: at most N calls per minute; the call that passes
N is answered 429 with Retry-After (the seconds to the next window).

The counter lives in the cache named by `DANHGIA_API_RATE_CACHE` (default "default"). Django's default
cache is per process: behind several workers the limit then holds per worker. A deployment that needs the
limit exact across workers points the setting at a shared cache (database or Redis) — docs/api.md §2.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

WINDOW_SECONDS = 60
clock: Callable[[], float] = time.time  # the tests pin it


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends


def rate_take(*, key: str, limit: int, window: int = WINDOW_SECONDS) -> Allowance:
    """Count one call for `key` in the current window and say whether it is within `limit`."""
    now = clock()
    index = int(now // window)
    cache = caches[getattr(settings, "DANHGIA_API_RATE_CACHE", "default")]
    name = f"danhgia.api.rate:{key}:{index}"
    if cache.add(name, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr: this call opens the window again
            cache.add(name, 1, timeout=window + 1)
            count = 1
    retry_after = max(1, math.ceil((index + 1) * window - now))
    return Allowance(count <= limit, limit, max(0, limit - count), retry_after)
