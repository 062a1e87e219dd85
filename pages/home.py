"""The landing page: what the network is, and its seats right now (live)."""
from __future__ import annotations

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import networks, seats


def create() -> None:
    @ui.page('/')
    async def home() -> None:
        network = await networks.default_network()
        user = await access.current_user()
        with frame(network.short_name or network.name, user=user, network_name=network.short_name or network.name):
            ui.label(network.name).classes('text-xl')
            ui.label(network.description).classes(design.MUTED)
            await seat_card(network.id)


async def seat_card(network_id: int) -> None:
    """'37 af 40 pladser besat', free seats and the waitlist; redrawn whenever a membership changes anywhere."""
    @ui.refreshable
    async def content() -> None:
        overview = await seats.overview(network_id)
        ui.label(_('{taken} of {capacity} seats taken').format(
            taken=i18n.number(overview.active), capacity=i18n.number(overview.capacity))) \
            .classes('text-2xl font-bold').mark('seats')
        bar_name = _('Seats taken')
        ui.linear_progress(value=min(1.0, overview.active / max(1, overview.capacity)), show_value=False) \
            .props(f'aria-label="{bar_name}" size=12px').classes('max-w-md')
        ui.label(ngettext('{n} free seat', '{n} free seats', overview.free).format(n=overview.free)).mark('free')
        ui.label(ngettext('{n} person on the waitlist', '{n} people on the waitlist', overview.waiting)
                 .format(n=overview.waiting)).mark('waiting')

    with ui.card().classes(design.CARD):
        ui.html(_('Seats'), tag='h2').classes('text-xl font-bold')
        await content()
    events.refresh_on(network_id, content.refresh, events.membership)
