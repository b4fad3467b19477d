"""A choice block whose revision comparison names the chosen option («Заголовок раздела»), not its stored value («h2»)."""

from django.utils.encoding import force_str
from django.utils.html import escape
from wagtail import blocks as wagtail_blocks


def choice_label(block, value):
    labels = {}
    for key, label in block.field.choices:
        if isinstance(label, (list, tuple)):  # a group of options
            labels.update((str(k), v) for k, v in label)
        else:
            labels[str(key)] = label
    return force_str(labels.get(str(value), value) if value not in (None, "") else "")


class ChoiceBlock(wagtail_blocks.ChoiceBlock):
    def get_comparison_class(self):
        from wagtail.admin.compare import CharBlockComparison, diff_text

        class ChoiceLabelComparison(CharBlockComparison):
            def htmlvalue(self, val):
                return escape(choice_label(self.block, val))

            def htmldiff(self):
                return diff_text(
                    choice_label(self.block, self.val_a), choice_label(self.block, self.val_b)
                ).to_html()

        return ChoiceLabelComparison

    def deconstruct(self):
        """Migrations keep seeing Wagtail's ChoiceBlock: only the admin's comparison differs."""
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.ChoiceBlock", args, kwargs
