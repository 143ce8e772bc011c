"""URLs of this activity, included under the practice namespace by interview/practice/urls.py."""

from django.urls import path

from interview.practice.interviews import views

urlpatterns = [
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/new/", views.interview_new, name="interview_new"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/autosave/", views.interview_autosave, name="interview_autosave"),
    path("interviews/<int:pk>/submit/", views.interview_submit, name="interview_submit"),
    path("interviews/<int:pk>/rate/", views.interview_rate, name="interview_rate"),
    path("interviews/<int:pk>/end/", views.interview_end, name="interview_end"),
    path("interviews/<int:pk>/claim/", views.interview_claim, name="interview_claim"),
    path("interviews/<int:pk>/report/", views.interview_report, name="interview_report"),
    path("interviews/<int:pk>/retry/", views.interview_retry, name="interview_retry"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path(
        "questions/<int:question_pk>/answers/<int:pk>/",
        views.question_attempt,
        name="question_attempt",
    ),
    path(
        "questions/<int:question_pk>/answers/<int:pk>/rate/",
        views.question_attempt_rate,
        name="question_attempt_rate",
    ),
]
