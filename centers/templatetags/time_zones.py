"""{% time_zone_name moment %}: the site's time zone as a reader knows it, e.g. next to an event's time."""

from django import template

from centers.common.timezones import time_zone_name as zone_name

register = template.Library()


@register.simple_tag
def time_zone_name(moment=None):
    return zone_name(moment)
