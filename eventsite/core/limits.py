"""How big a request body may be, decided per route before anything reads it."""

from flask import Flask, current_app, request


def body_limit(config_key: str, slack: int = 64 * 1024):
    """Let a view take bodies up to app.config[config_key] (+ room for the form around it).

    Every other route keeps MAX_CONTENT_LENGTH, which is small: a large body is refused
    with 413 before CSRF checks, rate limits or the view parse it.
    """

    def decorator(view):
        view.body_limit = (config_key, slack)
        return view

    return decorator


def register(app: Flask) -> None:
    # Registered before the CSRF and rate-limit hooks, which read the form.
    @app.before_request
    def limit_body():
        view = current_app.view_functions.get(request.endpoint or "")
        limit = getattr(view, "body_limit", None)
        if limit is not None:
            key, slack = limit
            request.max_content_length = current_app.config[key] + slack
