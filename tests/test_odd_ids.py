"""Odd ids in addresses never make a server error (issue 7 §3-4): '²' passes str.isdigit() but not int(), '١' is an
Arabic-Indic one, a 30-digit number overflows the database driver, and '-1', '1.0', ' 1' are no ids either. Each
address with an id answers as for an unknown one (404, or the page's own "not found"), for the coordinator."""
from __future__ import annotations

import pytest
from nicegui.testing import User

from flnet_ui.ids import plain_id
from tests.login import coordinator_login

ODD = ['²', '١', '99999999999999999999999999999', '-1', '1.0', '%201', '0x1']
ROUTES = ['/moeder/{}', '/moeder/{}/fremmoede', '/moeder/{}/dagsorden', '/moeder/{}/styring', '/moeder/{}/referat',
          '/moeder/1/grupper/{}', '/medlemmer/{}', '/moeder/{}.ics', '/moeder/{}/dagsorden.pdf', '/referater/{}.pdf',
          '/moeder/{}/referat/udkast.pdf', '/moeder/1/referat/version/{}.pdf', '/materialer/{}']


def test_plain_ids_are_ascii_digits_that_fit_the_database() -> None:
    assert [plain_id(text) for text in ['7', '007', '999999999', '1000000000', *ODD]] == [7, 7, 999999999,
                                                                                          *[None] * (1 + len(ODD))]
    assert (plain_id(12), plain_id(-3), plain_id(10 ** 12)) == (12, None, None)


@pytest.mark.parametrize('route', ROUTES)
async def test_an_odd_id_is_never_a_server_error(user: User, route: str) -> None:
    await coordinator_login(user)
    statuses = {odd: (await user.http_client.get(route.format(odd))).status_code for odd in ODD}
    assert all(status in {200, 404, 422} for status in statuses.values()), statuses
