"""The admin's import form, and the language choice beside the question list's actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy

from interview.bank.transfer.importer import ImportMode
from interview.bank.transfer.reading import FORMAT_NAMES, max_file_bytes
from interview.bank.translation import LANGUAGE_NAMES


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
        label="Files",
        help_text=(
            ".json, .csv, .tsv, .txt (Anki notes in plain text), .apkg/.colpkg (Anki packages), "
            ".md, .gift, Moodle or QTI 2.1 .xml, a QTI content package .zip, or a .zip of them; "
            "at most {} MB in all."
        ),
    )
    format = forms.ChoiceField(
        choices=[("", "From the content"), *FORMAT_NAMES.items()],
        required=False,
    )
    mode = forms.ChoiceField(
        label="Questions already in the bank",
        choices=[
            (ImportMode.UPDATE.value, "Update them to match the file"),
            (ImportMode.SKIP_EXISTING.value, "Leave them alone (only create new questions)"),
        ],
        initial=ImportMode.UPDATE.value,
        widget=forms.RadioSelect,
    )
    create_topics = forms.BooleanField(
        required=False,
        label_suffix="",
        label="Create topics named in the files that are not in the bank yet",
    )
    topic = forms.CharField(
        required=False,
        max_length=120,
        label="Topic for questions whose file names none",
        help_text="Left empty, such questions take a topic named after their file.",
    )
    language = forms.ChoiceField(
        choices=[
            ("", "As the files say (English if they name none)"),
            *((code, f"{name} ({code})") for code, name in LANGUAGE_NAMES.items()),
        ],
        initial="",
        required=False,
        label="Language of the files",
        help_text=(
            "English: the files are questions of the bank. Another language (CSV, TSV or "
            "Markdown): the files translate questions already in the bank, matched by slug, "
            "and change nothing else. Files exported in a language name it on their first "
            "line; a file naming another language than the one chosen here is refused."
        ),
    )
    skip_unsupported = forms.BooleanField(
        required=False,
        label_suffix="",
        label="Skip items of types with no kind here (drag and drop, ...); they are counted",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.help_text = field.help_text.format(max_file_bytes() // (1024 * 1024))

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        total = sum(upload.size for upload in files)
        if total > max_file_bytes():
            raise forms.ValidationError(
                f"The upload is {total:,} bytes; the limit is {max_file_bytes():,} bytes."
            )
        return files
