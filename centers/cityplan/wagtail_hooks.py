"""The city's plan in Wagtail's admin: invitations (menu, views), the warning after saving an event, the
coordinators' dashboard panel."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem

from centers.cityplan import admin_urls
from centers.cityplan.panels import CoordinatorClashesPanel, event_clashes
from centers.events.models import EventPage
from centers.roles.provisioning import coordinator_centers


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("city-plan/", include(admin_urls, namespace="centers_cityplan"))]


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return coordinator_centers(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_invitations_menu_item():
    return CoordinatorsMenuItem(
        gettext_lazy("Co-organizing"), reverse("centers_cityplan:invitations"), icon_name="group", order=320
    )


@hooks.register("construct_homepage_panels")
def add_clashes_panel(request, panels):
    centers = list(coordinator_centers(request.user).order_by("title"))
    if centers:
        panels.append(CoordinatorClashesPanel(centers))


def warn_of_clashes(request, page):
    """After saving an event: the clashes as a warning message (the save itself went through)."""
    page = page.specific
    if not isinstance(page, EventPage):
        return
    latest = page.get_latest_revision_as_object()
    found = event_clashes(latest)
    if found:
        messages.warning(
            request,
            ngettext(
                "This event overlaps %(count)s meeting of another center for the same audience: %(list)s",
                "This event overlaps %(count)s meetings of other centers for the same audience: %(list)s",
                len(found),
            )
            % {
                "count": len(found),
                "list": "; ".join(
                    f"«{other.event.title}» ({other.center.title if other.center else ''})"
                    for _own, other in found[:5]
                ),
            },
        )


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    warn_of_clashes(request, page)


@hooks.register("after_create_page")
def warn_after_create(request, page):
    warn_of_clashes(request, page)


@hooks.register("after_copy_page")
def ask_to_invite_co_organizers_again(request, page, new_page):
    """A copy is a new event: its co-organizers must agree again, so it starts without them and says whom to invite."""
    source = page.specific
    if not isinstance(source, EventPage):
        return
    names = [center.title for center in source.co_organizers.order_by("title")]
    if names:
        admin_messages.info(
            request,
            gettext(
                "Co-organizers are not copied: invite them to the copy if they take part again (%(centers)s)."
            )
            % {"centers": ", ".join(f"«{name}»" for name in names)},
            buttons=[
                admin_messages.button(
                    reverse("centers_cityplan:invite", args=[new_page.pk]),
                    gettext("Invite a center to co-organize"),
                )
            ],
        )
