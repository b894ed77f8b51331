"""A real calendar subscriber: vdirsyncer copies a feed into a vdir, khal reads it.

Both are dev dependencies from PyPI and run as their own processes (`python -m khal`,
`python -m vdirsyncer`) with configurations in a temporary folder, so nothing of the
user's own calendars is read or touched. Where they are missing the test is skipped
with the reason; under CI=true it fails instead.
"""

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest

# khal prints times in the zone its configuration names, whatever TZ the tests run at.
TIME = "%Y-%m-%d %H:%M"
# "CANCELLED " when the entry says STATUS:CANCELLED, as khal's own default format shows it.
FORMAT = "{cancelled}{start}|{end}|{title}|{location}|{calendar}"


def require_tools() -> None:
    missing = [name for name in ("khal", "vdirsyncer") if importlib.util.find_spec(name) is None]
    if not missing:
        return
    reason = f"{' and '.join(missing)} missing: make install-dev installs them (dev extra)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the subscriber check: {reason}")
    print(f"skipped: {reason}")
    pytest.skip(reason)


def _run(module: str, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONIOENCODING": "utf-8",
        # vdirsyncer's HTTP client honours proxy variables: never send 127.0.0.1 through one.
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def _checked(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, f"{done.args[2]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass(frozen=True)
class Entry:
    """One line of `khal list`: what the person sees in their calendar."""

    cancelled: bool
    start: str
    end: str
    title: str
    location: str
    calendar: str


class Khal:
    """khal with one calendar per vdir folder; `writable` ones take `khal import`."""

    def __init__(self, home: Path, zone: str, calendars: dict[str, bool]):
        self.home = home
        self.config = home / "khal.conf"
        self.vdirs = {name: home / "vdirs" / name for name in calendars}
        lines = ["[calendars]"]
        for name, readonly in calendars.items():
            self.vdirs[name].mkdir(parents=True, exist_ok=True)
            lines += [f"[[{name}]]", f"path = {self.vdirs[name]}/", f"readonly = {readonly}"]
        lines += [
            "[locale]",
            "timeformat = %H:%M",
            "dateformat = %Y-%m-%d",
            "longdateformat = %Y-%m-%d",
            f"datetimeformat = {TIME}",
            f"longdatetimeformat = {TIME}",
            f"local_timezone = {zone}",
            f"default_timezone = {zone}",
            "[sqlite]",
            f"path = {home / 'khal.db'}",
        ]
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def entries(self, start: str, end: str) -> list[Entry]:
        """Every entry between two dates (YYYY-MM-DD), as khal prints them."""
        out = _checked(
            self._khal("list", "--format", FORMAT, "--day-format", "", start, end),
        )
        entries = []
        for line in out.splitlines():
            if not line.strip() or line.strip() == "No events":
                continue
            cancelled = line.startswith("CANCELLED ")
            fields = line.removeprefix("CANCELLED ").split("|")
            entries.append(Entry(cancelled, *fields))
        return entries

    def import_file(self, calendar: str, path: Path) -> str:
        """`khal import --batch`: no questions; an entry with the same UID is replaced."""
        return _checked(self._khal("import", "--batch", "-a", calendar, str(path)))

    def items(self, calendar: str) -> list[icalendar.Event]:
        """The VEVENTs of the files in a calendar's folder."""
        found = []
        for path in sorted(self.vdirs[calendar].glob("*.ics")):
            found += icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        return found

    def _khal(self, *args: str) -> subprocess.CompletedProcess:
        return _run("khal", "-c", str(self.config), *args, home=self.home)


class Subscription:
    """vdirsyncer pairing a feed (`http` storage, read-only) with a khal calendar's folder."""

    def __init__(self, khal: Khal, calendar: str, url: str):
        self.home = khal.home
        self.config = self.home / "vdirsyncer.conf"
        status = self.home / "vdirsyncer-status"
        status.mkdir(exist_ok=True)
        self.config.write_text(
            "\n".join(
                [
                    "[general]",
                    f'status_path = "{status}/"',
                    "[pair feed]",
                    'a = "feed_remote"',
                    'b = "feed_local"',
                    "collections = null",
                    "[storage feed_remote]",
                    'type = "http"',
                    f'url = "{url}"',
                    "[storage feed_local]",
                    'type = "filesystem"',
                    f'path = "{khal.vdirs[calendar]}/"',
                    'fileext = ".ics"',
                ]
            )
            + "\n",
            encoding="utf-8",
        )
        _checked(self._vdirsyncer("discover", "feed"))

    def sync(self) -> str:
        return _checked(self._vdirsyncer("sync"))

    def _vdirsyncer(self, *args: str) -> subprocess.CompletedProcess:
        return _run("vdirsyncer", "-c", str(self.config), *args, home=self.home)
