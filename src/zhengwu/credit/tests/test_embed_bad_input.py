"""The embeddable list with a bad filter: its own page says what is wrong (never a server error)."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["kind=zz", "from=2016-02-30"])
def test_a_bad_filter_on_the_embedded_list_is_named_on_the_page(client, units, query):
    response = client.get(f"/credit/public/embed/QCGJ/?{query}")
    body = response.content.decode()
    assert response.status_code == 400 and 'role="alert"' in body and "区城管局" in body
    assert "X-Frame-Options" not in response.headers  # still frameable: the error shows inside the host site
    twin = client.get(f"/credit/public/embed/QCGJ.json?{query}")
    assert twin.status_code == 400 and twin.json()["error"]["message"]
