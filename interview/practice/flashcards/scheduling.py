"""Glue between our Card/ReviewLog rows and the `fsrs` package (which does the scheduling).

Fuzzing is off so that a card's review log always replays to exactly its stored state: the log
is the source of truth, the card's fields are a cache of `fsrs`' result.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import fsrs
from django.utils import formats
from django.utils.translation import gettext, ngettext

from interview.practice.models import Card, ReviewLog

SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def to_fsrs(card: Card) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.pk,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review) if card.last_review else None,
    )


def copy_state(card: Card, scheduled: fsrs.Card) -> None:
    card.state = scheduled.state.value
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = scheduled.last_review


def schedule(*, card: Card, rating: int, now: datetime) -> fsrs.Card:
    """The card's next state after a review with `rating` at `now` (nothing is saved)."""
    scheduled, _ = SCHEDULER.review_card(to_fsrs(card), fsrs.Rating(rating), _utc(now))
    return scheduled


def next_intervals(*, card: Card, now: datetime) -> dict[int, timedelta]:
    """For each rating, how long until the card would be due again."""
    return {
        rating: schedule(card=card, rating=rating, now=now).due - _utc(now)
        for rating in (1, 2, 3, 4)
    }


def format_interval(interval: timedelta) -> str:
    """Short labels like Anki's: 45s, 10m, 3h, 4d, 2mo, 1.5y."""
    seconds = max(0, round(interval.total_seconds()))
    if seconds < 60:
        return gettext("%(count)ss") % {"count": seconds}
    if seconds < 3600:
        return gettext("%(count)sm") % {"count": round(seconds / 60)}
    if seconds < 86400:
        return gettext("%(count)sh") % {"count": round(seconds / 3600)}
    days = seconds / 86400
    if days < 30:
        return gettext("%(count)sd") % {"count": round(days)}
    if days < 365:
        months = round(days / 30)
        return ngettext("%(count)smo", "%(count)smo", months) % {"count": months}
    years = float(f"{days / 365:.1f}")
    return gettext("%(count)sy") % {
        "count": formats.number_format(years, decimal_pos=1, use_l10n=True).rstrip("0").rstrip(".,")
    }


def replay(*, card: Card, reviews: Iterable[ReviewLog]) -> fsrs.Card:
    """Rebuild a card's state from its review log alone."""
    logs = [
        fsrs.ReviewLog(
            card_id=card.pk,
            rating=fsrs.Rating(review.rating),
            review_datetime=_utc(review.reviewed_at),
            review_duration=review.duration_ms,
        )
        for review in reviews
    ]
    return SCHEDULER.reschedule_card(fsrs.Card(card_id=card.pk, due=_utc(card.created_at)), logs)


def recall_probability(*, card: Card, now: datetime) -> float:
    """FSRS' estimate that the user recalls the card now (0 for a card never reviewed)."""
    return SCHEDULER.get_card_retrievability(to_fsrs(card), _utc(now))
