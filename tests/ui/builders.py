"""Synthetic caseloads for the UI tests: every name is invented; markers are made up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldcm.domain.alerts import Alert, AlertType, Severity
from fieldcm.domain.assessments import screen_fields
from fieldcm.domain.notes import NoteFormat, Role, Signer
from fieldcm.domain.records import new_id
from fieldcm.domain.safety_plan import Section, add_item, empty_plan, mark_reviewed, plan_fields
from fieldcm.services import notes
from fieldcm.store.kdf import KdfParams
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.throttle import ThrottlePolicy
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore, Vault, VaultPolicy
from fieldcm.sync.profile import save_enrollment
from fieldcm.sync.protocol import TokenPair, UserInfo

PASSPHRASE = "synthetic ui passphrase: copper meadow lantern 58"
HOSTILE = '<b>x</b><a href="http://x">update</a>'
"""A client name that must be shown literally everywhere (SECURITY.md M2)."""

# TEST ONLY: far below the production floor, so the UI tests stay fast.
FAST_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
FAST_POLICY = VaultPolicy(
    kdf_params=FAST_KDF,
    kdf_floor=FAST_KDF,
    throttle=ThrottlePolicy(max_failures=20, base_delay=1.0, max_delay=2.0),
)
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
WORKER = Signer("11111111-1111-4111-8111-111111111111", "Sam Rivera", "CM", Role.WORKER)

NAMES = (
    "Avery Ashgrove", "Brin Birchall", "Corin Coldwater", "Dacey Dunmore", "Elan Elderby",
    "Fenna Fallowmere", "Galen Greystone", "Hollis Hartwell", "Isen Ivybrook", "Jory Juniper",
    "Kestrel Kettleby", "Lumi Larkspur",
)  # fmt: skip


@dataclass
class Caseload:
    clients: dict[str, str] = field(default_factory=dict)
    """name -> client id"""
    goals: dict[str, str] = field(default_factory=dict)
    """client id -> goal id"""
    notes: dict[str, str] = field(default_factory=dict)
    """client id -> a signed note id"""


def make_store(folder: Path, *, user: Signer = WORKER) -> UnlockedStore:
    store = Vault.create(
        folder, passphrase_buffer(PASSPHRASE), user.user_id, new_id(), policy=FAST_POLICY
    )
    pair = TokenPair(
        access_token="synthetic-access",
        refresh_token="synthetic-refresh",
        access_expires_in=600,
        device_id=new_id(),
        user=UserInfo(
            id=user.user_id,
            username="srivera",
            display_name=user.name,
            role="worker",
            credentials=user.credentials,
        ),
    )
    with UnitOfWork(store.engine) as uow:
        save_enrollment(uow, pair, "")
        uow.sync_state.update(server_url=None, last_successful_sync_at=NOW - timedelta(hours=3))
        uow.commit()
    return store


def _client(uow: UnitOfWork, name: str, index: int) -> str:
    client_id = new_id()
    uow.records.create(
        "client",
        client_id,
        {
            "preferred_name": name,
            "legal_name": f"{name.split(maxsplit=1)[0]} Q. {name.rsplit(maxsplit=1)[-1]}",
            "pronouns": ("she/her", "he/him", "they/them")[index % 3],
            "language": ("English", "Spanish")[index % 2],
            "program": ("ICM", "Shelter outreach", "ACT")[index % 3],
            "risk_tier": ("high", "moderate", "low")[index % 3],
            "safe_contact_instructions": ("No voicemail; text first", "Call the shelter desk", "")[
                index % 3
            ],
            "confidential_address": index % 4 == 0,
            "dob": f"19{70 + index}-0{1 + index % 9}-1{index % 9}",
        },
    )
    return client_id


def _signed_note(uow: UnitOfWork, client_id: str, goal_id: str, days_ago: int, text: str) -> str:
    start = NOW - timedelta(days=days_ago, hours=2)
    note = notes.start_note(
        uow,
        client_id=client_id,
        author_id=WORKER.user_id,
        note_format=NoteFormat.DAP,
        service_start=start,
        service_end=start + timedelta(minutes=45),
    )
    notes.save_draft(
        uow,
        note.id,
        {
            "sections": {
                "data": text,
                "assessment": "Engaged and calm; steady progress toward the housing goal.",
                "plan": "Follow up next week with the benefits application.",
            },
            "contact_type": "home",
            "location": "Client's apartment",
            "client_present": True,
            "service_code": "T1017",
            "goal_ids": [goal_id],
        },
    )
    notes.sign(uow, note.id, WORKER, at=start + timedelta(hours=1))
    return note.id


def seed(store: UnlockedStore, *, hostile: bool = True, count: int = 10) -> Caseload:
    """A caseload with notes, safety plans, screens, a planned visit, an alert, a conflict."""
    made = Caseload()
    names = list(NAMES[:count])
    if hostile:
        names.insert(1, HOSTILE)
    with UnitOfWork(store.engine) as uow:
        for index, name in enumerate(names):
            client_id = _client(uow, name, index)
            made.clients[name] = client_id
            goal = uow.records.create(
                "goal",
                client_id,
                {
                    "statement": "Move into stable housing within 90 days",
                    "domain": "housing",
                    "status": "active",
                    "objectives": [],
                },
            )
            made.goals[client_id] = goal.id
            if index % 5 != 4:  # some clients have never been seen: overdue
                made.notes[client_id] = _signed_note(
                    uow, client_id, goal.id, 3 + index * 4, f"Reviewed the housing search {index}."
                )
            if index % 2 == 0:
                plan = empty_plan()
                for section, text in (
                    (Section.WARNING_SIGNS, "Not sleeping"),
                    (Section.COPING_STRATEGIES, "Walk by the river"),
                    (Section.SOCIAL_DISTRACTIONS, "Library"),
                    (Section.HELP_CONTACTS, "Sister (invented)"),
                    (Section.PROFESSIONAL_CONTACTS, "988 Suicide & Crisis Lifeline"),
                    (Section.ENVIRONMENT_SAFETY, "Medications kept by a friend"),
                ):
                    plan = add_item(plan, section, text)
                plan = mark_reviewed(plan, at=NOW - timedelta(days=10 + index * 12), by="worker")
                uow.records.create("safety_plan", client_id, plan_fields(plan))
            uow.records.create(
                "assessment",
                client_id,
                screen_fields(
                    "phq9",
                    [1, 1, 2, 1, 0, 1, 1, 0, 0],
                    administered_at=NOW - timedelta(days=5),
                    administered_by=WORKER.user_id,
                ),
            )
            if index == 0:
                uow.records.create(
                    "encounter",
                    client_id,
                    {"type": "home", "planned_start": "2026-03-12T16:00:00Z", "purpose": "Visit"},
                )
                uow.records.create(
                    "alert",
                    client_id,
                    Alert(
                        AlertType.SAFETY_PLAN_REVIEW,
                        Severity.WARNING,
                        "Safety plan review due after a positive screen",
                        NOW - timedelta(days=1),
                    ).to_fields(),
                )
        # As if it had all come from the server: nothing waits to be sent.
        uow.outbox.mark_done(entry.mutation_id for entry in uow.outbox.pending(10_000))
        uow.commit()
    return made


def add_conflict(store: UnlockedStore, client_id: str) -> None:
    with UnitOfWork(store.engine) as uow:
        uow.conflicts.put(
            StoredConflict(
                id=new_id(),
                kind="client",
                record_id=client_id,
                client_id=client_id,
                field="safe_contact_instructions",
                base="Text first",
                mine="No voicemail; text first",
                theirs="Call the shelter desk only",
                mine_by={
                    "user_id": WORKER.user_id,
                    "user_name": WORKER.name,
                    "at": NOW.isoformat(),
                },
            )
        )
        uow.commit()
