"""The image's HEALTHCHECK: GET /healthz on the local gunicorn; exit 0 when it answers 200.

Django rejects a Host header that is not in ALLOWED_HOSTS, so the request names the first
allowed host (a leading-dot pattern such as `.example.com` becomes `example.com`). /healthz is
exempt from the HTTPS redirect, so plain HTTP inside the container is enough.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def health_host(allowed_hosts: str) -> str:
    for pattern in allowed_hosts.split(","):
        host = pattern.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    port = os.environ.get("PORT", "8000").strip() or "8000"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": health_host(os.environ.get("ALLOWED_HOSTS", ""))},
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        print(f"unhealthy: {error}")
        return 1
    print("healthy" if status == 200 else f"unhealthy: /healthz answered {status}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
