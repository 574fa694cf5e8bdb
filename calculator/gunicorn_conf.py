"""gunicorn settings for `make serve`, all overridable by environment variables.

Workers default to one sync worker per core. Scoring and rendering are pure CPU work (the
database is read about once a second per worker), so extra workers only take turns on the same
cores: measured on 2 cores, 5 workers cost 45% more CPU per result page than 2 (2.0 vs 1.4 ms,
from cache and context-switch churn), and the 200-connection load test's p99 rose from about
150 to 240 ms. gunicorn's 2 x cores + 1 advice is for workers that wait on I/O.

Sync workers, not threads: requests queue in one kernel accept queue and are served in order,
so a result page waits no longer than a cheap page. gthread workers keep each keep-alive
connection on one worker and share the GIL between threads: under load cheap requests flew and
result pages waited 2-4 times longer. Sync workers are meant behind a buffering proxy (nginx),
which absorbs slow clients; put one in front in production.

The access log is off because the app writes its own request log without query strings;
gunicorn's own lines go through ops.GunicornLogger (JSON, with process ids, no query strings).
gunicorn trusts no forwarded headers itself: the app's ProxyFix does, as configured (PROXY_X_*).
"""
import gc
import multiprocessing
import os

bind = os.environ.get("CALCULATOR_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CALCULATOR_WORKERS", multiprocessing.cpu_count()))
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
logger_class = "calculator.web.ops.GunicornLogger"
forwarded_allow_ips = ""
limit_request_line = 8190
loglevel = os.environ.get("CALCULATOR_LOG_LEVEL", "info")
preload_app = True


def when_ready(server):
    """Before the first worker forks: a sample of every page kind served once in the master
    (calculator.web.warmup), so no worker, the first or one replacing another after
    max_requests, starts cold under a rush. Never stops the server from starting.
    CALCULATOR_WARM_UP=0 skips it (calculator.web.warmup.wanted)."""
    from calculator.web import warmup
    if not warmup.wanted():
        return
    try:
        done = warmup.serve_samples(server.app.wsgi())
        server.log.info("warm-up: %d sample pages in %d ms, %d not as expected", done["pages"], done["ms"],
                        len(done["failed"]))
    except Exception as e:  # e.g. the database not initialised yet: workers warm up as they go
        server.log.warning("warm-up skipped: %s", type(e).__name__)


def pre_fork(server, worker):
    """Everything the master loaded (policy, compiled schemes, templates) lives as long as the
    workers: frozen, the garbage collector never walks it again. A full collection over it took
    about 70 ms, a pause every request queued behind that worker waited through; frozen objects
    also stay shared between workers instead of being copied when the collector touches them."""
    gc.freeze()
