"""A page form accepts only documents, images and pages its user may choose, wherever the form refers to them.

Wagtail's choosers list what a user may choose, but the page form takes any id that is posted: a coordinator could
attach, preview and so read another center's document. Every reference a form holds (foreign keys, inline panels,
StreamField chooser blocks, rich text links) is checked here; references the page already had stay accepted, so a
moderator's choice does not lock the coordinators out of their own page.
"""

import copy

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents.models import AbstractDocument
from wagtail.documents.permissions import permission_policy as document_permissions
from wagtail.images.models import AbstractImage
from wagtail.images.permissions import permission_policy as image_permissions
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import page_permission_policy

from centers.common.kept import kept_public_q

REFUSED = {
    "document": _(
        "You may not choose this document: it belongs to another center or is not available to you."
    ),
    "image": _("You may not choose this image: it belongs to another center or is not available to you."),
    "page": _("You may not choose this page: only published pages and pages you may edit can be chosen."),
}


def kind_of(model):
    """ "document", "image" or "page" for the models whose choice is limited, else None."""
    if issubclass(model, AbstractDocument):
        return "document"
    if issubclass(model, AbstractImage):
        return "image"
    if issubclass(model, Page):
        return "page"
    return None


def choosable_pages(user):
    """Published pages without a view restriction, and every page the user may edit."""
    editable = page_permission_policy.instances_user_has_any_permission_for(user, ["change", "publish"])
    return Page.objects.filter(
        Q(pk__in=Page.objects.live().filter(kept_public_q()).values("pk")) | Q(pk__in=editable.values("pk"))
    )


def choosable(kind, user):
    """What `user` may choose of `kind`: the same sets the admin's choosers offer."""
    if kind == "document":
        return document_permissions.instances_user_has_any_permission_for(user, ["choose"])
    if kind == "image":
        return image_permissions.instances_user_has_any_permission_for(user, ["choose"])
    return choosable_pages(user)


def field_references(field, value):
    """(kind, pk) of each limited object that one posted form value refers to."""
    if value in (None, "", []):
        return
    if field.is_relation and (field.many_to_one or field.one_to_one):
        if kind_of(field.related_model):
            yield kind_of(field.related_model), str(value.pk if isinstance(value, Model) else value)
    elif field.is_relation and field.many_to_many:
        if kind_of(field.related_model):
            for item in value:
                yield kind_of(field.related_model), str(item.pk if isinstance(item, Model) else item)
    elif hasattr(field, "extract_references"):
        for model, object_id, _model_path, _content_path in field.extract_references(value):
            if kind_of(model):
                yield kind_of(model), str(object_id)


def posted_references(form):
    """(form, field name, kind, pk) for every reference in a valid form and its inline forms, deleted ones aside."""
    model = form._meta.model
    for name, value in getattr(form, "cleaned_data", {}).items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        for kind, pk in field_references(field, value):
            yield form, name, kind, pk
    for formset in getattr(form, "formsets", {}).values():
        formset.is_valid()  # fills cleaned_data of every inline form (cached; the form checks it again anyway)
        for child in formset.forms:
            if formset.can_delete and formset._should_delete_form(child):
                continue
            yield from posted_references(child)


def stored_references(page):
    """(kind, pk) of what the page refers to already: its stored row (from the reference index) and its draft."""
    if page is None or page.pk is None:
        return set()
    found = set()
    indexed = ReferenceIndex.get_references_for_object(page).values_list("to_content_type_id", "to_object_id")
    # At clean() the form has not written into its instance yet: it is still the latest draft as loaded.
    extracted = ReferenceIndex._extract_references_from_object(page)
    for content_type_id, object_id, *_paths in [*indexed, *extracted]:
        kind = kind_of(ContentType.objects.get_for_id(content_type_id).model_class())
        if kind:
            found.add((kind, str(object_id)))
    return found


def refused_references(user, references, already_there):
    """The (kind, pk) pairs among `references` that `user` may not choose and the page did not have before."""
    wanted = {}
    for _form, _name, kind, pk in references:
        if (kind, pk) not in already_there:
            wanted.setdefault(kind, set()).add(pk)
    refused = set()
    for kind, pks in wanted.items():
        numeric = [pk for pk in pks if pk.isascii() and pk.isdigit()]
        allowed = {
            str(pk) for pk in choosable(kind, user).filter(pk__in=numeric).values_list("pk", flat=True)
        }
        refused |= {(kind, pk) for pk in pks - allowed}
    return refused


class ChoosableReferencesPageForm(WagtailAdminPageForm):
    """The page form of every page type: a reference the user may not choose is a form error, nothing is saved."""

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if user is None or user.is_superuser:
            return cleaned_data
        references = list(posted_references(self))
        if not references:
            return cleaned_data
        refused = refused_references(user, references, stored_references(self.instance))
        for form, name, kind, pk in references:
            if (kind, pk) in refused and name not in form.errors:
                form.add_error(name, REFUSED[kind])
                show_stored_value(form, name)
        if refused and not self.has_error("__all__", code="refused_reference"):
            self.add_error(None, forms_error(refused))
        return cleaned_data


def show_stored_value(form, name):
    """The form comes back with the field as it was stored: a chooser redrawn with the posted id would show the
    refused object's title, which is what the refusal keeps from the user."""
    field = copy.copy(form.fields[name])
    field.bound_data = lambda data, initial: initial
    form.fields[name] = field
    form._bound_fields_cache.pop(name, None)


def forms_error(refused):
    """One message per kind refused, above the form, besides the error at each field."""
    kinds = sorted({kind for kind, _pk in refused})
    return ValidationError([REFUSED[kind] for kind in kinds], code="refused_reference")
