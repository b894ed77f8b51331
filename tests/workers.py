"""Real Celery workers (and app servers) for the tests, as subprocesses on a test's database.

A child gets the test app's configuration through the environment (EVENTSITE_<KEY>,
JSON values), so it builds the same app `app.py` builds in production.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
# Databases 9-11 are this suite's; each run sends to its own queue within them.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
PASSED = (
    "SQLALCHEMY_DATABASE_URI",
    "SQLALCHEMY_ENGINE_OPTIONS",
    "SECRET_KEY",
    "BASE_URL",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_TIMEOUT",
    "MAIL_FROM",
    "CELERY_BROKER_URL",
    "CELERY_QUEUE",
    "CELERY_VISIBILITY_TIMEOUT",
    "MAIL_RETRY_SECONDS",
    "MAIL_STALE_CLAIM_SECONDS",
    "WTF_CSRF_ENABLED",
    "RATELIMIT_ENABLED",
    "CACHE_TYPE",
)


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def require_redis() -> None:
    """Skip without Redis; fail instead on CI, which must run these tests."""
    if redis_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the worker tests: no Redis at {REDIS_URL}")
    pytest.skip(f"no Redis at {REDIS_URL}")


def child_env(app) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTSITE_")}
    env["EVENTSITE_INSTANCE_PATH"] = app.instance_path
    for key in PASSED:
        value = app.config.get(key)
        if value not in (None, ""):
            env[f"EVENTSITE_{key}"] = json.dumps(value)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Worker:
    """`celery -A app:celery worker` in a process of its own (the solo pool: one task at a time)."""

    def __init__(self, app, name: str, beat: bool = False, lanes: tuple[str, ...] = ("print",)):
        self.name = name
        self.log = Path(app.instance_path) / f"worker-{name}.log"
        queue = app.config["CELERY_QUEUE"]
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "app:celery",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={name}@%h",
            "--loglevel=INFO",
            # Its app's queue and the lanes of long jobs (big prints).
            "-Q",
            ",".join([queue, *(f"{queue}-{lane}" for lane in lanes)]),
        ]
        if beat:
            command += ["--beat", f"--schedule={Path(app.instance_path) / f'beat-{name}'}"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=child_env(app),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_for("ready.")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker {self.name} did not say {text!r}:\n{self.output()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """Die at once, as on a power cut: no warm shutdown, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


class Beat:
    """`celery -A app:celery beat`: the schedule that replaces the cron lines."""

    def __init__(self, app):
        self.log = Path(app.instance_path) / "beat.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "app:celery",
                "beat",
                f"--schedule={Path(app.instance_path) / 'beat-schedule'}",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=child_env(app),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)


class AppServer:
    """The app under gunicorn (one process, two threads), as in production."""

    def __init__(self, app, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.log = Path(app.instance_path) / f"gunicorn-{port}.log"
        env = child_env(app) | {"WEB_CONCURRENCY": "1", "GUNICORN_ACCESS_LOG": "/dev/null"}
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self.process = subprocess.Popen(
            [*command, "-b", f"127.0.0.1:{port}", "app:app"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self._up, timeout=60, step=0.2)

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(self.log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)


def pid_connected_from(local_port: int, pids: list[int]) -> int | None:
    """Which of these processes holds the TCP connection from 127.0.0.1:`local_port`."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == local_port:
            inodes.add(fields[9])
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return pid
    return None


def wait_until(predicate, timeout: float = 30, step: float = 0.1):
    """Return the predicate's first true value, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not so within {timeout} s")
