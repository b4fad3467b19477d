"""The video block: a player for the hosts teachers actually use, a plain link otherwise, and a transcript."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks

from . import searchable

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
RUTUBE_ID = re.compile(r"^[0-9a-f]{32}$")
VK_VIDEO = re.compile(r"video(-?\d+)_(\d+)")


def youtube_player(parts):
    host = parts.hostname
    segments = [s for s in parts.path.split("/") if s]
    if host == "youtu.be":
        video_id = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        video_id = parse_qs(parts.query).get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live"):
        video_id = segments[1]
    else:
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}" if YOUTUBE_ID.match(video_id) else None


def rutube_player(parts):
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[0] == "video" and RUTUBE_ID.match(segments[1]):
        return f"https://rutube.ru/play/embed/{segments[1]}"
    if len(segments) >= 3 and segments[:2] == ["play", "embed"] and RUTUBE_ID.match(segments[2]):
        return f"https://rutube.ru/play/embed/{segments[2]}"
    return None


def vk_player(parts):
    query = parse_qs(parts.query)
    if parts.path.rstrip("/") == "/video_ext.php" and query.get("oid") and query.get("id"):
        oid, video_id = query["oid"][0], query["id"][0]
    else:
        match = VK_VIDEO.search(parts.path) or VK_VIDEO.search(query.get("z", [""])[0])
        if not match:
            return None
        oid, video_id = match.groups()
    if not re.fullmatch(r"-?\d+", oid) or not video_id.isdigit():
        return None
    params = {"oid": oid, "id": video_id}
    if query.get("hash"):
        params["hash"] = query["hash"][0]
    return "https://vk.com/video_ext.php?" + urlencode(params)


PLAYERS = {
    "youtube.com": youtube_player,
    "www.youtube.com": youtube_player,
    "m.youtube.com": youtube_player,
    "youtu.be": youtube_player,
    "rutube.ru": rutube_player,
    "www.rutube.ru": rutube_player,
    "vk.com": vk_player,
    "www.vk.com": vk_player,
    "m.vk.com": vk_player,
    "vkvideo.ru": vk_player,
    "www.vkvideo.ru": vk_player,
}


def player_url(url):
    """The embeddable player address for a known video host, or None: unknown hosts are only linked."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    player = PLAYERS.get((parts.hostname or "").lower())
    return player(parts) if player else None


class VideoValue(wagtail_blocks.StructValue):
    def player_url(self):
        return player_url(self.get("url"))

    def host(self):
        try:
            return (urlsplit(self.get("url") or "").hostname or "").removeprefix("www.")
        except ValueError:
            return ""


class VideoBlock(searchable.StructBlock):
    url = wagtail_blocks.URLBlock(
        label=_("Video address"),
        help_text=_(
            "A link to the video on RUTUBE, VK Video or YouTube shows a player on the page; "
            "a video elsewhere is shown as a link."
        ),
    )
    title = wagtail_blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("Names the video for screen reader users and is the text of the link to it."),
    )
    transcript = wagtail_blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("What is said and shown in the video, for readers who cannot watch or hear it."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"
        value_class = VideoValue
