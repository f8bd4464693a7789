"""Ingestion through the queue: generated articles served by a local web server as an
RSS feed and as pages, polled as a watched feed and imported by 1 and by 2 Celery
worker processes, and inline (no queue) in the same run.

    python bench/ingestion.py [--articles 5000] [--rounds 1]
                              [--broker-url redis://127.0.0.1:6379/14]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis. The scratch database
(`factbase_bench_ingest_<pid>`) and the Redis queue (`factbase-bench-<pid>`) are this
run's own; both are removed at the end. Each import starts from an empty database
and is timed from the feed's poll to the last job's end. With `--rounds N` the three
imports are run N times in turn and the fastest run of each is kept: on a machine
shared with other work, a burst of that work slows one run, not all of them.

Prints articles/s for each, the scaling ratio (2 workers / 1 worker), the ratio queue
with 1 worker / inline, and the CPU time per article of the importing processes
(inline: this one; queued: the worker's processes, its main process apart), of the
database's backends for the scratch database and of the web server: on a machine
shared with other work, these hold where articles/s do not.
"""

import argparse
import contextlib
import html
import multiprocessing
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from importing import article  # noqa: E402  (bench/importing.py: the same generator)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def page(text: str) -> bytes:
    title, _, rest = text.partition("\n\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in rest.split("\n\n")[1:])
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article><footer>© The Bench Gazette</footer></body></html>"
    ).encode()


def feed(base: str, count: int) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/news/{n:05}.html</link></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>The Bench Gazette</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def serve(count: int, port_out: "multiprocessing.Queue[int]") -> None:
    """The web server (its own process, so its CPU can be measured): /feed.xml and the
    pages /news/NNNNN.html, from memory, one thread per connection."""
    rng = random.Random(2024)
    pages = {f"/news/{n:05}.html": page(article(rng, n)) for n in range(count)}
    address: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = pages.get(self.path)
            if self.path == "/feed.xml":
                body = feed(address[0], count)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    address.append(f"http://127.0.0.1:{port}")
    port_out.put(port)
    server.serve_forever()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def descendants(pid: int) -> list[int]:
    """A process and all its children, grandchildren… (Linux /proc)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += descendants(int(child))
    return found


@dataclass
class CPU:
    """CPU seconds used, from `start()` to `stop()`, by the importing processes (the
    bench itself inline; the worker's processes), the database server's backends of the
    scratch database and the web server."""

    importer: list[int]
    server: int
    database: str
    used: dict[str, float] = field(default_factory=dict)
    _before: dict[int, float] = field(default_factory=dict)
    _seen: dict[str, dict[int, float]] = field(default_factory=dict)

    def _backends(self) -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database])
            return [pid for (pid,) in cursor.fetchall()]

    def _groups(self) -> dict[str, list[int]]:
        importer = [p for pid in self.importer for p in descendants(pid) if p != self.server]
        return {
            "importer": importer,
            # The worker's main process: it takes tasks from the broker, hands them to
            # its pool and acknowledges them; inline, the whole import.
            "main": self.importer[:1],
            "database": self._backends(),
            "server": [self.server],
        }

    def start(self) -> None:
        self._before = {pid: cpu_seconds(pid) for pids in self._groups().values() for pid in pids}
        self._seen = {group: dict.fromkeys(pids, 0.0) for group, pids in self._groups().items()}

    def sample(self) -> None:
        """Note every process's CPU so far: a backend that ends during the run (a worker's
        connection older than CONN_MAX_AGE is replaced) still counts."""
        for group, pids in self._groups().items():
            for pid in pids:
                self._seen[group][pid] = max(self._seen[group].get(pid, 0.0), cpu_seconds(pid))

    def stop(self) -> None:
        # Backends and pool processes that started during the run count from zero.
        self.sample()
        self.used = {
            group: sum(seen - self._before.get(pid, 0.0) for pid, seen in pids.items())
            for group, pids in self._seen.items()
        }


@dataclass(frozen=True)
class Result:
    label: str
    articles: int
    seconds: float
    cpu: dict[str, float]

    @property
    def rate(self) -> float:
        return self.articles / self.seconds

    def per_article_ms(self, group: str) -> float:
        return 1000 * self.cpu[group] / self.articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument(
        "--rounds", type=int, default=1, help="run the three imports this many times in turn"
    )
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("FACTBASE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
    )
    args = parser.parse_args()
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(args.articles, ports), daemon=True)
    server.start()
    port = ports.get(timeout=120)
    name = f"factbase_bench_ingest_{os.getpid()}"
    queue = f"factbase-bench-{os.getpid()}"
    environment = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "DJANGO_SETTINGS_MODULE": "factbase.settings",
        "SECRET_KEY": "benchmark",
        "FACTBASE_FETCH_ALLOW_PRIVATE": "127.0.0.1/32",
        "FACTBASE_FEED_HOST_INTERVAL": "0",
    }
    os.environ.update(environment)
    try:
        with scratch_database(name):
            results = run_all(args, f"http://127.0.0.1:{port}", queue, environment, server.pid)
    finally:
        server.terminate()
        server.join()
    inline, one, two = results
    print(f"corpus: {args.articles:,} articles served as pages and one RSS feed")
    if args.rounds > 1:
        print(f"the fastest of {args.rounds} runs of each import")
    print(f"{'':<22} {'articles':>8} {'seconds':>8} {'per s':>7}   CPU ms per article:")
    print(f"{'':<49} importer (main process)  database  web server")
    for result in results:
        print(
            f"{result.label:<22} {result.articles:>8,} {result.seconds:8.2f} {result.rate:7.1f}"
            f"   {result.per_article_ms('importer'):8.1f} ({result.per_article_ms('main'):5.1f})"
            f"        {result.per_article_ms('database'):8.1f}"
            f"  {result.per_article_ms('server'):10.1f}"
        )
    print(f"scaling, 2 workers / 1 worker: {two.rate / one.rate:.2f}x")
    print(f"queue with 1 worker / inline:  {one.rate / inline.rate:.2f}")


def run_all(
    args: argparse.Namespace,
    base: str,
    queue: str,
    environment: dict[str, str],
    server_pid: int | None,
) -> list[Result]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    from factbase.celery import app

    call_command("migrate", verbosity=0)
    app.conf.broker_url = args.broker_url
    app.conf.task_default_queue = queue
    assert server_pid is not None
    database = environment["DATABASE_URL"].rsplit("/", 1)[1]
    runs: dict[int, list[Result]] = {0: [], 1: [], 2: []}
    for _ in range(args.rounds):
        call_command("flush", interactive=False, verbosity=0)
        inline = CPU([os.getpid()], server_pid, database)
        runs[0].append(timed("inline (no queue)", base, inline, args.articles))
        for concurrency in (1, 2):
            call_command("flush", interactive=False, verbosity=0)
            with (
                override_settings(CELERY_BROKER_URL=args.broker_url),
                workers(concurrency, queue, args.broker_url, environment) as worker,
            ):
                label = f"queue, {concurrency} worker{'s' if concurrency > 1 else ''}"
                cpu = CPU([worker], server_pid, database)
                runs[concurrency].append(timed(label, base, cpu, args.articles))
    purge(args.broker_url, queue)
    return [max(found, key=lambda result: result.rate) for found in runs.values()]


def timed(label: str, base: str, cpu: CPU, expected: int) -> Result:
    """Poll the feed once and wait for its run: from the poll to the last job's end."""
    from django.db.models import Max
    from django.utils import timezone

    from claims.feeds import poll_due_feeds
    from sources.models import Article, Feed, ImportJob, ImportRun, ImportStatus

    Feed.objects.create(url=f"{base}/feed.xml")
    cpu.start()
    started = timezone.now()
    (result,) = poll_due_feeds()
    assert result.run is not None, result.describe()
    run = result.run
    while run.status == ImportStatus.RUNNING:
        time.sleep(0.1)
        cpu.sample()
        run.refresh_from_db()
    ended = ImportJob.objects.filter(run=run).aggregate(end=Max("finished_at"))["end"] or (
        run.finished_at
    )
    assert ended is not None
    seconds = (ended - started).total_seconds()
    cpu.stop()
    stored = Article.objects.count()
    counts = ImportRun.objects.get(pk=run.pk)
    if (stored, counts.created, counts.failed) != (expected, expected, 0):
        print(
            f"{label}: {stored} stored, {counts.created} created, {counts.failed} failed "
            f"of {expected}: {counts.errors[:3]}",
            file=sys.stderr,
        )
    return Result(label, stored, seconds, cpu.used)


@contextmanager
def workers(
    concurrency: int, queue: str, broker_url: str, environment: dict[str, str]
) -> Iterator[int]:
    """`celery -A factbase worker --concurrency N` on this run's queue, ready to take
    tasks (its process id); its whole process group is ended afterwards."""
    from factbase.celery import app

    hostname = f"{queue}-{concurrency}@localhost"
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "factbase", "worker"),
            *("--queues", queue, "--hostname", hostname, "--concurrency", str(concurrency)),
            *("--pool", "prefork", "--loglevel", "WARNING"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ],
        cwd=ROOT,
        env={**os.environ, **environment, "CELERY_BROKER_URL": broker_url},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the worker did not start (status {process.poll()})")
        yield process.pid
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def purge(broker_url: str, queue: str) -> None:
    import redis

    client = redis.Redis.from_url(broker_url)
    bindings = [f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
    client.delete(*client.scan_iter(match=f"{queue}*"), *bindings)
    client.close()


@contextmanager
def scratch_database(name: str) -> Iterator[None]:
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
