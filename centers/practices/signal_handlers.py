"""Teachers who sent a practice in have no account: they hear by e-mail when moderation publishes or returns it."""

from wagtail.models import Page
from wagtail.signals import page_published, workflow_rejected

from centers.common.mail import send_logging_failures
from centers.practices.models import PracticePage
from centers.practices.submission import send_published_notice, send_rejection_notice


def tell_the_sender_the_practice_is_published(sender, instance, **kwargs):
    """The teacher who sent the practice in hears when it first goes live (and only then)."""
    if isinstance(instance, PracticePage) and instance.submitter_email:
        if instance.first_published_at == instance.last_published_at:
            send_logging_failures(send_published_notice, instance)


def tell_the_sender_the_practice_needs_changes(sender, instance, **kwargs):
    """Moderators sent the practice back: the teacher gets their comment, since they have no account to see it."""
    page = instance.content_object
    if isinstance(page, Page):
        page = page.specific
    if isinstance(page, PracticePage) and page.submitter_email and not page.live:
        task_state = instance.current_task_state
        send_logging_failures(send_rejection_notice, page, task_state.get_comment() if task_state else "")


def register_signal_handlers():
    page_published.connect(
        tell_the_sender_the_practice_is_published,
        sender=PracticePage,
        dispatch_uid="centers.practices.published_notice",
    )
    workflow_rejected.connect(
        tell_the_sender_the_practice_needs_changes, dispatch_uid="centers.practices.rejection_notice"
    )
