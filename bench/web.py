"""Web pages under load: 50 concurrent users with 1 s think time against a multi-process server.

    python bench/web.py [--scale province|nation] [--users 50] [--duration 60] [--warmup 10] [--workers 4]
                        [--naive-duration 30] [--keep] [--reuse]

Needs PostgreSQL. DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/…); a database of
its own (danhgia_webbench_<scale>) is created, migrated, filled and dropped at the end (unless --keep; --reuse
runs against a database an earlier --keep run left, without building it again).

Data: `registry_seed(scale=…)` — `province` (Bắc Ninh, ≈ 200 k party members; builds in under a minute) or
`nation` (≈ 5.6 M party members and 2 M cadres, ≈ 5.8 M reviews; builds in about twenty minutes) — then a
qd366-2025 year-2025 cycle over the root opened with the services: every self-review submitted as the demo
writes them (demo.cycles.demo_self_reviews_fill), verification computed and accepted on one commune, one cell of it
decided, the statistics refreshed. Logins: a member (with a review in the decided cell), that cell's secretary,
a verifier and a decider over the commune, a viewer over the root (the province, or the nation).

Served by `gunicorn config.wsgi -w N` (config.settings.base, DEBUG off, 127.0.0.1 only). The load: `--users`
threads (urllib, one cookie jar each, spread over the personas) log in once, then loop — GET one of their
persona's pages, sleep 1 s — for --warmup + --duration seconds; only requests started after the warm-up count.
Printed: per page count, p50, p95, max and errors (non-200), the overall p95 beside the target (≤ 150 ms).
Measured in the same run, the naive alternatives: each page alone, sequentially from one client with no think
time (the unloaded service time), and the same load against a single worker (`-w 1`, --naive-duration).
Then, in-process (Django test client), the SQL query count and time of each page, to explain slow pages.
HTML only: static files (WhiteNoise) are not requested, browsers cache them.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import platform
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATABASE = "danhgia_webbench_province"  # set from --scale in main()
NOW = datetime(2025, 12, 20, 9, 0, tzinfo=UTC)
START = date(2020, 1, 1)
PASSWORD = "bench-Pa55word-2025"
TARGET_MS = 150.0
HOST = "127.0.0.1"


# --------------------------------------------------------------------------- data


def setup_django(server: str, reuse: bool) -> str:
    import psycopg

    base = server.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if reuse and not exists:
            raise SystemExit(f"--reuse: there is no database {DATABASE} (run once with --keep)")
        if not reuse:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = f"{base}/{DATABASE}"
    os.environ["DATABASE_URL"] = url
    # The same settings as the server (so the password hashes match), plus the test client's host.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "bench"
    os.environ["ALLOWED_HOSTS"] = f"{HOST},testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def drop_database(server: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(server.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    print(f"dropped database {DATABASE}")


@dataclass
class World:
    cycle: int
    province: Any
    commune: Any
    cell: Any
    users: dict[str, Any]
    reviews: int
    pages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # persona → [(page name, url)]


def build(scale: str) -> World:
    from django.contrib.auth.models import User
    from django.db import connection

    from danhgia.apps.access.models import Account, Role, RoleAssignment
    from danhgia.apps.cycles.models import CycleState
    from danhgia.apps.cycles.services import cycle_advance, cycle_create
    from danhgia.apps.demo.cycles import demo_self_reviews_fill
    from danhgia.apps.orgs.models import Unit, UnitKind, UnitLink
    from danhgia.apps.orgs.seed import registry_seed
    from danhgia.apps.orgs.selectors import path_range
    from danhgia.apps.reports.services import summaries_refresh
    from danhgia.apps.reviews.models import Review, ReviewState
    from danhgia.apps.reviews.services import reviews_accept_engine, reviews_decide, verification_compute
    from danhgia.apps.reviews.services.opening import cycle_open

    started = time.perf_counter()
    report = registry_seed(scale=scale)
    print(f"seed: {report.message}")
    province = UnitLink.objects.select_related("unit").get(parent__isnull=True, valid_to__isnull=True).unit
    admin = User.objects.create_user("bench-admin", password=PASSWORD)
    RoleAssignment.objects.create(user=admin, role=Role.ADMINISTRATOR, unit=province, valid_from=START)
    cycle = cycle_create(
        actor=admin,
        name="Năm 2025 — bench",
        kind="year",
        year=2025,
        root=province,
        ruleset="qd366-2025",
        deadlines={"complaints_until": date(2026, 12, 31)},
        now=NOW,
    )
    opened = cycle_open(cycle=cycle, actor=admin, now=NOW)
    t_open = time.perf_counter()
    demo_self_reviews_fill(cycle, complete=True)  # every self-review submitted, as the demo's published cycle
    cycle_advance(cycle=cycle, actor=admin, to=CycleState.VERIFICATION, now=NOW)
    on = date(2025, 12, 31)
    commune = Unit.objects.filter(kind=UnitKind.GRASSROOTS_COMMITTEE, code__contains=".X").order_by("code").first()
    assert commune is not None, "the province seed has communes"
    computed = verification_compute(cycle=cycle, unit=commune, actor=admin, now=NOW)
    link = UnitLink.objects.get(unit=commune, valid_from__lte=on, valid_to__isnull=True)
    subtree = UnitLink.objects.filter(path_range(link.path), valid_to__isnull=True).values("unit_id")
    in_commune = Review.objects.filter(cycle=cycle, unit__in=subtree)
    reviews_accept_engine(reviews=list(in_commune.exclude(engine_status="")), actor=admin, now=NOW)
    cycle_advance(cycle=cycle, actor=admin, to=CycleState.DECISION, now=NOW)
    organisations = list(in_commune.filter(category="organisation", state=ReviewState.VERIFIED))
    reviews_decide(reviews=organisations, actor=admin, now=NOW)
    cell_id = (
        in_commune.filter(unit__kind=UnitKind.CELL, person__isnull=False, state=ReviewState.VERIFIED)
        .order_by("unit__code")
        .values_list("unit_id", flat=True)
        .first()
    )
    assert cell_id is not None, "the commune has a cell with verified members"
    cell = Unit.objects.get(pk=cell_id)
    decided = reviews_decide(
        reviews=list(in_commune.filter(unit=cell, state=ReviewState.VERIFIED)), actor=admin, now=NOW
    )
    summaries_refresh(cycle=cycle, actor=admin, now=NOW)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    member_review = (
        Review.objects.filter(cycle=cycle, unit=cell, person__isnull=False).select_related("person").order_by("pk")
    ).first()
    assert member_review is not None and member_review.person is not None
    users = {"admin": admin}
    for persona, role, unit in (
        ("member", Role.MEMBER, cell),
        ("secretary", Role.SECRETARY, cell),
        ("verifier", Role.VERIFIER, commune),
        ("decider", Role.DECIDER, commune),
        ("viewer", Role.VIEWER, province),
    ):
        user = User.objects.create_user(f"bench-{persona}", password=PASSWORD)
        RoleAssignment.objects.create(user=user, role=role, unit=unit, valid_from=START)
        users[persona] = user
    Account.objects.create(user=users["member"], person=member_review.person)
    print(
        f"cycle: {opened:,} reviews opened over {province.code} ({province.name}); all submitted; commune "
        f"{commune.code} computed ({computed.reviews:,} reviews) "
        f"and accepted; cell {cell.code} decided ({decided} reviews); statistics refreshed — "
        f"open {t_open - started:.0f} s, total {time.perf_counter() - started:.0f} s"
    )
    return with_pages(World(cycle.pk, province, commune, cell, users, opened))


def reused() -> World:
    """The world an earlier --keep run built, found again by its logins."""
    from django.contrib.auth.models import User

    from danhgia.apps.access.models import RoleAssignment
    from danhgia.apps.cycles.models import ReviewCycle
    from danhgia.apps.reviews.models import Review

    users = {u.username.removeprefix("bench-"): u for u in User.objects.filter(username__startswith="bench-")}
    assignments = RoleAssignment.objects.select_related("unit", "user")
    unit_of = {a.user.username.removeprefix("bench-"): a.unit for a in assignments}
    cycle = ReviewCycle.objects.get()
    world = World(cycle.pk, unit_of["viewer"], unit_of["verifier"], unit_of["member"], users, Review.objects.count())
    print(f"reusing {DATABASE}: {world.reviews:,} reviews, root {world.province.code}, commune {world.commune.code}")
    return with_pages(world)


def with_pages(world: World) -> World:
    cycle, province, commune, cell = world.cycle, world.province, world.commune, world.cell
    query = urllib.parse.urlencode({"cycle": cycle, "unit": province.code})
    world.pages = {
        "member": [("home", "/"), ("my review", "/my-review/")],
        "secretary": [("home", "/"), ("unit board", "/unit-board/")],
        "verifier": [
            ("home", "/"),
            ("verification board", f"/verification/{cycle}/{commune.pk}/"),
            # the working view: every row with its proposal form
            ("verification, filtered", f"/verification/{cycle}/{commune.pk}/?state=verified&sort=name"),
        ],
        "decider": [("home", "/"), ("decision board", f"/decision/{cycle}/{cell.pk}/")],
        "viewer": [
            ("home", "/"),
            ("organisation", f"/organisation/{cycle}/{province.pk}/"),
            ("statistics", f"/reports/?{query}"),
        ],
    }
    return world


# --------------------------------------------------------------------------- server


def server_start(url: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="0",
        SECRET_KEY="bench",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=url,
    )
    command = [str(gunicorn), "config.wsgi", "-w", str(workers), "-b", f"{HOST}:{port}", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    server_stop(process)
    raise SystemExit("gunicorn did not answer within 60 s")


def server_stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the arbiter stops its own workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------- client


class Session:
    """One browser: a cookie jar, no redirects followed after login."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def login(self, username: str) -> None:
        with self.opener.open(self.base + "/accounts/login/", timeout=60) as response:
            html = response.read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not found:
            raise RuntimeError("no CSRF token on the login page")
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": found.group(1)}
        ).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=body, method="POST")
        request.add_header("Referer", self.base + "/accounts/login/")
        with self.opener.open(request, timeout=60) as response:
            if "/accounts/login/" in response.geturl():
                raise RuntimeError(f"login of {username} failed")
            response.read()

    def get(self, path: str) -> tuple[int, float, int]:
        """(status, seconds, bytes)."""
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                size = len(response.read())
                status = response.status
        except urllib.error.HTTPError as error:
            size, status = len(error.read()), error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            size, status = 0, 0
        return status, time.perf_counter() - started, size


@dataclass
class Sample:
    page: str
    status: int
    seconds: float


def login_all(base: str, world: World, users: int) -> list[tuple[str, Session]]:
    """One session per virtual user, spread over the personas, logged in 8 at a time (PBKDF2 is slow by design)."""
    from concurrent.futures import ThreadPoolExecutor

    personas = list(world.pages)
    chosen = [personas[i % len(personas)] for i in range(users)]

    def one(persona: str) -> tuple[str, Session]:
        session = Session(base)
        session.login(world.users[persona].username)
        return persona, session

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        sessions = list(pool.map(one, chosen))
    counts = {p: chosen.count(p) for p in personas}
    print(f"{users} users logged in ({counts}) in {time.perf_counter() - started:.1f} s, before the clock starts")
    return sessions


def load_run(
    world: World, sessions: list[tuple[str, Session]], warmup: float, duration: float, think: float
) -> list[Sample]:
    """One thread per logged-in session: GET one of its persona's pages, think, until the end."""
    samples: list[Sample] = []
    lock = threading.Lock()
    begin = time.monotonic()
    measure_from, stop_at = begin + warmup, begin + warmup + duration

    def user(index: int) -> None:
        persona, session = sessions[index]
        pages = world.pages[persona]
        rng = random.Random(index)
        time.sleep(rng.random() * think)  # staggered start
        turn = rng.randrange(len(pages))
        while True:
            now = time.monotonic()
            if now >= stop_at:
                return
            name, path = pages[turn % len(pages)]
            turn += 1
            status, seconds, _size = session.get(path)
            if now >= measure_from:
                with lock:
                    samples.append(Sample(name, status, seconds))
            time.sleep(think)

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(len(sessions))]
    cpu = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=warmup + duration + 300)
    cpu, wall = time.process_time() - cpu, time.monotonic() - begin
    print(f"  the load generator itself used {cpu:.1f} s of CPU in {wall:.0f} s ({cpu / wall:.0%} of one core)")
    return samples


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[k]


def report(title: str, samples: list[Sample], duration: float) -> float:
    print(title)
    print(f"  {'page':<20} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>7}")
    pages = sorted({s.page for s in samples}, key=lambda p: (p != "home", p))
    for page in pages:
        mine = [s for s in samples if s.page == page]
        ms = [s.seconds * 1000 for s in mine]
        errors = sum(1 for s in mine if s.status != 200)
        print(
            f"  {page:<20} {len(mine):>6} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f} "
            f"{max(ms):>8.0f} {errors:>7}"
        )
    every = [s.seconds * 1000 for s in samples]
    if not every:
        print("  no request completed in the measured window")
        return float("nan")
    overall = percentile(every, 95)
    errors = sum(1 for s in samples if s.status != 200)
    verdict = "MET" if overall <= TARGET_MS and not errors else "MISSED"
    print(
        f"  {'all pages':<20} {len(every):>6} {percentile(every, 50):>8.0f} {overall:>8.0f} {max(every):>8.0f} "
        f"{errors:>7}   ({len(every) / duration:.1f} req/s; target p95 ≤ {TARGET_MS:.0f} ms: {verdict})"
    )
    return overall


def sequential(base: str, world: World, repeats: int) -> list[Sample]:
    """Each page alone, one client, no think time (after one unmeasured request)."""
    samples = []
    for persona, pages in world.pages.items():
        session = Session(base)
        session.login(world.users[persona].username)
        for name, path in pages:
            if name == "home" and persona != "viewer":
                continue  # home once, as the viewer
            session.get(path)
            for _ in range(repeats):
                status, seconds, _size = session.get(path)
                samples.append(Sample(name, status, seconds))
    return samples


# --------------------------------------------------------------------------- diagnosis


def queries(world: World) -> None:
    """In-process: SQL query count, time in SQL and total time of each page (the median of 3 renders)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print("in-process (Django test client): SQL queries and time per page, median of 3")
    print(f"  {'page':<20} {'queries':>8} {'SQL ms':>8} {'total ms':>9} {'bytes':>9}")
    seen = set()
    for persona, pages in world.pages.items():
        client = Client()
        client.force_login(world.users[persona])
        for name, path in pages:
            if name in seen:
                continue
            seen.add(name)
            client.get(path)
            runs = []
            for _ in range(3):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    total = time.perf_counter() - started
                sql = sum(float(q["time"]) for q in captured.captured_queries)
                runs.append((total, len(captured.captured_queries), sql, len(response.content), response.status_code))
            total, count, sql, size, status = sorted(runs)[1]
            note = "" if status == 200 else f"  (status {status})"
            print(f"  {name:<20} {count:>8} {sql * 1000:>8.0f} {total * 1000:>9.0f} {size:>9,}{note}")


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--naive-duration", type=float, default=30.0)
    parser.add_argument("--repeats", type=int, default=10, help="sequential requests per page (naive)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--scale", choices=("province", "nation"), default="province")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", action="store_true", help="use the database an earlier --keep run left")
    args = parser.parse_args()
    global DATABASE
    DATABASE = f"danhgia_webbench_{args.scale}"
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danhgia")
    if not server.startswith(("postgres://", "postgresql://")):
        print("bench/web.py needs PostgreSQL: set DATABASE_URL to a postgres:// URL", file=sys.stderr)
        return 2
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
        f"client threads share the machine with the server"
    )
    url = setup_django(server, args.reuse)
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            print(f"database: PostgreSQL {cursor.fetchone()[0]} ({DATABASE})")
        print(f"scale: {args.scale} (registry_seed scale={args.scale!r})")
        world = reused() if args.reuse else build(args.scale)
        connection.close()
        base = f"http://{HOST}:{args.port}"
        results: dict[str, float] = {}
        sessions: list[tuple[str, Session]] = []
        for workers, duration, label in (
            (args.workers, args.duration, "load"),
            (1, args.naive_duration, "naive: one worker"),
        ):
            process = server_start(url, workers, args.port)
            try:
                if label == "load":
                    samples = sequential(base, world, args.repeats)
                    report(
                        f"naive: each page alone, sequentially from one client, no think time "
                        f"({args.workers} workers, {args.repeats} requests per page)",
                        samples,
                        sum(s.seconds for s in samples),
                    )
                if not sessions:  # sessions live in the database: the one-worker run reuses them
                    sessions = login_all(base, world, args.users)
                samples = load_run(world, sessions, args.warmup, duration, args.think)
                results[label] = report(
                    f"{label}: gunicorn -w {workers}, {args.users} users, {args.think:.0f} s think time, "
                    f"{duration:.0f} s measured after {args.warmup:.0f} s warm-up",
                    samples,
                    duration,
                )
            finally:
                server_stop(process)
        print(
            f"overall p95: {results['load']:.0f} ms with {args.workers} workers, "
            f"{results['naive: one worker']:.0f} ms with one (target ≤ {TARGET_MS:.0f} ms)"
        )
        queries(world)
    finally:
        if args.keep or args.reuse:
            print(f"kept database {DATABASE}")
        else:
            drop_database(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
