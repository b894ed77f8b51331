"""Which language a page is in: the footer switch (a cookie), else the browser's wish."""

from flask import has_request_context, request


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later, when the language is known."""
    return message


LANGUAGES = {"en": "English", "ru": "Русский"}
COOKIE = "lang"


def select_locale() -> str:
    if not has_request_context():
        return "en"  # CLI and background work; emails use force_locale
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"
