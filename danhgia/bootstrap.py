"""Starting Django from the command line.

A bad configuration (a malformed DATABASE_URL, a missing SECRET_KEY) is the operator's input, not a
bug: it is reported as one line on stderr with exit status 2, never as a traceback.
"""

from __future__ import annotations

import os
import sys

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


def run_manage(argv: list[str]) -> int:
    """Django's manage.py, with configuration errors reported as one line."""
    from django.core.management import execute_from_command_line

    try:
        django_setup()
    except ImproperlyConfigured as error:
        return report_configuration_error(error)
    execute_from_command_line(argv)
    return 0
