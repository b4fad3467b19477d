"""The expert council's reviews: who sees which applications and reviews, filing a review, the score summary."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.lifecycle.applications import LifecycleError, Status
from centers.lifecycle.models import Application, ExpertReview, ReviewScore


def is_expert(user):
    return user.has_perm("centers.review_application")


def is_decider(user):
    return user.has_perm("centers.decide_application")


def visible_applications(user):
    """Moderators see every application; experts only those under review; anyone else none."""
    if is_decider(user):
        return Application.objects.all()
    if is_expert(user):
        return Application.objects.filter(status=Status.UNDER_REVIEW)
    return Application.objects.none()


def own_review(application, user):
    return application.reviews.filter(expert=user).first()


def visible_reviews(application, user):
    """Moderators see every review; an expert sees the others' only after filing their own."""
    reviews = application.reviews.select_related("expert").prefetch_related("scores__criterion")
    if is_decider(user):
        return reviews
    if not is_expert(user):
        return reviews.none()
    if own_review(application, user) is None:
        return reviews.none()
    return reviews


@transaction.atomic
def file_review(application, expert, scores, recommendation, comment=""):
    """Create or, until the decision, update `expert`'s review; `scores` maps each criterion to its points."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.UNDER_REVIEW:
        raise LifecycleError(_("Reviews can be filed or changed only while the application is under review."))
    review, _created = ExpertReview.objects.update_or_create(
        application=application,
        expert=expert,
        defaults={"recommendation": recommendation, "comment": comment, "filed_at": timezone.now()},
    )
    for criterion, points in scores.items():
        if not 0 <= points <= criterion.max_score:
            raise LifecycleError(
                _("The score for “%(criterion)s” must be between 0 and %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
        ReviewScore.objects.update_or_create(review=review, criterion=criterion, defaults={"score": points})
    return review


def score_summary(application):
    """Per review totals, the sum and the average total, for the moderator's decision."""
    reviews = list(application.reviews.prefetch_related("scores").select_related("expert"))
    totals = [review.total for review in reviews]
    return {
        "reviews": len(reviews),
        "sum": sum(totals),
        "average": round(sum(totals) / len(totals), 2) if totals else None,
        "recommendations": {
            label: sum(1 for review in reviews if review.recommendation == value)
            for value, label in ExpertReview.Recommendation.choices
        },
    }
