"""gunicorn settings for Letter evenings: `.venv/bin/gunicorn -c gunicorn.conf.py app:app`.

Command-line options override these (e.g. `-w 5`, `-b 0.0.0.0:8000`). The access log
masks the token of private links (/rsvp/…, /invite/…, /password/reset/…): see
eventsite/core/logs.py.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads keep connections alive behind the proxy and let a worker answer while another
# thread waits on the database or renders a PDF.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Big print documents may take a while; a worker busy longer than this is restarted.
timeout = 120
graceful_timeout = 30

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
logger_class = "eventsite.core.logs.GunicornLogger"
# No cookies and no query strings of their own: %(r)s is the request line, token masked.
access_log_format = '%(h)s - - %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# The app refuses per-process rate-limit counters (memory://) with more than one worker
# in production; tell it how many there are.
os.environ.setdefault("WEB_CONCURRENCY", str(workers))


def on_starting(server):
    os.environ["WEB_CONCURRENCY"] = str(server.cfg.workers)
