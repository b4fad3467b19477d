"""Demo certificates: three past events give them, their attendees have theirs, and one was revoked."""

from django.utils import timezone

from centers.certificates.issuing import issue_due_certificates
from centers.models import Certificate, EventPage

# Past demo events (site/devtools/demo/events.py) with attendance marked, and the academic hours of each.
CERTIFIED_EVENTS = {"seminar-aop": 4, "round-table-results": 2, "webinar-3d": 1}


def give_certificates(slug, hours):
    event = EventPage.objects.filter(slug=slug).first()
    if event is None or event.gives_certificates:
        return
    event.academic_hours = hours
    event.certificates_for_participants = True
    event.save_revision().publish()


def revoke_one():
    """The organizers took back one attendance mark after the letters went: its certificate shows as revoked."""
    revoked = Certificate.objects.filter(revoked_at__isnull=False).first()
    if revoked is not None:
        return revoked
    certificate = Certificate.objects.filter(registration__isnull=False).order_by("pk").first()
    if certificate is None:
        return None
    registration = certificate.registration
    registration.attended = False
    registration.save(update_fields=["attended"])  # the signal revokes, as the participants' screen does
    return Certificate.objects.get(pk=certificate.pk)


def build_certificates(root_url):
    """Issues the demo's certificates as if the letters had gone (nothing is mailed); returns what to print."""
    for slug, hours in CERTIFIED_EVENTS.items():
        give_certificates(slug, hours)
    issue_due_certificates()
    Certificate.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    revoked = revoke_one()
    valid = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk").first()
    lines = []
    if valid is not None:
        lines.append(f"Certificate check: {root_url}/certificates/{valid.number}/ ({valid.full_name})")
    if revoked is not None:
        lines.append(f"A revoked certificate: {root_url}/certificates/{revoked.number}/")
    return lines
