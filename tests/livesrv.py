"""Serve the test app over real HTTP on 127.0.0.1 from a background thread.

The port is a free one the system picks, or LIVE_SERVER_PORT where a machine hands out
fixed ports (one test using the server at a time, then).
"""

import os
import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def live_server(app):
    port = int(os.environ.get("LIVE_SERVER_PORT", "0"))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
