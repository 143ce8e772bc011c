"""Study pack pages: upload, the draft to review and edit, saving, export and deletion. Every
view starts with a getter scoped to request.user: another user's draft or pack is a 404."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview.lib.htmx import AuthenticatedHttpRequest
from interview.practice.engine.access import login_required_for_fragments
from interview.practice.engine.views import UNREADABLE
from interview.practice.models import PackDraft
from interview.practice.packs import services
from interview.practice.packs.forms import CardForm, UploadForm
from interview.practice.packs.reading import MAX_UPLOAD_BYTES, ReadError, check_text, read_upload
from interview.practice.packs.uploads import TOO_LARGE

EXPORT_FORMATS = {"json": "json", "csv": "csv"}


def _draft_view(
    *methods: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A draft page answering ``methods``: the login check, then the viewer's own draft ``pk``
    handed to the view in its place (another user's draft, or a missing one, is a 404)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def with_draft(request: AuthenticatedHttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            return view(request, services.draft_get(user=request.user, pk=pk), **kwargs)

        return login_required_for_fragments(require_http_methods(list(methods))(with_draft))

    return decorate


def _lists(
    request: AuthenticatedHttpRequest, form: UploadForm, status: int = 200, error: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "error": error,
        "drafts": services.draft_list(user=request.user),
        "packs": services.pack_list(user=request.user),
    }
    return render(request, "packs/pack_list.html", context, status=status)


@login_required_for_fragments
@require_GET
def pack_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _lists(request, UploadForm())


@login_required_for_fragments
@require_POST
def pack_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if getattr(request, TOO_LARGE, False):
        # Dropped while it arrived (uploads.PackUploadLimitHandler): nothing of it was kept.
        error = _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20}
        return _lists(request, UploadForm(), status=413, error=error)
    if not form.is_valid():
        return _lists(request, form, status=UNREADABLE)
    upload = form.cleaned_data.get("file")
    try:
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ReadError(
                    _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20}
                )
            text = read_upload(name=upload.name, data=upload.read())
        else:
            text = check_text(form.cleaned_data["text"])
        draft = services.draft_create(
            user=request.user,
            title=form.default_title(text),
            text=text,
            source_name=upload.name if upload else "pasted text",
            now=timezone.now(),
        )
    except (ReadError, services.DraftError) as error:
        form.add_error("file" if upload else "text", str(error))
        return _lists(request, form, status=UNREADABLE)
    data = draft.data
    messages.success(
        request,
        _(
            "Draft ready: %(modules)s modules, %(cards)s flashcards and %(questions)s quiz "
            "questions. Review them, then save the pack."
        )
        % {
            "modules": len(data["modules"]),
            "cards": len(data["cards"]),
            "questions": len(data["questions"]),
        },
    )
    return redirect(draft)


def _draft_context(draft: PackDraft) -> dict:
    data = draft.data
    titles = {n: m["title"] for n, m in enumerate(data.get("modules", []))}
    for section in ("cards", "questions"):
        for item in data.get(section, []):
            item["module_title"] = titles.get(item.get("module", 0), "")
    return {
        "draft": draft,
        "modules": data.get("modules", []),
        "concepts": data.get("concepts", []),
        "cards": data.get("cards", []),
        "questions": data.get("questions", []),
        "card_form": CardForm(),
    }


@_draft_view("GET")
def draft_detail(request: AuthenticatedHttpRequest, draft: PackDraft) -> HttpResponse:
    return render(request, "packs/draft.html", _draft_context(draft))


def _section(section: str) -> str:
    if section not in services.SECTIONS:
        raise Http404("No such part of a draft.")
    return section


def _item_fragment(
    request: AuthenticatedHttpRequest,
    draft: PackDraft,
    section: str,
    item: dict,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "draft": draft,
        "section": section,
        "item": item,
        "error": error,
        "open": bool(error),
    }
    return render(request, "packs/_draft_item.html", context, status=status)


@_draft_view("GET", "POST")
def draft_item_edit(
    request: AuthenticatedHttpRequest, draft: PackDraft, section: str, item_id: int
) -> HttpResponse:
    """GET: the item (its edit form open, for a plain link). POST: apply the edit; htmx gets
    the item re-rendered, a plain form goes back to the draft."""
    section = _section(section)
    try:
        item = services.draft_item(draft=draft, section=section, item_id=item_id)
    except services.DraftError as error:
        raise Http404(str(error)) from error
    if request.method == "GET":
        context = {"draft": draft, "section": section, "item": item, "open": True, "page": True}
        return render(request, "packs/draft_item.html", context)
    try:
        item = services.draft_item_update(
            draft=draft,
            section=section,
            item_id=item_id,
            values=request.POST.dict(),
            now=timezone.now(),
        )
    except services.DraftError as error:
        if request.htmx:
            return _item_fragment(
                request, draft, section, item, error=str(error), status=UNREADABLE
            )
        messages.warning(request, str(error))
        return redirect(reverse("practice:pack_draft_item", args=[draft.pk, section, item_id]))
    if request.htmx:
        return _item_fragment(request, draft, section, item)
    messages.success(request, _("Saved."))
    return redirect(f"{draft.get_absolute_url()}#{section}-{item_id}")


@_draft_view("POST")
def draft_item_delete(
    request: AuthenticatedHttpRequest, draft: PackDraft, section: str, item_id: int
) -> HttpResponse:
    section = _section(section)
    # Already gone (a double click): the answer is the same.
    with contextlib.suppress(services.DraftError):
        services.draft_item_delete(
            draft=draft, section=section, item_id=item_id, now=timezone.now()
        )
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Deleted."))
    return redirect(f"{draft.get_absolute_url()}#{section}")


@_draft_view("POST")
def draft_card_add(request: AuthenticatedHttpRequest, draft: PackDraft) -> HttpResponse:
    form = CardForm(request.POST)
    if form.is_valid():
        try:
            services.draft_card_add(
                draft=draft,
                front=form.cleaned_data["front"],
                back=form.cleaned_data["back"],
                now=timezone.now(),
            )
        except services.DraftError as error:
            messages.warning(request, str(error))
        else:
            messages.success(request, _("Card added."))
    else:
        messages.warning(request, _("A card needs a front and a back."))
    return redirect(f"{draft.get_absolute_url()}#cards")


@_draft_view("POST")
def draft_save(request: AuthenticatedHttpRequest, draft: PackDraft) -> HttpResponse:
    topic = services.draft_save(draft=draft, now=timezone.now())
    messages.success(
        request,
        _("Saved: “%(name)s” is one of your topics; its cards are in your review queue.")
        % {"name": topic.name},
    )
    return redirect(topic)


@_draft_view("POST")
def draft_delete(request: AuthenticatedHttpRequest, draft: PackDraft) -> HttpResponse:
    services.draft_delete(draft=draft)
    messages.success(request, _("Draft discarded."))
    return redirect("practice:pack_list")


@login_required_for_fragments
@require_GET
def pack_export(request: AuthenticatedHttpRequest, slug: str, fmt: str) -> HttpResponse:
    topic = services.pack_get(user=request.user, slug=slug)
    if fmt not in EXPORT_FORMATS:
        raise Http404("Unknown export format.")
    exported = services.pack_export(topic=topic, format=EXPORT_FORMATS[fmt])
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.name}"'
    return response


@login_required_for_fragments
@require_http_methods(["GET", "POST"])
def pack_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    topic = services.pack_get(user=request.user, slug=slug)
    if request.method == "POST":
        name = topic.name
        services.pack_delete(topic=topic)
        messages.success(
            request, _("“%(name)s” was deleted with its cards and history.") % {"name": name}
        )
        return redirect("practice:pack_list")
    return render(request, "packs/pack_delete.html", {"topic": topic})
