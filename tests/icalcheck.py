"""Read calendar files the way clients do: libical's iTIP rules, icalendar and vobject.

libical comes from Debian's GObject bindings (`apt-get install gir1.2-ical-3.0
python3-gi`), which only the system Python can import, so the check runs in one
/usr/bin/python3 subprocess for a whole batch of files. Without them the check is
skipped with the reason, except under CI=true, where it fails.
"""

import json
import os
import subprocess

import icalendar
import pytest
import vobject

SYSTEM_PYTHON = os.environ.get("LIBICAL_PYTHON", "/usr/bin/python3")

_LIBICAL = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal

def errors(component):
    found = []
    prop = component.get_first_property(ICal.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        kind = ICal.Component.kind_to_string(component.isa())
        found.append(f"{kind}: {prop.get_xlicerror()}")
        prop = component.get_next_property(ICal.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ICal.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(ICal.ComponentKind.ANY_COMPONENT)
    return found

results = []
for text in json.load(sys.stdin):
    component = ICal.Component.new_from_string(text)
    if component is None:
        results.append(["libical could not parse the file"])
        continue
    valid = component.check_restrictions()
    found = errors(component)
    if not valid and not found:
        found = ["check_restrictions() failed without saying why"]
    results.append(found)
json.dump(results, sys.stdout)
"""


def _libical_available() -> str | None:
    """None when libical can be used, else why not."""
    if not os.path.exists(SYSTEM_PYTHON):
        return f"{SYSTEM_PYTHON} does not exist"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return "libical's GObject bindings are missing: apt-get install gir1.2-ical-3.0 python3-gi"
    return None


def require_libical() -> None:
    reason = _libical_available()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must check calendars with libical: {reason}")
    print(f"libical check skipped: {reason}")
    pytest.skip(f"libical check skipped: {reason}")


def as_publish(text: str) -> str:
    """The same calendar as a PUBLISH message: stricter rules than a plain file."""
    return text.replace("VERSION:2.0\r\n", "VERSION:2.0\r\nMETHOD:PUBLISH\r\n", 1)


def libical_errors(texts: list[str]) -> list[list[str]]:
    """libical's complaints (parse errors and iTIP restrictions) for each file."""
    require_libical()
    done = subprocess.run(
        [SYSTEM_PYTHON, "-c", _LIBICAL],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def read(body: bytes, method: str | None):
    """Parse with icalendar and vobject; check what every file of ours must carry."""
    cal = icalendar.Calendar.from_ical(body)
    vcal = vobject.readOne(body.decode("utf-8"))
    assert cal.get("METHOD") == method
    assert (getattr(vcal, "method", None) and vcal.method.value) == method
    vevents = cal.walk("VEVENT")
    assert len(vevents) == len(vcal.vevent_list) >= 1
    for vevent, vobj in zip(vevents, vcal.vevent_list, strict=True):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "ORGANIZER", "STATUS"):
            assert name in vevent, f"{name} missing"
        assert vobj.uid.value == str(vevent["UID"])
        assert vobj.organizer.value == str(vevent["ORGANIZER"])
        assert int(vobj.sequence.value) == int(vevent["SEQUENCE"])
    return cal


def check_all(files: dict[str, tuple[bytes, str | None]]) -> dict[str, icalendar.Calendar]:
    """Read every file with the three readers; fail listing every complaint at once."""
    parsed = {label: read(body, method) for label, (body, method) in files.items()}
    texts, labels = [], []
    for label, (body, method) in files.items():
        text = body.decode("utf-8")
        texts.append(text)
        labels.append(label)
        if method is None:
            texts.append(as_publish(text))
            labels.append(f"{label} (as PUBLISH)")
    complaints = {
        label: errors for label, errors in zip(labels, libical_errors(texts), strict=True) if errors
    }
    assert not complaints, complaints
    return parsed
