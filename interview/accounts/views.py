from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interview.accounts.forms import AccountDeleteForm, SignupForm
from interview.accounts.throttle import signup_taken_limited, signup_taken_record
from interview.bank.models import Question
from interview.context_processors import THEME_COOKIE, THEMES
from interview.practice.engine.preferences import preferences_set_language
from interview.practice.middleware import remember_language


def signup_create(*, form: SignupForm) -> User | None:
    """Create the account; None (with the form's "taken" error) when another request took the
    username between validation and saving, so parallel sign-ups never fail with a 500."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        message = User._meta.get_field("username").error_messages["unique"]
        form.add_error("username", ValidationError(message, code="unique"))
        return None


def signup(request: HttpRequest) -> HttpResponse:
    if not settings.ALLOW_SIGNUP:
        raise Http404(_("Sign-up is closed on this site."))
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and signup_taken_limited(request):
        return render(request, "registration/signup_limited.html", status=429)
    user = signup_create(form=form) if request.method == "POST" and form.is_valid() else None
    if request.method == "POST" and form.has_error("username", "unique"):
        signup_taken_record(request)
    if user is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome, %(name)s! Your account is ready.") % {"name": user.username}
        )
        if _is_safe_next(request, next_url):
            return redirect(next_url)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _is_safe_next(request: HttpRequest, url: str) -> bool:
    """A `next` address on this site (never an open redirect)."""
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _posted_next(request: HttpRequest) -> str:
    """The page a switch was pressed on (`next`), or the home page when it is not this site's."""
    next_url = request.POST.get("next", "")
    return next_url if _is_safe_next(request, next_url) else "/"


@require_POST
def theme_set(request: HttpRequest) -> HttpResponse:
    """Light, dark or the system's theme, kept in a cookie (it works before logging in), then
    back to the page the switch was pressed on."""
    theme = request.POST.get("theme", "")
    response = redirect(_posted_next(request))
    if theme in THEMES:
        response.set_cookie(
            THEME_COOKIE,
            theme,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    return response


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The interface language chosen in the header: a cookie for everyone, and the preference
    (applied before the cookie on every request) for a logged-in user. An unknown code changes
    nothing; `next` must stay on this site."""
    language = request.POST.get("language", "")
    response = redirect(_posted_next(request))
    if language not in dict(settings.LANGUAGES):
        return response
    if isinstance(request.user, User) and request.user.is_authenticated:
        preferences_set_language(user=request.user, language=language)
        remember_language(request, language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


def account_delete_apply(*, user: User) -> None:
    """Delete the account and everything it owns: practice sessions and their answers,
    flashcards and reviews, exercise attempts and preferences (all cascade from the user), and
    the user's study packs (their questions first: a question protects its topic)."""
    with transaction.atomic():
        Question.objects.filter(topic__owner=user).delete()
        user.delete()


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        account_delete_apply(user=user)
        messages.success(request, _("Your account and all your practice data were deleted."))
        return redirect("bank:home")
    return render(request, "registration/account_delete.html", {"form": form})
