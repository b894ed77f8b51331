"""Friendly error pages; a rollback so a failed request leaves nothing half-saved."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from eventsite.extensions import db


def register(app: Flask) -> None:
    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(409)
    @app.errorhandler(413)
    @app.errorhandler(429)
    def client_error(error):
        # Our own abort(400, "…") messages are shown; werkzeug's stock English ones are not.
        message = error.description if error.description != type(error).description else None
        return render_template("errors/error.html", error=error, message=message), error.code

    @app.errorhandler(SecurityError)
    def unknown_host(_error):
        # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page either.
        return (
            "Bad request: this site does not answer for that host name.\n",
            400,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/csrf.html", error=error), 400

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/500.html"), 500
