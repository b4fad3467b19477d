"""The block sets that page types put in their StreamFields, and the blocks other apps reuse on their own."""

from .content import HeadingBlock, ParagraphBlock, QuoteBlock
from .documents import DocumentListBlock
from .faq import FAQBlock
from .images import ImageFigureBlock
from .links import LinkListBlock
from .people import PersonBlock
from .program import ProgramBlock, ProgramItemBlock
from .table import AccessibleTableBlock
from .video import VideoBlock

__all__ = ["PersonBlock", "ProgramBlock", "ProgramItemBlock", "body_blocks", "program_blocks"]


def body_blocks():
    """Every general-purpose block: the body of centers, materials, news and free pages."""
    return [
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock()),
        ("image", ImageFigureBlock()),
        ("documents", DocumentListBlock()),
        ("quote", QuoteBlock()),
        ("table", AccessibleTableBlock()),
        ("video", VideoBlock()),
        ("person", PersonBlock()),
        ("program", ProgramBlock()),
        ("faq", FAQBlock()),
        ("links", LinkListBlock()),
    ]


def program_blocks():
    """An event's program: one or more timed schedules (e.g. one per day) with headings and notes between them."""
    return [
        ("program", ProgramBlock()),
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock()),
    ]
