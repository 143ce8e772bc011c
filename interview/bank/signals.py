from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from interview.bank.models import ContentVersion, Question
from interview.bank.search import question_refresh_search_vectors
from interview.bank.selectors import topic_counts_forget


@receiver(post_save, sender=Question, dispatch_uid="question_search_vector")
def refresh_question_search_vector(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if not raw:
        question_refresh_search_vectors(questions=Question.objects.filter(pk=instance.pk))


@receiver(post_save, dispatch_uid="bank_content_saved")
@receiver(post_delete, dispatch_uid="bank_content_deleted")
@receiver(m2m_changed, dispatch_uid="bank_content_links_changed")
def bank_content_changed(sender, **kwargs) -> None:
    """Any row of the bank saved or deleted, or a link between them (tags, follow-ups) changed:
    the content stamp changes, so counts and rendered parts cached anywhere are not used again.
    (`sender` of m2m_changed is the link table, a model of the bank too.)"""
    bank = sender._meta.app_label == "bank" and sender is not ContentVersion
    if bank and kwargs.get("action", "post_").startswith("post_"):
        topic_counts_forget()
