"""The organizers' certificate screens: a meeting's certificates as one ZIP, one PDF, and the reissue form.

Who may: the same people who see the event's participants (centers.events.admin_views.can_manage_participants).
"""

import io
import zipfile

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centers.certificates.fonts import CertificateFontsMissing
from centers.certificates.issuing import reissue
from centers.certificates.models import Certificate
from centers.certificates.pdf import certificate_pdf
from centers.common.admin_access import AccessDenied
from centers.common.file_names import unique_file_names
from centers.events.admin_views import can_manage_participants
from centers.events.models.occurrences import EventOccurrence
from centers.events.registration import site_root_url


def check_organizer(request, occurrence):
    if occurrence is None or not can_manage_participants(request.user, occurrence.event.specific):
        raise AccessDenied(
            _("Only the coordinators of the event's centers and moderators see its certificates.")
        )


def managed_certificate(request, certificate_id):
    certificate = get_object_or_404(
        Certificate.objects.select_related("occurrence__event"), pk=certificate_id
    )
    check_organizer(request, certificate.occurrence)
    return certificate


def participants_url(occurrence):
    return f"{reverse('centers_events:participants', args=[occurrence.event_id])}?occurrence={occurrence.pk}"


def fonts_missing_response(error):
    return HttpResponse(
        _("Certificates cannot be made on this server: %(error)s") % {"error": error},
        status=503,
        content_type="text/plain; charset=utf-8",
    )


def meeting_zip_view(request, occurrence_id):
    """Every valid certificate of the meeting, one PDF each named by number and name (made safe on any system)."""
    occurrence = get_object_or_404(EventOccurrence.objects.select_related("event"), pk=occurrence_id)
    check_organizer(request, occurrence)
    certificates = occurrence.certificates.filter(revoked_at__isnull=True).order_by("kind", "full_name")
    if not certificates:
        messages.warning(request, _("This meeting has no certificates yet."))
        return redirect(participants_url(occurrence))
    base_url = site_root_url(request)
    archive = io.BytesIO()
    try:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            stems = [f"{certificate.number} {certificate.full_name}" for certificate in certificates]
            for certificate, name in zip(certificates, unique_file_names(stems, "pdf"), strict=True):
                bundle.writestr(name, certificate_pdf(certificate, base_url))
    except CertificateFontsMissing as error:
        return fonts_missing_response(error)
    response = HttpResponse(archive.getvalue(), content_type="application/zip")
    day = occurrence.local_date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="certificates-{occurrence.event_id}-{day}.zip"'
    return response


def certificate_pdf_view(request, certificate_id):
    certificate = managed_certificate(request, certificate_id)
    try:
        body = certificate_pdf(certificate, site_root_url(request))
    except CertificateFontsMissing as error:
        return fonts_missing_response(error)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


class ReissueForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Surname, name and patronymic"), max_length=200)

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name as it should appear on the certificate."))
        return name


def reissue_view(request, certificate_id):
    """Correct the name, keep the number, send the corrected PDF to the holder."""
    certificate = managed_certificate(request, certificate_id)
    if certificate.is_revoked:
        messages.error(request, _("A revoked certificate cannot be reissued: mark the attendance first."))
        return redirect(participants_url(certificate.occurrence))
    form = ReissueForm(request.POST or None, initial={"full_name": certificate.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            sent = reissue(certificate, form.cleaned_data["full_name"], site_root_url(request))
        except CertificateFontsMissing as error:
            return fonts_missing_response(error)
        if sent:
            messages.success(
                request,
                _("The certificate was corrected and sent to %(email)s.") % {"email": certificate.email},
            )
        else:
            messages.warning(request, _("The certificate was corrected, but the letter could not be sent."))
        return redirect(participants_url(certificate.occurrence))
    return TemplateResponse(
        request,
        "centers/certificates/reissue.html",
        {"certificate": certificate, "form": form, "back_url": participants_url(certificate.occurrence)},
        status=400 if request.method == "POST" else 200,
    )
