"""Issue 30, item 3: co-organizing by invitation. Only an accepted invitation shows the center as co-organizer; only
the invited center's coordinators answer; a third center's coordinator sees nothing."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from centers.cityplan import invitations
from centers.models import CalendarPage, CoOrganizingInvitation, OutgoingLetter
from centers.plans import academic_year
from centers.reports.numbers import center_numbers

from .cityplan_helpers import center, coordinator
from .events_helpers import make_event

pytestmark = pytest.mark.django_db
Status = CoOrganizingInvitation.Status


@pytest.fixture
def event():
    return make_event("literacy-lyceum1", slug="joint", title="Практикум «Совместное чтение»", days=12)


def invite_through_admin(client, event, invited="stem-poisk"):
    client.force_login(coordinator("literacy-lyceum1"))
    response = client.post(
        reverse("centers_cityplan:invite", args=[event.pk]),
        {"center": center(invited).pk, "message": "Приглашаем провести вторую часть"},
    )
    assert response.status_code == 302
    return CoOrganizingInvitation.objects.get(event=event, center=center(invited))


def shows_as_co_organizer(client, event, slug):
    client.logout()
    page = client.get(event.url).content.decode()
    calendar = CalendarPage.objects.live().get()
    listed = client.get(f"{calendar.url}?view=list&center={slug}").content.decode()
    return center(slug).title in page, event.title in listed


def test_an_invitation_waits_unseen_until_the_invited_center_accepts(client, event, mailoutbox):
    invitation = invite_through_admin(client, event)
    assert invitation.status == Status.PENDING
    letter = OutgoingLetter.objects.filter(subject__contains=event.title).latest("pk")
    assert set(letter.recipients) >= {coordinator("stem-poisk").email}
    assert shows_as_co_organizer(client, event, "stem-poisk") == (False, False)

    client.force_login(coordinator("stem-poisk"))
    listing = client.get(reverse("centers_cityplan:invitations")).content.decode()
    assert event.title in listing
    response = client.post(reverse("centers_cityplan:answer", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 302
    assert shows_as_co_organizer(client, event, "stem-poisk") == (True, True)
    year = academic_year.academic_year_of(event.start.date())
    assert center_numbers(center("stem-poisk"), year).joint_events >= 1
    assert center_numbers(center("literacy-lyceum1"), year).joint_events >= 1


def test_a_declined_invitation_never_shows(client, event):
    invitation = invite_through_admin(client, event)
    client.force_login(coordinator("stem-poisk"))
    client.post(reverse("centers_cityplan:answer", args=[invitation.pk]), {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == Status.DECLINED
    assert shows_as_co_organizer(client, event, "stem-poisk") == (False, False)


def test_the_host_cannot_accept_for_the_invited_center_and_a_third_center_sees_nothing(client, event):
    invitation = invite_through_admin(client, event)
    answer = reverse("centers_cityplan:answer", args=[invitation.pk])
    assert client.post(answer, {"answer": "accept"}).status_code == 403  # the host's own coordinator
    client.force_login(coordinator("career-ds9"))
    assert event.title not in client.get(reverse("centers_cityplan:invitations")).content.decode()
    assert client.post(answer, {"answer": "accept"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING


def test_a_third_center_cannot_invite_for_an_event_it_does_not_run(client, event):
    client.force_login(coordinator("career-ds9"))
    url = reverse("centers_cityplan:invite", args=[event.pk])
    assert client.post(url, {"center": center("stem-poisk").pk}).status_code == 403


def test_publishing_a_revision_saved_before_the_answer_keeps_the_answer(client, event):
    invitation = invite_through_admin(client, event)
    draft = event.save_revision()  # the host's draft, saved before the answer
    invitations.answer(invitation, coordinator("stem-poisk"), accept=True)
    draft.publish()
    event.refresh_from_db()
    assert center("stem-poisk") in event.co_organizers.all()
    invitations.answer(invitation, coordinator("stem-poisk"), accept=False)
    event.save_revision().publish()
    assert center("stem-poisk") not in event.co_organizers.all()


def test_existing_co_organizers_stay_as_accepted_invitations(event):
    event.co_organizers.set([center("career-ds9")])
    event.save_revision().publish()
    CoOrganizingInvitation.objects.filter(event=event).delete()
    migration = importlib.import_module("centers.migrations.0038_coorganizing_invitations")
    migration.existing_co_organizers_accepted(apps, None)
    invitation = CoOrganizingInvitation.objects.get(event=event)
    assert (invitation.center, invitation.status) == (center("career-ds9"), Status.ACCEPTED)


def test_the_demo_has_an_accepted_and_a_pending_invitation():
    statuses = set(CoOrganizingInvitation.objects.values_list("status", flat=True))
    assert {Status.ACCEPTED, Status.PENDING} <= statuses


def test_a_copied_event_starts_without_co_organizers_and_says_whom_to_invite_again(client, event):
    invitation = invite_through_admin(client, event)
    client.force_login(coordinator("stem-poisk"))
    client.post(reverse("centers_cityplan:answer", args=[invitation.pk]), {"answer": "accept"})

    client.force_login(coordinator("literacy-lyceum1"))
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[event.pk]),
        {
            "new_title": "Практикум «Совместное чтение» (весна)",
            "new_slug": "joint-spring",
            "new_parent_page": event.get_parent().pk,
        },
        follow=True,
    )
    copy = type(event).objects.get(slug="joint-spring")
    assert not copy.co_organizers.exists()
    page = response.content.decode()
    assert "Соорганизаторы не копируются" in page and center("stem-poisk").title in page
    assert reverse("centers_cityplan:invite", args=[copy.pk]) in page
