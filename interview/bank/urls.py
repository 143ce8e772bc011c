from django.urls import path

from interview.bank import views

app_name = "bank"

# The home page ("bank:home"), the topic page ("bank:topic_detail") and search ("bank:search")
# read several apps, so they live in interview/views.py and are added to this namespace by
# interview/urls.py.

urlpatterns = [
    path("topics/", views.topic_list, name="topic_list"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("media/bank/<str:name>", views.media, name="media"),
]
