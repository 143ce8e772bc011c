"""Who is asking: the names and addresses the login throttle and sign-up use.

- The login throttle (django-axes) keys a lock on username and client address together, so one
  attacker cannot lock a user out everywhere. The username it records is cut to the length a
  username can have, so a 10,000-character "username" is a failed login, not a server error.
- Behind a reverse proxy every client arrives from the proxy's address. With `TRUSTED_PROXY_COUNT`
  set to the number of proxies in front of the app (opt-in: only when every request passes
  through them), the client's address is read from `X-Forwarded-For`, counting from the right.
- Sign-up must say when a username is taken, which lets anyone test names; so the answers
  "taken" are limited per client address (`SIGNUP_TAKEN_LIMIT` per `SIGNUP_TAKEN_WINDOW`
  seconds), as the login throttle limits failed logins. The count lives in the cache.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest

USERNAME_MAX = User._meta.get_field("username").max_length or 150


def login_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The username a login attempt names, cut to a username's maximum length."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get("username", "")
    return str(value)[:USERNAME_MAX]


def client_address(request: HttpRequest) -> str:
    """The client's address: the proxy-forwarded one when proxies are trusted, else REMOTE_ADDR."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def axes_client_address(request: HttpRequest) -> str:
    return client_address(request)


def _taken_key(request: HttpRequest) -> str:
    return f"signup-taken:{client_address(request)}"


def signup_taken_limited(request: HttpRequest) -> bool:
    """True when this client has been told "taken" too often lately."""
    return cache.get(_taken_key(request), 0) >= settings.SIGNUP_TAKEN_LIMIT


def signup_taken_record(request: HttpRequest) -> None:
    key = _taken_key(request)
    if cache.add(key, 1, timeout=settings.SIGNUP_TAKEN_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.SIGNUP_TAKEN_WINDOW)
