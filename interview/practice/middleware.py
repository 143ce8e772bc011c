"""Show times in the user's own time zone (a practice preference, default TIME_ZONE) and the
interface in the user's own language (a preference too, applied before cookie and browser)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

SESSION_KEY = "time_zone"


def remember_time_zone(request: HttpRequest, name: str) -> None:
    request.session[SESSION_KEY] = name


def _preference_at_login(request: HttpRequest | None, user, field: str) -> str | None:
    """One preference of the user who just logged in, read once per login (not on every
    request); None where there is no session to keep it in or no preference set."""
    if request is None or not hasattr(request, "session"):
        return None
    from interview.practice.models import Preferences

    value = Preferences.objects.filter(user=user).values_list(field, flat=True).first()
    return value or None


@receiver(user_logged_in, dispatch_uid="practice_remember_time_zone")
def _remember_on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    name = _preference_at_login(request, user, "time_zone")
    if request is not None and name:
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


LANGUAGE_SESSION_KEY = "language"


def remember_language(request: HttpRequest, code: str) -> None:
    request.session[LANGUAGE_SESSION_KEY] = code


@receiver(user_logged_in, dispatch_uid="practice_remember_language")
def _remember_language_on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """The interface language the user chose (a preference) is read once per login."""
    code = _preference_at_login(request, user, "language")
    if request is not None and code and translation.check_for_language(code):
        remember_language(request, code)


class UserLanguageMiddleware:
    """A logged-in user's language preference comes before the language cookie and the browser's
    Accept-Language (which LocaleMiddleware, earlier in the chain, already applied)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        code = None
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            code = request.session.get(LANGUAGE_SESSION_KEY)
        if code and code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
