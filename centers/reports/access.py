"""Who sees which report in the admin: the department every center's, a coordinator only their own centers'."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from centers.directory.models import CenterPage
from centers.roles.provisioning import coordinator_centers

# The department's right to decide on applications: held by its moderators (centers.roles) and superusers.
DEPARTMENT_PERMISSION = "centers.decide_application"


def is_department(user):
    return user.has_perm(DEPARTMENT_PERMISSION)


def require_department(request):
    if not is_department(request.user):
        raise PermissionDenied


def center_for(request, page_pk):
    """The center if the user may see its numbers: 404 when there is none, 403 when it is not theirs."""
    center = get_object_or_404(CenterPage.objects.select_related("organization", "direction"), pk=page_pk)
    if is_department(request.user):
        return center
    if not coordinator_centers(request.user).filter(pk=center.pk).exists():
        raise PermissionDenied
    return center
