"""The minutes of the demo (issue 6): the two held meetings that have a programme get minutes written as the
coordinator would, item by item, with decisions and action items; both are approved. The older one is sent out by
e-mail and recorded as posted on "For biblioteker", and its action items are partly done; the newer one is approved
but not yet sent, so "Send by e-mail" can be tried. Its open action items come back as "Opfølgning" on the next
meeting's agenda builder.

Everything goes through the services (flnet_ui/demo.py). The texts depend only on the agenda item's kind and the
meeting's place in the replay, so the same seed gives the same minutes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flnet_ui.services import minutes, minutes_actions, minutes_distribution, minutes_versions
from flnet_ui.services.audit import Actor
from models import AgendaItem, AgendaKind, Membership, MembershipStatus

REFERENT = 'Karen Lund, Statsbiblioteket'

# Per kind of agenda item: (notes, decisions). A kind missing here (a break) gets nothing written.
TEXTS: dict[AgendaKind, tuple[str, list[str]]] = {
    AgendaKind.WELCOME: (
        'Koordinatoren bød velkommen og fortalte kort om netværket siden sidst: ventelisten er stabil, og der er '
        'kommet nye medlemmer fra både Øst- og Vestdanmark.', []),
    AgendaKind.TALK: (
        'Oplægsholderen fortalte om erfaringerne fra det forløbne år. Flere biblioteker genkendte udfordringerne, '
        'især ved skranken, hvor brugerne spørger til leveringstider.',
        ['Oplægget lægges i arkivet sammen med referatet.']),
    AgendaKind.INTERNAL_TALK: (
        'Gennemgang af god praksis for pakning af fjernlån: kasser, polstring og mærkning. Der var enighed om, at '
        'en fælles vejledning vil spare tid.', ['Der laves en fælles pakkevejledning for netværket.']),
    AgendaKind.EXTERNAL_TALK: (
        'Oplæg med god tid til spørgsmål. Spørgsmålene gik især på priser, leveringstider og hvem der betaler, '
        'når et lån bliver væk undervejs.', []),
    AgendaKind.SUPPLIER_NEWS: (
        'Transportøren orienterede om ændrede ruter. Afhentningstiderne flytter sig højst en time, og bibliotekerne '
        'får besked direkte.', ['Netværket samler erfaringer med de nye ruter til næste møde.']),
    AgendaKind.DIALOGUE: (
        'Deltagerne havde svære bestillinger med, og de fleste blev løst i fællesskab. De sidste sendes rundt på '
        'e-mail.', []),
    AgendaKind.GROUP_WORK: (
        'Grupperne arbejdede på tværs af landsdele. Gruppernes resultater står under punktet.', []),
    AgendaKind.TRENDS: (
        'Grupperne fremlagde deres forslag. De gik igen i flere grupper: bedre besked til brugerne, fælles tal, og '
        'en god start for nye kolleger.',
        ['Forslagene prioriteres af koordinatoren og præsenteres på næste møde.',
         'Netværket arbejder videre med en fælles tekst til beskeden om forventet levering.']),
    AgendaKind.OTHER: (
        'Tak for en god dag. Evalueringen var positiv; flere ønskede mere tid til gruppearbejde næste gang.', []),
}



@dataclass(frozen=True)
class Action:
    what: str
    kind: AgendaKind | None   # under the first item of this kind; None (or no such item): the meeting as a whole
    member: int | None        # the n-th active member is responsible; None: `name` is
    name: str
    days: int                 # the deadline, in days after the minutes were written
    done: bool = False        # done ten days after (only in minutes that were sent out)


SENT_ACTIONS = [   # the older meeting: sent out, half of it done since
    Action('Send oplæggets slides til alle medlemmer', AgendaKind.TALK, 0, '', 14, done=True),
    Action('Udarbejd et udkast til en fælles pakkevejledning', AgendaKind.INTERNAL_TALK, 5, '', 120),
    Action('Find vært i Østdanmark til næste temadag', None, None, 'Koordinatoren', 90, done=True),
]
NEW_ACTIONS = [    # the newest meeting: approved, not yet sent
    Action('Saml gruppernes forslag i et notat til ledelserne', AgendaKind.TRENDS, 8, '', 45),
    Action('Undersøg prisen på fælles statistik over fjernlån pr. landsdel', AgendaKind.GROUP_WORK, None,
           'Statsbiblioteket', 75),
]


async def write(meeting_id: int, *, network_id: int, by: Actor, written: dt.datetime, send: bool) -> None:
    """Write and approve the minutes of a held and closed meeting; when `send`, also send them out and mark some
    action items done."""
    await minutes.set_referent(meeting_id=meeting_id, referent=REFERENT, expected_revision=0, by=by, now=written)
    items = await AgendaItem.filter(meeting_id=meeting_id).order_by('position')
    for item in items:
        if (text := TEXTS.get(AgendaKind(item.kind))) is not None:
            notes, decisions = text
            await minutes.save_item(meeting_id=meeting_id, agenda_item_id=item.id, notes=notes, decisions=decisions,
                                    expected_revision=0, by=by, now=written)
    members = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE).order_by('id')
    made = []
    for action in SENT_ACTIONS if send else NEW_ACTIONS:
        under = next((item.id for item in items if item.kind == action.kind), None)
        responsible = members[action.member % len(members)].id if action.member is not None and members else None
        made.append((await minutes_actions.add_action(
            meeting_id=meeting_id, agenda_item_id=under, what=action.what, responsible_id=responsible,
            responsible_name='' if responsible else action.name,
            deadline=written.date() + dt.timedelta(days=action.days), by=by, now=written), action.done))
    await minutes_versions.approve(meeting_id=meeting_id, by=by, now=written)
    if send:
        await minutes_distribution.distribute_by_email(meeting_id=meeting_id, by=by, now=written)
        await minutes_distribution.record_posting(meeting_id=meeting_id, by=by, now=written + dt.timedelta(hours=1))
        for row, done in made:
            if done:
                await minutes_actions.set_action_done(action_id=row.id, done=True, by=by,
                                                      now=written + dt.timedelta(days=10))
