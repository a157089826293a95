from zhengwu.core.systems import all_systems, systems_for
from zhengwu.org.roles import Role


def test_every_registered_system_has_a_resolvable_page(db):
    for system in all_systems():
        assert system.url() != "#", system.key


def test_anonymous_users_get_no_internal_systems(db):
    from django.contrib.auth.models import AnonymousUser

    assert [s for s in systems_for(AnonymousUser()) if s.tool] == []


def test_logged_in_users_get_the_platform_tools(make_user):
    keys = {s.key for s in systems_for(make_user("QFGJ", Role.OPERATOR))}
    assert {"org", "workdays", "ledger"} <= keys
