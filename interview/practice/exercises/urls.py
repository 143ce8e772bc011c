"""URLs of this activity, included under the practice namespace by interview/practice/urls.py."""

from django.urls import path

from interview.practice.exercises import views

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/<int:pk>/", views.exercise_detail, name="exercise_detail"),
    path("exercises/<int:pk>/run/", views.exercise_run, name="exercise_run"),
    path("exercises/<int:pk>/submit/", views.exercise_submit, name="exercise_submit"),
    path("exercises/attempts/<int:pk>/", views.exercise_attempt, name="exercise_attempt"),
]
