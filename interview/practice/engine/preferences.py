"""A user's practice preferences: the time zone that decides "today", daily new cards."""

from __future__ import annotations

from django.contrib.auth.models import User

from interview.practice.models import Preferences


def preferences_for(user: User) -> Preferences:
    preferences, _ = Preferences.objects.get_or_create(user=user)
    return preferences
