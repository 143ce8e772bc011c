from django.urls import path

from interview.bank import views

app_name = "bank"

# The home page ("bank:home") reads several apps, so it lives in interview/views.py and is
# added to this namespace by interview/urls.py.

urlpatterns = [
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("search/", views.search, name="search"),
]
