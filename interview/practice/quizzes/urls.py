"""URLs of this activity, included under the practice namespace by interview/practice/urls.py."""

from django.urls import path

from interview.practice.quizzes import views

urlpatterns = [
    path("quizzes/", views.quiz_list, name="quiz_list"),
    path("quizzes/new/", views.quiz_new, name="quiz_new"),
    path("quizzes/<int:pk>/", views.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/select/", views.quiz_select, name="quiz_select"),
    path("quizzes/<int:pk>/flag/", views.quiz_flag, name="quiz_flag"),
    path("quizzes/<int:pk>/check/", views.quiz_check, name="quiz_check"),
    path("quizzes/<int:pk>/finish/", views.quiz_finish, name="quiz_finish"),
    path("quizzes/<int:pk>/review/", views.quiz_review, name="quiz_review"),
    path("quizzes/<int:pk>/retry/", views.quiz_retry, name="quiz_retry"),
]
