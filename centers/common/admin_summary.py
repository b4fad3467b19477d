"""The dashboard's summary of pages, kept with what the site shows: Wagtail counts the pages under the user's
explorable root on every visit (all 121,000 pages for a moderator: ~40 ms at the bench's large scale)."""

from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.permissions import page_permission_policy

from centers.common.kept import kept


class KeptPagesSummaryItem(PagesSummaryItem):
    """Wagtail's own item; what it shows for a root (the count, the site's name) is kept with what the site shows (a
    page added, moved or deleted, a site renamed starts a new generation). Which root is the user's is read on every
    visit, with their rights (Wagtail reads it for the dashboard anyway)."""

    def get_context_data(self, parent_context):
        root = page_permission_policy.explorable_root_instance(self.request.user)
        if root is None:
            return super().get_context_data(parent_context)
        return kept(
            self.request,
            f"pages-summary:{root.pk}",
            lambda: super(KeptPagesSummaryItem, self).get_context_data(parent_context),
        )


def keep_pages_summary(request, items):
    """`construct_homepage_summary_items`: Wagtail's pages item, kept."""
    items[:] = [KeptPagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in items]
