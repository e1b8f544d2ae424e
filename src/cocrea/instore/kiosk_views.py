"""The kiosk's screen: a full-screen touch page a store's kiosk shows to shoppers (no login).

The page is the same for every kiosk: its browser holds the device's token (put there once by
a pairing link, ``services.kiosk_pairing_claim``) and reads the store and its products from the
device API, where it also sends every coup de cœur, view, rating, comment and idea. The page,
its script and the last catalogue are kept in the browser (a service worker and IndexedDB) so
that the kiosk keeps working when the store's network drops.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from cocrea.core.errors import DomainError
from cocrea.instore import services

LANGUAGES = ("fr", "en")
IDLE_SECONDS = 60  # back to the home screen after a minute without a touch

# Every text the kiosk shows, sent in both languages: the shopper switches without the network.
STRINGS = {
    "title": _("Kiosk"),
    "welcome": _("Find your coups de cœur"),
    "lead": _("Tap a product to discover it, heart the ones you love and tell us what you think."),
    "search": _("Search a product"),
    "all": _("All"),
    "no_match": _("No product matches your search."),
    "no_products": _("The catalogue is empty for now."),
    "heart": _("Coup de cœur"),
    "hearted": _("In your coups de cœur"),
    "coming": _("Coming soon"),
    "back": _("Back to the products"),
    "rate": _("Your rating"),
    "stars": _("%(n)s stars out of 5"),
    "comment": _("Leave a comment"),
    "comment_hint": _("What do you think of this product? (1,000 characters at most)"),
    "send": _("Send"),
    "phone_title": _("Continue on your phone"),
    "phone_text": _("Scan the code with your phone's camera to find this product on our site."),
    "idea_open": _("Share an idea"),
    "idea_title": _("An idea for the brand?"),
    "idea_hint": _("A product you miss, a colour, a service in the shop… (1,000 characters)"),
    "thanks": _("Thank you!"),
    "thanks_heart": _("Added to your coups de cœur. Thank you!"),
    "thanks_rating": _("Thank you for your rating!"),
    "thanks_text": _("Thank you! The brand's team reads every message."),
    "empty_text": _("Write a few words first."),
    "offline": _("Offline: your actions are kept on this kiosk and sent when the network is back."),
    "pending": _("%(n)s waiting to be sent"),
    "language": _("Language"),
    "unpaired_title": _("This screen is not paired"),
    "unpaired": _("Ask the store's team to pair it with a kiosk from the brand console."),
    "revoked_title": _("This kiosk is disconnected"),
    "revoked": _("The brand disconnected it. Ask the store's team to pair this screen again."),
}


def _strings() -> dict[str, dict[str, str]]:
    out = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = {key: str(text) for key, text in STRINGS.items()}
    return out


def _language() -> str:
    current = translation.get_language() or LANGUAGES[0]
    return current if current in LANGUAGES else LANGUAGES[0]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    strings = _strings()
    context = {
        "strings": strings,
        "t": strings[_language()],
        "lang": _language(),
        "idle_seconds": IDLE_SECONDS,
    }
    response = render(request, "instore/kiosk.html", context)
    response["Cache-Control"] = "no-cache"  # the service worker keeps the offline copy
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(request, "instore/kiosk_sw.js", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_http_methods(["GET", "POST"])
def pair(request: HttpRequest, code: str) -> HttpResponse:
    """GET asks to confirm (a link preview must not use the code up); POST pairs this browser:
    the page that answers hands the kiosk's new token to its script, once, and is not kept."""
    if request.method == "GET":
        return render(request, "instore/kiosk_pair.html", {"code": code})
    try:
        device, token = services.kiosk_pairing_claim(code)
    except DomainError as error:
        context = {"code": code, "error": error.message}
        return render(request, "instore/kiosk_pair.html", context, status=error.status)
    context = {"device": device, "token": token}
    response = render(request, "instore/kiosk_paired.html", context)
    response["Cache-Control"] = "no-store"
    return response
