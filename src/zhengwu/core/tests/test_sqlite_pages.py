"""SQLite databases that zhengwu creates use 16 KiB pages (settings.SQLITE_PAGE_SIZE): measured 8 % off a
1,000,000-row import (docs/seed-map/credit.md, issue 13 item 18). An existing database keeps its own."""

import sqlite3

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's page size")


def wrapper_for(path) -> DatabaseWrapper:
    return DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="pages")


@sqlite_only
@pytest.mark.django_db
def test_a_new_database_gets_16_kib_pages_and_wal(tmp_path):
    db = wrapper_for(tmp_path / "new.sqlite3")
    try:
        with db.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x)")
            cursor.execute("PRAGMA page_size")
            assert cursor.fetchone()[0] == settings.SQLITE_PAGE_SIZE == 16384
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        db.close()


@sqlite_only
@pytest.mark.django_db
def test_an_existing_database_keeps_its_page_size(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE t (x)")
        old.execute("INSERT INTO t VALUES (1)")
    old.close()
    db = wrapper_for(path)
    try:
        with db.cursor() as cursor:
            cursor.execute("PRAGMA page_size")
            assert cursor.fetchone()[0] == 4096
            cursor.execute("SELECT x FROM t")
            assert cursor.fetchall() == [(1,)]
    finally:
        db.close()
