import pytest
from django.core.exceptions import ImproperlyConfigured

from cocrea.core.env import env_bool, env_int, parse_database_url


def test_sqlite_url_keeps_absolute_and_relative_paths():
    assert (
        parse_database_url("sqlite:////var/lib/cocrea/db.sqlite3").name
        == "/var/lib/cocrea/db.sqlite3"
    )
    assert parse_database_url("sqlite:///var/db.sqlite3").name == "var/db.sqlite3"


def test_postgres_url_is_split_into_parts():
    db = parse_database_url("postgres://cocrea:s%40cret@db.local:5433/cocrea")
    assert (db.user, db.password, db.host, db.port, db.name) == (
        "cocrea",
        "s@cret",
        "db.local",
        "5433",
        "cocrea",
    )


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("mysql://root@localhost/x")


def test_bad_boolean_and_integer_are_refused(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    monkeypatch.setenv("NUMBER", "12abc")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG", False)
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1)


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "not configured",
        "tasks": {"mode": "inline"},
        "problems": [],
    }


def test_nul_byte_in_query_is_refused_with_400(client, db):
    response = client.get("/healthz", {"q": "a\x00b"})
    assert response.status_code == 400
