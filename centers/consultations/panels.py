"""The consultations' dashboard panel (the newest unanswered requests of the centers the user handles) and the
request's panel that publishes it as a question and answer."""

from django.db.models import Count, Window
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from centers.consultations.publishing import can_publish, existing_question

PANEL_ROWS = 5


class NewConsultationRequestsPanel(Component):
    """On the dashboard of whoever handles requests: the newest unanswered ones of their centers."""

    name = "new_consultation_requests"
    template_name = "centers/consultations/consultation_requests_panel.html"
    order = 155

    def __init__(self, requests):
        self.requests = requests

    def get_context_data(self, parent_context):
        # The newest rows and how many there are in all, in one query.
        rows = list(self.requests.select_related("center").annotate(total=Window(Count("pk")))[:PANEL_ROWS])
        return {"requests": rows, "total": rows[0].total if rows else 0}


class PublishAsQuestionPanel(Panel):
    """On the request's edit view, below the answer: the way to publish it for every teacher, in plain sight."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "centers/consultations/publish_as_question_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            saved = instance is not None and instance.pk is not None
            context["consultation"] = instance
            context["can_publish"] = saved and can_publish(instance)
            context["existing"] = existing_question(instance) if saved else None
            return context
