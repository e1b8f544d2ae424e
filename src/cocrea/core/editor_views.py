"""The live preview of the Markdown editor: the text as it will be stored and shown."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from cocrea.core.errors import RateLimited
from cocrea.core.markdown import render_markdown
from cocrea.core.ratelimit import hit

PREVIEW_MAX = 50_000  # characters: above every field's own limit


@require_POST
@login_required
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The sanitised HTML of the one text field posted (the editor posts only its own field)."""
    values = [str(value) for key, value in request.POST.items() if key != "csrfmiddlewaretoken"]
    if len(values) != 1:
        return HttpResponseBadRequest("Post one text.")
    if len(values[0]) > PREVIEW_MAX:
        return HttpResponse("", status=413)
    try:
        hit("markdown_preview", str(request.user.pk))
    except RateLimited as error:
        return HttpResponse(str(error.message), status=429)
    return HttpResponse(render_markdown(values[0]))
