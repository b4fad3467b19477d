import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from centers.models import CenterIndexPage, CenterPage
from portal.models import HomePage

pytestmark = pytest.mark.django_db

PAGE_TYPES = {
    "portal.homepage": HomePage,
    "centers.centerindexpage": CenterIndexPage,
    "centers.centerpage": CenterPage,
}
# Where each page type may be added; every other parent in the demo tree is refused.
ALLOWED_PARENTS = {
    "portal.homepage": {"wagtailcore.page"},
    "centers.centerindexpage": {"portal.homepage"},
    "centers.centerpage": {"centers.centerindexpage"},
}


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("root-test", "root@example.ru", "x-unused-password-1")
    client.force_login(user)
    return client


def parents_in_tree():
    root = Page.get_first_root_node()
    home = HomePage.objects.get()
    index = CenterIndexPage.objects.get()
    return [root, home, index, CenterPage.objects.child_of(index).first()]


@pytest.mark.parametrize("type_key", sorted(ALLOWED_PARENTS))
def test_admin_offers_each_page_type_only_under_its_allowed_parents(superuser_client, type_key):
    app_label, model_name = type_key.split(".")
    for parent in parents_in_tree():
        parent_key = parent.specific_class._meta.label_lower
        response = superuser_client.get(f"/admin/pages/add/{app_label}/{model_name}/{parent.pk}/")
        allowed = parent_key in ALLOWED_PARENTS[type_key] and PAGE_TYPES[type_key].can_create_at(parent)
        if allowed:
            assert response.status_code == 200, (type_key, parent_key)
        else:
            assert response.status_code in (302, 403), (type_key, parent_key)


def test_singletons_cannot_be_created_twice():
    home = HomePage.objects.get()
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert not CenterIndexPage.can_create_at(home)
