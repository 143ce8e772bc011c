"""Item statistics in the question admin: the bank's QuestionAdmin, re-registered here with
an "answered well" column and a statistics section, so the bank never imports practice."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from interview.bank.admin import QuestionAdmin
from interview.bank.models import Question
from interview.practice.progress import item_stats


class QuestionWithStatisticsAdmin(QuestionAdmin):
    list_display = [
        *[name for name in QuestionAdmin.list_display if name != "updated_at"],
        "answered_well",
        "updated_at",
    ]
    readonly_fields = [*QuestionAdmin.readonly_fields, "statistics"]
    fieldsets = [
        *[
            fieldset
            for fieldset in QuestionAdmin.fieldsets
            if "created_at" not in fieldset[1]["fields"]
        ],
        (_("How users answer it"), {"fields": ["statistics"]}),
        *[
            fieldset
            for fieldset in QuestionAdmin.fieldsets
            if "created_at" in fieldset[1]["fields"]
        ],
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return item_stats.with_statistics(super().get_queryset(request))

    @admin.display(description=_("Answered well"), ordering="share_well")
    def answered_well(self, question: Question) -> str:
        times_answered: int = getattr(question, "times_answered", 0)
        if not times_answered:
            return self.get_empty_value_display()
        return _("%(percent)s%% of %(count)s") % {
            "percent": round(100 * question.share_well),  # type: ignore[attr-defined]
            "count": times_answered,
        }

    @admin.display(description=_("Statistics (all users)"))
    def statistics(self, question: Question) -> SafeString:
        if question.pk is None:
            return format_html("<em>{}</em>", gettext("No answers yet."))
        share_well = getattr(question, "share_well", None)
        return render_to_string(
            "admin/bank/question/statistics.html",
            {
                "question": question,
                "share_percent": round(100 * share_well) if share_well is not None else None,
                "options": item_stats.option_picks(question) if question.is_multiple_choice else [],
                "statistics_url": reverse("practice:item_statistics"),
            },
        )


admin.site.unregister(Question)
admin.site.register(Question, QuestionWithStatisticsAdmin)
