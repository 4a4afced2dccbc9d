"""What the registry tells the layers above it. The personal-data read log (privacy) listens to `record_opened`,
so the registry's admin pages need not know about it."""

from __future__ import annotations

from django.dispatch import Signal

# An admin change page about one person was shown. Sent with sender=the model, request=, person_id=, object_id=.
record_opened = Signal()
