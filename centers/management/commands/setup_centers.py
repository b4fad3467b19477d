"""Give a host site the add-on's sections and the department's roles: `manage.py setup_centers`, safe to repeat."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.models import Site

from centers.cityplan.models import CityPlanPage
from centers.common.slugs import transliterated_slug, unique_child_slug
from centers.communities.models import CommunityIndexPage
from centers.directory.models import CenterIndexPage
from centers.events.models import CalendarPage
from centers.library.models import LibraryPage
from centers.lifecycle.models import ApplicationPage
from centers.roles.provisioning import centers_collection, ensure_department_roles

# The sections a host's home page holds, in menu order: (page type, slug, title, introduction). Titles follow the
# host's LANGUAGE_CODE; slugs are translatable too and always end up in Latin letters (as the admin makes them).
SECTIONS = [
    (
        CenterIndexPage,
        pgettext_lazy("URL slug of a section", "centers"),
        gettext_lazy("Resource centers"),
        gettext_lazy("Organizations that hold the status of a resource center by the department's order."),
    ),
    (
        LibraryPage,
        pgettext_lazy("URL slug of a section", "library"),
        gettext_lazy("Methodological library"),
        gettext_lazy("Search across the materials, practices, events and news of every resource center."),
    ),
    (
        CalendarPage,
        pgettext_lazy("URL slug of a section", "calendar"),
        gettext_lazy("Calendar of events"),
        gettext_lazy(
            "Events of every resource center: conferences, seminars, workshops, community meetings."
        ),
    ),
    (
        CityPlanPage,
        pgettext_lazy("URL slug of a section", "plan"),
        gettext_lazy("The city's plan"),
        gettext_lazy(
            "Every center's plan and events of the academic year by month: where they overlap and which months "
            "and audiences nobody serves yet."
        ),
    ),
    (
        CommunityIndexPage,
        pgettext_lazy("URL slug of a section", "communities"),
        gettext_lazy("City subject communities"),
        gettext_lazy("Communities of the city's teachers that the resource centers support."),
    ),
    (
        ApplicationPage,
        pgettext_lazy("URL slug of a section", "application"),
        gettext_lazy("Application to open a resource center"),
        gettext_lazy(
            "<p>An educational organization applies to the department's expert council, attaching the application "
            "signed by its head (PDF).</p>"
        ),
    ),
]
# Types the add-on expects once in the whole tree (the directory: provisioning and the menus look it up so).
ONE_IN_THE_TREE = {CenterIndexPage, LibraryPage, CalendarPage, CityPlanPage, ApplicationPage}


def existing_section(model, home):
    found = model.objects.descendant_of(home).order_by("path").first()
    if found is None and model in ONE_IN_THE_TREE:
        found = model.objects.order_by("path").first()
    return found


def create_section(model, home, slug, title, intro):
    slug = transliterated_slug(slug) or model._meta.model_name
    if home.get_children().filter(slug=slug).exists():  # a page of the host holds the address already
        slug = unique_child_slug(home, slug)
    page = model(title=title, slug=slug, intro=intro, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = (
        "Creates what the add-on needs in a Wagtail site and is missing: the sections under the default site's "
        "home page (directory of centers, library, calendar, communities, application page), the department's "
        "groups, moderation workflow and collection. Prints what it created or found; safe to run again."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            refused = self.set_up()
            if refused:  # after the transaction: what could be created stays
                raise CommandError(
                    _("Add the type of the home page to CENTERS_SECTION_PARENT_PAGE_TYPES for: %(names)s")
                    % {"names": ", ".join(refused)}
                )

    @transaction.atomic
    def set_up(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError(_("No default Wagtail site: create one (Settings > Sites) and run again."))
        home = site.root_page.specific
        self.stdout.write(
            _("Home page of the default site: %(title)s (%(type)s)")
            % {
                "title": home.title,
                "type": home._meta.label,
            }
        )
        refused = []
        for model, slug, title, intro in SECTIONS:
            name = model._meta.verbose_name
            page = existing_section(model, home)
            if page is not None:
                self.report(_("found"), name, page)
                continue
            if not model.can_create_at(home):
                refused.append(str(name))
                self.stderr.write(
                    _(
                        "not created: %(name)s may not stand under %(type)s (CENTERS_SECTION_PARENT_PAGE_TYPES)"
                    )
                    % {"name": name, "type": home._meta.label}
                )
                continue
            self.report(_("created"), name, create_section(model, home, str(slug), str(title), str(intro)))

        # The directory exists now: the department's workflow is assigned to it as well.
        moderators, experts, workflow = ensure_department_roles()
        self.stdout.write(_("group: %(name)s") % {"name": moderators.name})
        self.stdout.write(_("group: %(name)s") % {"name": experts.name})
        self.stdout.write(_("workflow: %(name)s") % {"name": workflow.name})
        self.stdout.write(_("collection: %(name)s") % {"name": centers_collection().name})
        return refused

    def report(self, what, name, page):
        self.stdout.write(
            _("%(what)s: %(name)s “%(title)s” at %(path)s")
            % {"what": what, "name": name, "title": page.title, "path": page.url or page.url_path}
        )
