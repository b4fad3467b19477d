"""The letters of piloting, all through the outbox: to the school that asks, to the center's coordinators, and the
decision with the school's own link for its results.

That link carries an opaque token (centers.privacy.person_links): neither the school's number nor its e-mail. It
works for RESULT_LINK_LIFETIME, or until RESULT_LINK_AFTER_PROJECT after the project's last stage ends when that is
later. A link of the earlier kind («<id>-<HMAC of the id>», no end) no longer opens the form: it answers 410, and
the school gets a new link by e-mail at the address of its request (at most once a day)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from centers.outbox.letters import compose_text_letter, notify_coordinators, send_letter_now_or_later
from centers.privacy.person_links import PersonLink, issue_link

RESULT_LINK_SALT = "centers.piloting.result-link"  # links made before tokens
RESULT_LINK_LIFETIME = datetime.timedelta(days=400)
RESULT_LINK_AFTER_PROJECT = datetime.timedelta(days=90)  # to send the last stage's result
NEW_LINK_EVERY = datetime.timedelta(days=1)


def _signature(pk):
    return salted_hmac(RESULT_LINK_SALT, f"pilot-school:{pk}", algorithm="sha256").hexdigest()[:40]


def legacy_school_id(token):
    """The id of the school a link of the earlier kind («<id>-<HMAC>») was made for, or None."""
    pk, _, signature = (token or "").partition("-")
    if not (pk.isascii() and pk.isdecimal() and len(pk) < 19 and len(signature) == 40):
        return None
    return int(pk) if constant_time_compare(signature, _signature(int(pk))) else None


def result_link_end(school):
    """400 days from now, or 90 days after the project's last stage ends if every stage has an end and that is
    later: a link must outlast the project a school reports on."""
    end = timezone.now() + RESULT_LINK_LIFETIME
    ends = list(school.project.stages.values_list("end_date", flat=True))
    if ends and None not in ends:
        last = datetime.datetime.combine(max(ends), datetime.time.max, tzinfo=timezone.get_current_timezone())
        end = max(end, last + RESULT_LINK_AFTER_PROJECT)
    return end


def result_token(school):
    """A new opaque token for a school's link to its results form."""
    return issue_link(PersonLink.Purpose.PILOT_RESULT, result_link_end(school), object_id=school.pk)


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


def result_link_letter(school, request=None):
    """The accepted school's letter with a new link (also sent when a link of the earlier kind is opened)."""
    values = {
        "name": school.contact_name,
        "organization": school.organization,
        "project": school.project.title,
        "link": result_link(school, request),
    }
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


def send_new_result_link(school, request=None):
    """A new link for a school that opened one of the earlier kind; at most once a day. Returns whether it went."""
    recent = PersonLink.objects.filter(
        purpose=PersonLink.Purpose.PILOT_RESULT,
        object_id=school.pk,
        created_at__gt=timezone.now() - NEW_LINK_EVERY,
    )
    if recent.exists():
        return False
    result_link_letter(school, request)
    return True


def decision_made(school, request=None):
    project = school.project
    values = {"name": school.contact_name, "organization": school.organization, "project": project.title}
    if school.status == school.Status.ACCEPTED:
        result_link_letter(school, request)
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
