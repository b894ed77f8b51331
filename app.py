"""WSGI entry point: `flask --app app run`, `gunicorn app:app`; `celery -A app:celery worker`."""

from eventsite import create_app

app = create_app()
celery = app.extensions["celery"]
