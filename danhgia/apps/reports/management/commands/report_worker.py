"""`manage.py report_worker [--once] [--interval SECONDS]`: kept as another name of `pipeline_worker`, which
runs the queued exports beside the pipeline's jobs (with leases: a worker killed mid-export leaves the export to
be retried by another, then failed with a message)."""

from __future__ import annotations

from danhgia.apps.pipeline.management.commands.pipeline_worker import Command as PipelineWorker


class Command(PipelineWorker):
    help = "Run queued statistics exports and pipeline jobs (the same as pipeline_worker)."
