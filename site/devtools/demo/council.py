"""Demo of the council and the term's end: a meeting with its protocol, the approved center's order as a document,
one center closed early (mentoring-sosh1, not the one whose term ended), and a renewal from the center whose term
ends within 60 days, with its report attached."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from centers.common.kept import forget_site_structure
from centers.council.meetings import put_on_agenda, record_decision
from centers.council.models import CouncilDecision, CouncilMeeting
from centers.council.protocol import store_protocol
from centers.lifecycle.closing import close_early
from centers.lifecycle.order_documents import attach_order_document
from centers.lifecycle.renewals import apply_for_renewal, open_renewal, renewal_refusal
from centers.models import Application, ApprovalOrder, CenterPage, NewsPage, QuestionPage
from centers.roles.provisioning import EXPERT_COUNCIL_GROUP, MODERATORS_GROUP, coordinators_group

Status = Application.Status
CLOSED_CENTER_SLUG = "mentoring-sosh1"
CLOSING_REASON = (
    "отсутствие спроса на направление (за учебный год мероприятия центра посетили педагоги двух организаций)"
)
RENEWAL_CENTER_SLUG = "career-ds9"


def third_expert():
    """The third council member, so that the demo meeting has its quorum of three."""
    user, created = get_user_model().objects.get_or_create(
        username="expert-sovetov",
        defaults={"first_name": "Олег", "last_name": "Советов", "email": "sovetov@example.ru"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=EXPERT_COUNCIL_GROUP))
    return user


def build_meeting(moderator):
    """One sitting: the application under review recommended, the returned one sent back, the protocol kept."""
    if CouncilMeeting.objects.filter(number="1").exists():
        return
    third_expert()
    under_review = Application.objects.filter(status=Status.UNDER_REVIEW).order_by("number").first()
    returned = Application.objects.filter(status=Status.RETURNED).order_by("number").first()
    dates = [a.submitted_at.date() for a in (under_review, returned) if a is not None]
    meeting = CouncilMeeting.objects.create(
        number="1",
        date=max(dates) + datetime.timedelta(days=12) if dates else datetime.date.today(),
        place="Департамент образования, конференц-зал",
    )
    meeting.members_present.set(get_user_model().objects.filter(groups__name=EXPERT_COUNCIL_GROUP))
    if under_review is not None:
        item = put_on_agenda(meeting, under_review)
        record_decision(
            item, outcome=CouncilDecision.Outcome.APPROVE, votes_for=3, votes_against=0, votes_abstained=0
        )
    if returned is not None:  # decided before it was returned (the agenda takes only open applications)
        item = CouncilDecision.objects.create(meeting=meeting, application=returned)
        record_decision(
            item, outcome=CouncilDecision.Outcome.RETURN, votes_for=2, votes_against=0, votes_abstained=1
        )
    store_protocol(meeting)


def build_order_documents():
    """Every demo order gets its document (the generated draft), shown on its center's page."""
    for order in ApprovalOrder.objects.filter(document=""):
        attach_order_document(order)


def build_closed_center(moderator):
    center = CenterPage.objects.filter(slug=CLOSED_CENTER_SLUG).first()
    if center is None or center.closed_early_on is not None:
        return
    today = datetime.date.today()
    close_early(
        center,
        number="214-п",
        date=today - datetime.timedelta(days=20),
        closing_date=today - datetime.timedelta(days=10),
        reason=CLOSING_REASON,
        user=moderator,
    )
    keep_dates_before_closing(center, today - datetime.timedelta(days=10))


def keep_dates_before_closing(center, closing_date):
    """The demo's content is dated relative to today; a center closed ten days ago published nothing since: its
    pages, news and answers dated on or after the closing move to the days before it."""
    last_day = closing_date - datetime.timedelta(days=1)
    closing_moment = timezone.make_aware(datetime.datetime.combine(closing_date, datetime.time.min))
    pages = Page.objects.descendant_of(
        center
    )  # the center's own page carries the department's closing notice
    for page in pages.filter(
        Q(first_published_at__gte=closing_moment) | Q(last_published_at__gte=closing_moment)
    ):
        moved = min(page.first_published_at or closing_moment, closing_moment) - datetime.timedelta(days=1)
        pages.filter(pk=page.pk).update(first_published_at=moved, last_published_at=moved)
    for model in (NewsPage, QuestionPage):
        for number, page in enumerate(model.objects.descendant_of(center).filter(date__gte=closing_date)):
            model.objects.filter(pk=page.pk).update(date=last_day - datetime.timedelta(days=number))
    forget_site_structure()


def build_renewal():
    """The center in its term's last 60 days applies for an extension, its report attached."""
    center = CenterPage.objects.filter(slug=RENEWAL_CENTER_SLUG).first()
    if center is None or open_renewal(center) is not None or renewal_refusal(center):
        return
    coordinator = get_user_model().objects.filter(groups=coordinators_group(center)).order_by("pk").first()
    apply_for_renewal(
        center,
        coordinator,
        justification="Спрос на направление растёт: в этом году к центру обратились 9 детских садов города.",
        plan_of_work="Сентябрь — семинар; декабрь — практикум; март — фестиваль «Мир профессий».",
        consent_ip="127.0.0.1",
    )


def build_council():
    moderator = get_user_model().objects.filter(groups__name=MODERATORS_GROUP).order_by("pk").first()
    build_meeting(moderator)
    build_order_documents()
    build_closed_center(moderator)
    build_renewal()
