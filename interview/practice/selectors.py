"""Read-side queries about a user's practice, for pages outside the practice app."""

from __future__ import annotations

from interview.practice.models import PracticeSession


def unfinished_session(*, user) -> PracticeSession | None:
    """The user's most recent session still in progress, to offer "continue" on the home page."""
    if not user.is_authenticated:
        return None
    return (
        PracticeSession.objects.filter(user=user, status=PracticeSession.Status.ACTIVE)
        .order_by("-created_at", "-id")
        .first()
    )
