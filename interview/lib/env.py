"""Strict readers for settings that come from the environment.

A value that cannot be parsed is a configuration error raised at start-up, never a silent
default: `DEBUG=yes` must not quietly mean "false".
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = "true"
_FALSE = "false"


def env_str(name: str, default: str, *, environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default)


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value == _TRUE:
        return True
    if value == _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', got {raw!r}")


def env_int(
    name: str, default: int, *, minimum: int | None = None, environ: Mapping[str, str] = os.environ
) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] = os.environ
) -> list[str]:
    """A comma-separated list; blanks around items and empty items are dropped."""
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def require_production_secret(secret_key: str, *, insecure_default: str) -> None:
    """Refuse to run with DEBUG off on a key that is missing, the development default or weak."""
    if not secret_key or secret_key == insecure_default:
        raise ImproperlyConfigured("SECRET_KEY must be set to a real secret when DEBUG=false")
    if secret_key.startswith("django-insecure") or len(secret_key) < 50 or len(set(secret_key)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for DEBUG=false: use at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )


def email_settings(url: str) -> dict[str, object]:
    """Django e-mail settings from one URL: ``console:`` (print messages to standard output,
    the default), ``smtp://user:password@host:587`` (STARTTLS on), ``smtps://...@host:465``
    (TLS from the start), ``smtp://host:25?tls=false`` (plain, e.g. a local relay)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    from django.core.exceptions import ImproperlyConfigured

    parts = urlsplit(url.strip())
    if parts.scheme in ("", "console"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must be console: or smtp://user:password@host:port (or smtps://)"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    secure = parts.scheme == "smtps"
    starttls = not secure and query.get("tls", "true").lower() != "false"
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if secure else 587 if starttls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": secure,
        "EMAIL_USE_TLS": starttls,
        "EMAIL_TIMEOUT": 10,
    }
