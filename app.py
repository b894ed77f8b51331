"""WSGI entry point: `flask --app app run`, `gunicorn app:app`."""

from eventsite import create_app

app = create_app()
