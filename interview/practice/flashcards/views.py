from __future__ import annotations

import random
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview.bank.content_version import content_version
from interview.bank.models import Question, Topic
from interview.bank.translation import localized_text
from interview.lib.htmx import AuthenticatedHttpRequest
from interview.lib.pagination import page_get
from interview.practice.engine.access import login_required_for_fragments
from interview.practice.engine.preferences import preferences_for
from interview.practice.engine.views import Step, change_apply
from interview.practice.flashcards import scheduling
from interview.practice.flashcards import services as flashcards
from interview.practice.flashcards.forms import (
    CardRatingForm,
    CardSuspendForm,
    DeckFilterForm,
    PreferencesForm,
)
from interview.practice.middleware import remember_time_zone
from interview.practice.models import Card, Rating, ReviewLog


def _queue_context(request: AuthenticatedHttpRequest, *, show: bool = False) -> dict:
    now = timezone.now()
    version = content_version()
    queue = flashcards.review_queue(user=request.user, now=now, version=version)
    context: dict = {
        "queue": queue,
        "card": queue.card,
        "show": show,
        "undoable": flashcards.review_undoable(user=request.user),
        "content_version": version,
    }
    if queue.card is not None:
        intervals = scheduling.next_intervals(card=queue.card, now=now)
        context["ratings"] = [
            (value, label, scheduling.format_interval(intervals[value]))
            for value, label in Rating.choices
        ]
    else:
        zone = preferences_for(request.user).time_zone
        context["next_due"] = (
            timezone.localtime(queue.next_due, timezone=zoneinfo.ZoneInfo(zone))
            if queue.next_due
            else None
        )
        context["deck_size"] = flashcards.deck_size(user=request.user)
    return context


def _render_queue(request: AuthenticatedHttpRequest, *, show: bool = False) -> HttpResponse:
    template = "flashcards/review.html"
    if request.htmx:
        template += "#review-area"
    return render(request, template, _queue_context(request, show=show))


@login_required_for_fragments
@require_GET
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_queue(request, show=request.GET.get("show") == "1")


@login_required_for_fragments
@require_POST
def review_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(
        Card, pk=pk, user=request.user, question__status=Question.Status.PUBLISHED
    )

    def done() -> HttpResponse:
        return _render_queue(request) if request.htmx else redirect("practice:review")

    return change_apply(
        request,
        form=CardRatingForm(request.POST),
        invalid=gettext("Rate the card with Again, Hard, Good or Easy (1-4)."),
        apply=lambda data: flashcards.card_review(card=card, now=timezone.now(), **data),
        done=done,
        step=_queue_step(request),
    )


@login_required
@require_POST
def deck_add_topic(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.visible_to(request.user), slug=slug)
    added, already = flashcards.deck_add_topic(user=request.user, topic=topic, now=timezone.now())
    messages.success(
        request,
        ngettext(
            "Added %(count)s card from %(topic)s to your deck.",
            "Added %(count)s cards from %(topic)s to your deck.",
            added,
        )
        % {"count": added, "topic": localized_text(topic, "name")}
        + (
            " "
            + ngettext("(%(count)s was already there.)", "(%(count)s were already there.)", already)
            % {"count": already}
            if already
            else ""
        ),
    )
    return redirect(topic)


@login_required
@require_POST
def deck_add_question(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.available_to(request.user), pk=pk)
    added, _ = flashcards.deck_add(
        user=request.user, questions=Question.objects.filter(pk=pk), now=timezone.now()
    )
    messages.success(
        request,
        gettext("Added to your deck.")
        if added
        else gettext("This question is already in your deck."),
    )
    return redirect(question)


@login_required
@require_GET
def cram(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Flip through a topic's cards, in order or shuffled, without touching the schedule."""
    topic = get_object_or_404(Topic.objects.visible_to(request.user), slug=slug)
    ids = list(
        Question.objects.available_to(request.user)
        .filter(topic=topic)
        .order_by("order", "id")
        .values_list("id", flat=True)
    )
    shuffled = request.GET.get("order") == "shuffled"
    seed = request.GET.get("seed", "")[:12]
    if shuffled:
        if not seed.isdigit():
            seed = str(random.randint(1, 10**9))
        random.Random(int(seed)).shuffle(ids)
    raw = request.GET.get("i", "1")
    index = int(raw) - 1 if raw.isdigit() and 1 <= int(raw) <= len(ids) else 0
    question = (
        Question.objects.select_related("topic")
        .prefetch_related("key_points", "choices")
        .get(pk=ids[index])
        if ids
        else None
    )
    base = f"?order={'shuffled' if shuffled else 'in-order'}" + (
        f"&seed={seed}" if shuffled else ""
    )
    context = {
        "topic": topic,
        "question": question,
        "number": index + 1,
        "total": len(ids),
        "shuffled": shuffled,
        "previous_url": f"{base}&i={index}" if index > 0 else None,
        "next_url": f"{base}&i={index + 2}" if index + 1 < len(ids) else None,
        "show": request.GET.get("show") == "1",
        "show_url": f"{base}&i={index + 1}&show=1",
    }
    template = "flashcards/cram.html"
    if request.htmx:
        template += "#cram-area"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def review_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    preferences = preferences_for(request.user)
    form = PreferencesForm(request.POST or None, instance=preferences)
    if request.method == "POST" and form.is_valid():
        form.save()
        remember_time_zone(request, form.cleaned_data["time_zone"])
        messages.success(request, gettext("Settings saved."))
        return redirect("practice:review")
    return render(request, "flashcards/review_settings.html", {"form": form})


def _queue_step(request: AuthenticatedHttpRequest, back_url: str = "") -> Step:
    """A change from the review queue: a refusal re-renders the queue (htmx) or goes back."""
    return Step(
        render=lambda: _render_queue(request),
        element_id="review-area",
        back_url=back_url or reverse("practice:review"),
    )


@login_required_for_fragments
@require_POST
def review_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Undo the last rating: another user's review is a 404; anything but the last, a refusal."""
    review = get_object_or_404(ReviewLog, pk=pk, card__user=request.user)

    def done() -> HttpResponse:
        if request.htmx:
            return _render_queue(request, show=True)
        return redirect(reverse("practice:review") + "?show=1")

    return change_apply(
        request,
        form=forms.Form(request.POST),
        invalid="",
        apply=lambda data: flashcards.review_undo(user=request.user, review=review),
        done=done,
        step=_queue_step(request),
    )


@login_required_for_fragments
@require_POST
def card_suspend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Suspend or resume a card, from the queue (htmx: the queue again) or the deck page."""
    card = get_object_or_404(Card, pk=pk, user=request.user)
    form = CardSuspendForm(request.POST)
    to_deck = request.POST.get("next") == "deck"
    back_url = reverse("practice:deck") if to_deck else reverse("practice:review")
    if to_deck and form.is_valid() and form.cleaned_data["next_query"]:
        back_url += "?" + form.cleaned_data["next_query"]

    def done() -> HttpResponse:
        if request.htmx and not to_deck:
            return _render_queue(request)
        messages.success(
            request, gettext("Card suspended.") if card.suspended else gettext("Card resumed.")
        )
        return redirect(back_url)

    return change_apply(
        request,
        form=form,
        invalid=gettext("That card change could not be read; nothing was changed."),
        apply=lambda data: flashcards.card_suspend(card=card, suspended=data["suspended"]),
        done=done,
        step=_queue_step(request, back_url),
    )


@login_required
@require_GET
def deck(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's cards: due date, state, suspended; by topic; paginated."""
    topics = flashcards.deck_topics(user=request.user)
    form = DeckFilterForm(request.GET, topics=topics)
    topic = form.cleaned_data.get("topic", "") if form.is_valid() else ""
    cards = flashcards.deck_cards(user=request.user, topic_slug=topic)
    page = page_get(request, cards, per_page=settings.DECK_CARDS_PER_PAGE)
    return render(
        request,
        "flashcards/deck.html",
        {
            "page": page,
            "form": form,
            "topic": topic,
            "now": timezone.now(),
            # An empty deck has nothing to filter: no topic picker, only the empty state.
            "has_topics": bool(topics),
        },
    )
