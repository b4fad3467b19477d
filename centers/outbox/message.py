"""The site's letter: Django's two-part message whose attachments may carry content-type parameters.

Django takes an attachment's type as `main/sub` only; a calendar file must say `text/calendar; method=CANCEL;
charset=utf-8` (RFC 6047) so that a mail client offers to apply it. Parameters after the type are kept here; the
charset of a text part is always the letter's own (utf-8).
"""

from django.core.mail import EmailMultiAlternatives


class Letter(EmailMultiAlternatives):
    def _create_mime_attachment(self, content, mimetype):
        base, *parameters = (part.strip() for part in mimetype.split(";"))
        attachment = super()._create_mime_attachment(content, base)
        for parameter in parameters:
            name, _sep, value = parameter.partition("=")
            if name.strip().lower() != "charset" and value:
                attachment.set_param(name.strip(), value.strip().strip('"'))
        return attachment
