"""Practice sessions (mock interviews, quizzes, flashcards) live here."""
