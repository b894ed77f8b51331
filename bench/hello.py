"""The floor for bench/load.py: a bare Flask app under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello"


@app.post("/")
def thanks():
    return "Thanks"


@app.get("/healthz")
def healthz():
    return "ok"
