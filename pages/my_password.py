"""Min side › Adgangskode: a member sets a password (or changes it), so they can log in without an e-mail link.

Members start without a password (they log in by link); setting one is optional. Changing one needs the current one.
"""
from __future__ import annotations

import datetime as dt

from nicegui import ui

from flnet_ui import access
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _
from flnet_ui.services import networks, users
from flnet_ui.services.errors import DomainError
from models import Role, User


def create() -> None:
    @ui.page('/min-side/adgangskode')
    async def my_password_page() -> None:
        user = await access.page_user(Role.MEMBER)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Password'), user=user, network_name=network.short_name or network.name):
            PasswordForm(user).show()


class PasswordForm:
    def __init__(self, user: User) -> None:
        self.has_password = user.password_hash is not None

    def show(self) -> None:
        with ui.card().classes('w-full max-w-md') as self.card:
            self.fill()

    def fill(self, done: str = '') -> None:
        """The fields; drawn again after a first password is set, since a change then needs the current one."""
        ui.label(_('Change the password you log in with. You can still log in with a link sent by e-mail.')
                 if self.has_password else
                 _('You can always log in with a link sent by e-mail. With a password you can also log in with your '
                   'e-mail address and the password.')).classes(design.MUTED)
        self.current: ui.input | None = None
        if self.has_password:
            self.current = ui.input(_('Current password'), password=True, password_toggle_button=True) \
                .props('autocomplete=current-password outlined').classes('w-full').mark('current-password')
        self.new = ui.input(_('New password'), password=True, password_toggle_button=True) \
            .props('autocomplete=new-password outlined').classes('w-full').mark('new-password')
        ui.label(_('At least {count} characters.').format(count=users.MIN_PASSWORD_LENGTH)) \
            .classes(f'{design.MUTED} text-sm')
        self.repeat = ui.input(_('Repeat the new password'), password=True, password_toggle_button=True) \
            .props('autocomplete=new-password outlined').classes('w-full').mark('repeat-password')
        ui.button(_('Change password') if self.has_password else _('Set password'), on_click=self.save) \
            .props('no-caps color=primary').mark('password-save')
        ui.label(done).props('role=status').classes(f'text-[{design.POSITIVE}]').mark('password-result')
        ui.link(_('Back to my page'), '/min-side')

    async def save(self) -> None:
        actor = await access.action_actor(Role.MEMBER)
        if actor is None or actor.user_id is None:
            return
        fields = {'current_password': self.current, 'password': self.new, 'repeat': self.repeat}
        for element in fields.values():
            if element is not None:
                element.error = None
        if self.new.value != self.repeat.value:  # a typing slip, caught before it locks the member out
            self.repeat.error = _('The two new passwords are not the same.')
            return
        try:
            await users.set_own_password(user_id=actor.user_id, current_password=self.current.value if self.current
                                         else None, new_password=self.new.value, now=dt.datetime.now(dt.UTC),
                                         keep_session=access.session_token())
        except DomainError as error:
            field = fields.get(error.field or '')
            if field is not None:
                field.error = error.message
            else:
                notify(error.message, type='negative')
            return
        self.has_password = True
        self.card.clear()
        with self.card:
            self.fill(_('Your password is saved. You can now log in with your e-mail address and password.'))
