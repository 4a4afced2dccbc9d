"""Starting Django from the command line.

A bad configuration (a malformed DATABASE_URL, a missing SECRET_KEY) is the operator's input, not a
bug: it is reported as one line on stderr with exit status 2, never as a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

DEFAULT_SETTINGS = "config.settings.base"
EXIT_BAD_CONFIGURATION = 2


def django_setup(*, default_settings: str = DEFAULT_SETTINGS) -> None:
    """Configure Django for a command that needs it. Raises ImproperlyConfigured."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings)
    django.setup()


def report_configuration_error(error: ImproperlyConfigured) -> int:
    """Write the error as one line, prefixed with the program name; return the exit status."""
    message = " ".join(str(error).split())
    sys.stderr.write(f"danhgia: {message}\n")
    return EXIT_BAD_CONFIGURATION


def run_with_django(command: Callable[[], int], *, default_settings: str = DEFAULT_SETTINGS) -> int:
    """Set Django up, then run `command`; a bad configuration becomes one line and exit 2.

    For `danhgia` subcommands that need the database (seed, import, report, audit, …).
    """
    try:
        django_setup(default_settings=default_settings)
    except ImproperlyConfigured as error:
        return report_configuration_error(error)
    return command()


def run_manage(argv: list[str]) -> int:
    """Django's manage.py, with configuration errors reported as one line."""

    def manage() -> int:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
        return 0

    return run_with_django(manage)
