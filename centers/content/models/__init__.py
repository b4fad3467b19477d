from centers.content.models.center_content import CenterContentPage
from centers.content.models.materials import (
    MaterialAttachment,
    MaterialAuthor,
    MaterialIndexPage,
    MaterialPage,
    MaterialTag,
)
from centers.content.models.news import NewsIndexPage, NewsPage
from centers.content.models.pages import ContentPage
from centers.content.models.projects import ProjectPage, ProjectStage

__all__ = [
    "CenterContentPage",
    "ContentPage",
    "MaterialAttachment",
    "MaterialAuthor",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialTag",
    "NewsIndexPage",
    "NewsPage",
    "ProjectPage",
    "ProjectStage",
]
