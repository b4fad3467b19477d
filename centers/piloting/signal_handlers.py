"""Piloting follows the council's mark and the projects it is given to."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from centers.content.models import ProjectPage
from centers.library.registry import register_recommended_pages
from centers.piloting.models import ImplementationRecommendation
from centers.piloting.recommendations import project_published, recommendation_changed, recommended_page_ids


def register_signal_handlers():
    register_recommended_pages(recommended_page_ids)
    for signal in (post_save, post_delete):
        signal.connect(
            recommendation_changed,
            sender=ImplementationRecommendation,
            dispatch_uid=f"centers.piloting.recommendation.{signal is post_save}",
        )
    page_published.connect(project_published, sender=ProjectPage, dispatch_uid="centers.piloting.project")
