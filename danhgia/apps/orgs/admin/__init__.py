"""The registry in the Django admin (in Vietnamese): units and the tree, people and their records.

Importing the modules registers their ModelAdmins with the default site.
"""

from danhgia.apps.orgs.admin import people, records, units

__all__ = ["people", "records", "units"]
