"""URLs of this activity, included under the practice namespace by interview/practice/urls.py."""

from django.urls import path

from interview.practice.flashcards import views

urlpatterns = [
    path("review/", views.review_queue, name="review"),
    path("review/cards/<int:pk>/rate/", views.review_rate, name="review_rate"),
    path("review/add/topic/<slug:slug>/", views.deck_add_topic, name="deck_add_topic"),
    path("review/add/question/<int:pk>/", views.deck_add_question, name="deck_add_question"),
    path("review/cram/<slug:slug>/", views.cram, name="cram"),
    path("review/settings/", views.review_settings, name="review_settings"),
    path("review/undo/<int:pk>/", views.review_undo, name="review_undo"),
    path("review/cards/<int:pk>/suspend/", views.card_suspend, name="card_suspend"),
    path("review/deck/", views.deck, name="deck"),
]
