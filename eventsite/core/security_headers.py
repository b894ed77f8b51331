"""Headers every response carries: what the browser may load, frame, or tell other sites."""

from flask import Flask, abort, request

from eventsite.core.caching import cache_control

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes():
        # No honest text holds a NUL; PostgreSQL would refuse it deep inside a query.
        if "\x00" in request.path:
            abort(404)
        for values in (request.args, request.form):
            if any("\x00" in value for value in values.values()):
                abort(400)

    # Pages with names, notes, door codes or private addresses stay out of every cache.
    app.after_request(cache_control)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        # Private links carry tokens in the path: never send them on as a Referer.
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
