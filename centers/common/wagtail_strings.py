"""Strings of Wagtail's admin templates that its Russian catalogue lacks (they showed «1-9 of 9 страницы»).

Listed here only so that `makemessages` puts them into the add-on's catalogue, which Django reads before
wagtail.admin's; nothing imports this module. Each msgid is exactly the one of Wagtail's template. The Russian
drops the model's name with `%(model_name).0s` (formats to nothing; the entries are marked no-python-format, as
msgfmt wants the same specification): Wagtail passes it in the nominative plural («1–9 из 9 страницы») and as None on the search's results."""

from django.utils.translation import gettext_noop

WAGTAIL_PAGE_LISTING = [
    # wagtailadmin/pages/listing/_page_title_column_header.html
    # xgettext:no-python-format
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    # xgettext:no-python-format
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."),
    gettext_noop(
        # xgettext:no-python-format
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
]
