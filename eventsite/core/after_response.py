"""Work that waits until the answer has gone out, so nobody waits for it or can time it."""

import logging

from flask import after_this_request, current_app, has_request_context

log = logging.getLogger(__name__)


def after_response(func, *args) -> None:
    """Call `func(*args)` in a fresh app context once the response is sent.

    Outside a request (command line, tests calling services) it runs at once. A
    failure is logged without its arguments, which may hold an address.
    """
    if not has_request_context():
        func(*args)
        return
    # The proxy's own app, for the work after the response (Flask types the proxy as Flask).
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def _hook(response):
        def run():
            with app.app_context():
                try:
                    func(*args)
                except Exception:
                    log.exception("Work after the response failed: %s", func.__qualname__)

        response.call_on_close(run)
        return response
