"""/certificates/<number>/: anyone holding a certificate (or its QR code) checks that the department issued it."""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from centers.certificates.models import Certificate


@require_safe
@never_cache
def verify_certificate_view(request, number):
    """Valid (200), revoked (410) or unknown (404); never cached, so a revocation shows at once."""
    number = number.strip().upper()
    # A NUL byte (PostgreSQL refuses it in a query) or a value longer than any number finds nothing.
    known = "\x00" not in number and len(number) <= Certificate._meta.get_field("number").max_length
    certificate = Certificate.objects.filter(number=number).first() if known else None
    if certificate is None:
        status = 404
    elif certificate.is_revoked:
        status = 410
    else:
        status = 200
    return TemplateResponse(
        request,
        "centers/certificates/verify.html",
        {"certificate": certificate, "number": number},
        status=status,
    )
