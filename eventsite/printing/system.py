"""The system libraries WeasyPrint needs, and how to get them on Debian or Ubuntu.

Standard library only, so `python3 eventsite/printing/system.py --install` (what
`make system-deps` runs) works before the virtual environment exists.
"""

import argparse
import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

# Debian package -> the shared library WeasyPrint opens from it. Fonts are not listed:
# the print stylesheet embeds its own (static/fonts/). GLib and Fontconfig come with Pango.
LIBRARIES = {
    "libpango-1.0-0": "libpango-1.0.so.0",
    "libpangoft2-1.0-0": "libpangoft2-1.0.so.0",
    "libharfbuzz0b": "libharfbuzz.so.0",
    "libharfbuzz-subset0": "libharfbuzz-subset.so.0",
}
# Without these WeasyPrint cannot be imported; without the rest it only warns.
REQUIRED = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b")


def missing_packages(libraries: Mapping[str, str] = LIBRARIES) -> list[str]:
    """Return the packages whose library this process cannot load."""
    missing = []
    for package, soname in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def install_command(packages: list[str], *, sudo: bool = True) -> str:
    """Return the one-line shell command that installs `packages` with apt."""
    prefix = "sudo " if sudo else ""
    return f"{prefix}apt-get install -y {' '.join(packages)}"


def _apt_get() -> list[str] | None:
    """Return how to run apt-get as root here (directly or through sudo -n), or None."""
    apt_get = shutil.which("apt-get")
    if apt_get is None:
        return None
    if os.geteuid() == 0:
        return [apt_get]
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:  # noqa: S603
        return [sudo, "-n", apt_get]
    return None


def install(packages: list[str], apt_get: list[str]) -> bool:
    """Refresh the package lists and install `packages`; True when apt-get succeeded."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["update", "-qq"], ["install", "-y", "-qq", *packages]):
        done = subprocess.run([*apt_get, *args], env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        if done.returncode != 0:
            return False
    return True


def ensure(*, allow_install: bool) -> list[str]:
    """Say in one line what is missing; install it when allowed and possible.

    Returns the packages still missing afterwards.
    """
    missing = missing_packages()
    if not missing:
        return []
    apt_get = _apt_get() if allow_install else None
    if apt_get is not None:
        print(f"Installing the libraries printing needs: {install_command(missing, sudo=False)}")
        if install(missing, apt_get) and not (missing := missing_packages()):
            return []
    effect = "PDFs cannot be made" if set(missing) & set(REQUIRED) else "PDFs print with a warning"
    print(f"Missing printing libraries: {effect} until you run {install_command(missing)}")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the libraries PDFs need.")
    parser.add_argument(
        "--install", action="store_true", help="install them with apt-get when root or sudo allow"
    )
    args = parser.parse_args(argv)
    return 1 if ensure(allow_install=args.install) else 0


if __name__ == "__main__":
    sys.exit(main())
