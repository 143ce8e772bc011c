"""Flashcards: one FSRS schedule per user and question. Other activities feed the deck through
`cards_review_from_practice` alone, the public interface of this package."""

from interview.practice.flashcards.services import cards_review_from_practice

__all__ = ["cards_review_from_practice"]
