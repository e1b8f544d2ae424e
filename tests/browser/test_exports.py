"""The brand admin exports the ideas in real Chromium, follows the progress and downloads it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cocrea.exports.datasets.ideas import IDEA_COLUMNS
from cocrea.ideas.models import Vote
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs


def test_the_admin_exports_ideas_as_xlsx_and_opens_the_file(
    page, brand, campaign, alice, bob, dan, tmp_path
):  # type: ignore[no-untyped-def]
    _verified(alice)
    idea = IdeaFactory(campaign=campaign, author=bob, title="Un gobelet consigné")
    IdeaFactory(campaign=campaign, author=dan, title="=1+1")
    Vote.objects.create(idea=idea, member=dan)
    CommentFactory(idea=idea, author=dan, body="Oui !")
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/exports/")
    expect(page.get_by_role("heading", name="Exports", exact=True)).to_be_visible()
    page.get_by_test_id("export-ideas-xlsx").click()
    job = page.get_by_test_id("export-job").first
    expect(job).to_have_attribute("data-state", "done")
    expect(job.locator("progress")).to_have_attribute("value", "100")
    expect(job).to_contain_text("Prêt : 4 lignes")  # 2 ideas, 1 vote, 1 comment
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "exports-console.png"), full_page=True)
    with page.expect_download() as info:
        job.get_by_test_id("export-download").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.startswith("cafe-lumiere-ideas-") and path.suffix == ".xlsx"
    book = load_workbook(path, read_only=True)
    rows = book["ideas"].iter_rows(min_row=2, values_only=True)
    titles = [row[IDEA_COLUMNS.index("title")] for row in rows]
    assert titles == ["Un gobelet consigné", "'=1+1"]
    assert len(list(book["votes"].iter_rows(min_row=2))) == 1
