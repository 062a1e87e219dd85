from nicegui.testing import User


async def test_landing_page_shows_the_network_and_its_seats(user: User) -> None:
    await user.open('/')
    await user.should_see('Fremtidens Fjernlån (FL-netværket)')
    await user.should_see(marker='seats')


async def test_healthz_answers_ok(user: User) -> None:
    response = await user.http_client.get('/healthz')
    assert response.status_code == 200
    assert response.json() == {'status': 'ok'}
