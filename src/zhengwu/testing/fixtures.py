"""Pytest fixtures shared by every test (registered once by the
root conftest.py): Luohu's units and a cast of users by role.

def test_x(units, make_user):
    operator = make_user("QFGJ", Role.OPERATOR)      # 区发改局 填报员
    street = make_user("GY", Role.OPERATOR)          # 桂园街道 (sees its communities too)
    supervisor = make_user("QDCS", Role.SUPERVISOR)  # district-wide reader
"""

import itertools

import pytest

_counter = itertools.count(1)

DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "units", "make_user"}


def pytest_collection_modifyitems(config, items):
    """`database_independent` tests (pure computation, no query, no process that could make one — or a
    process given a SQLite file of its own, whatever database the suite uses) give the same result on
    every database, so the PostgreSQL leg of `make test` leaves them out (`-m "not
    database_independent"`). A test marked so that asks for the database is refused here: the mark would then
    hide a database-dependent result."""
    # `early` tests first, in their order: test workers (pytest-xdist, worksteal) are given contiguous halves
    # of the list and steal from the end of each other's, so the tests of a module that shares an expensive
    # fixture stay on one worker (loaded once, not once per worker) and a long test never starts last
    items.sort(key=lambda item: item.get_closest_marker("early") is None)
    for item in items:
        if item.get_closest_marker("database_independent") is None:
            continue
        uses = DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        if uses or item.get_closest_marker("django_db"):
            raise pytest.UsageError(f"{item.nodeid} is marked database_independent but uses the database "
                                    f"({', '.join(sorted(uses)) or 'django_db'})")


def pytest_configure(config):
    from zhengwu.testing import connections, handlers  # deferred: see django_db_setup

    handlers.install()
    connections.track()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Luohu's units are written once per test database, not once per test: every test runs in a
    transaction that is rolled back, so they stay. A transactional test flushes the database at its
    end; `units` then loads them again."""
    # deferred (here and below): conftest registers these fixtures before pytest-django sets Django up
    from zhengwu.ledger.models import Entry, Head  # deferred: see above
    from zhengwu.org import reference  # deferred: see above

    with django_db_blocker.unblock():
        reference.load()
        # tests start from an empty ledger: the load's own entries would shift every count and sequence
        Entry.objects.all().delete()
        Head.objects.all().delete()
    yield
    from zhengwu.testing import connections  # deferred: see above

    # before pytest-django drops the test database, which PostgreSQL refuses while a session is open on it
    connections.close_all_tracked()


@pytest.fixture(autouse=True)
def _fresh_headcache():
    """Answers kept until the ledger moves (ledger.headcache) are forgotten between tests: a rolled-back test
    leaves the ledger head where the next test starts, with other records under it."""
    from zhengwu.ledger import headcache  # deferred: see above

    headcache.clear()
    yield
    headcache.clear()


@pytest.fixture
def units(db):
    """The reference units (district, departments, streets, communities), keyed by code."""
    from zhengwu.org import reference  # deferred: see above
    from zhengwu.org.models import Unit  # deferred: see above

    found = {u.code: u for u in Unit.objects.all()}
    if len(found) < len(reference.rows()):  # after a flush by a transactional test
        reference.load()
        found = {u.code: u for u in Unit.objects.all()}
    return found


@pytest.fixture
def make_user(units):
    """make_user(unit_code, role, username=None) -> a user holding `role` in that unit."""
    from django.contrib.auth import get_user_model

    from zhengwu.org.models import Membership  # deferred: Django is set up only after conftest loads this

    def make(unit_code: str, role: str, username: str | None = None, **extra):
        name = username or f"{unit_code.lower()}_{role}_{next(_counter)}"
        user = get_user_model().objects.create_user(username=name, password="test-pass-12345", **extra)
        Membership.objects.create(user=user, unit=units[unit_code], role=role)
        return user

    return make


# --- Browser tests ---------------------------------------------------------------------------------
# Playwright drives Debian's chromium (make test installs it); `playwright install` is never used.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium for the whole session (tests marked `browser` skip if it is absent)."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") or os.environ.get("ZHENGWU_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    os.environ.setdefault(
        "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
    )  # the ORM in test bodies beside Playwright's loop
    from playwright.sync_api import expect, sync_playwright

    # expect() waits for a page that a click has only begun to load; as long as the pages' own timeout
    expect.set_options(timeout=15000)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; `page.base_url` is the live server's address."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(15000)
    p.base_url = live_server.url
    yield p
    context.close()


@pytest.fixture
def login(page):
    """login(username, password) through the real login form."""

    def do(username: str, password: str = "test-pass-12345"):
        page.goto(page.base_url + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit].primary")
        page.wait_for_url(
            page.base_url + "/workbench/"
        )  # staff land on their 工作台 (`/` is the public home)

    return do
