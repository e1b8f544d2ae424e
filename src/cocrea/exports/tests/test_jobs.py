"""Asking for an export, following it, downloading it, purging it; who may do what."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.exports import writers
from cocrea.exports.models import ExportJob
from cocrea.exports.services import (
    export_file,
    export_request,
    export_root,
    export_run,
    exports_purge,
)
from cocrea.exports.tests.conftest import nul
from cocrea.ideas.models import Vote
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db
State = ExportJob.State


def start(client, brand, dataset="ideas", fmt="csv"):  # type: ignore[no-untyped-def]
    url = reverse("exports:start", args=[brand.slug])
    return client.post(url, {"dataset": dataset, "format": fmt})


def test_console_starts_an_export_that_reaches_100_percent_and_downloads(
    as_alice, brand, campaign, bob, django_capture_on_commit_callbacks
):
    IdeaFactory(campaign=campaign, author=bob, title="Café crème")
    with django_capture_on_commit_callbacks(execute=True):
        response = start(as_alice, brand, "ideas", "xlsx")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.state, job.percent, job.done, job.total) == (State.DONE, 100, 1, 1)
    page = as_alice.get(reverse("exports:console", args=[brand.slug]))
    assert page.status_code == 200
    assert b'value="100"' in page.content and b"export-download" in page.content
    progress = as_alice.get(reverse("exports:job", args=[brand.slug, job.pk])).json()
    assert progress["state"] == "done" and progress["percent"] == 100
    download = as_alice.get(progress["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="cafe-lumiere-ideas-')
    assert download["Cache-Control"] == "private, no-store"
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert book.sheetnames == ["ideas", "votes", "ratings", "comments", "answers"]
    assert list(book["ideas"].iter_rows(values_only=True))[1][4] == "Café crème"


def test_progress_is_seen_while_it_runs(brand, alice, campaign, bob, monkeypatch):
    from cocrea.exports import services

    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    for _ in range(5):
        IdeaFactory(campaign=campaign, author=bob)
    seen = []
    real = writers.CsvSink.row

    def row(self, values):  # type: ignore[no-untyped-def]
        seen.append(ExportJob.objects.values_list("state", "done", "total").get())
        real(self, values)

    monkeypatch.setattr(writers.CsvSink, "row", row)
    job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    export_run(job_id=job.pk)
    assert seen[0] == ("running", 0, 5) and ("running", 4, 5) in seen
    job.refresh_from_db()
    assert (job.state, job.percent) == ("done", 100)


def test_asking_twice_at_once_is_one_job(as_alice, as_mona, brand, alice, mona):
    first, created = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    again, created_again = export_request(brand=brand, membership=mona, dataset="ideas", fmt="csv")
    assert created and not created_again and again.pk == first.pk
    response = start(as_alice, brand, "ideas", "csv")
    assert response.status_code == 302
    assert ExportJob.objects.count() == 1
    other, created = export_request(brand=brand, membership=alice, dataset="ideas", fmt="json")
    assert created and other.pk != first.pk


def test_a_stale_job_fails_and_a_new_one_starts(brand, alice):
    job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    ExportJob.objects.filter(pk=job.pk).update(
        state=State.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    new, created = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    job.refresh_from_db()
    assert created and new.pk != job.pk and job.state == State.FAILED


def test_running_a_job_twice_writes_it_once(brand, alice, campaign, bob):
    IdeaFactory(campaign=campaign, author=bob)
    job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="json")
    first = export_run(job_id=job.pk)
    finished_at = first.finished_at
    second = export_run(job_id=job.pk)
    assert second.state == State.DONE and second.finished_at == finished_at


def test_a_failing_export_is_marked_failed_and_leaves_no_file(brand, alice, monkeypatch):
    def broken(self, values):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(writers.JsonSink, "table", broken)
    job, _ = export_request(brand=brand, membership=alice, dataset="engagement", fmt="json")
    job = export_run(job_id=job.pk)
    assert job.state == State.FAILED and "failed" in job.error
    assert not any(export_root().rglob("*.*"))


# --- who may do what -------------------------------------------------------------------------


def test_members_export_is_for_admins_only(as_mona, brand, alice, mona):
    with pytest.raises(PermissionDenied):
        export_request(brand=brand, membership=mona, dataset="members", fmt="csv")
    assert start(as_mona, brand, "members", "csv").status_code == 403
    job, _ = export_request(brand=brand, membership=alice, dataset="members", fmt="csv")
    export_run(job_id=job.pk)
    page = as_mona.get(reverse("exports:console", args=[brand.slug]))
    assert b"export-members-csv" not in page.content
    assert b'data-testid="export-job"' not in page.content
    assert as_mona.get(reverse("exports:job", args=[brand.slug, job.pk])).status_code == 404
    assert as_mona.get(reverse("exports:download", args=[brand.slug, job.pk])).status_code == 404


def test_member_and_outsider_cannot_start_see_or_download(
    client, brand, other_brand, alice, bob, charlie
):
    job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    export_run(job_id=job.pk)
    urls = [
        reverse("exports:job", args=[brand.slug, job.pk]),
        reverse("exports:download", args=[brand.slug, job.pk]),
        reverse("exports:console", args=[brand.slug]),
    ]
    client.force_login(bob.user)
    assert [client.get(u).status_code for u in urls] == [403, 403, 403]
    assert start(client, brand).status_code == 403
    client.force_login(charlie.user)
    assert [client.get(u).status_code for u in urls] == [403, 403, 403]
    # Charlie guesses the id through his own brand: not found.
    assert client.get(reverse("exports:job", args=[other_brand.slug, job.pk])).status_code == 404
    theirs = reverse("exports:download", args=[other_brand.slug, job.pk])
    assert client.get(theirs).status_code == 404
    with pytest.raises(PermissionDenied):
        export_request(brand=brand, membership=charlie, dataset="ideas", fmt="csv")
    assert ExportJob.objects.count() == 1


def test_anonymous_is_sent_to_login(client, brand, alice):
    job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    response = client.get(reverse("exports:download", args=[brand.slug, job.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_ids_and_bad_input_are_4xx_and_store_nothing(as_alice, brand):
    assert as_alice.get(reverse("exports:job", args=[brand.slug, uuid.uuid4()])).status_code == 404
    assert as_alice.get(f"/b/{brand.slug}/console/exports/12/").status_code == 404
    for data in (
        {"dataset": "secrets", "format": "csv"},
        {"dataset": "ideas", "format": "pdf"},
        {"dataset": "ideas\x00", "format": "csv"},
        {"dataset": "ideas" * 10_000, "format": "csv"},
        {},
    ):
        response = as_alice.post(reverse("exports:start", args=[brand.slug]), data)
        assert response.status_code == 400, data  # a form error (or the NUL guard's answer)
    assert ExportJob.objects.count() == 0
    with pytest.raises(NotFound):
        export_request(brand=brand, membership=None, dataset="nope", fmt="csv")
    with pytest.raises(DomainError):
        export_request(brand=brand, membership=None, dataset="ideas", fmt="pdf")


def test_an_expired_or_unfinished_export_is_not_downloadable(as_alice, brand, alice):
    job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    url = reverse("exports:download", args=[brand.slug, job.pk])
    assert as_alice.get(url).status_code == 404  # still queued
    export_run(job_id=job.pk)
    assert as_alice.get(url).status_code == 200
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert as_alice.get(url).status_code == 404


# --- the files -------------------------------------------------------------------------------


def test_purge_removes_expired_files_and_orphans(brand, alice, settings):
    job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
    job = export_run(job_id=job.pk)
    fresh, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="json")
    fresh = export_run(job_id=fresh.pk)
    path, kept = export_file(job), export_file(fresh)
    orphan = path.parent / f"{uuid.uuid4()}.csv.part"
    orphan.write_text("half")
    old = (timezone.now() - timedelta(days=2)).timestamp()
    import os

    os.utime(orphan, (old, old))
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert exports_purge() == 1
    job.refresh_from_db()
    assert job.state == State.EXPIRED and not path.exists() and not orphan.exists()
    assert kept.exists() and export_file(fresh) == kept


def test_formula_injection_is_neutralised_in_csv_and_xlsx_not_json(brand, alice, campaign, bob):
    titles = ["=1+1", "+33 6 12", "-2", "@SUM(A1)", "\tTab", "plain = fine"]
    for title in titles:
        IdeaFactory(campaign=campaign, author=bob, title=title)
    results = {}
    for fmt in ("csv", "xlsx", "json"):
        job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt=fmt)
        results[fmt] = export_file(export_run(job_id=job.pk))
    with zipfile.ZipFile(results["csv"]) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("ideas.csv").decode("utf-8-sig"))))
    expected = ["'=1+1", "'+33 6 12", "'-2", "'@SUM(A1)", "'\tTab", "plain = fine"]
    assert [row[4] for row in rows[1:]] == expected
    sheet = load_workbook(results["xlsx"])["ideas"]
    assert [sheet.cell(row=i, column=5).value for i in range(2, 8)] == expected
    assert all(sheet.cell(row=i, column=5).data_type == "s" for i in range(2, 8))
    data = json.loads(results["json"].read_text())
    assert [r["title"] for r in data["tables"]["ideas"]] == titles


def test_nul_bytes_and_control_characters_do_not_break_the_files(brand, alice, campaign, bob):
    idea = IdeaFactory(campaign=campaign, author=bob, title=f"Nul{nul()} bell\x07 esc\x1b ok\u2028")
    CommentFactory(idea=idea, author=bob, body=f"a{nul()}b\x0bc\x0cd\r\ne\x7f")
    for fmt in ("csv", "xlsx", "json"):
        job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt=fmt)
        job = export_run(job_id=job.pk)
        assert job.state == State.DONE, fmt
        path = export_file(job)
        if fmt == "json":
            data = json.loads(path.read_text())
            assert data["tables"]["ideas"][0]["title"] == "Nul bell esc ok\u2028"
            assert data["tables"]["comments"][0]["text"] == "abcd\r\ne"
        elif fmt == "xlsx":
            assert load_workbook(path)["comments"]["F2"].value == "abcd\r\ne"
        else:
            with zipfile.ZipFile(path) as archive:
                text = archive.read("comments.csv").decode("utf-8-sig")
            assert list(csv.reader(io.StringIO(text, newline="")))[1][5] == "abcd\r\ne"


def test_lone_surrogates_become_replacement_characters():
    assert writers.clean_text("a\ud800b\x00") == "a\ufffdb"
    assert writers.sheet_value("=\ud800") == "'=\ufffd"


def test_a_table_longer_than_a_sheet_goes_on_in_the_next(tmp_path):
    sink = writers.XlsxSink(tmp_path / "big.xlsx", max_rows=3)
    sink.table("votes", ("idea_id", "member_id"))
    for i in range(5):
        sink.row((i, i * 10))
    sink.close()
    book = load_workbook(tmp_path / "big.xlsx")
    assert book.sheetnames == ["votes", "votes (2)", "votes (3)"]
    assert [r for r in book["votes (3)"].iter_rows(values_only=True)] == [
        ("idea_id", "member_id"),
        (4, 40),
    ]


def test_exporting_does_not_query_once_per_row(brand, alice, campaign, bob, dan):
    def queries() -> int:
        job, _ = export_request(brand=brand, membership=alice, dataset="ideas", fmt="csv")
        with CaptureQueriesContext(connection) as ctx:
            export_run(job_id=job.pk)
        members, _ = export_request(brand=brand, membership=alice, dataset="members", fmt="csv")
        with CaptureQueriesContext(connection) as ctx2:
            export_run(job_id=members.pk)
        return len(ctx) + len(ctx2)

    idea = IdeaFactory(campaign=campaign, author=bob)
    Vote.objects.create(idea=idea, member=dan)
    CommentFactory(idea=idea, author=dan)
    few = queries()
    for _ in range(15):
        idea = IdeaFactory(campaign=campaign, author=dan)
        Vote.objects.create(idea=idea, member=bob)
        CommentFactory(idea=idea, author=bob)
    assert queries() == few
