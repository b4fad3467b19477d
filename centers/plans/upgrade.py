"""Centers made before plan pages existed: an editor's free page «План работы» holds `<center>/plan/`.

The work plan (`PlanPage`) always lives at `<center>/plan/`, so the old page moves aside to `plan-archive/` (or
`plan-archive-2/`...). Its old address stays reachable: a temporary redirect from `<center>/plan/` to the old page
answers while no plan is published there (Wagtail's redirects only answer a 404), and the new plan starts as a
draft, so visitors keep finding the old plan until the coordinator's new one is approved; from then on the address
shows the new plan and the old one stays at its new address. The redirect is temporary (302): a permanent one
would stay in browsers' caches after the new plan takes the address. Pages below the old page get permanent
redirects to their new addresses (nothing else can take those).

Written against the plain ORM and an app registry, so that migration 0033 (historical models, no treebeard, no
signals) and provisioning (the live models) move an old page the same way.
"""

import uuid

from django.utils import timezone

PLAN_SLUG = "plan"
ARCHIVE_SLUG = "plan-archive"
# Page content, in the site's language (as the other sections' titles).
PLAN_TITLE = "План работы"
STEPLEN = 4  # treebeard's MP_Node, as Wagtail's Page uses it
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def children_of(page_model, parent):
    return page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)


def free_slug(page_model, parent, base=ARCHIVE_SLUG):
    """`base`, or `base-2`, `base-3`... whichever no child of `parent` has."""
    taken = set(children_of(page_model, parent).filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def redirect_path(site_model, url_path):
    """[(site, old_path)] for each site whose root holds `url_path`, old_path as Wagtail's redirects store it."""
    found = []
    for site in site_model.objects.select_related("root_page"):
        root = site.root_page.url_path
        if url_path.startswith(root):
            path = url_path[len(root) - 1 :]
            found.append((site, path.rstrip("/") or "/"))
    return found


def holder_of_plan_slug(apps, center):
    """The page (not a plan) that holds `<center>/plan/`, or None."""
    content_type = plan_content_type(apps)
    page_model = apps.get_model("wagtailcore", "Page")
    return children_of(page_model, center).filter(slug=PLAN_SLUG).exclude(content_type=content_type).first()


def plan_content_type(apps):
    content_types = apps.get_model("contenttypes", "ContentType")
    return content_types.objects.get_or_create(app_label="centers", model="planpage")[0]


def move_old_plan_page(apps, center):
    """Give the page holding `<center>/plan/` a free slug and redirect its old addresses; return it, or None.

    `center` is a Page row (any model with path, depth and url_path). Updates the url_path of the page and of
    everything below it, and the slug in its revisions (editors start from the latest one: publishing it would
    otherwise take `plan` back).
    """
    page_model = apps.get_model("wagtailcore", "Page")
    old = holder_of_plan_slug(apps, center)
    if old is None:
        return None
    old_url_path = old.url_path
    new_slug = free_slug(page_model, center)
    new_url_path = f"{old_url_path[: -len(PLAN_SLUG) - 1]}{new_slug}/"
    below = list(page_model.objects.filter(path__startswith=old.path, depth__gt=old.depth))
    page_model.objects.filter(pk=old.pk).update(slug=new_slug, url_path=new_url_path)
    for page in below:
        page.url_path = new_url_path + page.url_path[len(old_url_path) :]
        page_model.objects.filter(pk=page.pk).update(url_path=page.url_path)

    content_types = apps.get_model("contenttypes", "ContentType")
    base_type = content_types.objects.get_or_create(app_label="wagtailcore", model="page")[0]
    revisions = apps.get_model("wagtailcore", "Revision").objects.filter(
        base_content_type=base_type, object_id__in=[str(page.pk) for page in [old, *below]]
    )
    for revision in revisions:
        content = revision.content
        url_path = content.get("url_path") or ""
        if not url_path.startswith(old_url_path):
            continue
        content["url_path"] = new_url_path + url_path[len(old_url_path) :]
        if revision.object_id == str(old.pk):
            content["slug"] = new_slug
        revision.save(update_fields=["content"])

    try:
        redirect_model = apps.get_model("wagtailredirects", "Redirect")
    except LookupError:
        # A host without wagtail.contrib.redirects: the page moves, its old address answers 404.
        old.slug, old.url_path = new_slug, new_url_path
        return old
    site_model = apps.get_model("wagtailcore", "Site")
    for site, path in redirect_path(site_model, old_url_path):
        redirect_model.objects.update_or_create(
            site=site,
            old_path=path,
            defaults={"redirect_page_id": old.pk, "is_permanent": False, "redirect_link": ""},
        )
    for page in below:
        for site, path in redirect_path(site_model, old_url_path + page.url_path[len(new_url_path) :]):
            redirect_model.objects.update_or_create(
                site=site,
                old_path=path,
                defaults={"redirect_page_id": page.pk, "is_permanent": True, "redirect_link": ""},
            )
    old.slug, old.url_path = new_slug, new_url_path
    return old


def next_child_path(page_model, parent):
    """The tree path of a new last child of `parent` (treebeard's MP_Node numbering)."""
    last = children_of(page_model, parent).order_by("-path").first()
    if last is None:
        return parent.path + ALPHABET[0] * (STEPLEN - 1) + ALPHABET[1]
    number = int(last.path[-STEPLEN:], len(ALPHABET)) + 1
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return last.path[:-STEPLEN] + digits.rjust(STEPLEN, ALPHABET[0])


def create_plan_page(apps, center, title, live):
    """A PlanPage at `<center>/plan/` made row by row (historical models have no treebeard nor Page.save)."""
    page_model = apps.get_model("wagtailcore", "Page")
    plan_model = apps.get_model("centers", "PlanPage")
    parent = page_model.objects.get(pk=center.pk)
    now = timezone.now()
    plan = plan_model.objects.create(
        title=title,
        draft_title=title,
        slug=PLAN_SLUG,
        content_type=plan_content_type(apps),
        path=next_child_path(page_model, parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{PLAN_SLUG}/",
        live=live,
        has_unpublished_changes=not live,
        first_published_at=now if live else None,
        last_published_at=now if live else None,
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
        center_id=parent.pk,
        intro="",
    )
    page_model.objects.filter(pk=parent.pk).update(numchild=children_of(page_model, parent).count())
    return plan


def give_every_center_its_plan(apps, title=PLAN_TITLE):
    """Migration 0033: each center without a plan gets one; a page holding `plan/` moves aside first.

    The plan is published (empty: «not published yet» for the year) where the address was free, and a draft where
    an old page held it, so that the redirect keeps showing the old plan until the new one is approved.
    """
    page_model = apps.get_model("wagtailcore", "Page")
    center_model = apps.get_model("centers", "CenterPage")
    plan_model = apps.get_model("centers", "PlanPage")
    created = []
    for center in center_model.objects.order_by("path"):
        if plan_model.objects.filter(path__startswith=center.path, depth=center.depth + 1).exists():
            continue
        center_row = page_model.objects.get(pk=center.pk)
        moved = move_old_plan_page(apps, center_row)
        created.append(create_plan_page(apps, center_row, title, live=moved is None))
    return created
