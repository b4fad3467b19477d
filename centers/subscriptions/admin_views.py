"""The department's list of subscribers: read-only, searchable by e-mail, counted by status; never public."""

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from centers.common.admin_display import ReadableInspectView, YesNoColumn
from centers.subscriptions.models import Subscription


class SubscriptionIndexView(generic.IndexView):
    def get_context_data(self, **kwargs):
        """The counts by status above the list, so the department sees how many confirmed and how many wait."""
        context = super().get_context_data(**kwargs)
        counts = dict(Subscription.objects.values_list("status").annotate(total=Count("pk")))
        context["status_counts"] = [
            (label, counts.get(value, 0)) for value, label in Subscription.Status.choices
        ]
        return context


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = _("Subscribers")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = SubscriptionIndexView
    index_template_name = "centers/subscriptions/admin_index.html"
    search_fields = ["email"]
    list_filter = ["status", "wants_materials", "wants_events"]
    list_display = [
        "email",
        Column("status", label=capfirst(_("status")), accessor="get_status_display"),
        YesNoColumn("wants_materials", label=capfirst(_("new materials"))),
        YesNoColumn("wants_events", label=capfirst(_("upcoming events"))),
        DateColumn("created_at", label=capfirst(_("subscribed at"))),
        DateColumn("last_digest_at", label=capfirst(_("last digest sent at"))),
    ]
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    copy_view_enabled = False
    form_fields = ["status"]
