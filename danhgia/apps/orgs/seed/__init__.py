"""Synthetic registry data: `registry_seed(scale="demo"|"province"|"nation", seed=N)`.

The generator (generate.py and the modules it calls) yields rows as columns, deterministically from the
seed; the loader (load.py) writes them with COPY on PostgreSQL and executemany on SQLite. `DEMO_PEOPLE`
lists the demo's fixed people, whose natural keys do not depend on the seed.
"""

from danhgia.apps.orgs.seed.demo import DEMO_PEOPLE, DemoPerson
from danhgia.apps.orgs.seed.generate import SCALES
from danhgia.apps.orgs.seed.service import DEFAULT_SEED, SeedRefused, SeedReport, registry_clear, registry_seed

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PEOPLE",
    "SCALES",
    "DemoPerson",
    "SeedRefused",
    "SeedReport",
    "registry_clear",
    "registry_seed",
]
