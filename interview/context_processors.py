from django.conf import settings
from django.http import HttpRequest

THEME_COOKIE = "theme"
THEMES = ("light", "dark")  # no cookie (or anything else): follow the system


def theme_of(request: HttpRequest) -> str:
    theme = request.COOKIES.get(THEME_COOKIE, "")
    return theme if theme in THEMES else ""


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "allow_signup": settings.ALLOW_SIGNUP,
        "theme": theme_of(request),
        # Each language named in itself (not translated), as a switcher should.
        "language_choices": settings.LANGUAGES,
    }
