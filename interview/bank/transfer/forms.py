"""The admin's import form, and the language choice beside the question list's actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext, gettext_lazy

from interview.bank.transfer.importer import ImportMode
from interview.bank.transfer.reading import FORMAT_NAMES, max_file_bytes
from interview.bank.translation import LANGUAGE_NAMES
from interview.lib.figures import number


def _language_choices() -> list[tuple[str, str]]:
    return [(code, f"{name} ({code})") for code, name in LANGUAGE_NAMES.items()]


class QuestionActionForm(ActionForm):
    """The question list's action bar: the action, and the language the CSV and Markdown
    exports write their texts in (English where a text is not translated)."""

    language = forms.ChoiceField(
        choices=_language_choices,
        initial="en",
        required=False,
        label=gettext_lazy("Language of CSV and Markdown exports"),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class QuestionImportForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
    )
    format = forms.ChoiceField(
        choices=[("", gettext_lazy("From the content")), *FORMAT_NAMES.items()],
        label=gettext_lazy("Format"),
        required=False,
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Questions already in the bank"),
        choices=[
            (ImportMode.UPDATE.value, gettext_lazy("Update them to match the file")),
            (
                ImportMode.SKIP_EXISTING.value,
                gettext_lazy("Leave them alone (only create new questions)"),
            ),
        ],
        initial=ImportMode.UPDATE.value,
        widget=forms.RadioSelect,
    )
    create_topics = forms.BooleanField(
        required=False,
        label_suffix="",
        label=gettext_lazy("Create topics named in the files that are not in the bank yet"),
    )
    topic = forms.CharField(
        required=False,
        max_length=120,
        label=gettext_lazy("Topic for questions whose file names none"),
        help_text=gettext_lazy("Left empty, such questions take a topic named after their file."),
    )
    language = forms.ChoiceField(
        choices=[
            ("", gettext_lazy("As the files say (English if they name none)")),
            *((code, f"{name} ({code})") for code, name in LANGUAGE_NAMES.items()),
        ],
        initial="",
        required=False,
        label=gettext_lazy("Language of the files"),
        help_text=gettext_lazy(
            "English: the files are questions of the bank. Another language (CSV, TSV or "
            "Markdown): the files translate questions already in the bank, matched by slug, "
            "and change nothing else. Files exported in a language name it on their first "
            "line; a file naming another language than the one chosen here is refused."
        ),
    )
    skip_unsupported = forms.BooleanField(
        required=False,
        label_suffix="",
        label=gettext_lazy(
            "Skip items of types with no kind here (drag and drop, ...); they are counted"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, in the language of the request, with the limit of the moment.
        self.fields["files"].help_text = gettext(
            ".json, .csv, .tsv, .txt (Anki notes in plain text), .apkg/.colpkg (Anki packages), "
            ".md, .gift, Moodle or QTI 2.1 .xml, a QTI content package .zip, or a .zip of them; "
            "at most %(size)s MB in all."
        ) % {"size": number(max_file_bytes() // (1024 * 1024))}

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        total = sum(upload.size for upload in files)
        if total > max_file_bytes():
            raise forms.ValidationError(
                gettext("The upload is %(size)s bytes; the limit is %(limit)s bytes.")
                % {"size": number(total), "limit": number(max_file_bytes())}
            )
        return files
