"""One way to paginate: `?page=` read leniently, rendered by templates/_pagination.html."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_get(request: HttpRequest, items: QuerySet[Any] | Sequence[Any], *, per_page: int) -> Page:
    """The requested page; junk ("abc", "-3", "999") falls back to a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get("page", "1")[:10])
