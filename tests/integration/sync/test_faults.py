"""A flaky link between laptop and server: every fault, at push and at pull.

Each case cuts the link once at a chosen point; the laptop syncs until it succeeds. Then:
the laptop equals the server, every note exists once with revision 1 (nothing applied
twice), and the server produced at most one page again per cut (property 7).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from .faults import Fault, FaultProxy, at, seeded
from .laptops import Laptop, Office, assert_matches_server, server_view, snapshot

PAGE = 7
NOTES = 30
SLOW_LINK = {"read_timeout": 1.0}


@pytest.fixture
def proxied(office: Office) -> Iterator[FaultProxy]:
    with FaultProxy(office.server.port) as proxy:
        yield proxy


def sync_until_ok(laptop: Laptop, proxy: FaultProxy, *, attempts: int = 8) -> int:
    """Sync through the proxy until a run succeeds; returns how many runs it took."""
    for attempt in range(1, attempts + 1):
        result = laptop.sync(via=proxy.url, page_size=PAGE, batch_size=PAGE)
        if result.ok:
            return attempt
        assert result.status == "offline", result.message
    raise AssertionError(f"no successful sync in {attempts} attempts")


@pytest.mark.parametrize("fault", list(Fault))
def test_a_cut_during_push_applies_nothing_twice(
    office: Office, proxied: FaultProxy, fault: Fault
) -> None:
    laptop = office.laptop(**SLOW_LINK)
    client = laptop.new_client()
    notes = [laptop.new_note(client, f"Visit {n} (synthetic).") for n in range(NOTES)]
    proxied.plan = at("/v1/push", {1: fault, 2: fault})

    sync_until_ok(laptop, proxied)

    theirs = server_view(laptop)
    assert all(theirs[n].rev == 1 for n in notes)
    assert_matches_server(laptop)
    assert len(proxied.tally.injected) == 2


@pytest.mark.parametrize("fault", list(Fault))
def test_a_cut_during_pull_resends_at_most_one_page(
    office: Office, proxied: FaultProxy, fault: Fault
) -> None:
    worker = office.person()
    writer, reader = office.laptop(worker), office.laptop(worker, **SLOW_LINK)
    assert reader.sync(via=proxied.url).ok
    client = writer.new_client()
    for n in range(NOTES):
        writer.new_note(client, f"Visit {n} (synthetic).")
    assert writer.sync().ok
    proxied.tally.page_cursors.clear()
    # Three cuts in a row on the third page: more than the transport retries, so the sync
    # gives up and the next one must resume from the cursor stored with the pages before.
    proxied.plan = at("/v1/changes", {3: fault, 4: fault, 5: fault})

    runs = sync_until_ok(reader, proxied)

    assert runs == 2
    assert snapshot(reader) == snapshot(writer)
    assert_matches_server(reader)
    assert proxied.tally.pages_served_again() <= proxied.tally.pull_cuts()


def test_local_editing_goes_on_while_a_sync_hangs_on_the_network(
    office: Office, proxied: FaultProxy
) -> None:
    worker = office.person()
    writer = office.laptop(worker)
    reader = office.laptop(worker, read_timeout=30.0)
    client = writer.new_client()
    writer.new_note(client, "Synthetic.")
    assert writer.sync().ok
    proxied.plan = at("/v1/changes", {0: Fault.STALL})
    results = []
    thread = threading.Thread(target=lambda: results.append(reader.sync(via=proxied.url)))
    thread.start()
    try:
        assert proxied.stalling.wait(30)
        # The sync is waiting on the network: the worker writes a note meanwhile.
        local_client = reader.new_client()
        reader.new_note(local_client, "Written during a stalled sync (synthetic).")
    finally:
        proxied.release.set()
        thread.join(60)
    assert reader.outbox_count() >= 2
    assert reader.sync().ok
    assert_matches_server(reader)


def test_random_faults_on_two_laptops_still_converge(office: Office, proxied: FaultProxy) -> None:
    worker = office.person()
    one, two = office.laptop(worker, **SLOW_LINK), office.laptop(worker, **SLOW_LINK)
    client = one.new_client()
    assert sync_until_ok(one, proxied) and sync_until_ok(two, proxied)
    proxied.plan = seeded(20261123, rate=0.3, budget=12)
    for round_ in range(3):
        for laptop in (one, two):
            note = laptop.new_note(client, f"Round {round_} on {laptop.name} (synthetic).")
            laptop.update(note, {"service_end": "2026-01-05T10:00:00Z"})
            sync_until_ok(laptop, proxied, attempts=12)
    for laptop in (one, two, one):
        sync_until_ok(laptop, proxied, attempts=12)
    assert snapshot(one) == snapshot(two)
    assert_matches_server(one)
