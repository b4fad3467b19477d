"""Serializer fields for Wagtail's API v2: what a school's site or an aggregator shows, in plain JSON values."""

from rest_framework import serializers
from wagtail.models import Site


class NameField(serializers.Field):
    """A reference (format, material type, center) as its name: "Практикум", not {"id": 3, "meta": ...}."""

    def __init__(self, attribute="name", **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
        self.attribute = attribute

    def to_representation(self, value):
        return getattr(value, self.attribute) if value is not None else None


class NamesField(serializers.Field):
    """Many references (subjects, levels) as their names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [item.name for item in manager.all()]


class AttachedFilesField(serializers.Field):
    """The page's attachments: title, type, size in bytes and a download address on the same host as html_url."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        request = self.context.get("request")
        site = Site.find_for_request(request) if request else None
        root = site.root_url if site else ""
        files = []
        for attachment in manager.all():
            document = attachment.document
            files.append(
                {
                    "title": getattr(attachment, "caption", "") or document.title,
                    "type": document.file_extension.upper(),
                    "size": document.get_file_size(),
                    "url": root + document.url,
                }
            )
        return files
