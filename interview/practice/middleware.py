"""Show times in the user's own time zone (a practice preference, default TIME_ZONE)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SESSION_KEY = "time_zone"


def remember_time_zone(request: HttpRequest, name: str) -> None:
    request.session[SESSION_KEY] = name


@receiver(user_logged_in, dispatch_uid="practice_remember_time_zone")
def _remember_on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Read the preference once per login, not on every request."""
    if request is None or not hasattr(request, "session"):
        return
    from interview.practice.models import Preferences

    name = Preferences.objects.filter(user=user).values_list("time_zone", flat=True).first()
    if name:
        remember_time_zone(request, name)


class UserTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        try:
            if name:
                timezone.activate(zoneinfo.ZoneInfo(name))
            else:
                timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
