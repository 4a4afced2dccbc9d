#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

from __future__ import annotations

import sys

from danhgia.bootstrap import run_manage

if __name__ == "__main__":
    sys.exit(run_manage(sys.argv))
