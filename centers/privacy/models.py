"""Consents to personal-data processing (152-FZ): the operator and the texts the department edits (PrivacySettings),
every version of a text as it was agreed to (ConsentText), one record per checkbox ticked (ConsentRecord)."""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from centers.common.kept import forget_site_structure
from centers.privacy.panels import ConsentVersionsPanel


class ConsentRecord(models.Model):
    class Kind(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Processing of personal data")
        PUBLICATION = "publication", _("Publication of the author's name")
        EVENT_REGISTRATION = "event_registration", _("Processing of personal data for an event registration")
        APPLICATION = "application", _("Processing of personal data in an application to open a center")
        SUBSCRIPTION = "subscription", _("Processing of the e-mail address for a subscription")

    kind = models.CharField(_("kind of consent"), max_length=30, choices=Kind.choices)
    text_version = models.CharField(_("version of the consent text"), max_length=30)
    given_at = models.DateTimeField(_("given at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    # 152-FZ art. 9 p. 2: the person withdrew the consent (from their record, centers.records); kept as proof.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # What the consent was given for: a practice page, a consultation request, a registration, an application.
    # A registration's record outlives the registration's anonymization as proof of consent (see
    # purge_registrations), so the object it names may be blanked or gone; the record keeps e-mail and name.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.get_kind_display()} {self.text_version} ({self.email})"


class ConsentText(models.Model):
    """One version of a consent's wording, exactly as people agreed to it; a ConsentRecord names it by version.

    Rows are written, never changed: PrivacySettings adds one whenever the text it renders for a kind differs from
    every version kept, so a record's `text_version` always leads to the words the person saw.
    """

    kind = models.CharField(_("kind of consent"), max_length=30, choices=ConsentRecord.Kind.choices)
    version = models.CharField(_("version"), max_length=30)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("in force since"), default=timezone.now)

    class Meta:
        ordering = ["kind", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consent_text_version_unique")
        ]
        verbose_name = _("consent text version")
        verbose_name_plural = _("consent text versions")

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"

    @classmethod
    def for_text(cls, kind, text):
        """The version whose words are `text` (the newest, should a text come back), made now if there is none."""
        found = cls.objects.filter(kind=kind, text=text).order_by("-created_at", "-pk").first()
        if found is not None:
            return found
        base = timezone.localdate().isoformat()
        for attempt in range(1, 100):
            version = base if attempt == 1 else f"{base}-{attempt}"
            if cls.objects.filter(kind=kind, version=version).exists():
                continue
            try:
                with transaction.atomic():
                    return cls.objects.create(kind=kind, version=version, text=text)
            except IntegrityError:  # the same version made at the same moment by another request
                found = cls.objects.filter(kind=kind, text=text).first()
                if found is not None:
                    return found
        raise RuntimeError(f"No free version for the consent text {kind} on {base}")


def default_operator_name():
    """Until the department fills it in: the department's name the site is configured with, if any."""
    return getattr(settings, "CENTERS_DEPARTMENT_NAME", "")


OPERATOR_SENTENCE = "Оператор персональных данных: {operator}, адрес: {address}. "
LAW = "в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных»"
# The texts a new installation starts with (legal wording in Russian, like every version after it): they name no
# operator, the placeholders bring in the one the department enters.
DEFAULT_TEXTS = {
    ConsentRecord.Kind.PERSONAL_DATA: OPERATOR_SENTENCE
    + "Я даю согласие оператору и ресурсному центру, которому адресовано обращение, на обработку моих "
    "персональных данных (фамилия, имя, отчество, должность, место работы, адрес электронной почты, телефон) "
    f"с целью рассмотрения обращения и ответа на него, {LAW}. Согласие действует до достижения цели обработки "
    "и может быть отозвано письменным заявлением оператору.",
    ConsentRecord.Kind.EVENT_REGISTRATION: OPERATOR_SENTENCE
    + "Я даю согласие оператору и ресурсному центру — организатору мероприятия на обработку моих фамилии, имени, "
    "отчества, должности, места работы, адреса электронной почты и телефона (сбор, запись, хранение, "
    "использование, удаление) в целях регистрации на мероприятие, информирования о нём и учёта посещаемости, "
    f"{LAW}. Данные хранятся не дольше установленного срока после мероприятия и затем обезличиваются. "
    "Я могу отозвать согласие, отменив регистрацию или написав организатору.",
    ConsentRecord.Kind.APPLICATION: OPERATOR_SENTENCE
    + "Я даю согласие оператору на обработку моих персональных данных (фамилия, имя, отчество, должность, адрес "
    "электронной почты, телефон) в целях рассмотрения заявки на присвоение статуса ресурсного центра, "
    f"{LAW}. Согласие действует до окончания рассмотрения заявки и может быть отозвано письменным заявлением "
    "оператору.",
    ConsentRecord.Kind.PUBLICATION: OPERATOR_SENTENCE
    + "Я даю согласие оператору на распространение моих персональных данных (фамилия, имя, отчество, должность, "
    "место работы) неограниченному кругу лиц путём публикации на сайте ресурсных центров вместе с описанием "
    "педагогической практики (статья 10.1 Федерального закона № 152-ФЗ). Иные персональные данные "
    "не распространяются. Согласие может быть отозвано в любой момент по требованию, после чего публикация "
    "указанных данных прекращается.",
    ConsentRecord.Kind.SUBSCRIPTION: OPERATOR_SENTENCE
    + "Я даю согласие оператору на обработку адреса моей электронной почты (сбор, запись, хранение, "
    "использование, удаление) в целях рассылки писем о новых материалах и мероприятиях ресурсных центров, "
    f"на которые я подписываюсь, {LAW}. Согласие действует до отписки, которая доступна по ссылке в каждом "
    "письме, и может быть отозвано в любой момент.",
}
# The setting's field holding each kind's text.
TEXT_FIELDS = {
    ConsentRecord.Kind.PERSONAL_DATA: "personal_data_text",
    ConsentRecord.Kind.EVENT_REGISTRATION: "event_registration_text",
    ConsentRecord.Kind.APPLICATION: "application_text",
    ConsentRecord.Kind.PUBLICATION: "publication_text",
    ConsentRecord.Kind.SUBSCRIPTION: "subscription_text",
}
PLACEHOLDERS = {"operator": "operator_name", "address": "operator_address", "email": "operator_email"}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
EMPTY_VALUE = "—"


def consent_text_field(kind, label):
    return models.TextField(
        label,
        default=DEFAULT_TEXTS[kind],
        help_text=_(
            "{operator}, {address} and {email} are replaced with the operator's data above. Any change to the "
            "text or to that data makes a new version; consents already given keep the version they were given "
            "under."
        ),
    )


@register_setting(icon="lock")
class PrivacySettings(BaseGenericSetting):
    """The personal-data operator and the consent texts the public forms show (152-FZ), edited by the department.

    One for the installation, not per site: the operator is one legal body, a consent's version is one across the
    sites, and forms and letters built without a request (background jobs, form classes) read it all the same.
    """

    operator_name = models.CharField(
        _("operator's full name"),
        max_length=300,
        default=default_operator_name,
        help_text=_("The organization processing personal data, as in its charter."),
    )
    operator_address = models.CharField(_("operator's address"), max_length=500, blank=True)
    operator_email = models.EmailField(
        _("operator's e-mail"), blank=True, help_text=_("Where people may write, e.g. to withdraw a consent.")
    )
    personal_data_text = consent_text_field(
        ConsentRecord.Kind.PERSONAL_DATA, _("consent for consultation requests and practices")
    )
    event_registration_text = consent_text_field(
        ConsentRecord.Kind.EVENT_REGISTRATION, _("consent for event registrations")
    )
    application_text = consent_text_field(
        ConsentRecord.Kind.APPLICATION, _("consent for applications to open a center")
    )
    publication_text = consent_text_field(
        ConsentRecord.Kind.PUBLICATION, _("consent to publish a practice author's name")
    )
    subscription_text = consent_text_field(ConsentRecord.Kind.SUBSCRIPTION, _("consent for subscriptions"))

    panels = [
        MultiFieldPanel(
            [FieldPanel("operator_name"), FieldPanel("operator_address"), FieldPanel("operator_email")],
            heading=_("Personal data operator"),
        ),
        MultiFieldPanel([FieldPanel(field) for field in TEXT_FIELDS.values()], heading=_("Consent texts")),
        ConsentVersionsPanel(heading=_("Versions of the consent texts")),
    ]

    class Meta:
        verbose_name = _("personal data and consents")

    def text_template(self, kind):
        return getattr(self, TEXT_FIELDS[kind])

    def rendered_text(self, kind):
        """The consent text of `kind` with the operator's data in place of its placeholders."""
        values = {
            name: (getattr(self, field) or "").strip() or EMPTY_VALUE for name, field in PLACEHOLDERS.items()
        }
        return PLACEHOLDER.sub(
            lambda match: values.get(match.group(1), match.group(0)), self.text_template(kind)
        ).strip()

    def current_text(self, kind):
        """The ConsentText version a form shows and a consent given now is recorded with."""
        return ConsentText.for_text(kind, self.rendered_text(kind))

    def clean(self):
        super().clean()
        errors = {}
        for field in TEXT_FIELDS.values():
            unknown = sorted(set(PLACEHOLDER.findall(getattr(self, field) or "")) - set(PLACEHOLDERS))
            if unknown:
                errors[field] = _("Unknown placeholder: %(names)s. Use {operator}, {address} or {email}.") % {
                    "names": ", ".join("{" + name + "}" for name in unknown)
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """Saved, every text that now reads differently gets its new version at once (dated today)."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            for kind in TEXT_FIELDS:
                self.current_text(kind)
            # The forms keep the versions in force (centers.privacy.consent): forgotten now, and again once this
            # is committed, in case another worker kept the old ones in between.
            forget_site_structure()
            transaction.on_commit(forget_site_structure)
