from django.urls import path

from interview.practice import progress_views, quiz_views, review_views, views

app_name = "practice"

urlpatterns = [
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/new/", views.interview_new, name="interview_new"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/autosave/", views.interview_autosave, name="interview_autosave"),
    path("interviews/<int:pk>/submit/", views.interview_submit, name="interview_submit"),
    path("interviews/<int:pk>/rate/", views.interview_rate, name="interview_rate"),
    path("interviews/<int:pk>/end/", views.interview_end, name="interview_end"),
    path("interviews/<int:pk>/report/", views.interview_report, name="interview_report"),
    path("interviews/<int:pk>/retry/", views.interview_retry, name="interview_retry"),
    path("progress/", progress_views.progress_dashboard, name="progress"),
    path("progress/items/", progress_views.item_statistics, name="item_statistics"),
    path("progress/export.csv", progress_views.progress_export, name="progress_export"),
    path("review/", review_views.review_queue, name="review"),
    path("review/cards/<int:pk>/rate/", review_views.review_rate, name="review_rate"),
    path("review/add/topic/<slug:slug>/", review_views.deck_add_topic, name="deck_add_topic"),
    path("review/add/question/<int:pk>/", review_views.deck_add_question, name="deck_add_question"),
    path("review/cram/<slug:slug>/", review_views.cram, name="cram"),
    path("review/settings/", review_views.review_settings, name="review_settings"),
    path("quizzes/", quiz_views.quiz_list, name="quiz_list"),
    path("quizzes/new/", quiz_views.quiz_new, name="quiz_new"),
    path("quizzes/<int:pk>/", quiz_views.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/select/", quiz_views.quiz_select, name="quiz_select"),
    path("quizzes/<int:pk>/flag/", quiz_views.quiz_flag, name="quiz_flag"),
    path("quizzes/<int:pk>/check/", quiz_views.quiz_check, name="quiz_check"),
    path("quizzes/<int:pk>/finish/", quiz_views.quiz_finish, name="quiz_finish"),
    path("quizzes/<int:pk>/review/", quiz_views.quiz_review, name="quiz_review"),
    path("quizzes/<int:pk>/retry/", quiz_views.quiz_retry, name="quiz_retry"),
]
