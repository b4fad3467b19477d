"""The municipal site's skeleton: the home page as the default site's root, and the directory of centers."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Locale, Page, Site

from centers.directory.vocabulary import ensure_vocabulary
from centers.models import CenterIndexPage, EducationLevel, EventFormat, MaterialType, Subject
from portal.models import HomePage


def ensure_child(parent, model, slug, **fields):
    """Return the child of `parent` with `slug`, creating it or updating `fields` so reruns converge."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
    changed = [name for name, value in fields.items() if getattr(existing, name) != value]
    if changed:
        for name in changed:
            setattr(existing, name, fields[name])
        existing.save_revision().publish()
    return existing


def add_published(parent, page, first_published_at):
    parent.add_child(instance=page)
    page.first_published_at = first_published_at
    page.save_revision().publish()
    return page


def ensure_roots():
    """What Wagtail's migrations create; a flushed database (transactional tests) lacks it."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    ensure_vocabulary(Subject, MaterialType, EventFormat, EducationLevel)
    Locale.objects.get_or_create(language_code="ru")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
    return root


def build_home():
    root = ensure_roots()
    home = HomePage.objects.first()
    if home is None:
        for welcome in Page.objects.child_of(root).filter(slug="home").exact_type(Page):
            welcome.delete()
        home = HomePage(
            title="Ресурсные центры города Нефтеюганска",
            slug="home",
            lead="Методическая сеть школ и детских садов: материалы, мероприятия и обмен практиками для педагогов.",
            intro="<p>Ресурсные центры созданы приказами Департамента образования и молодёжной политики "
            "для распространения эффективных педагогических практик между образовательными организациями.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Ресурсные центры"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def build_directory(home):
    return ensure_child(
        home,
        CenterIndexPage,
        "centers",
        title="Ресурсные центры",
        intro="Организации, которым приказом Департамента присвоен статус ресурсного центра.",
        show_in_menus=True,
    )
