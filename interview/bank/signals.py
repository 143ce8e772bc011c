from django.db.models.signals import post_save
from django.dispatch import receiver

from interview.bank.models import Question
from interview.bank.search import question_refresh_search_vectors


@receiver(post_save, sender=Question, dispatch_uid="question_search_vector")
def refresh_question_search_vector(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if not raw:
        question_refresh_search_vectors(questions=Question.objects.filter(pk=instance.pk))
