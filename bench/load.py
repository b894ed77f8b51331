"""Load-test the evening page and RSVPs through gunicorn, against a bare Flask floor.

    .venv/bin/python bench/load.py [--seconds 10] [--connections 12] [--pg]

Starts gunicorn on 127.0.0.1 (a free port) for a fresh, migrated, demo-seeded SQLite
database in a temporary instance folder, then drives with Debian's `wrk` (apt-get install
wrk), or with a small threaded Python client where wrk is missing:
  - GET /events/<id>, the public evening page;
  - POST /events/<id>/rsvp, a new sign-up each time (run with CSRF off, since wrk
    cannot carry a session's token; rate limits are off too);
  - GET / of bench/hello.py, a bare Flask app under the same gunicorn settings.
--pg runs the app legs on PostgreSQL (TEST_DATABASE_URL or DATABASE_URL) in a schema of
its own, dropped afterwards. --broker redis://127.0.0.1:6379/10 sends the sign-ups' work
to Celery, with --workers (default 2) workers running during the sign-up leg (else it
runs in-process after each response, the embedded default); the bench then waits until
every recorded sign-up has been processed and prints how long that took, then signs up
--rate (default 50) people a second for as long and prints, from the outbox, how long
after each answer its confirmation mail was sent.

The sign-up floor is a bare Flask app's POST under the same gunicorn; the targets are
at least 250 sign-ups per second, p95 under 150 ms on PostgreSQL, 250 ms on SQLite.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# gthread: the sync worker closes the connection after every response, so each request
# would also pay a TCP handshake; threads keep connections alive (as behind a proxy) and
# let a worker serve another request while one waits on the database.
GUNICORN = ["--workers", "3", "--worker-class", "gthread", "--threads", "2"]

WRK_SCRIPT = r"""
local post = os.getenv("WRK_METHOD") == "POST"
local threads = {}
counter, id, token = 0, 0, "x"
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
function init(args) token = args[1] or "x" end
function request()
  if not post then return wrk.format() end
  counter = counter + 1
  local body = "name=Bench+writer&email=w" .. id .. "-" .. counter .. "-" .. token ..
    "%40example.org&reads_russian=y"
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function done(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def serve(target: str, env: dict, port: int) -> subprocess.Popen:
    # The deployment's settings (gunicorn.conf.py: masked access log), then the bench's.
    config = ["--config", str(ROOT / "gunicorn.conf.py")]
    command = [str(BIN / "gunicorn"), *config, *GUNICORN, "--bind", f"127.0.0.1:{port}", target]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def run_wrk(url: str, seconds: int, connections: int, post: bool, script: Path) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", str(script)]
    command += [url, "--", secrets.token_hex(3)]
    env = {**os.environ, "WRK_METHOD": "POST" if post else "GET"}
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, micros, p50, p95, errors = map(int, match.groups())
    return {
        "rps": requests / (micros / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "requests": requests,
        "errors": errors,
    }


def run_python(url: str, seconds: int, connections: int, post: bool, _script) -> dict:
    """A keep-alive client per thread; slower than wrk, and it shares the CPUs."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(/.*)", url).groups()
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]
    token = secrets.token_hex(3)

    def worker(n: int) -> None:
        conn, count = http.client.HTTPConnection(host, int(port), timeout=30), 0
        while time.perf_counter() < deadline:
            count += 1
            started = time.perf_counter()
            if post:
                body = f"name=Bench+writer&email=w{n}-{count}-{token}%40example.org"
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                conn.request("POST", path, body, headers)
            else:
                conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                errors[0] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=20)
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p95": cuts[18],
        "requests": len(latencies),
        "errors": errors[0],
    }


def prepare_app(instance: str, database_url: str | None) -> tuple[dict, int]:
    """Migrate and seed a fresh database; return the app's environment and an evening id."""
    env = {
        **os.environ,
        "EVENTSITE_INSTANCE_PATH": instance,
        "SECRET_KEY": secrets.token_hex(16),
        "EVENTSITE_RATELIMIT_ENABLED": "false",
        "EVENTSITE_TASKS_EMBEDDED_SKIP": '["mail.deliver"]',
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    flask = [str(BIN / "flask"), "--app", "app"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    code = (
        "from eventsite import create_app\n"
        "from eventsite.extensions import db, utcnow\n"
        "from eventsite.events.services import upcoming_query\n"
        "with create_app().app_context():\n"
        "    event = db.session.scalars(upcoming_query(utcnow())).first()\n"
        "    event.capacity = 100000\n"
        "    db.session.commit()\n"
        "    print(event.id)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return env, int(out.stdout.strip().splitlines()[-1])


def leg(label, target, env, path, post, args, drive, script) -> dict:
    port = free_port()
    server = serve(target, env, port)
    try:
        wait_until_up(f"http://127.0.0.1:{port}{path if not post else '/healthz'}", server)
        drive(f"http://127.0.0.1:{port}{path}", 1, args.connections, post, script)  # warm up
        result = drive(
            f"http://127.0.0.1:{port}{path}", args.seconds, args.connections, post, script
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"{label:34} {result['rps']:8.0f} req/s   p50 {result['p50']:6.1f} ms   "
        f"p95 {result['p95']:6.1f} ms   ({result['requests']} requests, "
        f"{result['errors']} errors)",
        flush=True,
    )
    return result


def in_app(env: dict, body: str) -> str:
    """Run `body` (indented lines) in the bench app's context; return the last line printed."""
    code = "from eventsite import create_app\nwith create_app().app_context():\n" + body
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def count_rows(env: dict, instance: str, table: str) -> int:
    if "DATABASE_URL" not in env:
        with sqlite3.connect(Path(instance, "eventsite.sqlite3")) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return int(
        in_app(
            env,
            "    from sqlalchemy import text\n    from eventsite.extensions import db\n"
            f"    print(db.session.scalar(text('SELECT count(*) FROM {table}')))\n",
        )
    )


def paced(url: str, rate: int, seconds: int, token: str) -> dict[str, float]:
    """Sign up `rate` new people a second for `seconds`; when each answer came (epoch)."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(/.*)", url).groups()
    answered: dict[str, float] = {}
    threads = 4
    start = time.time() + 0.5

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        for k in range(n, rate * seconds, threads):
            time.sleep(max(0.0, start + k / rate - time.time()))
            email = f"paced-{k}-{token}@example.org"
            body = urllib.parse.urlencode({"name": "Paced writer", "email": email})
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                answered[email] = time.time()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return answered


def mail_sent(env: dict, token: str) -> dict[str, float]:
    """When each paced sign-up's confirmation mail was sent (epoch), from the outbox."""
    body = (
        "    import json\n    from sqlalchemy import select\n"
        "    from eventsite.extensions import db\n"
        "    from eventsite.mail.models import OutboxMessage\n"
        "    from eventsite.rsvp.models import Rsvp\n"
        # A sent row keeps no address: find it through its sign-up.
        "    rows = db.session.execute(select(Rsvp.email, OutboxMessage.sent_at)"
        ".join(Rsvp, OutboxMessage.rsvp_id == Rsvp.id)"
        f".where(Rsvp.email.like('paced-%-{token}@example.org')))\n"
        "    print(json.dumps({a: s.timestamp() for a, s in rows if s is not None}))\n"
    )
    return json.loads(in_app(env, body))


def waiting_work(env: dict) -> int:
    """Recorded sign-ups not processed yet, and mail not sent yet."""
    body = (
        "    from sqlalchemy import func, select\n    from eventsite.extensions import db\n"
        "    from eventsite.mail.models import MailStatus, OutboxMessage\n"
        "    from eventsite.rsvp.models import SignupRequest\n"
        "    forms = db.session.scalar(select(func.count()).select_from(SignupRequest))\n"
        "    mail = db.session.scalar(select(func.count()).where(OutboxMessage.status.in_("
        "[MailStatus.PENDING, MailStatus.SENDING])))\n"
        "    print(forms + mail)\n"
    )
    return int(in_app(env, body))


def drain(env: dict, instance: str, limit: float = 300) -> float:
    """Seconds until the workers have processed every sign-up and sent every mail."""
    started = time.perf_counter()
    while waiting_work(env) and time.perf_counter() - started < limit:
        time.sleep(0.2)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--pg", action="store_true", help="run the app on PostgreSQL")
    parser.add_argument("--client", choices=["wrk", "python"], default=None)
    parser.add_argument("--broker", default="", help="a Celery broker URL (Redis database)")
    parser.add_argument("--workers", type=int, default=2, help="Celery workers with --broker")
    parser.add_argument("--rate", type=int, default=50, help="steady sign-ups/s, with --broker")
    args = parser.parse_args()
    client = args.client or ("wrk" if shutil.which("wrk") else "python")
    drive = run_wrk if client == "wrk" else run_python
    print(
        f"gunicorn {' '.join(GUNICORN)}; {client}, {args.connections} connections, "
        f"{args.seconds} s per leg, 127.0.0.1 only"
    )

    schema, admin_url = None, None
    if args.pg:
        admin_url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
        if not admin_url:
            raise SystemExit("--pg needs TEST_DATABASE_URL or DATABASE_URL")
        schema = f"bench_{secrets.token_hex(4)}"
        psql(admin_url, f"CREATE SCHEMA {schema}")
    workers: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "rsvp.lua")
        script.write_text(WRK_SCRIPT)
        instance = str(Path(folder, "instance"))
        database_url = None
        if schema:
            sep = "&" if "?" in admin_url else "?"
            database_url = f"{admin_url}{sep}options=-csearch_path%3D{schema}"
        try:
            env, event_id = prepare_app(instance, database_url)
            store = "PostgreSQL" if schema else "SQLite"
            hello = leg(
                "bare Flask hello",
                "bench.hello:app",
                dict(os.environ),
                "/",
                False,
                args,
                drive,
                script,
            )
            page = leg(
                f"GET /events/{event_id} ({store})",
                "app:app",
                env,
                f"/events/{event_id}",
                False,
                args,
                drive,
                script,
            )
            floor = leg(
                "bare Flask POST",
                "bench.hello:app",
                dict(os.environ),
                "/",
                True,
                args,
                drive,
                script,
            )
            before = count_rows(env, instance, "rsvp")
            rsvp_env = {**env, "EVENTSITE_WTF_CSRF_ENABLED": "false"}
            mail_latency: list[float] = []
            if args.broker:
                rsvp_env |= {
                    "CELERY_BROKER_URL": args.broker,
                    "EVENTSITE_CELERY_QUEUE": f"bench-{secrets.token_hex(3)}",
                }
                queue = rsvp_env["EVENTSITE_CELERY_QUEUE"]
                celery = [sys.executable, "-m", "celery", "-A", "app:celery", "worker", "-c", "1"]
                for n in range(args.workers):
                    workers.append(
                        subprocess.Popen(
                            [*celery, "-Q", queue, "-n", f"w{n}@%h", "--loglevel=ERROR"],
                            cwd=ROOT,
                            env=rsvp_env,
                            stdout=subprocess.DEVNULL,
                        )
                    )
            rsvp = leg(
                f"POST /events/{event_id}/rsvp ({store})",
                "app:app",
                rsvp_env,
                f"/events/{event_id}/rsvp",
                True,
                args,
                drive,
                script,
            )
            # The sign-ups the answers promised are processed (a seat or waitlist place
            # and a confirmation mail each): by the workers, or in-process, already.
            backlog = count_rows(env, instance, "signup_request")
            drained = drain(env, instance) if workers else 0.0
            left = count_rows(env, instance, "signup_request")
            if workers:
                mail_latency = paced_leg(rsvp_env, event_id, args)
            added = count_rows(env, instance, "rsvp") - before
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(30)
            if schema:
                psql(admin_url, f"DROP SCHEMA {schema} CASCADE")
    ratio = page["rps"] / hello["rps"]
    print(f"RSVPs saved: {added} (responses: {rsvp['requests']} + warm-up)")
    print(
        f"sign-ups waiting when the load stopped: {backlog}; all processed and their mail"
        f" sent {drained:.1f} s later" + (f" ({left} NOT processed)" if left else "")
    )
    print(f"evening page / bare Flask: {ratio:.0%} (target: at least 50%)")
    if args.broker and mail_latency:
        cuts = statistics.quantiles(mail_latency, n=20, method="inclusive")
        print(
            f"answer to mail sent, at {args.rate}/s: p50 {statistics.median(mail_latency):.2f} s,"
            f" p95 {cuts[18]:.2f} s, max {mail_latency[-1]:.2f} s (target: within seconds)"
        )
    p95_target = 150 if args.pg else 250
    mode = f"Celery, {args.workers} workers" if args.broker else "embedded"
    print(
        f"sign-ups ({mode}): {rsvp['rps']:.0f}/s, p95 {rsvp['p95']:.0f} ms; floor (bare POST) "
        f"{floor['rps']:.0f}/s, p95 {floor['p95']:.0f} ms; ratio {rsvp['rps'] / floor['rps']:.0%}"
        f" (targets: >= 250/s, p95 < {p95_target} ms)"
    )


def paced_leg(env: dict, event_id: int, args) -> list[float]:
    """At a steady `--rate`, seconds from each sign-up's answer to its mail being sent."""
    port, token = free_port(), secrets.token_hex(3)
    server = serve("app:app", env, port)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        url = f"http://127.0.0.1:{port}/events/{event_id}/rsvp"
        answered = paced(url, args.rate, args.seconds, token)
        deadline = time.monotonic() + 120
        while len(sent := mail_sent(env, token)) < len(answered) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = sorted(max(0.0, sent[a] - t) for a, t in answered.items() if a in sent)
    missing = len(answered) - len(latencies)
    print(
        f"steady {args.rate} sign-ups/s for {args.seconds} s: {len(answered)} answered, "
        f"{len(latencies)} confirmation mails sent"
        + (f", {missing} NOT sent within 2 minutes" if missing else ""),
        flush=True,
    )
    return latencies


def psql(url: str, sql: str) -> None:
    from sqlalchemy import create_engine, text

    sys.path.insert(0, str(ROOT))
    from eventsite.config import _normalise_db_url

    engine = create_engine(_normalise_db_url(url))
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


if __name__ == "__main__":
    main()
