"""Who handles a project's pilot schools and their results in the admin: whoever may change the project's page.

That follows Wagtail's page permissions: the center's coordinators through their group, the department's
moderators through an ancestor, superusers. Requests and results are never created in the admin.
"""

from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from centers.common.page_handling import handled_page_kind, handles_pages_of
from centers.content.models import ProjectPage

HANDLING_ACTIONS = {"change", "view"}
handled_page_kind(ProjectPage)


def projects_user_handles(user):
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProjectPage.objects.filter(pk__in=pages.values("pk"))


class ProjectScopedPolicy(BasePermissionPolicy):
    """`project_lookup` leads from the model to its ProjectPage."""

    def __init__(self, model, project_lookup):
        super().__init__(model)
        self.project_lookup = project_lookup

    def _handled(self, user):
        return self.model.objects.filter(**{f"{self.project_lookup}__in": projects_user_handles(user)})

    def user_has_permission(self, user, action):
        if not (user.is_active and action in HANDLING_ACTIONS):
            return False
        # Both menu items ask on every screen: one query per request.
        return handles_pages_of(user, ProjectPage)

    def user_has_permission_for_instance(self, user, action, instance):
        if not (user.is_active and action in HANDLING_ACTIONS):
            return False
        return user.is_superuser or self._handled(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not (user.is_active and HANDLING_ACTIONS & set(actions)):
            return self.model.objects.none()
        if user.is_superuser:
            return self.model.objects.all()
        return self._handled(user)

    def users_with_any_permission(self, actions):
        raise NotImplementedError("not needed: requests are never assigned to users")
