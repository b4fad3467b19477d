"""The block sets that page types put in their StreamFields."""

from .content import HeadingBlock, ParagraphBlock, QuoteBlock


def body_blocks():
    return [
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock()),
        ("quote", QuoteBlock()),
    ]
