from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from interview.bank.models import Question, StudyNote
from interview.bank.search import question_refresh_search_vectors
from interview.bank.selectors import topic_counts_forget


@receiver(post_save, sender=Question, dispatch_uid="question_search_vector")
def refresh_question_search_vector(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if not raw:
        question_refresh_search_vectors(questions=Question.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Question, dispatch_uid="question_topic_counts_save")
@receiver(post_delete, sender=Question, dispatch_uid="question_topic_counts_delete")
@receiver(post_save, sender=StudyNote, dispatch_uid="note_topic_counts_save")
@receiver(post_delete, sender=StudyNote, dispatch_uid="note_topic_counts_delete")
def forget_topic_counts(sender, **kwargs) -> None:
    topic_counts_forget()
