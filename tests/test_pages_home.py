import datetime as dt
from collections.abc import Callable

from nicegui.testing import User


async def test_landing_page_shows_the_network_and_its_seats(user: User) -> None:
    await user.open('/')
    await user.should_see('Fremtidens Fjernlån (FL-netværket)')
    await user.should_see(marker='seats')


async def test_healthz_answers_ok(user: User) -> None:
    response = await user.http_client.get('/healthz')
    assert response.status_code == 200
    assert response.json() == {'status': 'ok'}


async def test_the_language_switch_turns_the_page_english_and_back(user: User) -> None:
    await user.open('/')
    await user.should_see('Forside')
    user.find(marker='language').click()
    user.find('English').click()
    await user.open('/')
    await user.should_see('Home')
    await user.should_see('of 40 seats taken')
    user.find(marker='language').click()
    user.find('Dansk').click()
    await user.open('/')
    await user.should_see('af 40 pladser besat')


async def test_the_seat_count_updates_live_when_someone_joins(user: User) -> None:
    from flnet_ui.services import membership, networks
    from flnet_ui.services.audit import SYSTEM

    await user.open('/')
    await user.should_see('0 af 40 pladser besat')
    network = await networks.default_network()
    await membership.apply(network_id=network.id, name='Aase Østergaard', email='aase@bib.dk', approve=True,
                           by=SYSTEM, now=dt.datetime.now(dt.UTC))
    await user.should_see('1 af 40 pladser besat')
    await user.should_see('39 ledige pladser')


async def test_every_open_front_page_follows_the_seats_also_after_the_first_opened_has_closed(
        user: User, create_user: Callable[[], User]) -> None:
    """The front pages share one read per change (events.show_alike); the page that happened to open first is not
    the one that keeps them going."""
    from flnet_ui.services import membership, networks
    from flnet_ui.services.audit import SYSTEM

    second, third = create_user(), create_user()
    for visitor in (user, second, third):
        await visitor.open('/')
        await visitor.should_see('0 af 40 pladser besat')
    assert user.client is not None
    user.client.delete()   # the first page is closed
    network = await networks.default_network()
    await membership.apply(network_id=network.id, name='Åse Aagaard', email='aase@bib.dk', approve=True, by=SYSTEM,
                           now=dt.datetime.now(dt.UTC))
    for visitor in (second, third):
        await visitor.should_see('1 af 40 pladser besat')
        await visitor.should_see('39 ledige pladser')
