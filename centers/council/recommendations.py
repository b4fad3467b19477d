"""«Рекомендовано к внедрению» in the admin: the department records the council's recommendation of a piloting
project, naming the meeting (and so its protocol) and the protocol's item; those who decide for the council
(centers.decide_application) record and change them, the council's experts see them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from centers.content.models import ProjectPage
from centers.lifecycle.reviews import is_decider, is_expert
from centers.piloting.models import ImplementationRecommendation


class DecidersRecordExpertsSeePolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        return is_decider(user) or (action == "view" and is_expert(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = any(self.user_has_permission(user, action) for action in actions)
        return self.model.objects.all() if allowed else self.model.objects.none()

    def users_with_any_permission(self, actions):
        raise NotImplementedError("not needed")


class RecommendationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "project" in self.fields:
            field = self.fields["project"]
            field.queryset = ProjectPage.objects.order_by("title")
            field.error_messages["invalid_choice"] = _("Choose a piloting project from the list.")

    def clean_project(self):
        project = self.cleaned_data["project"]
        others = ImplementationRecommendation.objects.filter(project=project).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("The council's recommendation of this project is already recorded.")
            )
        return project


class RecommendationViewSet(ModelViewSet):
    model = ImplementationRecommendation
    icon = "pick"
    menu_label = _("Recommended for implementation")
    menu_order = 256
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["project", "meeting", "protocol_item", "recorded_at"]
    permission_policy = DecidersRecordExpertsSeePolicy(ImplementationRecommendation)
    edit_handler = ObjectList(
        [FieldPanel("project"), FieldPanel("meeting"), FieldPanel("protocol_item"), FieldPanel("decision")],
        base_form_class=RecommendationForm,
    )
