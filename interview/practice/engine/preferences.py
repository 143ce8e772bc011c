"""A user's practice preferences: the time zone that decides "today", daily new cards."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from interview.practice.models import Preferences


def preferences_for(user: AbstractBaseUser) -> Preferences:
    preferences, _ = Preferences.objects.get_or_create(user=user)
    return preferences
