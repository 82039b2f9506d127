"""``seed-demo``: a synthetic agency to try fieldcm with. Every name is invented.

Three teams, a supervisor, six workers and an admin with known demo passwords, and a few
hundred clients with goals, progress notes (some signed), safety plans and PHQ-9/GAD-7
screens, all built with the domain's own builders so they pass the same rules as real edits.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from fieldcm.domain.assessments import screen_fields
from fieldcm.domain.changes import check_create
from fieldcm.domain.errors import DomainError
from fieldcm.domain.notes import NoteFormat, Role, Signer, new_note_fields
from fieldcm.domain.safety_plan import Section, add_item, empty_plan, mark_reviewed, plan_fields
from fieldcm.domain.signing import sign_note
from fieldcm.server import accounts
from fieldcm.server.auth import Passwords
from fieldcm.server.clock import utcnow
from fieldcm.server.devices import issue_enrollment_code
from fieldcm.server.errors import AdminError
from fieldcm.server.feedlog import FeedEntry
from fieldcm.server.models import RecordRow, Team, User
from fieldcm.server.uow import UnitOfWork

DEMO_WORKER = "demo-worker"
TEAMS = ("North Outreach", "Central ICM", "Shelter Team")
FIRST = (
    "Avery", "Brin", "Corin", "Dacey", "Elan", "Fenna", "Galen", "Hollis", "Isen", "Jory",
    "Kestrel", "Lumi", "Marlo", "Nevin", "Oriel", "Pell", "Quill", "Rowan", "Sable", "Tamsin",
    "Ulla", "Vesper", "Wren", "Yarrow", "Zeph",
)  # fmt: skip
LAST = (
    "Ashgrove", "Birchall", "Coldwater", "Dunmore", "Elderby", "Fallowmere", "Greystone",
    "Hartwell", "Ivybrook", "Juniper", "Kettleby", "Larkspur", "Millbank", "Northcote",
    "Oakhurst", "Pinecrest", "Quarrymoor", "Redfern", "Stonebridge", "Thistlewood",
)  # fmt: skip
PROGRAMS = ("ICM", "ACT", "Shelter outreach", "Re-entry")
PLACES = ("Client's apartment", "Riverside shelter", "Library steps", "Agency office")


@dataclass(frozen=True)
class DemoPerson:
    username: str
    role: str
    team: str | None
    password: str


@dataclass(frozen=True)
class DemoAgency:
    people: list[DemoPerson]
    clients: int
    records: int
    enrollment_code: str


def demo_password(username: str) -> str:
    return f"fieldcm demo {username}"


def _people() -> list[DemoPerson]:
    people = [
        DemoPerson("demo-admin", "admin", None, ""),
        DemoPerson("demo-supervisor", "supervisor", TEAMS[0], ""),
        DemoPerson(DEMO_WORKER, "worker", TEAMS[0], ""),
        DemoPerson("demo-worker-2", "worker", TEAMS[0], ""),
        DemoPerson("demo-worker-3", "worker", TEAMS[1], ""),
        DemoPerson("demo-worker-4", "worker", TEAMS[1], ""),
        DemoPerson("demo-worker-5", "worker", TEAMS[2], ""),
        DemoPerson("demo-worker-6", "worker", TEAMS[2], ""),
    ]
    return [DemoPerson(p.username, p.role, p.team, demo_password(p.username)) for p in people]


class _Writer:
    """Inserts records as their author wrote them, each checked by the domain rules."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.count = 0

    def add(self, *, kind: str, client_id: str, fields: dict[str, Any], author: User,
            record_id: str | None = None) -> str:  # fmt: skip
        check_create(kind, fields)
        record_id = record_id or str(uuid.uuid4())
        now = utcnow()
        self.uow.session.add(
            RecordRow(
                id=record_id,
                kind=kind,
                client_id=client_id,
                fields=fields,
                rev=1,
                deleted=False,
                created_at=now,
                updated_at=now,
                updated_by_user_id=author.id,
                updated_by_device_id=None,
            )
        )
        self.uow.feed.append(
            FeedEntry("record", client_id=client_id, record_id=record_id, kind=kind)
        )
        self.count += 1
        return record_id


def seed_demo(uow: UnitOfWork, *, clients: int, passwords: Passwords, seed: int = 7) -> DemoAgency:
    """Create the demo agency in one transaction; refuses to run twice."""
    session = uow.session
    if session.scalar(select(User).where(User.username == DEMO_WORKER)) is not None:
        raise AdminError("The demo agency already exists in this database.")
    if clients < 1 or clients > 5000:
        raise AdminError("Choose between 1 and 5000 demo clients.")
    rng = random.Random(seed)
    for team in TEAMS:
        if session.scalar(select(Team).where(Team.name == team)) is None:
            accounts.add_team(uow, name=team)
    people = _people()
    users = [
        accounts.add_user(
            uow,
            username=p.username,
            role=p.role,
            team=p.team,
            display_name=p.username.replace("-", " ").title(),
            credentials="" if p.role == "admin" else rng.choice(("CM", "QMHP", "LSW", "CPRS")),
            password_hash=passwords.hash(p.password),
        )
        for p in people
    ]
    workers = [u for u in users if u.role == "worker"]
    writer = _Writer(uow)
    now = utcnow()
    for index in range(clients):
        owner = workers[index % len(workers)]
        client_id = str(uuid.uuid4())
        accounts.assign_user(uow, client_id=client_id, user_id=owner.id, action="demo_assign")
        _client_records(writer, rng, client_id=client_id, owner=owner, now=now)
    code = issue_enrollment_code(uow, username=DEMO_WORKER, ttl=timedelta(hours=24))
    return DemoAgency(people=people, clients=clients, records=writer.count, enrollment_code=code)


def _client_records(
    writer: _Writer, rng: random.Random, *, client_id: str, owner: User, now: datetime
) -> None:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    writer.add(
        kind="client",
        client_id=client_id,
        record_id=client_id,
        author=owner,
        fields={
            "preferred_name": f"{first} {last}",
            "legal_name": f"{first} {rng.choice(FIRST)} {last}",
            "dob": f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "pronouns": rng.choice(("she/her", "he/him", "they/them")),
            "language": rng.choice(("English", "Spanish")),
            "program": rng.choice(PROGRAMS),
            "risk_tier": rng.choice(("low", "moderate", "high")),
            "safe_contact_instructions": rng.choice(
                ("No voicemail", "Text first", "Call the shelter desk", "")
            ),
            "confidential_address": rng.random() < 0.1,
        },
    )
    goal_id = writer.add(
        kind="goal",
        client_id=client_id,
        author=owner,
        fields={
            "statement": rng.choice(
                (
                    "Move into stable housing within 90 days",
                    "Attend primary care appointments monthly",
                    "Apply for income support by the end of the quarter",
                )
            ),
            "domain": rng.choice(("housing", "health", "income")),
            "target_date": (now + timedelta(days=rng.randint(30, 180))).date().isoformat(),
            "status": "active",
            "objectives": [],
        },
    )
    for _ in range(rng.randint(1, 4)):
        writer.add(
            kind="note",
            client_id=client_id,
            author=owner,
            fields=_note(rng, owner=owner, goal_id=goal_id, now=now),
        )
    if rng.random() < 0.4:
        writer.add(kind="safety_plan", client_id=client_id, author=owner, fields=_plan(rng, now))
    if rng.random() < 0.6:
        for instrument, items in (("phq9", 9), ("gad7", 7)):
            answers = [rng.choice((0, 0, 1, 1, 2)) for _ in range(items)]
            answers[-1] = 0 if instrument == "phq9" else answers[-1]  # item 9 > 0 needs a C-SSRS
            writer.add(
                kind="assessment",
                client_id=client_id,
                author=owner,
                fields=screen_fields(
                    instrument,
                    answers,
                    administered_at=now - timedelta(days=rng.randint(1, 60)),
                    administered_by=owner.id,
                ),
            )


def _note(rng: random.Random, *, owner: User, goal_id: str, now: datetime) -> dict[str, Any]:
    start = (now - timedelta(days=rng.randint(1, 90))).replace(microsecond=0)
    fields: dict[str, Any] = new_note_fields(
        author_id=owner.id,
        note_format=NoteFormat.DAP,
        service_start=start,
        service_end=start + timedelta(minutes=rng.choice((30, 45, 60))),
        client_present=True,
    )
    fields |= {
        "sections": {
            "data": "Met with client; discussed housing search and medication routine.",
            "assessment": "Engaged and calm; making steady progress toward the goal.",
            "plan": "Follow up next week; bring the benefits application.",
        },
        "location": rng.choice(PLACES),
        "contact_type": rng.choice(("home", "shelter", "street", "office")),
        "service_code": "T1017",
        "goal_ids": [goal_id],
    }
    if rng.random() < 0.5:
        signer = Signer(owner.id, owner.display_name, owner.credentials or "CM", Role.WORKER)
        try:
            return sign_note(fields, signer, at=start + timedelta(hours=2))
        except DomainError:
            return fields  # the demo keeps it as a draft rather than inventing a rule
    return fields


def _plan(rng: random.Random, now: datetime) -> dict[str, Any]:
    plan = empty_plan()
    plan = add_item(plan, Section.WARNING_SIGNS, "Not sleeping, skipping meals")
    plan = add_item(plan, Section.COPING_STRATEGIES, "Walk by the river, listen to music")
    plan = add_item(plan, Section.HELP_CONTACTS, "Sister (invented)", phone="555-0100")
    plan = add_item(
        plan, Section.PROFESSIONAL_CONTACTS, "988 Suicide & Crisis Lifeline", phone="988"
    )
    plan = add_item(plan, Section.ENVIRONMENT_SAFETY, "Keep medications with a friend")
    plan = add_item(plan, Section.REASONS_FOR_LIVING, rng.choice(("My dog", "My kids", "Art")))
    plan = mark_reviewed(plan, at=now - timedelta(days=rng.randint(1, 80)), by="demo")
    return plan_fields(plan)
