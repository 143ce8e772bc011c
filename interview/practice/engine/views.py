"""View helpers every activity shares: the history page, applying a change and explaining a
refusal (the one refusal shape), and what to answer after a change (post/redirect/get, or for
htmx the step re-rendered, or a client redirect once the session has ended)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import WARNING
from django.contrib.messages.storage.base import Message
from django.db.models import Avg, Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from interview.bank.models import Topic
from interview.lib.htmx import AuthenticatedHttpRequest
from interview.lib.pagination import page_get
from interview.practice.engine.access import get_session_for_user, login_required_for_fragments
from interview.practice.engine.errors import NoQuestionsAvailable, PracticeError
from interview.practice.engine.forms import NewSessionForm
from interview.practice.engine.sessions import session_finish, session_retry_missed
from interview.practice.models import PracticeSession, SessionItem


def history_page(request: AuthenticatedHttpRequest, *, kind: str, template: str) -> HttpResponse:
    """The user's sessions of one kind, newest first, paginated (a fixed number of queries).
    `answered` counts the answers given or timed out, never the question being answered."""
    sessions = (
        PracticeSession.objects.filter(user=request.user, kind=kind)
        .prefetch_related("topics")
        .annotate(
            average_coverage=Avg("items__coverage_percent"),
            answered=Count("items", filter=Q(items__status__in=SessionItem.ANSWERED_STATUSES)),
        )
        .order_by("-created_at", "-id")
    )
    page = page_get(request, sessions, per_page=settings.INTERVIEW_HISTORY_PER_PAGE)
    return render(request, template, {"page": page})


def topics_from_query(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """Initial form data from ?topic=<slug>&topic=... (links from topic pages)."""
    slugs = request.GET.getlist("topic")[:50]
    return (
        {"topics": Topic.objects.visible_to(request.user).filter(slug__in=slugs)} if slugs else {}
    )


REFUSED = 409  # read but not applied: the session moved on, time is up, a stale tab
UNREADABLE = 400  # the request could not be read


class Applied(Protocol):
    """What a service answers to a change (e.g. engine.sessions.Outcome)."""

    @property
    def applied(self) -> bool: ...

    @property
    def message(self) -> str: ...


def session_new(
    request: AuthenticatedHttpRequest,
    *,
    form_class: type[NewSessionForm],
    template: str,
    create: Callable[[NewSessionForm], PracticeSession],
) -> HttpResponse:
    """An activity's start page: its form, then the new session, or why none could start."""
    if request.method == "POST":
        form = form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                return redirect(create(form))
            except NoQuestionsAvailable as error:
                form.add_error(None, str(error))
    else:
        form = form_class(initial=topics_from_query(request), user=request.user)
    return render(request, template, {"form": form})


def session_retry(
    request: AuthenticatedHttpRequest,
    session: PracticeSession,
    *,
    unfinished: str,
    started: str,
) -> HttpResponse:
    """Start a new session of the same activity on the questions missed in a finished one
    (`unfinished`, `started`: the activity's own messages, in the user's language)."""
    if session.is_active:
        messages.info(request, unfinished)
        return redirect(session)
    try:
        retry = session_retry_missed(session=session, now=timezone.now())
    except NoQuestionsAvailable as error:
        messages.info(request, str(error))
        return redirect(session.get_result_url())
    messages.success(request, started)
    return redirect(retry)


AppliedT = TypeVar("AppliedT", bound=Applied)


def session_end(request: AuthenticatedHttpRequest, session: PracticeSession) -> HttpResponse:
    """End the session now (a second request changes nothing) and go to its result."""
    session_finish(session=session, now=timezone.now())
    return result_redirect(request, session)


def result_redirect(request: AuthenticatedHttpRequest, session: PracticeSession) -> HttpResponse:
    """To the session's report or review: a client redirect for htmx, a plain one otherwise."""
    url = session.get_result_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@dataclass(frozen=True)
class Step:
    """The part of a page that a change re-renders: how to render it (the whole page for a
    plain request, the fragment for htmx), its element id (what htmx swaps) and where a plain
    form goes back to."""

    render: Callable[[], HttpResponse]
    element_id: str
    back_url: str


def after_change(
    request: AuthenticatedHttpRequest, session: PracticeSession, step: Step
) -> HttpResponse:
    """Plain forms redirect back (PRG); htmx gets the step re-rendered; an ended session goes
    to its result."""
    session.refresh_from_db()
    if not session.is_active:
        return result_redirect(request, session)
    if request.htmx:
        return step.render()
    return redirect(step.back_url)


def refusal(
    request: AuthenticatedHttpRequest,
    message: str,
    *,
    status: int,
    step: Step,
    session: PracticeSession | None = None,
) -> HttpResponse:
    """The one refusal shape for a change, whatever the activity (static/js/refusals.js).

    - htmx: `status` (409 refused, 400 unreadable) and the step re-rendered with the reason
      at its top, in the messages partial; once the session has ended, the reason alone and
      a client redirect to its result.
    - A plain form: a refused change is flashed and redirected back (post/redirect/get); an
      unreadable one re-renders the page with the reason and a 400, like an invalid form.
    """
    if session is not None:
        session.refresh_from_db()
        if not session.is_active:
            if not request.htmx:
                messages.warning(request, message)
                return redirect(session.get_result_url())
            response = render(
                request, "_messages.html", {"messages": [Message(WARNING, message)]}, status=status
            )
            response["HX-Redirect"] = session.get_result_url()
            return response
    messages.warning(request, message)
    if not request.htmx and status != UNREADABLE:
        return redirect(step.back_url)
    response = step.render()
    if response.status_code == 200:
        response.status_code = status
    if request.htmx:
        response["HX-Retarget"] = f"#{step.element_id}"
        response["HX-Reswap"] = "outerHTML"
    return response


def change_apply(
    request: AuthenticatedHttpRequest,
    *,
    form: forms.Form,
    invalid: str,
    apply: Callable[[dict[str, Any]], Applied],
    done: Callable[[], HttpResponse],
    step: Step,
    session: PracticeSession | None = None,
) -> HttpResponse:
    """Validate the form and apply the change; a refusal says why, in the one refusal shape.
    A change refused without a message (a double click already applied) is answered as done."""
    if not form.is_valid():
        return refusal(request, invalid, status=UNREADABLE, step=step, session=session)
    try:
        outcome = apply(form.cleaned_data)
    except PracticeError as error:
        return refusal(request, str(error), status=REFUSED, step=step, session=session)
    if not outcome.applied and outcome.message:
        return refusal(request, outcome.message, status=REFUSED, step=step, session=session)
    return done()


def session_change(
    request: AuthenticatedHttpRequest,
    session: PracticeSession,
    *,
    form: forms.Form,
    invalid: str,
    apply: Callable[[PracticeSession, dict[str, Any]], AppliedT],
    step: Step,
    saved: Callable[[AppliedT], HttpResponse] | None = None,
) -> HttpResponse:
    """A change to a session: once applied, post/redirect/get, or for htmx the step re-rendered
    (or `saved`, a smaller answer); refused, the one refusal shape."""
    outcomes: list[AppliedT] = []

    def applied(data: dict[str, Any]) -> AppliedT:
        outcomes.append(apply(session, data))
        return outcomes[-1]

    def done() -> HttpResponse:
        if saved is not None and request.htmx:
            return saved(outcomes[-1])
        return after_change(request, session, step)

    return change_apply(
        request, form=form, invalid=invalid, apply=applied, done=done, step=step, session=session
    )


View = Callable[..., HttpResponse]


def _named(view: View, name: str) -> View:
    view.__name__ = view.__qualname__ = name
    return view


@dataclass(frozen=True)
class ActivityViews:
    """The views that every timed activity has in the same shape, made once per activity from
    its kind, its templates and messages (lazy, translated per request) and `step`, the part of
    its page that a change re-renders. The activity's views module binds them to its names."""

    kind: str
    list_template: str
    unfinished: Promise  # "Finish this ... first."
    started: Promise  # "A new ... on the questions you missed has started."
    step: Callable[[AuthenticatedHttpRequest, PracticeSession], Step]

    def session(self, request: AuthenticatedHttpRequest, pk: int) -> PracticeSession:
        """The user's own session of this kind; anyone else's is a 404."""
        return get_session_for_user(user=request.user, pk=pk, kind=self.kind)

    def new_view(
        self,
        name: str,
        *,
        form: type[NewSessionForm],
        template: str,
        create: Callable[[AuthenticatedHttpRequest, Any], PracticeSession],
    ) -> View:
        """The start page (session_new); `create` gets the request and the valid form."""

        @login_required
        @require_http_methods(["GET", "POST"])
        def view(request: AuthenticatedHttpRequest) -> HttpResponse:
            return session_new(
                request,
                form_class=form,
                template=template,
                create=lambda valid: create(request, valid),
            )

        return _named(view, name)

    def list_view(self, name: str) -> View:
        @login_required
        @require_GET
        def view(request: AuthenticatedHttpRequest) -> HttpResponse:
            return history_page(request, kind=self.kind, template=self.list_template)

        return _named(view, name)

    def end_view(self, name: str) -> View:
        @login_required_for_fragments
        @require_POST
        def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
            return session_end(request, self.session(request, pk))

        return _named(view, name)

    def retry_view(self, name: str) -> View:
        @login_required
        @require_POST
        def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
            return session_retry(
                request,
                self.session(request, pk),
                unfinished=str(self.unfinished),
                started=str(self.started),
            )

        return _named(view, name)

    def change_view(
        self,
        name: str,
        *,
        form: type[forms.Form],
        invalid: Promise,
        apply: Callable[[PracticeSession, dict[str, Any]], Applied],
        saved: Callable[[AuthenticatedHttpRequest, PracticeSession, Any], HttpResponse]
        | None = None,
    ) -> View:
        """A POST that changes the session (session_change): `form` read from the post, the
        `invalid` message when it cannot be read, `apply` the service call, `saved` (htmx
        only) a smaller answer than the re-rendered step."""

        @login_required_for_fragments
        @require_POST
        def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
            session = self.session(request, pk)
            return session_change(
                request,
                session,
                form=form(request.POST),
                invalid=str(invalid),
                apply=apply,
                step=self.step(request, session),
                saved=None if saved is None else lambda outcome: saved(request, session, outcome),
            )

        return _named(view, name)
