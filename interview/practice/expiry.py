from datetime import datetime

from interview.practice.quizzes import quizzes_close_expired
from interview.practice.services import interviews_close_expired


def sessions_close_expired(*, now: datetime) -> int:
    """Close every interview question and quiz whose time and grace ran out (idempotent)."""
    return interviews_close_expired(now=now) + quizzes_close_expired(now=now)
