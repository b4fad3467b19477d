"""The roles' dashboard panels: a coordinator's work on their center, the department's centers whose term ends."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from centers.common.kept import kept
from centers.directory.models import CenterPage

PANEL_ROWS = 10
TERM_WARNING_DAYS = 60


def workflow_states_under(page):
    """Active workflow states of the pages in `page`'s subtree (object_id is text: cast, as Wagtail does)."""
    return (
        WorkflowState.objects.active()
        .filter(base_content_type_id=get_default_page_content_type().id)
        .filter(
            Exists(
                Page.objects.descendant_of(page, inclusive=True).filter(
                    id=Cast(OuterRef("object_id"), output_field=IntegerField())
                )
            )
        )
        .select_related("current_task_state")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class PageLink:
    """What the panel shows of a page in moderation: a link to its editor under its admin title."""

    pk: int
    title: str

    def get_admin_display_title(self):
        return self.title


class CenterWorkPanel(Component):
    """A coordinator's view of one center: drafts, pages awaiting moderation, pages sent back with comments."""

    template_name = "centers/roles/center_work_panel.html"
    order = 150

    def __init__(self, center):
        self.center = center
        self.name = f"center_work_{center.pk}"

    def get_context_data(self, parent_context):
        # Each state with its page's id and titles (one query): the pages themselves are never read.
        page_of_state = Page.objects.filter(id=Cast(OuterRef("object_id"), output_field=IntegerField()))
        states = workflow_states_under(self.center).annotate(
            page_id=Subquery(page_of_state.values("id")[:1]),
            page_title=Subquery(page_of_state.values("title")[:1]),
            page_draft_title=Subquery(page_of_state.values("draft_title")[:1]),
        )
        in_workflow, pending, sent_back = set(), [], []
        for state in states[: PANEL_ROWS * 2]:
            if state.page_id is None:  # a page deleted while in moderation
                continue
            page = PageLink(state.page_id, state.page_draft_title or state.page_title)
            in_workflow.add(page.pk)
            if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                sent_back.append((page, state.current_task_state.comment))
            else:
                pending.append(page)
        request = parent_context.get("request") if parent_context else None
        newest_drafts = kept(request, f"center-drafts:{self.center.pk}", lambda: center_drafts(self.center))
        drafts = [page for page in newest_drafts if page.pk not in in_workflow][:PANEL_ROWS]
        return {
            "panel_id": self.name.replace("_", "-"),
            "center": self.center,
            "drafts": drafts,
            "pending": pending[:PANEL_ROWS],
            "sent_back": sent_back[:PANEL_ROWS],
        }


def center_drafts(center):
    """The newest pages of the center with unpublished changes, enough of them that PANEL_ROWS remain once the pages
    the panel lists in moderation are left out. Kept with what the site shows (a page saved starts a new generation):
    among 12,000 pages of a center, reading them took a scan of its subtree on every visit."""
    rows = (
        Page.objects.descendant_of(center, inclusive=True)
        .filter(has_unpublished_changes=True)
        .order_by("-latest_revision_created_at")
        .values_list("pk", "draft_title", "title")[: PANEL_ROWS * 3]
    )
    return [PageLink(pk, draft_title or title) for pk, draft_title, title in rows]


class EndingTermsPanel(Component):
    """For the department: centers whose approval term ends soon, so a new order can be prepared in time."""

    name = "centers_ending_terms"
    template_name = "centers/roles/ending_terms_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        centers = (
            CenterPage.objects.filter(
                term_end__gte=today, term_end__lte=today + datetime.timedelta(days=TERM_WARNING_DAYS)
            )
            .select_related("organization")
            .order_by("term_end")
        )
        return {"centers": centers, "days": TERM_WARNING_DAYS}
