"""Certificates in Wagtail's admin: their URLs (the participants' screen links to them)."""

from django.urls import include, path
from wagtail import hooks

from centers.certificates import admin_urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("certificates/", include(admin_urls, namespace="centers_certificates"))]
