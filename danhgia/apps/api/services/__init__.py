"""Writes of the API: connected systems and tokens (systems.py), the task feed (feed.py), the call log."""

from danhgia.apps.api.services.calls import call_record
from danhgia.apps.api.services.feed import FeedRefused, FeedResult, PersonRef, TaskInput, tasks_feed
from danhgia.apps.api.services.systems import (
    API_CHAIN,
    IssuedToken,
    system_create,
    token_issue,
    token_revoke,
    token_rotate,
)

__all__ = [
    "API_CHAIN",
    "FeedRefused",
    "FeedResult",
    "IssuedToken",
    "PersonRef",
    "TaskInput",
    "call_record",
    "system_create",
    "tasks_feed",
    "token_issue",
    "token_revoke",
    "token_rotate",
]
