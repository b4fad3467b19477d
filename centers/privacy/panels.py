"""An admin panel that shows the consents recorded for the object being edited (what, which text, when, from where)."""

from django.contrib.contenttypes.models import ContentType
from wagtail.admin.panels import Panel

from centers.privacy.models import ConsentRecord


class ConsentRecordsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "centers/privacy/consent_records_panel.html"

        def get_context_data(self, parent_context=None):
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
