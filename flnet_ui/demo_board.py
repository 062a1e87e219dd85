"""The meeting board of the demo (issue 5): programmes for the next meeting and the last two held ones, members'
answers and groups for the next meeting, the outcome of the last meeting's group work, and a projector link.

Everything goes through the services, like the rest of the demo (flnet_ui/demo.py). Choices are drawn from a random
generator of their own, so the board leaves the replay's draws (and so its attendance) exactly as they were, and the
same seed gives the same board. Only the projector link is random every time: it is a secret.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from flnet_ui.services import agenda, display, groups, responses
from flnet_ui.services.audit import Actor
from models import AgendaKind, Answer, Membership, MembershipStatus

GROUP_SEED = 2008


@dataclass(frozen=True)
class Item:
    kind: AgendaKind
    title: str
    minutes: int
    description: str = ''
    presenter: str = ''  # 'member': an active member of the network (host library first)
    name: str = ''       # an external presenter
    org: str = ''


GROUP_QUESTIONS = [
    'Hvor oplever jeres brugere flest forhindringer, når de bestiller et fjernlån?',
    'Hvad kan vi gøre fælles i netværket, som ingen af os kan alene?',
    'Hvilke tal og nøgletal har I brug for til at fortælle ledelsen om fjernlån?',
    'Hvordan tager vi godt imod nye kolleger i fjernlånet?',
]

NEXT_PROGRAMME = [
    Item(AgendaKind.WELCOME, 'Velkomst og nyt fra netværket', 15,
         'Koordinatoren byder velkommen. Kort nyt fra netværket siden sidst:\n\n'
         '- nye medlemmer og ventelisten\n- datoer for efterårets temadag\n- siden for materialer fra møderne'),
    Item(AgendaKind.TALK, 'Brugerbestilte fjernlån: erfaringer fra et år med selvbetjening', 45,
         'Oplæg om hvad der skete, da brugerne selv kunne bestille fjernlån i bibliotekets app: '
         'flere bestillinger, færre fejl, og nye spørgsmål ved skranken.', presenter='member'),
    Item(AgendaKind.BREAK, 'Kaffepause', 15),
    Item(AgendaKind.EXTERNAL_TALK, 'Status på det fælles fjernlånssystem', 45,
         'Hvad er nyt i bestillingsflowet, og hvad kommer i næste version? Der er god tid til spørgsmål.',
         name='Mikkel Brandt', org='DBC Digital'),
    Item(AgendaKind.BREAK, 'Frokost', 45, 'Frokosten serveres i kantinen på første sal.'),
    Item(AgendaKind.GROUP_WORK, 'Gruppearbejde: fjernlån der er nemme for brugerne', 60,
         'Vi arbejder i grupper på tværs af landsdele og biblioteker.\n\n'
         '1. Hver gruppe får et **spørgsmål** og vælger en referent.\n'
         '2. Snak i 40 minutter; referenten skriver de vigtigste pointer ned.\n'
         '3. Hver gruppe giver **tre konkrete forslag** videre til opsamlingen.\n\n'
         'Se din gruppe på [Min side](/min-side).'),
    Item(AgendaKind.TRENDS, 'Opsamling: tendenser og udfordringer', 30,
         'Grupperne fremlægger deres forslag, og vi samler dem til netværkets arbejde det næste halve år.'),
    Item(AgendaKind.OTHER, 'Afrunding og tak for i dag', 15,
         'Evaluering af dagen, næste mødes tema og vært.'),
]

HELD_PROGRAMMES = [
    [
        Item(AgendaKind.WELCOME, 'Velkomst', 15),
        Item(AgendaKind.SUPPLIER_NEWS, 'Nyt fra transportøren: ruter og afhentning', 30,
             'Ændrede ruter i Jylland og på Fyn, og hvad det betyder for afhentningstiderne.',
             name='Louise Kragh', org='Bibliotekernes transportordning'),
        Item(AgendaKind.INTERNAL_TALK, 'Sådan pakker vi fjernlån sikkert', 30, presenter='member'),
        Item(AgendaKind.BREAK, 'Frokost', 45),
        Item(AgendaKind.DIALOGUE, 'Struktureret dialog: svære bestillinger', 45,
             'Hver deltager tager en bestilling med, som var svær at finde, og vi løser dem sammen.'),
        Item(AgendaKind.OTHER, 'Afrunding', 15),
    ],
    [
        Item(AgendaKind.WELCOME, 'Velkomst og præsentationsrunde', 20),
        Item(AgendaKind.TALK, 'Erfaringer fra et år med nye leveringstider', 40, presenter='member'),
        Item(AgendaKind.EXTERNAL_TALK, 'Udenlandske fjernlån: hvad koster det, og hvem betaler?', 40,
             name='Helle Vinding', org='Det Kgl. Bibliotek'),
        Item(AgendaKind.BREAK, 'Frokost', 45),
        Item(AgendaKind.GROUP_WORK, 'Gruppearbejde: fælles udfordringer', 50,
             'Grupper på tværs af landsdele. Hver gruppe giver **tre forslag** videre.'),
        Item(AgendaKind.TRENDS, 'Opsamling: tendenser og udfordringer', 30),
        Item(AgendaKind.OTHER, 'Afrunding', 15),
    ],
]

HELD_OUTCOMES = [
    'Brugerne forstår ikke, hvornår et fjernlån er på vej. Forslag: en fælles tekst til beskeden om '
    'forventet levering.',
    'Fælles statistik over fjernlån pr. landsdel, så vi kan se, hvor ventetiden er længst.',
    'En makkerordning: nye kolleger får en kontaktperson i et andet bibliotek det første halve år.',
    'Et fælles skema til svære bestillinger, som går på tur i netværket.',
]


def board_random(seed: int) -> random.Random:
    """The board's own draws, apart from the replay's (which decide attendance)."""
    return random.Random(seed * 7919 + 5)


async def held_programme(meeting_id: int, number: int, *, network_id: int, host_library_id: int | None,
                         rng: random.Random, by: Actor, now: dt.datetime) -> None:
    """The programme of a meeting that is about to be held (so "Kopiér en tidligere dagsorden" has sources)."""
    await _add(meeting_id, HELD_PROGRAMMES[number % len(HELD_PROGRAMMES)], network_id=network_id,
               host_library_id=host_library_id, rng=rng, by=by, now=now)


async def held_group_outcomes(meeting_id: int, *, rng: random.Random, by: Actor, now: dt.datetime) -> None:
    """Groups of the meeting's group work (made from who was present), each with question, scribe and outcome."""
    for item in await groups.group_items(meeting_id):
        made = await groups.make_groups(item_id=item.id, groups=4, seed=GROUP_SEED, by=by, now=now)
        for group, question, outcome in zip(made, GROUP_QUESTIONS, HELD_OUTCOMES, strict=False):
            scribe = rng.choice(group.members).membership_id if group.members else None
            await groups.update_group(group_id=group.id, question=question, scribe_membership_id=scribe,
                                      outcome=outcome, by=by, now=now)


async def next_meeting(meeting_id: int, *, network_id: int, host_library_id: int | None, skip_membership_id: int,
                       rng: random.Random, by: Actor, now: dt.datetime) -> None:
    """The next meeting's programme, members' answers (all but the demo member's own, which is left for a newcomer
    to give), its groups with their questions, and the network's projector link."""
    await _add(meeting_id, NEXT_PROGRAMME, network_id=network_id, host_library_id=host_library_id, rng=rng, by=by,
               now=now)
    active = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE).order_by('id')
    for member in active:
        if member.id == skip_membership_id:
            continue
        roll = rng.random()
        if roll < 0.2:
            continue  # not answered yet
        answer = Answer.ATTENDING if roll < 0.85 else Answer.APOLOGY
        reason = rng.choice(['Ferie', 'Kursus samme dag', '']) if answer == Answer.APOLOGY else ''
        await responses.answer(membership_id=member.id, meeting_id=meeting_id, answer=answer, reason=reason, by=by,
                               now=now)
    for item in await groups.group_items(meeting_id):
        made = await groups.make_groups(item_id=item.id, groups=5, seed=GROUP_SEED, by=by, now=now)
        for group, question in zip(made, GROUP_QUESTIONS * 2, strict=False):
            await groups.update_group(group_id=group.id, question=question, scribe_membership_id=None, outcome='',
                                      by=by, now=now)
    await display.renew_display_token(network_id=network_id, by=by, now=now)


async def _add(meeting_id: int, items: list[Item], *, network_id: int, host_library_id: int | None,
               rng: random.Random, by: Actor, now: dt.datetime) -> None:
    for item in items:
        presenter_id = await _member_presenter(network_id, host_library_id, rng) if item.presenter else None
        await agenda.add_item(meeting_id=meeting_id, kind=item.kind, title=item.title, duration_minutes=item.minutes,
                              presenter_id=presenter_id, presenter_name=item.name, presenter_org=item.org,
                              description=item.description, by=by, now=now)


async def _member_presenter(network_id: int, host_library_id: int | None, rng: random.Random) -> int:
    """An active member, from the host library when it has one (they know the house and tell its story)."""
    active = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE) \
        .select_related('person').order_by('id')
    local = [m for m in active if host_library_id is not None and m.person.library_id == host_library_id]
    return rng.choice(local or active).id
