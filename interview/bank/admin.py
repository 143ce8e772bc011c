from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from interview.bank.admin_translation import TranslatedAdmin, translation_form
from interview.bank.exercises import exercise_check, exercise_problems
from interview.bank.markdown import render_markdown
from interview.bank.media import MediaFile, media_max_bytes, media_prepare
from interview.bank.models import (
    EXERCISE_KINDS,
    BankMedia,
    Choice,
    Exercise,
    KeyPoint,
    Question,
    StudyNote,
    Tag,
    Topic,
    TopicAlias,
    validate_choices,
)
from interview.bank.selectors import topic_counts_forget
from interview.bank.transfer import (
    ExportError,
    ImportMode,
    ImportReport,
    bank_export,
    bank_import,
    export_archive,
    import_files_from_upload,
)
from interview.bank.transfer.forms import QuestionActionForm, QuestionImportForm
from interview.bank.transfer.pending import (
    PendingImport,
    pending_import_store,
    pending_import_take,
)
from interview.bank.transfer.translated import LANGUAGE_FORMATS

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise  # stubs only: the labels are lazy strings


class MarkdownPreviewMedia:
    css = {"all": ("css/pygments.css", "css/pygments-dark.css")}
    js = ("js/admin_labels.js",)


class LabelledFields:
    """Every field widget carries its name as an accessible label: table cells of inlines and
    editable list columns have no <label> of their own (axe: label, select-name)."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and "aria-label" not in field.widget.attrs:
            field.widget.attrs["aria-label"] = str(field.label or db_field.verbose_name)
        return field


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class StudyNoteInline(TranslatedAdmin, admin.StackedInline):
    model = StudyNote
    form = translation_form(StudyNote)
    extra = 0
    fields = ["order", "title", "body"]


class LabelledFormSet(BaseInlineFormSet):
    """A table row's delete box is labelled too (it sits in a cell headed "Delete?")."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete")


class TopicAliasInline(LabelledFields, admin.TabularInline):
    formset = LabelledFormSet
    model = TopicAlias
    extra = 0
    fields = ["slug"]
    verbose_name = "former slug (old links redirect here)"
    verbose_name_plural = "former slugs (old links redirect here)"


@admin.register(Topic)
class TopicAdmin(TranslatedAdmin, LabelledFields, admin.ModelAdmin):
    form = translation_form(Topic)
    fields = ["name", "slug", "description", "tags", "key_concepts", "order"]
    list_display = ["name", "order", "published_questions", "all_questions", "notes"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["tags"]
    inlines = [StudyNoteInline, TopicAliasInline]
    Media = MarkdownPreviewMedia

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return (
            super()
            .get_queryset(request)
            .filter(owner__isnull=True)  # users' private study packs are not the bank's
            .annotate(
                n_questions=Count("questions", distinct=True),
                n_published=Count(
                    "questions",
                    filter=Q(questions__status=Question.Status.PUBLISHED),
                    distinct=True,
                ),
                n_notes=Count("notes", distinct=True),
            )
        )

    @admin.display(description=gettext_lazy("Published"), ordering="n_published")
    def published_questions(self, topic: Topic) -> int:
        return topic.n_published  # type: ignore[attr-defined]  # annotated by get_queryset

    @admin.display(description=gettext_lazy("Questions"), ordering="n_questions")
    def all_questions(self, topic: Topic) -> int:
        return topic.n_questions  # type: ignore[attr-defined]

    @admin.display(description=gettext_lazy("Notes"), ordering="n_notes")
    def notes(self, topic: Topic) -> int:
        return topic.n_notes  # type: ignore[attr-defined]


class KeyPointInline(TranslatedAdmin, LabelledFields, admin.StackedInline):
    formset = LabelledFormSet
    form = translation_form(KeyPoint)
    model = KeyPoint
    extra = 0
    fields = ["order", "text", "keywords", "misconceptions"]


class RowsCheckedTogether(BaseInlineFormSet):
    """An inline formset whose rows, as submitted, are checked together against the question's
    kind chosen in the same form: `check_rows` gets the rows kept (not deleted, and with
    `required_field` filled when one is named) once every row is valid on its own."""

    required_field: str | None = None

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (self.required_field is None or form.cleaned_data.get(self.required_field))
        ]
        self.check_rows(kept)

    def check_rows(self, kept: list[Any]) -> None:
        raise NotImplementedError


class ChoiceFormSet(RowsCheckedTogether):
    """Checks the options as submitted, against the kind chosen in the same form."""

    required_field = "text"

    def check_rows(self, kept: list[Any]) -> None:
        validate_choices(self.instance.kind, kept)
        if kept and self.instance.kind == Question.Kind.CLOZE:
            raise ValidationError(
                _("A cloze question has no options: its answers are the blanks in the prompt.")
            )


class ChoiceInline(TranslatedAdmin, admin.StackedInline):
    model = Choice
    form = translation_form(Choice)
    formset = ChoiceFormSet
    extra = 0
    fields = [("order", "is_correct"), "text", "explanation"]


class ExerciseFormSet(RowsCheckedTogether):
    """An exercise's fields as submitted, checked against the kind chosen in the same form."""

    def check_rows(self, kept: list[Any]) -> None:
        if self.instance.kind in EXERCISE_KINDS and not kept:
            raise ValidationError(_("An SQL or Python exercise needs its exercise fields below."))
        for exercise in kept:
            problems = exercise_problems(kind=self.instance.kind, exercise=exercise)
            if problems and self.instance.kind in EXERCISE_KINDS:
                raise ValidationError(problems)


class ExerciseInline(admin.StackedInline):
    model = Exercise
    formset = ExerciseFormSet
    extra = 0
    max_num = 1
    fields = [
        "setup_sql",
        "function_name",
        "starter_code",
        "solution",
        "cases",
        ("order_matters", "float_tolerance"),
    ]
    verbose_name_plural = "exercise (SQL or Python questions only)"


# The question admin's export actions: action name -> (the exporter's format, the label).
EXPORT_ACTIONS: dict[str, tuple[str, StrPromise]] = {
    "export_json": ("json", gettext_lazy("Export selected questions (JSON)")),
    "export_csv": ("csv", gettext_lazy("Export selected questions (CSV)")),
    "export_markdown": ("md", gettext_lazy("Export selected questions (Markdown)")),
    "export_anki": ("anki", gettext_lazy("Export selected questions (Anki notes, HTML)")),
    "export_gift": ("gift", gettext_lazy("Export selected questions (GIFT)")),
    "export_moodle_xml": ("xml", gettext_lazy("Export selected questions (Moodle XML)")),
    "export_apkg": ("apkg", gettext_lazy("Export selected questions (Anki package)")),
}
ExportAction = Callable[[Any, HttpRequest, QuerySet[Question]], HttpResponse | None]


def _export_action(name: str, format: str, description: StrPromise) -> ExportAction:
    """An admin action exporting the selected questions in one format (QuestionAdmin._export);
    viewing questions is enough to export them."""

    def action(
        modeladmin: QuestionAdmin, request: HttpRequest, queryset: QuerySet[Question]
    ) -> HttpResponse | None:
        return modeladmin._export(request, queryset, format)

    action.__name__ = action.__qualname__ = name
    return admin.action(description=description, permissions=["view"])(action)


@admin.register(Question)
class QuestionAdmin(TranslatedAdmin, LabelledFields, admin.ModelAdmin):
    form = translation_form(Question)
    list_display = ["title", "topic", "kind", "difficulty", "status", "updated_at"]
    list_display_links = ["title"]
    list_editable = ["status"]
    list_filter = [
        ("topic", admin.RelatedOnlyFieldListFilter),
        "kind",
        "difficulty",
        "status",
        "tags",
    ]
    list_select_related = ["topic"]
    list_per_page = 50
    search_fields = ["prompt", "official_answer", "slug"]
    autocomplete_fields = ["related", "tags"]
    prepopulated_fields = {"slug": ["prompt"]}
    readonly_fields = ["answer_preview", "created_at", "updated_at"]
    actions = ["publish", "unpublish", *EXPORT_ACTIONS]  # the export actions: see below
    inlines = [KeyPointInline, ChoiceInline, ExerciseInline]
    save_on_top = True
    action_form = QuestionActionForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        # Users' private study packs are theirs alone, not part of the bank editors keep.
        return super().get_queryset(request).filter(topic__owner__isnull=True)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "topic":
            kwargs["queryset"] = Topic.objects.public()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    Media = MarkdownPreviewMedia
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["topic", "slug", ("kind", "difficulty", "status"), "order"]}),
        (gettext_lazy("Question"), {"fields": ["prompt", "instruction", "context"]}),
        (
            gettext_lazy("Official answer"),
            {"fields": ["official_answer", "answer_preview", "short_answer"]},
        ),
        (
            gettext_lazy("Source and links"),
            {"fields": ["source_title", "source_url", "tags", "related"]},
        ),
        (
            gettext_lazy("History"),
            {"fields": ["created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description=gettext_lazy("Question"), ordering="prompt")
    def title(self, question: Question) -> str:
        return question.title

    @admin.display(description=gettext_lazy("Preview (as candidates see it, after saving)"))
    def answer_preview(self, question: Question) -> SafeString:
        if not question.official_answer:
            return format_html("<em>{}</em>", _("No official answer yet."))
        # render_markdown output is sanitized by nh3, so it is safe to embed.
        return format_html(
            '<div class="md answer-preview">{}</div>',
            mark_safe(render_markdown(question.official_answer)),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """An exercise is published only when its official solution passes its own tests."""
        super().save_related(request, form, formsets, change)
        question = form.instance
        if question.kind not in EXERCISE_KINDS or not question.is_published:
            return
        failures = self._exercise_failures(question)
        if failures:
            Question.objects.filter(pk=question.pk).update(status=Question.Status.DRAFT)
            topic_counts_forget()
            question.status = Question.Status.DRAFT
            self.message_user(
                request,
                _("Saved as a draft: the official solution does not pass its tests.")
                + " "
                + " ".join(failures[:5]),
                messages.ERROR,
            )
        else:
            self.message_user(
                request, _("The official solution passes every test case."), messages.SUCCESS
            )

    @staticmethod
    def _exercise_failures(question: Question) -> list[str]:
        if not Exercise.objects.filter(question=question).exists():
            return [_("The exercise fields are missing.")]
        return exercise_check(question=question)

    @admin.action(description=gettext_lazy("Publish selected questions"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        refused = [
            question
            for question in queryset.filter(kind__in=EXERCISE_KINDS)
            if self._exercise_failures(question)
        ]
        count = queryset.exclude(pk__in=[q.pk for q in refused]).update(
            status=Question.Status.PUBLISHED
        )
        topic_counts_forget()
        self.message_user(
            request,
            ngettext("Published %(count)s question.", "Published %(count)s questions.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                _("Not published, their official solution fails its tests:")
                + " "
                + "; ".join(question.title for question in refused),
                messages.ERROR,
            )

    @admin.action(
        description=gettext_lazy("Unpublish selected questions (back to draft)"),
        permissions=["change"],
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        count = queryset.update(status=Question.Status.DRAFT)
        topic_counts_forget()
        self.message_user(
            request,
            ngettext(
                "Moved %(count)s question back to draft.",
                "Moved %(count)s questions back to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def _export(
        self, request: HttpRequest, queryset: QuerySet[Question], format: str
    ) -> HttpResponse | None:
        name = f"questions-{timezone.now():%Y%m%d-%H%M%S}"
        # The action bar's language applies to the formats that hold one language.
        language = (request.POST.get("language") or "en") if format in LANGUAGE_FORMATS else "en"
        try:
            files = bank_export(format=format, questions=queryset, name=name, language=language)
        except ExportError as error:
            self.message_user(
                request, _("Nothing was exported: %(error)s") % {"error": error}, messages.ERROR
            )
            return None
        if len(files) == 1:
            data, content_type, filename = files[0].data, files[0].content_type, files[0].name
        else:
            data, content_type, filename = export_archive(files), "application/zip", f"{name}.zip"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def can_import(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[URLPattern]:
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="bank_question_import",
            )
        ]
        return urls + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload, dry run (created / updated / rejected), then confirm: all or nothing."""
        if not self.can_import(request):
            raise PermissionDenied
        report, token = None, None
        form = QuestionImportForm()
        if request.method == "POST" and "confirm" in request.POST:
            pending = pending_import_take(
                session=request.session, token=request.POST.get("token", "")
            )
            if pending is None:
                self.message_user(
                    request,
                    _("That import is no longer waiting for confirmation: upload the files again."),
                    messages.ERROR,
                )
                return HttpResponseRedirect(reverse("admin:bank_question_import"))
            report = self._run_import(pending, dry_run=False)
            if report.ok:
                self.message_user(
                    request,
                    _("Imported. %(summary)s") % {"summary": report.summary()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:bank_question_changelist"))
        elif request.method == "POST":
            form = QuestionImportForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                pending = PendingImport(
                    uploads=[(upload.name, upload.read()) for upload in data["files"]],
                    format=data["format"] or None,
                    mode=ImportMode(data["mode"]),
                    create_topics=data["create_topics"],
                    topic=data["topic"],
                    skip_unsupported=data["skip_unsupported"],
                    language=data.get("language") or "",
                )
                report = self._run_import(pending, dry_run=True)
                if report.ok:
                    token = pending_import_store(session=request.session, pending=pending)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import questions"),
            "form": form,
            "report": report,
            "token": token,
            "problems_shown": report.problems[:500] if report else [],
        }
        return TemplateResponse(request, "admin/bank/question/import.html", context)

    @staticmethod
    def _run_import(pending: PendingImport, *, dry_run: bool) -> ImportReport:
        files, problems = [], []
        for name, data in pending.uploads:
            found, found_problems = import_files_from_upload(name=name, data=data)
            files.extend(found)
            problems.extend(found_problems)
        return bank_import(
            files=files,
            format=pending.format,
            mode=pending.mode,
            create_topics=pending.create_topics,
            dry_run=dry_run,
            problems=problems,
            topic=pending.topic,
            skip_unsupported=pending.skip_unsupported,
            language=pending.language,
        )


for _name, (_format, _label) in EXPORT_ACTIONS.items():
    setattr(QuestionAdmin, _name, _export_action(_name, _format, _label))


class BankMediaForm(forms.ModelForm):
    """A new image, through the same checks as imported ones (`interview.bank.media`)."""

    upload = forms.FileField(
        label=gettext_lazy("Image"),
        help_text=gettext_lazy("PNG, JPEG, GIF or WebP, recognised by its content."),
    )

    class Meta:
        model = BankMedia
        fields: list[str] = []

    def clean_upload(self) -> MediaFile:
        upload = self.cleaned_data["upload"]
        data = upload.read(media_max_bytes() + 1)
        prepared = media_prepare(original=upload.name or "image", data=data)
        if isinstance(prepared, str):
            raise ValidationError(_("Not stored: %(reason)s.") % {"reason": prepared})
        digest = prepared.name.split("-", 1)[0]
        same = BankMedia.objects.filter(name__startswith=f"{digest}-").first()
        if same is not None:  # the same bytes, whatever their name
            raise ValidationError(
                _("This image is stored already, as %(name)s.") % {"name": same.name}
            )
        return prepared

    def save(self, commit: bool = True) -> BankMedia:
        prepared: MediaFile = self.cleaned_data["upload"]
        self.instance.name = prepared.name
        self.instance.content_type = prepared.content_type
        self.instance.data = prepared.data
        self.instance.size = len(prepared.data)
        return super().save(commit=commit)


def media_users(image: BankMedia) -> QuerySet[Question]:
    """The questions whose texts (or options) show the image."""
    url = reverse("bank:media", kwargs={"name": image.name})
    shown = Q()
    for field in ("prompt", "official_answer", "short_answer", "instruction", "context"):
        shown |= Q(**{f"{field}__contains": url})
    shown |= Q(choices__text__contains=url) | Q(choices__explanation__contains=url)
    return Question.objects.filter(shown).distinct().order_by("slug")


@admin.register(BankMedia)
class BankMediaAdmin(admin.ModelAdmin):
    """Stored images: listed with a thumbnail and the questions that show them; new ones are
    uploaded through the import checks; one still shown by a question cannot be deleted."""

    form = BankMediaForm
    list_display = ["name", "content_type", "size", "thumbnail", "used_by_count"]
    search_fields = ["name"]
    readonly_fields = ["name", "content_type", "size", "preview", "used_by", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BankMedia]:
        return super().get_queryset(request).defer("data")

    def get_fields(self, request: HttpRequest, obj: BankMedia | None = None) -> tuple[str, ...]:
        return ("upload",) if obj is None else tuple(self.readonly_fields)

    def get_readonly_fields(
        self, request: HttpRequest, obj: BankMedia | None = None
    ) -> tuple[str, ...]:
        return () if obj is None else tuple(self.readonly_fields)

    def has_change_permission(self, request: HttpRequest, obj: BankMedia | None = None) -> bool:
        return False  # an image is replaced by uploading another, never edited

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        """An image still shown by a question is protected: the delete page names the
        questions and deletes nothing (one image or several)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        shown = [
            _("%(image)s is shown by question %(question)s")
            % {"image": image.name, "question": question.slug}
            for image in objs
            for question in media_users(image)
        ]
        return deleted, counts, perms_needed, [*protected, *shown]

    @admin.display(description=gettext_lazy("preview"))
    def thumbnail(self, obj: BankMedia) -> SafeString:
        url = reverse("bank:media", kwargs={"name": obj.name})
        return format_html('<img src="{}" alt="" height="48" loading="lazy">', url)

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj: BankMedia) -> SafeString:
        url = reverse("bank:media", kwargs={"name": obj.name})
        return format_html('<img src="{}" alt="{}" height="240">', url, obj.name)

    @admin.display(description=gettext_lazy("questions"))
    def used_by_count(self, obj: BankMedia) -> int:
        return media_users(obj).count()

    @admin.display(description=gettext_lazy("shown by"))
    def used_by(self, obj: BankMedia) -> SafeString:
        links = [
            format_html(
                '<li><a href="{}">{}</a></li>',
                reverse("admin:bank_question_change", args=[question.pk]),
                question.slug,
            )
            for question in media_users(obj)
        ]
        if not links:
            return format_html("<em>{}</em>", _("No question shows this image."))
        return format_html("<ul>{}</ul>", mark_safe("".join(links)))
