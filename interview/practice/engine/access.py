"""Access to a user's own practice objects: another user's id is a 404, never a 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from interview.lib.htmx import HtmxHttpRequest
from interview.practice.models import PracticeSession


def get_session_for_user(*, user: User, pk: int, kind: str) -> PracticeSession:
    return get_object_or_404(
        PracticeSession.objects.prefetch_related("topics"), pk=pk, user=user, kind=kind
    )


def login_required_for_fragments(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like login_required, but an expired login on an htmx or JSON request gets a 401.

    A redirect to the login page would be swapped into the page (or parsed as JSON); a 401
    lets the page keep the user's unsaved text and say what happened.
    """
    page_view = login_required(view)

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated and (
            request.htmx or request.headers.get("Accept", "").startswith("application/json")
        ):
            return JsonResponse(
                {
                    "status": "logged_out",
                    "message": _(
                        "You are logged out. Log in again in another tab; your text is still here."
                    ),
                },
                status=401,
            )
        return page_view(request, *args, **kwargs)

    return wrapper
