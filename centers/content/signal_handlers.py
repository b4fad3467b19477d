"""Pages inside a center know their center: a move between centers recomputes it."""

from wagtail.models import Page
from wagtail.signals import post_page_move

from centers.content.models.center_content import center_above, center_content_models
from centers.events.models.events import EventPage


def refresh_center_after_move(sender, instance, **kwargs):
    """A moved subtree may now belong to another center: recompute `center` for every page in it."""
    moved = Page.objects.get(pk=instance.pk)
    for event in EventPage.objects.descendant_of(moved, inclusive=True).only("pk", "path", "host_center_id"):
        EventPage.objects.filter(pk=event.pk).update(host_center=center_above(event))
    for model in center_content_models():
        for page in model.objects.descendant_of(moved, inclusive=True).only("pk", "path", "center_id"):
            center = center_above(page)
            model.objects.filter(pk=page.pk).update(center=center)


def register_signal_handlers():
    post_page_move.connect(refresh_center_after_move, dispatch_uid="centers.refresh_center_after_move")
