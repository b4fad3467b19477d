"""The texts of the consents the public forms ask for, their versions, and how a given consent is recorded.

A consent text is legal wording bound to its version: it is written here in Russian, not translated from a
catalogue, so that the version stored with a consent always identifies the exact words the person agreed to.
Changing a text means adding a new version and pointing CURRENT at it; old versions stay for the records.
"""

from django import forms
from django.utils import timezone

from centers.privacy.models import ConsentRecord

CONSENT_TEXTS = {
    ConsentRecord.Kind.PERSONAL_DATA: {
        "pd-2026-1": (
            "Я даю согласие Департаменту образования и молодёжной политики администрации города Нефтеюганска "
            "и ресурсному центру, которому адресовано обращение, на обработку моих персональных данных "
            "(фамилия, имя, отчество, должность, место работы, адрес электронной почты, телефон) "
            "с целью рассмотрения обращения и ответа на него, в соответствии с Федеральным законом "
            "от 27.07.2006 № 152-ФЗ «О персональных данных». Согласие действует до достижения цели обработки "
            "и может быть отозвано письменным заявлением."
        ),
    },
    # Registration for an event; the version is the one registrations stored before this text moved here.
    ConsentRecord.Kind.EVENT_REGISTRATION: {
        "2025-09-01": (
            "Я даю согласие Департаменту образования и молодёжной политики и ресурсному центру — организатору "
            "мероприятия на обработку моих фамилии, имени, отчества, должности, места работы, адреса электронной "
            "почты и телефона (сбор, запись, хранение, использование, удаление) в целях регистрации на мероприятие, "
            "информирования о нём и учёта посещаемости. Данные хранятся не дольше установленного срока после "
            "мероприятия и затем обезличиваются. Я могу отозвать согласие, отменив регистрацию или написав "
            "организатору."
        ),
    },
    # The contact person of an application to open a center (the text the demo's application page showed).
    ConsentRecord.Kind.APPLICATION: {
        "app-2025-09": (
            "Я даю согласие Департаменту образования и молодёжной политики администрации города Нефтеюганска "
            "на обработку моих персональных данных (фамилия, имя, отчество, должность, адрес электронной почты, "
            "телефон) в целях рассмотрения заявки на присвоение статуса ресурсного центра. Согласие действует "
            "до окончания рассмотрения заявки и может быть отозвано письменным заявлением."
        ),
    },
    ConsentRecord.Kind.PUBLICATION: {
        "pub-2026-1": (
            "Я даю согласие на распространение моих персональных данных (фамилия, имя, отчество, должность, "
            "место работы) неограниченному кругу лиц путём публикации на сайте ресурсных центров вместе "
            "с описанием педагогической практики (статья 10.1 Федерального закона № 152-ФЗ). "
            "Иные персональные данные не распространяются. Согласие может быть отозвано в любой момент "
            "по требованию, после чего публикация указанных данных прекращается."
        ),
    },
    # A subscription to new materials and events (centers/subscriptions).
    ConsentRecord.Kind.SUBSCRIPTION: {
        "sub-2026-1": (
            "Я даю согласие Департаменту образования и молодёжной политики администрации города Нефтеюганска "
            "на обработку адреса моей электронной почты (сбор, запись, хранение, использование, удаление) "
            "в целях рассылки писем о новых материалах и мероприятиях ресурсных центров, на которые я подписываюсь, "
            "в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных». Согласие "
            "действует до отписки, которая доступна по ссылке в каждом письме, и может быть отозвано в любой момент."
        ),
    },
}
CURRENT_VERSION = {
    ConsentRecord.Kind.PERSONAL_DATA: "pd-2026-1",
    ConsentRecord.Kind.PUBLICATION: "pub-2026-1",
    ConsentRecord.Kind.EVENT_REGISTRATION: "2025-09-01",
    ConsentRecord.Kind.APPLICATION: "app-2025-09",
    ConsentRecord.Kind.SUBSCRIPTION: "sub-2026-1",
}


def consent_text(kind, version=None):
    return CONSENT_TEXTS[kind][version or CURRENT_VERSION[kind]]


def consent_field(kind, error_message):
    """A checkbox of its own for one consent, labelled with the full current text (152-FZ: never bundled)."""
    return forms.BooleanField(
        label=consent_text(kind), required=True, error_messages={"required": error_message}
    )


def record_consents(kinds, *, email, subject, ip_address, name="", given_at=None):
    """Stores one ConsentRecord per consent kind given, with the current text version, time and IP.

    Call it inside the transaction that stores `subject`, so that a refused submission leaves no consent behind.
    """
    now = given_at or timezone.now()
    return ConsentRecord.objects.bulk_create(
        ConsentRecord(
            kind=kind,
            text_version=CURRENT_VERSION[kind],
            given_at=now,
            ip_address=ip_address,
            email=email,
            name=name,
            subject=subject,
        )
        for kind in kinds
    )


def consent_context(kind):
    """The consent text a form shows and the version stored with what is sent."""
    return {"consent_version": CURRENT_VERSION[kind], "consent_text": consent_text(kind)}
