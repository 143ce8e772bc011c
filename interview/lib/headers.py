"""Response headers every page gets.

- A signed-in user's pages (and downloads) are private: `Cache-Control: private, no-store`, so no
  shared cache or back-button snapshot keeps answers or exports once the user leaves. A response
  its view declared `public` (the same bytes for everyone, such as a bank image whose name
  changes with its content) keeps its caching: it holds nothing of the user.
- `Permissions-Policy` turns off browser features the app never uses (camera, microphone,
  geolocation, payment, USB, serial, sensors, and FLoC/Topics style ad profiling).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "browsing-topics", "camera", "geolocation", "gyroscope",
        "magnetometer", "microphone", "payment", "serial", "usb",
    )
)  # fmt: skip


def _declared_public(response: HttpResponse) -> bool:
    rule = response.get("Cache-Control", "")
    return "public" in {part.strip().lower() for part in rule.split(",")}


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _declared_public(response):
            patch_cache_control(response, private=True, no_store=True)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
