"""The meeting's protocol as PDF: meeting, members present, quorum, and per application its decision and votes."""

from django.core.files.base import ContentFile
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from centers.certificates.pdf import department_name
from centers.council.meetings import quorum
from centers.lifecycle.pdf_text import document_pdf


def member_name(user):
    return user.get_full_name() or user.get_username()


def protocol_blocks(meeting, members, items):
    """The protocol's paragraphs and its table of decisions, in the order a reader checks them."""
    present = len(members)
    reached = present >= quorum()
    blocks = [
        department_name(),
        _("Date: %(date)s.") % {"date": dateformat.format(meeting.date, "j E Y")}
        + (" " + _("Place: %(place)s.") % {"place": meeting.place} if meeting.place else ""),
        _("Members present (%(count)s): %(names)s.")
        % {"count": present, "names": ", ".join(member_name(member) for member in members) or "—"},
        (
            _("Quorum reached: %(present)s of at least %(quorum)s members are present.")
            if reached
            else _(
                "Quorum not reached: %(present)s present, at least %(quorum)s needed; no decisions were taken."
            )
        )
        % {"present": present, "quorum": quorum()},
    ]
    rows = [[_("Application"), _("Organization"), _("Decision"), _("For / against / abstained")]]
    for item in items:
        application = item.application
        rows.append(
            [
                application.reference,
                application.organization_name,
                item.get_outcome_display(),
                f"{item.votes_for} / {item.votes_against} / {item.votes_abstained}" if item.outcome else "—",
            ]
        )
    blocks.append(rows if items else _("No applications were on the agenda."))
    return blocks


def protocol_pdf(meeting):
    members = list(meeting.members_present.order_by("last_name", "first_name", "username"))
    items = list(
        meeting.agenda.select_related("application__organization").order_by(
            "application__year", "application__number"
        )
    )
    title = _("Protocol No. %(number)s of the meeting of the expert council") % {"number": meeting.number}
    return document_pdf(title, protocol_blocks(meeting, members, items), author=department_name())


def store_protocol(meeting):
    """Generates the protocol from the meeting as it stands now and keeps it with the meeting (private storage)."""
    if meeting.protocol:
        meeting.protocol.delete(save=False)
    meeting.protocol.save(f"protocol-{meeting.pk}.pdf", ContentFile(protocol_pdf(meeting)), save=False)
    meeting.protocol_generated_at = timezone.now()
    meeting.save(update_fields=["protocol", "protocol_generated_at"])
    return meeting
