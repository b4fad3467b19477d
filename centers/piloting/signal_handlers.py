"""Piloting follows the council's mark and the projects it is given to; a school deleted takes its links with it."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from centers.content.models import ProjectPage
from centers.library.registry import register_recommended_pages
from centers.piloting.models import ImplementationRecommendation, PilotSchool
from centers.piloting.recommendations import project_published, recommendation_changed, recommended_page_ids
from centers.privacy.person_links import PersonLink, forget_links


def school_deleted(sender, instance, **kwargs):
    forget_links(purposes=[PersonLink.Purpose.PILOT_RESULT], object_ids=[instance.pk])


def register_signal_handlers():
    register_recommended_pages(recommended_page_ids)
    for signal in (post_save, post_delete):
        signal.connect(
            recommendation_changed,
            sender=ImplementationRecommendation,
            dispatch_uid=f"centers.piloting.recommendation.{signal is post_save}",
        )
    page_published.connect(project_published, sender=ProjectPage, dispatch_uid="centers.piloting.project")
    post_delete.connect(school_deleted, sender=PilotSchool, dispatch_uid="centers.piloting.school_links")
