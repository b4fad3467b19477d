"""Issue 17, item 5: the expert council as a body: meetings, quorum, decisions with votes, the protocol PDF."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from centers.council.protocol import protocol_pdf
from centers.models import CouncilDecision, CouncilMeeting
from centers.roles.provisioning import EXPERT_COUNCIL_GROUP
from tests.test_expert_council import make_application, user

pytestmark = pytest.mark.django_db


def council_members(count):
    group = Group.objects.get(name=EXPERT_COUNCIL_GROUP)
    members = []
    for number in range(count):
        member = get_user_model().objects.create_user(
            f"member{number}", f"member{number}@example.ru", first_name="Член", last_name=f"Совета{number}"
        )
        member.groups.add(group)
        members.append(member)
    return members


def create_meeting(client, members, number="3"):
    response = client.post(
        reverse("centers_council:meeting_list"),
        {
            "number": number,
            "date": "2027-06-05",
            "place": "Департамент, ауд. 12",
            "members_present": [m.pk for m in members],
        },
    )
    assert response.status_code == 302
    return CouncilMeeting.objects.get(number=number)


def decide(client, meeting, item, outcome="approve", votes=(3, 0, 0)):
    prefix = f"item{item.pk}"
    return client.post(
        reverse("centers_council:meeting_decision", args=[meeting.pk, item.pk]),
        {
            f"{prefix}-outcome": outcome,
            f"{prefix}-votes_for": votes[0],
            f"{prefix}-votes_against": votes[1],
            f"{prefix}-votes_abstained": votes[2],
        },
    )


def on_agenda(client, meeting, application):
    client.post(reverse("centers_council:meeting_agenda", args=[meeting.pk]), {"application": application.pk})
    return CouncilDecision.objects.get(meeting=meeting, application=application)


def test_a_decision_without_quorum_is_refused_with_a_russian_message(client, settings):
    settings.CENTERS_COUNCIL_QUORUM = 3
    client.force_login(user("moderator"))
    meeting = create_meeting(client, council_members(2))
    item = on_agenda(client, meeting, make_application())
    response = decide(client, meeting, item, votes=(2, 0, 0))
    assert response.status_code == 409
    assert (
        "Нет кворума: число присутствующих членов совета — 2, необходимо не менее 3"
        in response.content.decode()
    )
    item.refresh_from_db()
    assert item.outcome == "" and item.decided_at is None


def test_more_votes_than_members_present_are_refused(client):
    client.force_login(user("moderator"))
    meeting = create_meeting(client, council_members(3))
    item = on_agenda(client, meeting, make_application())
    assert decide(client, meeting, item, votes=(3, 1, 0)).status_code == 409
    item.refresh_from_db()
    assert item.outcome == ""


def test_the_protocol_names_the_meeting_members_quorum_and_each_decision_with_votes(client):
    client.force_login(user("moderator"))
    members = council_members(4)
    meeting = create_meeting(client, members)
    first = make_application()
    second = make_application(contact_email="second@sosh5.example.ru")
    assert decide(client, meeting, on_agenda(client, meeting, first), "approve", (3, 0, 1)).status_code == 302
    assert decide(client, meeting, on_agenda(client, meeting, second), "return", (2, 1, 1)).status_code == 302
    assert client.post(reverse("centers_council:meeting_protocol", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.protocol and meeting.protocol_generated_at
    with pytest.raises(ValueError):
        meeting.protocol.url  # noqa: B018  kept privately with the meeting
    download = client.get(reverse("centers_council:meeting_protocol", args=[meeting.pk]))
    data = b"".join(download.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")
    assert "Протокол № 3 заседания экспертного совета" in text
    assert "5 июня 2027" in text
    for member in members:
        assert member.last_name in text
    assert "Кворум есть: число присутствующих — 4" in text
    for application in (first, second):
        assert application.reference in text
    assert "СОШ № 5" in text
    assert "Рекомендовать одобрить" in text and "Вернуть на доработку" in text
    assert "3 / 0 / 1" in text and "2 / 1 / 1" in text


def test_a_protocol_without_quorum_says_so():
    meeting = CouncilMeeting.objects.create(number="9", date=datetime.date(2027, 6, 1))
    text = PdfReader(io.BytesIO(protocol_pdf(meeting))).pages[0].extract_text().replace("\n", " ")
    assert "Кворума нет" in text


def test_only_the_department_runs_council_meetings(client):
    client.force_login(user("expert"))
    assert client.get(reverse("centers_council:meeting_list")).status_code == 403
    client.force_login(user("moderator"))
    assert client.get(reverse("centers_council:meeting_list")).status_code == 200


def test_the_demo_has_a_meeting_with_its_protocol_a_returned_application_and_a_center_closed_early(client):
    from centers.models import Application, ApprovalOrder, CenterPage

    meeting = CouncilMeeting.objects.get(number="1")
    assert meeting.members_present.count() >= 3
    text = PdfReader(meeting.protocol.open("rb")).pages[0].extract_text().replace("\n", " ")
    returned = Application.objects.get(status=Application.Status.RETURNED)
    assert returned.reference in text and "Вернуть на доработку" in text
    assert returned.revision_request and returned.resubmission_deadline
    closed = CenterPage.objects.get(closed_early_on__isnull=False)
    assert closed.slug == "mentoring-sosh1" and closed.term_has_ended
    assert "прекращена досрочно приказом № 214-п" in client.get(closed.url).content.decode()
    approved = CenterPage.objects.get(slug="preschool-ds26")
    order = ApprovalOrder.objects.get(center=approved, kind=ApprovalOrder.Kind.APPROVAL)
    assert reverse("centers_order_document", args=[order.pk]) in client.get(approved.url).content.decode()
