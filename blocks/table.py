"""The table block: Wagtail's table editor, held to what screen readers need (a caption and header cells)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.table_block.blocks import TableBlock


class AccessibleTableBlock(TableBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "Give the table a caption and choose its header row or column: screen readers announce cells by them."
            ),
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table.html"

    def render(self, value, context=None):
        # The header cells follow the editor's choice even if the stored flags lag behind it (Wagtail keeps both).
        choice = (value or {}).get("table_header_choice")
        if choice:
            value = {
                **value,
                "first_row_is_table_header": choice in ("row", "both"),
                "first_col_is_header": choice in ("column", "col", "both"),
            }
        return super().render(value, context=context)

    def clean(self, value):
        value = super().clean(value)
        if not value or self.is_deferred_validation:
            return value
        if not (value.get("table_caption") or "").strip():
            raise ValidationError(_("Enter the table caption: it names the table for screen reader users."))
        if value.get("table_header_choice") == "neither":
            raise ValidationError(
                _("Choose a header row or a header column: a table without headers cannot be read aloud.")
            )
        return value
