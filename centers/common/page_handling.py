"""Whether a user may change any page of a kind (a center, a project): what decides whether the admin shows the menu
items of what belongs to those pages (consultation requests, pilot schools, their results), asked on every screen.

Every kind a capability registers with `handled_page_kind` is answered in one query, the first time any is asked
for a user object, and kept on it, as Wagtail keeps the user's page permissions on it: one query per request, and a
request always sees the rights as they are (nothing is kept across requests).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from wagtail.permissions import page_permission_policy

_KINDS = []  # page models, in the order the capabilities registered them
_CACHE_ATTRIBUTE = "_centers_handled_page_kinds"


def handled_page_kind(model):
    """Register a page model whose pages a capability's admin screens handle (call at import time)."""
    if model not in _KINDS:
        _KINDS.append(model)
    return model


def kind_content_type_ids(model):
    """The content types of the model and of the page models inheriting from it (its queryset's pages)."""
    from django.apps import apps

    models = [found for found in apps.get_models() if issubclass(found, model)]
    return {content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()}


def changeable_kinds(user):
    """{kind: whether `user` may change at least one page of it} for every registered kind: one query (none without
    page rights)."""
    if not page_permission_policy.get_cached_permissions_for_user(user):
        return dict.fromkeys(_KINDS, False)
    pages = page_permission_policy.instances_user_has_permission_for(user, "change")
    by_type = {model: kind_content_type_ids(model) for model in _KINDS}
    handled_types = set(
        ContentType.objects.filter(pk__in=set().union(*by_type.values()))
        .filter(Exists(pages.filter(content_type=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    return {model: bool(type_ids & handled_types) for model, type_ids in by_type.items()}


def handles_pages_of(user, model):
    """True when `user` may change a page of `model`, as Wagtail's page permissions say (inherited down the tree);
    superusers always. A kind no capability registered yet is registered now."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    handled_page_kind(model)
    kinds = getattr(user, _CACHE_ATTRIBUTE, None)
    if kinds is None or model not in kinds:
        kinds = changeable_kinds(user)
        setattr(user, _CACHE_ATTRIBUTE, kinds)
    return kinds[model]
