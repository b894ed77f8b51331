"""Readers from npm that the tests check our output with (installed into .ci/node).

`npm ci --prefix .ci/node` installs them (`.ci/run` does). Where node or the package
is missing, the test is skipped with the reason; under CI=true it fails instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_MODULES = Path(
    os.environ.get("NODE_TOOLS", Path(__file__).resolve().parent.parent / ".ci/node/node_modules")
)

_MAILPARSER = r"""
const { simpleParser } = require("mailparser");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const out = [];
  for (const raw of JSON.parse(input)) {
    const m = await simpleParser(Buffer.from(raw, "base64"));
    out.push({
      subject: m.subject,
      replyTo: m.replyTo ? m.replyTo.value.map((a) => a.address) : [],
      autoSubmitted: m.headers.get("auto-submitted") || null,
      listUnsubscribe: m.headers.has("list-unsubscribe"),
      text: m.text,
      html: m.html || "",
      attachments: m.attachments.map((a) => a.contentType),
    });
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this check: {reason}")
    print(f"skipped: {reason}")
    pytest.skip(reason)


def require(package: str) -> Path:
    if shutil.which("node") is None:
        unavailable("node is not installed (Debian: apt-get install nodejs)")
    path = NODE_MODULES / package
    if not path.exists():
        unavailable(f"{path} is missing: run `npm ci --prefix .ci/node`")
    return path


def mailparser(raws: list[bytes]) -> list[dict]:
    """Parse messages with Node's `mailparser` (its own RFC 2047 decoder), in one run."""
    import base64

    require("mailparser")
    done = subprocess.run(
        ["node", "-e", _MAILPARSER],
        input=json.dumps([base64.b64encode(raw).decode() for raw in raws]),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
    )
    return json.loads(done.stdout)


def vnu_jar() -> Path:
    jar = Path(os.environ.get("VNU_JAR", NODE_MODULES / "vnu-jar/build/dist/vnu.jar"))
    if not jar.exists():
        unavailable(f"{jar} is missing: run `npm ci --prefix .ci/node` (the vnu-jar package)")
    if shutil.which("java") is None:
        unavailable("java is not installed (Debian: apt-get install default-jre-headless)")
    return jar
