"""Every page names its icon, and /favicon.ico (asked for by browsers anyway) finds it."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon(client: Client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("cocrea/favicon.svg")
    assert finders.find("cocrea/favicon.svg") is not None


def test_pages_name_the_icon(client: Client, brand):
    html = client.get(f"/b/{brand.slug}/").content.decode()
    assert '<link rel="icon" href="/static/cocrea/favicon.svg' in html
