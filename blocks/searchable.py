"""The search text of structured blocks: what an editor wrote, and nothing for the parts left out."""

from wagtail import blocks as wagtail_blocks


class StructBlock(wagtail_blocks.StructBlock):
    """A StructBlock whose optional parts left out add nothing to the search text.

    Wagtail fills a part missing from the stored value with its default, None, and a CharBlock indexes that as the
    word «None» (issue 16: the library showed it in 12 of 20 results, from events' program rows without an end or a
    speaker).
    """

    def get_searchable_content(self, value):
        if not self.search_index:
            return []
        return [
            text
            for name, block in self.child_blocks.items()
            if value.get(name) not in (None, "")
            for text in block.get_searchable_content(value.get(name))
        ]
