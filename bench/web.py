"""Web pages under load: 50 concurrent users with 1 s think time against a multi-process server.

    python bench/web.py [--scale province|nation] [--users 50] [--duration 60] [--warmup 10] [--workers 4]
                        [--naive-duration 30] [--background-load] [--keep] [--reuse]

Needs PostgreSQL. DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/…); a database of
its own (danhgia_webbench_<scale>) is created, migrated, filled and dropped at the end (unless --keep; --reuse
runs against a database an earlier --keep run left, without building it again).

Data: `registry_seed(scale=…)` — `province` (Bắc Ninh, ≈ 200 k party members; builds in under a minute) or
`nation` (≈ 5.6 M party members and 2 M cadres, ≈ 5.8 M reviews; builds in about twenty minutes) — then a
qd366-2025 year-2025 cycle over the root opened with the services: every self-review submitted as the demo
writes them (demo.cycles.demo_self_reviews_fill), verification computed and accepted on one commune, its
collectives and then one of its cells decided in the order the rules allow, the statistics refreshed. Logins:
a member (with a review in the decided cell), that cell's secretary, a verifier and a decider over the commune,
a viewer over the root (the province, or the nation).

Served by `gunicorn config.wsgi -w N` (config.settings.base, DEBUG off, 127.0.0.1 only; DANHGIA_REQUIRE_2FA=0,
else the decider's pages would be the authenticator enrolment page). The load: `--users`
threads (urllib, one cookie jar each, spread over the personas) log in once, then loop — GET one of their
persona's pages, sleep 1 s — for --warmup + --duration seconds; only requests started after the warm-up count.
Printed: per page count, p50, p95, max and errors (non-200), the overall p95 beside the target (≤ 150 ms).
Measured in the same run, the naive alternatives: each page alone, sequentially from one client with no think
time (the unloaded service time), and the same load against a single worker (`-w 1`, --naive-duration).
Server CPU (issue #13, item 7): the CPU time (user + sys, /proc/<pid>/schedstat) of the gunicorn master and
its workers over the measured window ÷ the requests served — the server's CPU per page view, the figure that
does not depend on what else runs on the machine — and, apart, that of the PostgreSQL backends of the bench
database; per page kind from the sequential run (each page alone, after two unmeasured requests per worker),
and the mix's average weighted by the load's counts, beside the target (≤ 10 ms). --background-load: after the
quiet load, the same load again while a busy-loop process keeps one core busy, both p95 and CPU per page view
printed side by side. Then, in-process (Django test client), the SQL query count and time of each page, to
explain slow pages.
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
CPU_TARGET_MS = 10.0  # the target: gunicorn CPU per page view, averaged over the mix
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
    os.environ["DANHGIA_REQUIRE_2FA"] = "0"  # the decider would otherwise be sent to enrol an authenticator app
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
    from danhgia.apps.reviews.models import Review
    from danhgia.apps.reviews.services import reviews_accept_engine, verification_compute
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
    cell, decided = decide_commune(cycle, commune, admin)
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


def decide_in_order(cycle: Any, ids: set[int], admin: Any) -> int:
    """Decide these verified reviews as the rules allow: each round decides what is ready (its dependencies, the
    collectives above, decided), until nothing more is; the number decided."""
    from danhgia.apps.reviews.models import Review
    from danhgia.apps.reviews.services import reviews_decide
    from danhgia.apps.reviews.services.decision import decision_readiness

    decided, pending = 0, set(ids)
    while pending:
        ready = decision_readiness(cycle, pending).ready
        if not ready:
            break
        decided += reviews_decide(reviews=list(Review.objects.filter(pk__in=ready)), actor=admin, now=NOW)
        pending -= ready
    return decided


def decide_commune(cycle: Any, commune: Any, admin: Any) -> tuple[Any, int]:
    """The commune's collectives decided, then one of its cells with verified members: (the cell, its decided
    reviews)."""
    from danhgia.apps.orgs.models import Unit, UnitKind, UnitLink
    from danhgia.apps.orgs.selectors import path_range
    from danhgia.apps.reviews.models import Review, ReviewState

    link = UnitLink.objects.get(unit=commune, valid_to__isnull=True)
    subtree = UnitLink.objects.filter(path_range(link.path), valid_to__isnull=True).values("unit_id")
    verified = Review.objects.filter(cycle=cycle, unit__in=subtree, state=ReviewState.VERIFIED)
    decide_in_order(cycle, set(verified.filter(subject_type="collective").values_list("pk", flat=True)), admin)
    cell_id = (
        verified.filter(unit__kind=UnitKind.CELL, person__isnull=False)
        .order_by("unit__code")
        .values_list("unit_id", flat=True)
        .first()
    )
    assert cell_id is not None, "the commune has a cell with verified members"
    cell = Unit.objects.get(pk=cell_id)
    decided = decide_in_order(cycle, set(verified.filter(unit=cell).values_list("pk", flat=True)), admin)
    left = verified.filter(unit=cell).count()
    if left:  # the decision board then checks their readiness on every request (docs/PERFORMANCE.md)
        print(f"warning: {left} verified reviews of cell {cell.code} could not be decided (they wait for others)")
    return cell, decided


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
        DANHGIA_REQUIRE_2FA="0",
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


# --------------------------------------------------------------------------- server CPU


def _cpu_seconds(pid: int) -> float | None:
    """On-CPU time of one single-threaded process (user + sys): /proc/<pid>/schedstat's nanoseconds, precise,
    or /proc/<pid>/stat's utime + stime in clock ticks where schedstat is missing. None once it has gone."""
    try:
        nanoseconds = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        if nanoseconds:
            return nanoseconds / 1e9
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """The server's CPU time over a window: the gunicorn master and its workers, and, apart, the PostgreSQL
    backends connected to the bench database. A thread samples every process every 0.2 s so that a process
    that ends inside the window (a restarted worker, a closed connection) keeps what it used until its last
    sample; a process born inside the window counts from zero."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.kinds: dict[int, str | None] = {}  # pid → "server", "database" or None (neither)
        self.base: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def _kind(self, pid: int) -> str | None:
        if pid not in self.kinds:
            try:
                parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, IndexError, ValueError):
                return None  # gone: classified next time if it is a new process with the same pid
            if self.master in (pid, parent):
                self.kinds[pid] = "server"
            elif command.startswith("postgres: ") and f" {DATABASE} " in command:
                self.kinds[pid] = "database"
            else:
                self.kinds[pid] = None
        return self.kinds[pid]

    def sample(self) -> dict[int, float]:
        seen = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit() and self._kind(pid := int(entry.name)) is not None:
                seconds = _cpu_seconds(pid)
                if seconds is not None:
                    seen[pid] = seconds
        return seen

    def _run(self) -> None:
        while not self.stopping.wait(0.2):
            for pid, seconds in self.sample().items():
                self.base.setdefault(pid, 0.0)
                self.last[pid] = seconds

    def start(self) -> None:
        self.base = self.sample()
        self.last = dict(self.base)
        self.stopping.clear()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def stop(self) -> dict[str, float]:
        """Seconds of CPU used since start(): {"server": …, "database": …}."""
        assert self.thread is not None
        self.stopping.set()
        self.thread.join()
        for pid, seconds in self.sample().items():
            self.base.setdefault(pid, 0.0)
            self.last[pid] = seconds
        used = {"server": 0.0, "database": 0.0}
        for pid, seconds in self.last.items():
            used[self.kinds[pid] or "server"] += seconds - self.base[pid]
        return used


def busy_core_start() -> subprocess.Popen[bytes]:
    """The background load: a second process keeping one core busy (a pure-Python busy loop)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)


def busy_core_stop(process: subprocess.Popen[bytes]) -> float:
    """Stop the busy loop; the CPU seconds it used."""
    used = _cpu_seconds(process.pid) or 0.0
    process.kill()
    process.wait()
    return used


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
    world: World,
    sessions: list[tuple[str, Session]],
    warmup: float,
    duration: float,
    think: float,
    meter: CpuMeter,
) -> tuple[list[Sample], dict[str, float]]:
    """One thread per logged-in session: GET one of its persona's pages, think, until the end. Also the
    server's CPU seconds from the end of the warm-up until the last request has been answered."""
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
    time.sleep(max(0.0, measure_from - time.monotonic()))
    meter.start()
    for thread in threads:
        thread.join(timeout=warmup + duration + 300)
    used = meter.stop()
    cpu, wall = time.process_time() - cpu, time.monotonic() - begin
    print(f"  the load generator itself used {cpu:.1f} s of CPU in {wall:.0f} s ({cpu / wall:.0%} of one core)")
    return samples, used


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


def sequential(
    base: str, world: World, repeats: int, workers: int, meter: CpuMeter
) -> tuple[list[Sample], dict[str, float]]:
    """Each page alone, one client, no think time, after 2 unmeasured requests per worker (each worker's first
    request of a page compiles its templates); and the server's CPU seconds per request of each page
    (gunicorn's processes, then the PostgreSQL backends, summed)."""
    samples = []
    cpu: dict[str, float] = {}
    for persona, pages in world.pages.items():
        session = Session(base)
        session.login(world.users[persona].username)
        for name, path in pages:
            if name == "home" and persona != "viewer":
                continue  # home once, as the viewer
            for _ in range(2 * workers):
                session.get(path)
            meter.start()
            for _ in range(repeats):
                status, seconds, _size = session.get(path)
                samples.append(Sample(name, status, seconds))
            used = meter.stop()
            cpu[name] = used["server"] / repeats
            cpu[name + " (database)"] = used["database"] / repeats
    return samples, cpu


def cpu_report(title: str, samples: list[Sample], used: dict[str, float], duration: float) -> float:
    """Print the server's CPU per page view over a load window; return gunicorn's ms per page view."""
    served = len(samples)
    if not served:
        return float("nan")
    server, database = used["server"] * 1000 / served, used["database"] * 1000 / served
    print(
        f"  {title}: gunicorn (master + workers) {used['server']:.1f} s of CPU for {served:,} requests = "
        f"{server:.1f} ms a page view ({used['server'] / duration:.0%} of one core); PostgreSQL backends "
        f"{database:.1f} ms a page view ({used['database'] / duration:.0%} of one core)"
    )
    return server


def cpu_per_kind(samples: list[Sample], cpu: dict[str, float]) -> None:
    """Each page kind's CPU (measured alone) and the mix's average weighted by the load's counts."""
    counts = {page: sum(1 for s in samples if s.page == page) for page in {s.page for s in samples}}
    print("server CPU per page view, each page alone (sequential requests above), ms:")
    print(f"  {'page':<24} {'gunicorn':>9} {'PostgreSQL':>11} {'share of the mix':>17}")
    total = sum(counts.values()) or 1
    for page in sorted(counts, key=lambda p: (p != "home", p)):
        print(
            f"  {page:<24} {cpu[page] * 1000:>9.1f} {cpu[page + ' (database)'] * 1000:>11.1f} "
            f"{counts[page] / total:>17.0%}"
        )
    mix = sum(cpu[page] * n for page, n in counts.items()) / total
    mix_db = sum(cpu[page + " (database)"] * n for page, n in counts.items()) / total
    verdict = "MET" if mix * 1000 <= CPU_TARGET_MS else "MISSED"
    print(
        f"  {'the mix (weighted)':<24} {mix * 1000:>9.1f} {mix_db * 1000:>11.1f}   "
        f"(target ≤ {CPU_TARGET_MS:.0f} ms of gunicorn CPU a page view: {verdict})"
    )


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
    parser.add_argument(
        "--background-load",
        action="store_true",
        help="after the quiet load, the same load again while a busy-loop process keeps one core busy",
    )
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
        results: dict[str, tuple[float, float]] = {}  # label → (overall p95 ms, gunicorn CPU ms a page view)
        sessions: list[tuple[str, Session]] = []
        runs = [(args.workers, args.duration, "load", False)]
        if args.background_load:
            runs.append((args.workers, args.duration, "load + one busy core", True))
        runs.append((1, args.naive_duration, "naive: one worker", False))
        process: subprocess.Popen[bytes] | None = None
        try:
            for workers, duration, label, loaded in runs:
                if process is None or workers != args.workers:
                    if process is not None:
                        server_stop(process)
                    process = server_start(url, workers, args.port)
                meter = CpuMeter(process.pid)
                if label == "load":
                    samples, cpu = sequential(base, world, args.repeats, args.workers, meter)
                    report(
                        f"naive: each page alone, sequentially from one client, no think time "
                        f"({args.workers} workers, {args.repeats} requests per page)",
                        samples,
                        sum(s.seconds for s in samples),
                    )
                if not sessions:  # sessions live in the database: the other runs reuse them
                    sessions = login_all(base, world, args.users)
                busy = busy_core_start() if loaded else None
                try:
                    samples, used = load_run(world, sessions, args.warmup, duration, args.think, meter)
                finally:
                    busy_seconds = busy_core_stop(busy) if busy is not None else 0.0
                p95 = report(
                    f"{label}: gunicorn -w {workers}, {args.users} users, {args.think:.0f} s think time, "
                    f"{duration:.0f} s measured after {args.warmup:.0f} s warm-up",
                    samples,
                    duration,
                )
                if busy is not None:
                    print(f"  the busy loop used {busy_seconds:.0f} s of CPU in {args.warmup + duration:.0f} s")
                results[label] = (p95, cpu_report("server CPU", samples, used, duration))
                if label == "load":
                    cpu_per_kind(samples, cpu)
        finally:
            if process is not None:
                server_stop(process)
        print(f"overall (targets: p95 ≤ {TARGET_MS:.0f} ms, ≤ {CPU_TARGET_MS:.0f} ms of gunicorn CPU a page view):")
        for label, (p95, cpu_ms) in results.items():
            print(f"  {label:<24} p95 {p95:>5.0f} ms, gunicorn CPU {cpu_ms:>5.1f} ms a page view")
        queries(world)
    finally:
        if args.keep or args.reuse:
            print(f"kept database {DATABASE}")
        else:
            drop_database(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
