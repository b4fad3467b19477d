"""Who may do what: the department's groups, the moderation workflow and per-center provisioning.

Everything here is expressed in Wagtail's own mechanisms (groups, GroupPagePermission, GroupCollectionPermission,
Workflow with a GroupApprovalTask), so the admin shows and enforces it; nothing here checks a permission itself.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permissions import page_permission_policy

from centers.common.slugs import unique_child_slug
from centers.directory.models import CenterIndexPage, CenterPage

# The names of what the add-on creates (groups, the workflow and its task, the collection) are data the admin shows:
# each is created in the language active then (the site's LANGUAGE_CODE when none is, as during migrate) and found
# again under any of its names (`names_of`), so a site whose admins use several languages never gets a second one.
# Compared with a plain string, each constant reads as the name in the active language.
_MESSAGE_IDS = {}


def translatable_name(msgid):
    """A lazy translation of `msgid` whose message id `message_id` can tell."""
    name = gettext_lazy(msgid)
    _MESSAGE_IDS[id(name)] = msgid
    return name


MODERATORS_GROUP = translatable_name(gettext_noop("Department: moderators"))
EXPERT_COUNCIL_GROUP = translatable_name(gettext_noop("Expert council"))
COORDINATORS_GROUP = gettext_noop("Coordinators: %(organization)s")
WORKFLOW_NAME = translatable_name(gettext_noop("Department moderation"))
TASK_NAME = translatable_name(gettext_noop("Review by a department moderator"))
CENTERS_COLLECTION = translatable_name(gettext_noop("Resource centers"))
# What versions before the names were translated called them (Russian only): an existing site keeps finding its own.
FORMER_NAMES = {
    "Department: moderators": "Департамент: модераторы",
    "Expert council": "Экспертный совет",
    "Department moderation": "Модерация департамента",
    "Review by a department moderator": "Проверка модератором департамента",
    "Resource centers": "Ресурсные центры",
}

ACCESS_ADMIN = "wagtailadmin.access_admin"
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COORDINATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
CLOSED_TERM_FIELDS = {"term_start", "term_end", "order_number", "order_date"}
MODERATOR_MEDIA_PERMISSIONS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtailimages.choose_image",
]
COORDINATOR_MEDIA_PERMISSIONS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
]
# Reference snippets the moderators curate; models that a branch has not brought yet are skipped.
REFERENCE_MODELS = ["organization", "direction", "subject", "educationlevel", "materialtype", "eventformat"]
# Model permissions the moderators and the expert council get on models other capabilities add
# ("app_label.codename"); absent ones are skipped, so each capability only appends its own names here.
EXTRA_MODERATOR_PERMISSIONS: list[str] = [
    # lifecycle: decisions, orders and the review criteria
    "centers.decide_application",
    "centers.view_application",
    "centers.add_reviewcriterion",
    "centers.change_reviewcriterion",
    "centers.delete_reviewcriterion",
    "centers.view_reviewcriterion",
    # subscriptions: the list of subscribers (removing one on request)
    "centers.view_subscription",
    "centers.delete_subscription",
    # the department runs its own site: redirects (wagtail.contrib.redirects)
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
    "centers.change_privacysettings",  # privacy: the data operator and the consent texts (docs/privacy.md)
]
EXTRA_EXPERT_PERMISSIONS: list[str] = [
    "centers.review_application",  # lifecycle
]


def message_id(name):
    """The untranslated message id of a name constant (made by `translatable_name`, or a plain message id)."""
    return _MESSAGE_IDS.get(id(name), name)


def creation_language():
    """The language a new name is written in: the active one, else the site's (management commands run without)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def name_in_creation_language(name, **params):
    with translation.override(creation_language()):
        text = _(message_id(name))
    return text % params if params else text


def name_languages():
    """The languages a name may have been created in: the active and the site's, and any the site offers."""
    languages = {translation.get_language(), settings.LANGUAGE_CODE}
    for setting in ("LANGUAGES", "WAGTAILADMIN_PERMITTED_LANGUAGES"):
        if settings.is_overridden(setting):  # Django's and Wagtail's defaults list every language they know
            languages.update(code for code, _name in getattr(settings, setting))
    return sorted(language for language in languages if language)


def names_of(name):
    """Every name the object `name` stands for may carry: its message id, its translations, its former name."""
    msgid = message_id(name)
    names = {msgid, FORMER_NAMES.get(msgid, msgid)}
    for language in name_languages():
        with translation.override(language):
            names.add(_(msgid))
    return sorted(names)


def department_group_names():
    """The names of the department's own groups (moderators, expert council), in every language they may have."""
    return [*names_of(MODERATORS_GROUP), *names_of(EXPERT_COUNCIL_GROUP)]


def named(queryset, name):
    """The oldest object of `queryset` that carries one of the names of `name`, or None."""
    return queryset.filter(name__in=names_of(name)).order_by("pk").first()


def permission(name):
    """The Permission for "app_label.codename", or None when the model is not installed."""
    app_label, codename = name.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def permissions(names):
    return [found for found in map(permission, names) if found is not None]


def reference_permissions():
    names = []
    for model_name in REFERENCE_MODELS:
        if any(m._meta.model_name == model_name for m in apps.get_app_config("centers").get_models()):
            names += [f"centers.{action}_{model_name}" for action in ("add", "change", "delete", "view")]
    return permissions(names)


def grant_page_permissions(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission(f"wagtailcore.{codename}")
        )


def grant_collection_permissions(group, collection, names):
    for found in permissions(names):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=found)


def host_moderator_permissions():
    """The host site's own models the moderators manage (e.g. its settings): CENTERS_MODERATOR_PERMISSIONS."""
    return list(getattr(settings, "CENTERS_MODERATOR_PERMISSIONS", []))


def make_sure_permissions_exist():
    """Django creates model permissions after all migrations; roles may be set up earlier (post_migrate order)."""
    host_labels = {name.split(".", 1)[0] for name in host_moderator_permissions()}
    for label in ("wagtailcore", "wagtaildocs", "wagtailimages", "wagtailredirects", "centers", *host_labels):
        if label in apps.app_configs:
            create_permissions(apps.get_app_config(label), verbosity=0)


def named_or_created(model, name):
    return named(model.objects.all(), name) or model.objects.create(name=name_in_creation_language(name))


def moderators_group():
    return named_or_created(Group, MODERATORS_GROUP)


def expert_council_group():
    return named_or_created(Group, EXPERT_COUNCIL_GROUP)


def moderation_workflow():
    """The department's workflow: one group approval task for the moderators."""
    workflow = named_or_created(Workflow, WORKFLOW_NAME)
    task = named_or_created(GroupApprovalTask, TASK_NAME)
    task.groups.add(moderators_group())
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_moderation(page, workflow=None):
    """Every page under `page` (the directory of centers) goes through the department's moderation."""
    workflow = workflow or moderation_workflow()
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


def centers_collection():
    # Wagtail's migration makes the root collection; a flushed database (transactional tests) lacks it.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = named(root.get_children(), CENTERS_COLLECTION)
    return existing or root.add_child(name=name_in_creation_language(CENTERS_COLLECTION))


@transaction.atomic
def ensure_department_roles():
    """Create or complete the department's groups, their rights and the moderation workflow; safe to repeat."""
    make_sure_permissions_exist()
    moderators = moderators_group()
    moderators.permissions.add(
        *permissions([ACCESS_ADMIN, *EXTRA_MODERATOR_PERMISSIONS, *host_moderator_permissions()]),
        *reference_permissions(),
    )
    root_page = Page.get_first_root_node()
    if root_page is not None:
        grant_page_permissions(moderators, root_page, MODERATOR_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:  # a flushed database (transactional tests) has neither root
        grant_collection_permissions(moderators, root_collection, MODERATOR_MEDIA_PERMISSIONS)

    experts = expert_council_group()
    experts.permissions.add(*permissions([ACCESS_ADMIN, *EXTRA_EXPERT_PERMISSIONS]))

    workflow = moderation_workflow()
    for directory in CenterIndexPage.objects.all():
        assign_moderation(directory, workflow)
    return moderators, experts, workflow


def coordinators_group(center):
    """The group whose members coordinate `center`: the one holding "change" (or, once closed, "view") on it."""
    return (
        Group.objects.filter(
            page_permissions__page=center,
            # view_page: the group of a center closed early, which keeps only read access (centers.lifecycle)
            page_permissions__permission__codename__in=["change_page", "view_page"],
            page_permissions__permission__content_type__app_label="wagtailcore",
        )
        .exclude(name__in=department_group_names())
        .order_by("pk")
        .first()
    )


def coordinator_centers(user):
    """The centers `user` coordinates (through groups), for dashboards and notifications."""
    pages = GroupPagePermission.objects.filter(
        group__user=user,
        permission__codename="change_page",
        page__in=CenterPage.objects.all(),
    ).values("page")
    return CenterPage.objects.filter(pk__in=pages)


def _is_center(page):
    specific_class = page.specific_class  # from the content type Django keeps in memory: no query
    return specific_class is not None and issubclass(specific_class, CenterPage)


def center_ids_granted(user, codename):
    """The ids of the center pages on which a group of `user` holds the page permission `codename`, read from the
    page permissions Wagtail reads once per request for the admin's menus (no query of their own). Not for
    superusers, for whom Wagtail reads none."""
    return {
        perm.page_id
        for perm in page_permission_policy.get_cached_permissions_for_user(user)
        if perm.permission.codename == codename and _is_center(perm.page)
    }


def coordinated_center_ids(user):
    """The ids of `coordinator_centers(user)`, without a query of their own but for a superuser."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(coordinator_centers(user).values_list("pk", flat=True))
    return center_ids_granted(user, "change_page")


def request_coordinator_centers(request):
    """`coordinator_centers(request.user)` by title, read once per request: the menu and several dashboard panels
    ask for them. Kept on the request only, so a right given or taken shows on the next screen."""
    if not hasattr(request, "_centers_coordinated"):
        ids = coordinated_center_ids(request.user)
        request._centers_coordinated = (
            list(CenterPage.objects.filter(pk__in=ids).order_by("title")) if ids else []
        )
    return request._centers_coordinated


def new_coordinators_group(center):
    name = name_in_creation_language(COORDINATORS_GROUP, organization=center.organization.short_name)
    if Group.objects.filter(name=name).exists():  # the organization hosts another center already
        name = f"{name} ({center.direction.name})"
    return Group.objects.create(name=name[:150])


def ensure_sections(center, user=None):
    """Create the center's section index pages (materials, events...) that page types declare and are missing.

    Their titles are public page content: written in the site's language (LANGUAGE_CODE), whatever the admin's.
    """
    created = []
    for model in type(center).allowed_subpage_models():
        section_slug = getattr(model, "section_slug", None)
        if not section_slug or center.get_children().type(model).exists():
            continue
        moved = None
        if center.get_children().filter(slug=section_slug).exists():
            make_way = getattr(model, "make_way_for_section", None)  # the plan moves an old page aside
            moved = make_way(center) if make_way else None
            if moved is None:
                continue  # an editor's page holds the slug; leave it to a human
        with translation.override(settings.LANGUAGE_CODE):
            title = str(getattr(model, "section_title", section_slug))
        section = model(title=title, slug=section_slug, live=moved is None)
        center.add_child(instance=section)
        revision = section.save_revision(user=user)
        # Where an old page was, its redirect serves the address until the new section is approved.
        if moved is None:
            revision.publish(user=user)
        created.append(section)
    return created


def ensure_center_collection(center):
    collection = center.collection
    if collection is None:  # a center created by hand in the admin, before it was provisioned
        collection = centers_collection().add_child(name=center.title)
        type(center).objects.filter(pk=center.pk).update(collection=collection)
        center.collection = collection
        # Editors start from the latest revision: it must carry the link too, or the next publish drops it.
        latest = center.get_latest_revision()
        if latest is not None:
            latest.content["collection"] = collection.pk
            latest.save(update_fields=["content"])
    elif collection.name != center.title:
        collection.name = center.title
        collection.save(update_fields=["name"])
    return collection


def default_title(organization, direction):
    return _("Resource center “%(direction)s”, %(organization)s") % {
        "direction": direction.name,
        "organization": organization.short_name,
    }


def default_description(organization, direction):
    return _("Resource center for “%(direction)s” hosted by %(organization)s.") % {
        "direction": direction.name,
        "organization": organization.full_name,
    }


@transaction.atomic
def provision_center(
    organization,
    direction,
    *,
    title=None,
    slug=None,
    short_description="",
    order_number="",
    order_date=None,
    term_start=None,
    term_end=None,
    user=None,
):
    """Create or bring up to date a center: its page, sections, collection, coordinators group and rights.

    Idempotent: a second call with the same arguments changes nothing. Arguments left at their defaults never
    overwrite what the center already has (a coordinator's description stays).
    """
    ensure_department_roles()
    directory = CenterIndexPage.objects.first()
    if directory is None:
        raise CenterIndexPage.DoesNotExist(_("Create the directory of centers first."))
    assign_moderation(directory)

    center = (
        CenterPage.objects.descendant_of(directory)
        .filter(organization=organization, direction=direction)
        .order_by("pk")
        .first()
    )
    fields = {
        "title": title,
        "short_description": short_description,
        "order_number": order_number,
        "order_date": order_date,
        "term_start": term_start,
        "term_end": term_end,
    }
    given = {name: value for name, value in fields.items() if value not in (None, "")}
    if center is None:
        center = create_center(directory, organization, direction, slug, given, user)
    else:
        if center.closed_early_on is not None:  # a closing order fixed its term; only a new order reopens it
            given = {name: value for name, value in given.items() if name not in CLOSED_TERM_FIELDS}
        update_center(center, given, user)

    equip_center(center, user)
    return center


def create_center(directory, organization, direction, slug, given, user):
    """A new center page under the directory, published, with default title and description unless given."""
    fields = {
        "title": default_title(organization, direction),
        "short_description": default_description(organization, direction),
        **given,
    }
    center = CenterPage(
        organization=organization,
        direction=direction,
        slug=slug
        or unique_child_slug(directory, f"{direction.slug} {organization.short_name}", fallback="center"),
        # Before the first revision, so that every revision carries the link to the collection.
        collection=centers_collection().add_child(name=fields["title"]),
        **fields,
    )
    directory.add_child(instance=center)
    center.save_revision(user=user).publish(user=user)
    log(instance=center, action="centers.provision_center", user=user)
    return center


def equip_center(center, user=None):
    """Give an existing center page its collection, coordinators group, their rights and its section pages."""
    collection = ensure_center_collection(center)
    group = coordinators_group(center) or new_coordinators_group(center)
    group.permissions.add(*permissions([ACCESS_ADMIN]))
    if center.closed_early_on is None:  # a center closed early keeps its coordinators read-only
        grant_page_permissions(group, center, COORDINATOR_PAGE_PERMISSIONS)
        grant_collection_permissions(group, collection, COORDINATOR_MEDIA_PERMISSIONS)
    ensure_sections(center, user)
    return group


def update_center(center, given, user):
    """Apply the order's data to the live center; a coordinator's draft in moderation keeps its own edits."""
    changed = {name: value for name, value in given.items() if getattr(center, name) != value}
    if not changed:
        return
    draft = center.get_latest_revision_as_object() if center.has_unpublished_changes else None
    for name, value in changed.items():
        setattr(center, name, value)
    if draft is None:
        center.save_revision(user=user).publish(user=user)
    else:
        if "title" in changed:
            center.draft_title = center.title
        center.save(update_fields=[*changed, "draft_title"])
        for name, value in changed.items():
            setattr(draft, name, value)
        draft.save_revision(user=user)
    log(instance=center, action="centers.provision_center", user=user, data={"changed": sorted(changed)})
