"""A user's practice preferences: the time zone that decides "today", daily new cards, the
interface language.

Rule: the language preference holds one of settings.LANGUAGES or nothing; any other code leaves
the stored preference as it was."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User

from interview.practice.models import Preferences


def preferences_for(user: User) -> Preferences:
    preferences, _ = Preferences.objects.get_or_create(user=user)
    return preferences


def preferences_set_language(*, user: User, language: str) -> bool:
    """Store the interface language; False (nothing stored) when it is not an offered one."""
    if language not in dict(settings.LANGUAGES):
        return False
    Preferences.objects.update_or_create(user=user, defaults={"language": language})
    return True
