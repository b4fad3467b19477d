"""Admin panels: the consents recorded for the object being edited (what, which text, when, from where), and the
versions of the consent texts under the settings that edit them."""

from django.contrib.contenttypes.models import ContentType
from wagtail.admin.panels import Panel


class ConsentRecordsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "centers/privacy/consent_records_panel.html"

        def get_context_data(self, parent_context=None):
            from centers.privacy.models import ConsentRecord

            context = super().get_context_data(parent_context)
            instance = self.instance
            context["consents"] = (
                ConsentRecord.objects.filter(
                    content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
                )
                if instance is not None and instance.pk
                else []
            )
            return context


class ConsentVersionsPanel(Panel):
    """Every version of every consent text, newest first, the current one marked: what a record's version means."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "centers/privacy/consent_versions_panel.html"

        def get_context_data(self, parent_context=None):
            from centers.privacy.models import TEXT_FIELDS, ConsentText

            context = super().get_context_data(parent_context)
            versions = list(ConsentText.objects.all())
            current = set()
            if self.instance is not None and self.instance.pk:
                rendered = {kind: self.instance.rendered_text(kind) for kind in TEXT_FIELDS}
                for version in versions:  # ordered newest first within a kind
                    if version.kind not in current and version.text == rendered[version.kind]:
                        current.add(version.kind)
                        version.is_current = True
            context["versions"] = versions
            return context
