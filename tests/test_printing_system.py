"""Printing on a machine without Pango/HarfBuzz: one-line advice, a friendly page, no failures.

The libraries are hidden for real in a private mount namespace (`unshare`), where
/dev/null is mounted over the library file; the rest of the machine is untouched.
"""

import ctypes
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from eventsite.printing import system

ROOT = Path(__file__).resolve().parent.parent
SUBSET_WARNING = (
    "HarfBuzz-Subset will be required by future versions of WeasyPrint. "
    "Please install this library with your package manager."
)


def test_missing_packages_names_the_libraries_that_do_not_load():
    libraries = {"libpango-1.0-0": "libpango-1.0.so.0", "libnothing0": "libnothing-here.so.0"}
    assert system.missing_packages(libraries) == ["libnothing0"]


def test_install_command_is_one_apt_line():
    assert system.install_command(["libpango-1.0-0", "libharfbuzz-subset0"]) == (
        "sudo apt-get install -y libpango-1.0-0 libharfbuzz-subset0"
    )
    assert system.install_command(["libharfbuzz0b"], sudo=False) == (
        "apt-get install -y libharfbuzz0b"
    )


def test_only_weasyprints_optional_library_warning_is_ignored():
    # The filter in pyproject.toml; everything else still turns into an error.
    warnings.warn_explicit(SUBSET_WARNING, DeprecationWarning, "ffi.py", 1, "weasyprint.text.ffi")
    others = [
        (SUBSET_WARNING, DeprecationWarning, "eventsite.printing.render"),
        (SUBSET_WARNING, UserWarning, "weasyprint.text.ffi"),
        (SUBSET_WARNING, DeprecationWarning, "weasyprint.text.ffi_extra"),
        ("Something else is deprecated.", DeprecationWarning, "weasyprint.text.ffi"),
        (SUBSET_WARNING + " Or else.", DeprecationWarning, "weasyprint.text.ffi"),
    ]
    for message, category, module in others:
        with pytest.raises(category):
            warnings.warn_explicit(message, category, "x.py", 1, module)


def _library_file(soname: str) -> Path:
    """Return the file this process loaded for `soname`."""
    ctypes.CDLL(soname)
    for line in Path("/proc/self/maps").read_text().splitlines():
        path = line.split()[-1]
        if Path(path).name.startswith(soname):
            return Path(path).resolve()
    pytest.skip(f"cannot tell which file {soname} is")


def _without(sonames: list[str], command: list[str]) -> subprocess.CompletedProcess:
    """Run `command` where the given libraries cannot be loaded."""
    unshare = shutil.which("unshare")
    if unshare is None or not Path("/proc/self/maps").exists():
        pytest.skip("needs Linux with unshare(1) to hide libraries")
    namespace = [unshare, "--mount"] + (["--map-root-user"] if os.geteuid() != 0 else [])
    if subprocess.run([*namespace, "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow private mount namespaces")
    mounts = [f"mount --bind /dev/null {_library_file(name)}" for name in sonames]
    script = " && ".join([*mounts, 'exec "$@"'])
    return subprocess.run(
        [*namespace, "sh", "-c", script, "sh", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_printing_tests_pass_without_harfbuzz_subset():
    hidden = ["libharfbuzz-subset.so.0"]
    probe = "import warnings; warnings.simplefilter('error'); import weasyprint"
    warned = _without(hidden, [sys.executable, "-c", probe])
    assert "HarfBuzz-Subset will be required" in warned.stderr  # the library really is gone

    one_print_test = "tests/test_printing_documents.py::test_a_one_table_pack_is_the_same_builder"
    run = _without(
        hidden, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", one_print_test]
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


PRINT_WITHOUT_PANGO = """
import tempfile
from pathlib import Path

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from tests.builders import make_event, make_user
from tests.helpers import login, make_test_app

tmp = Path(tempfile.mkdtemp())
with pytest.MonkeyPatch.context() as monkeypatch:
    app = make_test_app(tmp, monkeypatch, f"sqlite:///{tmp / 'test.sqlite3'}")
    with app.app_context():
        db.create_all()
        event = make_event()
        client = app.test_client()
        print("home", client.get("/").status_code)
        print("evening", client.get(f"/events/{event.id}").status_code)
        login(client, make_user(chapter=event.chapter, role=Role.HOST).email)
        for path in ("signin.pdf", "packs.pdf", "tally.pdf"):
            response = client.get(f"/events/{event.id}/print/{path}")
            print(path, response.status_code, response.mimetype)
        print(response.text)
"""


@pytest.mark.slow
def test_print_links_explain_missing_pango_and_the_site_still_serves():
    run = _without(["libpango-1.0.so.0"], [sys.executable, "-c", PRINT_WITHOUT_PANGO])

    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert "home 200" in lines and "evening 200" in lines
    for path in ("signin.pdf", "packs.pdf", "tally.pdf"):
        assert f"{path} 503 text/html" in lines
    assert "Printing is not set up on this server" in run.stdout
    assert "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" in run.stdout
