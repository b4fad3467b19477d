"""The letters of piloting, all through the outbox: to the school that asks, to the center's coordinators, and the
decision with the school's own link for its results."""

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from centers.outbox.letters import compose_text_letter, notify_coordinators, send_letter_now_or_later

RESULT_LINK_SALT = "centers.piloting.result-link"


def _signature(pk):
    return salted_hmac(RESULT_LINK_SALT, f"pilot-school:{pk}", algorithm="sha256").hexdigest()[:40]


def result_token(school):
    """The opaque part of a school's link for its results: «<id>-<HMAC of the id>» (never guessable, and only letters,
    digits and a hyphen, as a page's sub-route may carry)."""
    return f"{school.pk}-{_signature(school.pk)}"


def school_of_token(token):
    """The id of the school a link was made for, or None for a link that was not made here."""
    pk, _, signature = (token or "").partition("-")
    if not (pk.isascii() and pk.isdecimal() and len(pk) < 19):
        return None
    return int(pk) if constant_time_compare(signature, _signature(int(pk))) else None


def result_link(school, request=None):
    project = school.project
    return project.get_full_url(request) + project.reverse_subpage(
        "pilot_result", args=[result_token(school)]
    )


def admin_url(name, pk):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def _to_school(school, subject, body):
    send_letter_now_or_later(compose_text_letter(subject, body, [school.email]))


def request_received(school):
    project, center = school.project, school.project.center
    _to_school(
        school,
        gettext("Your request to pilot “%(project)s”") % {"project": project.title},
        gettext(
            "Hello, %(name)s!\n\nThe resource center “%(center)s” has received the request of %(organization)s to "
            "become a pilot school of the project “%(project)s”. The center's answer will come to this address.\n\n"
            "This letter was sent automatically; please do not reply to it."
        )
        % {
            "name": school.contact_name,
            "center": center.title if center else "",
            "organization": school.organization,
            "project": project.title,
        },
    )
    if center:
        notify_coordinators(
            center,
            gettext("A school asks to pilot “%(project)s”") % {"project": project.title},
            gettext(
                "%(organization)s (%(name)s) asks to become a pilot school.\n\nAccept or decline: %(url)s"
            )
            % {
                "organization": school.organization,
                "name": school.contact_name,
                "url": admin_url("pilot_schools:edit", school.pk),
            },
        )


def decision_made(school, request=None):
    project = school.project
    values = {"name": school.contact_name, "organization": school.organization, "project": project.title}
    if school.status == school.Status.ACCEPTED:
        values["link"] = result_link(school, request)
        _to_school(
            school,
            gettext("%(organization)s is a pilot school of “%(project)s”") % values,
            gettext(
                "Hello, %(name)s!\n\n%(organization)s has been accepted as a pilot school of the project "
                "“%(project)s”.\n\nSend the school's result of each stage (a short text and a file) through this "
                "link; keep it, it is your school's own:\n%(link)s\n\nA result appears on the project's page once "
                "the center has reviewed it."
            )
            % values,
        )
    elif school.status == school.Status.DECLINED:
        _to_school(
            school,
            gettext("Your request to pilot “%(project)s”") % values,
            gettext(
                "Hello, %(name)s!\n\nThe resource center cannot accept %(organization)s as a pilot school of the "
                "project “%(project)s” this time. Thank you for your interest."
            )
            % values,
        )


def result_received(result):
    project = result.school.project
    if project.center:
        notify_coordinators(
            project.center,
            gettext("A stage result of “%(project)s” awaits review") % {"project": project.title},
            gettext("%(organization)s has sent its result of the stage “%(stage)s”.\n\nReview it: %(url)s")
            % {
                "organization": result.school.organization,
                "stage": result.stage.title,
                "url": admin_url("pilot_results:edit", result.pk),
            },
        )
