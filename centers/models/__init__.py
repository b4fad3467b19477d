from .center import CenterContact, CenterIndexPage, CenterPage
from .documents import CenterDocument
from .reference import Direction, Organization

__all__ = ["CenterDocument", "CenterContact", "CenterIndexPage", "CenterPage", "Direction", "Organization"]
