"""The request type of views: django-htmx adds `request.htmx`, the auth middleware `user`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
    if TYPE_CHECKING:
        user: AbstractBaseUser | AnonymousUser  # type: ignore[assignment]
