from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from interview.bank.markdown import render_markdown
from interview.bank.models import (
    Choice,
    KeyPoint,
    Question,
    StudyNote,
    Tag,
    Topic,
    validate_choices,
)


class MarkdownPreviewMedia:
    css = {"all": ("css/pygments.css", "css/admin.css")}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class StudyNoteInline(admin.StackedInline):
    model = StudyNote
    extra = 0
    fields = ["order", "title", "body"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "published_questions", "all_questions", "notes"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["tags"]
    inlines = [StudyNoteInline]
    Media = MarkdownPreviewMedia

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return (
            super()
            .get_queryset(request)
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

    @admin.display(description="Published", ordering="n_published")
    def published_questions(self, topic: Topic) -> int:
        return topic.n_published

    @admin.display(description="Questions", ordering="n_questions")
    def all_questions(self, topic: Topic) -> int:
        return topic.n_questions

    @admin.display(description="Notes", ordering="n_notes")
    def notes(self, topic: Topic) -> int:
        return topic.n_notes


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    extra = 0
    fields = ["order", "text", "keywords"]


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the options as submitted, against the kind chosen in the same form."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("text")
        ]
        validate_choices(self.instance.kind, kept)


class ChoiceInline(admin.StackedInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    fields = [("order", "is_correct"), "text", "explanation"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "kind", "difficulty", "status", "updated_at"]
    list_display_links = ["title"]
    list_editable = ["status"]
    list_filter = ["topic", "kind", "difficulty", "status", "tags"]
    list_select_related = ["topic"]
    list_per_page = 50
    search_fields = ["prompt", "official_answer", "slug"]
    autocomplete_fields = ["related", "tags"]
    prepopulated_fields = {"slug": ["prompt"]}
    readonly_fields = ["answer_preview", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    inlines = [KeyPointInline, ChoiceInline]
    save_on_top = True
    Media = MarkdownPreviewMedia
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["topic", "slug", ("kind", "difficulty", "status"), "order"]}),
        ("Question", {"fields": ["prompt", "instruction", "context"]}),
        ("Official answer", {"fields": ["official_answer", "answer_preview"]}),
        ("Source and links", {"fields": ["source_title", "source_url", "tags", "related"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Question", ordering="prompt")
    def title(self, question: Question) -> str:
        return question.title

    @admin.display(description="Preview (as candidates see it, after saving)")
    def answer_preview(self, question: Question) -> SafeString:
        if not question.official_answer:
            return format_html("<em>{}</em>", "No official answer yet.")
        # render_markdown output is sanitized by nh3, so it is safe to embed.
        return format_html(
            '<div class="md answer-preview">{}</div>',
            mark_safe(render_markdown(question.official_answer)),
        )

    @admin.action(description="Publish selected questions")
    def publish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        count = queryset.update(status=Question.Status.PUBLISHED)
        self.message_user(request, f"Published {count} question(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected questions (back to draft)")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        count = queryset.update(status=Question.Status.DRAFT)
        self.message_user(request, f"Moved {count} question(s) back to draft.", messages.SUCCESS)
