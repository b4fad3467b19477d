"""The lifecycle's letters (received, decided, returned for revision): plain text plus HTML, sent through the outbox.

Each letter is stored in the transaction that changes the application, and sent after it commits.
"""

from django.utils.translation import gettext as _

from centers.outbox.delivery import deliver_after_commit, enqueue
from centers.outbox.letters import compose_text_letter


def lifecycle_message(application, subject, body):
    """The same words twice: plain text for every mail client, HTML with clickable links for the rest."""
    return compose_text_letter(subject, body, [application.contact_email])


def post(application, subject, body):
    """Stores the letter now (call inside the transaction) and sends it once that transaction commits."""
    letter = enqueue(lifecycle_message(application, subject, body))
    deliver_after_commit(letter)
    return letter


def send_receipt(application):
    if application.kind == application.Kind.RENEWAL:
        body = _(
            "Hello, %(name)s!\n\n"
            "The department of education has received the application of %(organization)s to extend the term "
            "of the resource center for the direction “%(direction)s”.\n"
            "Reference number: %(reference)s. The center's report is attached to the application.\n\n"
            "The expert council will review the application; we will inform you of the decision by e-mail."
        )
    else:
        body = _(
            "Hello, %(name)s!\n\n"
            "The department of education has received the application of %(organization)s to open a resource "
            "center for the direction “%(direction)s”.\n"
            "Reference number: %(reference)s. Please quote it in any correspondence.\n\n"
            "The expert council will review the application; we will inform you of the decision by e-mail."
        )
    return post(
        application,
        _("Application %(reference)s received") % {"reference": application.reference},
        body
        % {
            "name": application.contact_name,
            "organization": application.organization_name,
            "direction": application.direction.name,
            "reference": application.reference,
        },
    )


def send_decision(application, order=None):
    if order is None:
        return post(
            application,
            _("Application %(reference)s rejected") % {"reference": application.reference},
            _("Hello, %(name)s!\n\nThe application %(reference)s has been rejected.\nReason: %(reason)s")
            % {
                "name": application.contact_name,
                "reference": application.reference,
                "reason": application.decision_reason,
            },
        )
    return post(
        application,
        _("Application %(reference)s approved") % {"reference": application.reference},
        _(
            "Hello, %(name)s!\n\n"
            "The application %(reference)s has been approved. By order No. %(number)s of %(date)s "
            "%(organization)s has the status of a resource center for the direction “%(direction)s” "
            "from %(start)s to %(end)s.\n"
            "The department will send the coordinators' accounts separately."
        )
        % {
            "name": application.contact_name,
            "reference": application.reference,
            "number": order.number,
            "date": order.date.strftime("%d.%m.%Y"),
            "organization": application.organization_name,
            "direction": application.direction.name,
            "start": order.term_start.strftime("%d.%m.%Y"),
            "end": order.term_end.strftime("%d.%m.%Y"),
        },
    )


def send_returned(application, link):
    return post(
        application,
        _("Application %(reference)s returned for revision") % {"reference": application.reference},
        _(
            "Hello, %(name)s!\n\n"
            "The application %(reference)s has been returned for revision.\n"
            "What to fix: %(request)s\n\n"
            "Correct the application and send it again by %(deadline)s (inclusive) through this link; "
            "the reference number stays the same:\n%(link)s"
        )
        % {
            "name": application.contact_name,
            "reference": application.reference,
            "request": application.revision_request,
            "deadline": application.resubmission_deadline.strftime("%d.%m.%Y"),
            "link": link,
        },
    )
