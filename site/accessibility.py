"""The version for the visually impaired (GOST R 52872-2019): choices kept in a cookie, applied by a per-visitor stylesheet.

Pages stay identical for every anonymous visitor (so they can be cached); only /accessibility/style.css varies.
"""

import hashlib
from dataclasses import asdict, dataclass, replace

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

COOKIE_NAME = "a11y"
COOKIE_AGE = 365 * 24 * 3600

SIZES = {"normal": ("100%", _("Normal")), "large": ("150%", _("Large")), "huge": ("200%", _("Very large"))}
FONTS = {
    "sans": ('Arial, "Helvetica Neue", sans-serif', _("Sans serif")),
    "serif": ('Georgia, "Times New Roman", serif', _("Serif")),
}
# scheme: (text, background, link), GOST's usual pairs
SCHEMES = {
    "bw": (("#000000", "#ffffff", "#000000"), _("Black on white")),
    "wb": (("#ffffff", "#000000", "#ffffff"), _("White on black")),
    "blue": (("#063462", "#9dd1ff", "#063462"), _("Dark blue on light blue")),
    "brown": (("#4d4b43", "#f7f3d6", "#4d4b43"), _("Brown on beige")),
    "green": (("#a9e44d", "#3b2716", "#a9e44d"), _("Green on dark brown")),
}
SPACINGS = {
    "normal": (("normal", "1.5"), _("Normal")),
    "wide": (("0.08em", "1.8"), _("Wide")),
    "widest": (("0.16em", "2.1"), _("Very wide")),
}
IMAGES = {"on": _("Show images"), "off": _("Hide images")}


@dataclass(frozen=True)
class Preferences:
    enabled: bool = False
    size: str = "large"
    font: str = "sans"
    scheme: str = "bw"
    spacing: str = "normal"
    images: str = "on"

    @classmethod
    def from_cookie(cls, value):
        """Unknown keys or values fall back to defaults: a forged cookie cannot inject CSS."""
        fields = dict(item.split("=", 1) for item in (value or "").split(";") if "=" in item)
        choices = {"size": SIZES, "font": FONTS, "scheme": SCHEMES, "spacing": SPACINGS, "images": IMAGES}
        clean = {key: fields[key] for key, allowed in choices.items() if fields.get(key) in allowed}
        return cls(enabled=fields.get("on") == "1", **clean)

    def to_cookie(self):
        data = asdict(self)
        enabled = data.pop("enabled")
        return ";".join([f"on={int(enabled)}", *(f"{key}={value}" for key, value in data.items())])

    def stylesheet(self, brand_colour):
        if not self.enabled:
            return f":root {{ --color-brand: {brand_colour}; }}\n"
        text, background, link = SCHEMES[self.scheme][0]
        letters, line_height = SPACINGS[self.spacing][0]
        rules = [
            f"html {{ font-size: {SIZES[self.size][0]}; }}",
            f":root {{ --color-brand: {link}; --color-text: {text}; --color-muted: {text}; --color-bg: {background};"
            f" --color-surface: {background}; --color-ended: {text}; }}",
            f"body, body * {{ font-family: {FONTS[self.font][0]} !important; letter-spacing: {letters};"
            f" line-height: {line_height}; color: {text} !important; background-color: {background} !important;"
            " box-shadow: none !important; }",
            f"a, a * {{ color: {link} !important; text-decoration: underline !important; }}",
            f"body * {{ border-color: {text} !important; }}",
            f".site-header, .site-footer, .card, .notice, .badge {{ border: 2px solid {text}; }}",
            ".a11y-panel { display: block; }",
            ".a11y-toggle--on { display: none; }",
            ".a11y-toggle--off { display: inline-block; }",
        ]
        if self.images == "off":
            rules.append("main img, main picture, main video, .card__logo { display: none !important; }")
        return "\n".join(rules) + "\n"


def preferences_for(request):
    return Preferences.from_cookie(request.COOKIES.get(COOKIE_NAME))


def safe_next(request):
    target = request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_GET
def stylesheet(request):
    from .models import SiteIdentity

    css = preferences_for(request).stylesheet(SiteIdentity.for_request(request).brand_colour)
    etag = '"' + hashlib.sha256(css.encode()).hexdigest()[:16] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-store"  # browsers otherwise reuse it within a page's lifetime
    response["Vary"] = "Cookie"
    return response


@require_GET
def change(request):
    """Switch the version on or off, or change one choice; plain links, so it works without JavaScript."""
    preferences = preferences_for(request)
    if request.GET.get("version") == "normal":
        preferences = replace(preferences, enabled=False)
    else:
        updates = {"enabled": True}
        for key in ("size", "font", "scheme", "spacing", "images"):
            if key in request.GET:
                updates[key] = request.GET[key]
        preferences = Preferences.from_cookie(replace(preferences, **updates).to_cookie())
    response = HttpResponseRedirect(safe_next(request))
    response.set_cookie(
        COOKIE_NAME, preferences.to_cookie(), max_age=COOKIE_AGE, samesite="Lax", httponly=True
    )
    return response


@never_cache  # shows this visitor's choices: a cached copy would show them to the next visitor
@require_GET
def settings_page(request):
    preferences = preferences_for(request)
    groups = [
        ("size", _("Font size"), {key: label for key, (_value, label) in SIZES.items()}),
        ("font", _("Font"), {key: label for key, (_value, label) in FONTS.items()}),
        ("scheme", _("Colours"), {key: label for key, (_value, label) in SCHEMES.items()}),
        ("spacing", _("Letter and line spacing"), {key: label for key, (_value, label) in SPACINGS.items()}),
        ("images", _("Images"), IMAGES),
    ]
    choices = [
        (
            key,
            legend,
            [(value, label, getattr(preferences, key) == value) for value, label in options.items()],
        )
        for key, legend, options in groups
    ]
    return render(
        request,
        "portal/accessibility.html",
        {"preferences": preferences, "next": safe_next(request), "choices": choices},
    )
