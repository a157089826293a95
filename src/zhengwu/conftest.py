"""Fixtures shared by every app's tests: Luohu's units and a cast of users by role.

    def test_x(units, make_user):
        operator = make_user("QFGJ", Role.OPERATOR)      # 区发改局 填报员
        street = make_user("GY", Role.OPERATOR)          # 桂园街道 (sees its communities too)
        supervisor = make_user("QDCS", Role.SUPERVISOR)  # district-wide reader
"""

import itertools

import pytest

_counter = itertools.count(1)


@pytest.fixture
def units(db):
    """The reference units (district, departments, streets, communities), keyed by code."""
    from zhengwu.org import reference
    from zhengwu.org.models import Unit

    reference.load()
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture
def make_user(units):
    """make_user(unit_code, role, username=None) -> a user holding `role` in that unit."""
    from django.contrib.auth import get_user_model

    from zhengwu.org.models import Membership

    def make(unit_code: str, role: str, username: str | None = None, **extra):
        name = username or f"{unit_code.lower()}_{role}_{next(_counter)}"
        user = get_user_model().objects.create_user(username=name, password="test-pass-12345", **extra)
        Membership.objects.create(user=user, unit=units[unit_code], role=role)
        return user

    return make
