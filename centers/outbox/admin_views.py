"""The department's screen of failed letters: who, what, why and when, and a button to put one back in the queue.

Who may: the department (the right to decide on applications: its moderators and superusers), as for its reports.
admin_urls puts the views behind forbidden_is_403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from centers.outbox.delivery import failed_letters, resend
from centers.outbox.models import OutgoingLetter

# The department's right (centers.lifecycle); named here because the outbox stands below the capabilities.
DEPARTMENT_PERMISSION = "centers.decide_application"
LETTERS_PER_PAGE = 50


def is_department(user):
    return user.has_perm(DEPARTMENT_PERMISSION)


def require_department(request):
    if not is_department(request.user):
        raise PermissionDenied


def failed_letters_view(request):
    require_department(request)
    page = Paginator(failed_letters(), LETTERS_PER_PAGE).get_page(request.GET.get("p"))
    waiting = OutgoingLetter.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, attempts__gt=0
    ).count()
    return TemplateResponse(
        request,
        "centers/outbox/admin/failed_letters.html",
        {"letters": page, "waiting": waiting},
    )


def resend_view(request, letter_id):
    require_department(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    letter = get_object_or_404(OutgoingLetter, pk=letter_id)
    if resend(letter):
        messages.success(
            request,
            _(
                "The letter “%(subject)s” to %(recipients)s is back in the queue and goes with the next sending."
            )
            % {"subject": letter.subject, "recipients": ", ".join(letter.recipients)},
        )
    else:
        messages.warning(request, _("This letter is no longer among the failed ones."))
    return redirect(reverse("centers_outbox:failed_letters"))
