"""gunicorn settings for Cocréa (used by deploy/systemd, the Dockerfile and make prod-local).

Every value can be overridden from the environment: GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_TIMEOUT.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes, not threads: a request holds the GIL while it renders. 2 per core is a good start.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a slow leak never grows without bound).
max_requests = 2000
max_requests_jitter = 200
# One line per request; the application's own log lines go to stderr too.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = "127.0.0.1,::1"


def child_exit(server, worker):  # gunicorn's hook signature
    """Metrics of a dead worker stop being counted as live (prometheus_client multi-process)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
