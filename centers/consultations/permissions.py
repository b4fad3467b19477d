"""Who handles a consultation request in the admin: whoever may change its center's page.

That follows Wagtail's page permissions: the center's coordinators through their group, the department's
moderators through an ancestor, superusers. Requests are never created in the admin.
"""

from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from centers.common.page_handling import handled_page_kind, handles_pages_of
from centers.consultations.models import ConsultationRequest
from centers.directory.models import CenterPage

HANDLING_ACTIONS = {"change", "view", "delete"}
handled_page_kind(CenterPage)


def centers_user_handles(user):
    """The center pages the user may change, as Wagtail's page permissions say (inherited down the tree)."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return CenterPage.objects.filter(pk__in=pages.values("pk"))


class ConsultationPermissionPolicy(BasePermissionPolicy):
    """Requests are never created in the admin; they may be seen, answered and deleted by the center's editors."""

    def user_has_permission(self, user, action):
        if not (user.is_active and action in HANDLING_ACTIONS):
            return False
        return handles_pages_of(user, CenterPage)  # the menu asks on every screen: once per request

    def user_has_permission_for_instance(self, user, action, instance):
        if not (user.is_active and action in HANDLING_ACTIONS):
            return False
        return user.is_superuser or centers_user_handles(user).filter(pk=instance.center_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not (user.is_active and HANDLING_ACTIONS & set(actions)):
            return self.model.objects.none()
        if user.is_superuser:
            return self.model.objects.all()
        return self.model.objects.filter(center__in=centers_user_handles(user))

    def users_with_any_permission(self, actions):
        raise NotImplementedError("not needed: requests are never assigned to users")


permission_policy = ConsultationPermissionPolicy(ConsultationRequest)
