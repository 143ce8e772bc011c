"""Every practice URL, under one namespace ("practice:..."): each activity lists its own."""

from interview.practice.exercises.urls import urlpatterns as exercise_urls
from interview.practice.flashcards.urls import urlpatterns as flashcard_urls
from interview.practice.interviews.urls import urlpatterns as interview_urls
from interview.practice.packs.urls import urlpatterns as pack_urls
from interview.practice.progress.urls import urlpatterns as progress_urls
from interview.practice.quizzes.urls import urlpatterns as quiz_urls

app_name = "practice"

urlpatterns = [
    *interview_urls,
    *progress_urls,
    *flashcard_urls,
    *quiz_urls,
    *exercise_urls,
    *pack_urls,
]
