from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interview.practice.packs.reading import MAX_PDF_PAGES, MAX_TEXT_CHARS, MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    """A file or pasted text (one of the two), and a title (default: the file's name)."""

    title = forms.CharField(
        max_length=110,
        required=False,
        label=gettext_lazy("Title"),
        help_text=gettext_lazy("Default: the file's name, or the first heading of the text."),
    )
    file = forms.FileField(
        required=False,
        label=gettext_lazy("Notes file"),
        help_text=gettext_lazy(
            "Markdown, plain text, HTML or PDF; at most %(mb)s MB and %(pages)s pages."
        )
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024), "pages": MAX_PDF_PAGES},
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,.html,.htm,.pdf"}),
    )
    text = forms.CharField(
        required=False,
        label=gettext_lazy("Or paste your notes"),
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Markdown headings (# Title) become modules."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste some text."))
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste text, not both."))
        return data

    def default_title(self, text: str) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if title:
            return title
        upload = self.cleaned_data.get("file")
        if upload:
            return PurePosixPath(upload.name).stem.replace("_", " ").replace("-", " ")[:110]
        for line in text.splitlines():
            if line.strip().startswith("#"):
                return line.strip("# ").strip()[:110] or "My notes"
        return "My notes"


class CardForm(forms.Form):
    front = forms.CharField(
        label=gettext_lazy("Front"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    back = forms.CharField(
        label=gettext_lazy("Back"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
