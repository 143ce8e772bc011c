"""Flashcards: one FSRS schedule per user and question. Other activities feed the deck through
`cards_review_from_practice` (an answer counts as a review) and `deck_add` (a saved study pack
puts its cards in the deck), the public interface of this package."""

from interview.practice.flashcards.services import cards_review_from_practice, deck_add

__all__ = ["cards_review_from_practice", "deck_add"]
