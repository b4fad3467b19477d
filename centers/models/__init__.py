from .center import CenterContact, CenterIndexPage, CenterPage
from .reference import Direction, Organization

__all__ = ["CenterContact", "CenterIndexPage", "CenterPage", "Direction", "Organization"]
