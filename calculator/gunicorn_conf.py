"""gunicorn settings for `make serve`, all overridable by environment variables.

Workers default to 2 x cores + 1 (gunicorn's own advice for I/O-light, CPU-bound work like ours);
the access log is off because the app writes its own request log without query strings.
"""
import gc
import multiprocessing
import os

bind = os.environ.get("CALCULATOR_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CALCULATOR_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("CALCULATOR_THREADS", 1))
worker_class = "sync" if threads == 1 else "gthread"
backlog = 2048
timeout = int(os.environ.get("CALCULATOR_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
max_requests = 20000
max_requests_jitter = 2000
accesslog = None
errorlog = "-"
loglevel = os.environ.get("CALCULATOR_LOG_LEVEL", "info")
preload_app = True


def pre_fork(server, worker):
    """Everything the master loaded (policy, compiled schemes, templates) lives as long as the
    workers: frozen, the garbage collector never walks it again. A full collection over it took
    about 70 ms, a pause every request queued behind that worker waited through; frozen objects
    also stay shared between workers instead of being copied when the collector touches them."""
    gc.freeze()
