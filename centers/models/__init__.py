from .center import CenterContact, CenterIndexPage, CenterPage
from .center_content import CenterContentPage
from .communities import CommunityIndexPage, CommunityMaterial, CommunityPage
from .documents import CenterDocument
from .library import LibraryPage
from .materials import MaterialAttachment, MaterialAuthor, MaterialIndexPage, MaterialPage, MaterialTag
from .news import NewsIndexPage, NewsPage
from .pages import ContentPage
from .projects import ProjectPage, ProjectStage
from .reference import Direction, EducationLevel, EventFormat, MaterialType, Organization, Subject

__all__ = [
    "CenterContact",
    "CenterContentPage",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "CommunityIndexPage",
    "CommunityMaterial",
    "CommunityPage",
    "ContentPage",
    "Direction",
    "EducationLevel",
    "EventFormat",
    "LibraryPage",
    "MaterialAttachment",
    "MaterialAuthor",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialTag",
    "MaterialType",
    "NewsIndexPage",
    "NewsPage",
    "Organization",
    "ProjectPage",
    "ProjectStage",
    "Subject",
]
