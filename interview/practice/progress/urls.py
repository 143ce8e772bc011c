"""URLs of this activity, included under the practice namespace by interview/practice/urls.py."""

from django.urls import path

from interview.practice.progress import views

urlpatterns = [
    path("progress/", views.progress_dashboard, name="progress"),
    path("progress/items/", views.item_statistics, name="item_statistics"),
    path("progress/export.csv", views.progress_export, name="progress_export"),
]
