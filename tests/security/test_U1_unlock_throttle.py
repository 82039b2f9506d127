"""U1: wrong passphrases are throttled with growing delays that survive a restart, reset by
success; after N failures unlock is disabled until online re-authentication (optionally the
profile is wiped). The delays are measured on an injected clock, not on the wall clock."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest

from fieldcm.store.errors import UnlockDisabled, UnlockThrottled, WrongPassphrase
from fieldcm.store.throttle import ThrottlePolicy
from fieldcm.store.vault import UnlockedStore, Vault, VaultPolicy
from tests.security.helpers import FAST_POLICY, pw, start_child

WRONG = "a wrong synthetic passphrase"


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _policy(**throttle: object) -> VaultPolicy:
    return VaultPolicy(
        kdf_params=FAST_POLICY.kdf_params,
        kdf_floor=FAST_POLICY.kdf_floor,
        throttle=ThrottlePolicy(**throttle),  # type: ignore[arg-type]
    )


def _measured_delay(vault: Vault, clock: FakeClock) -> float:
    """How far the clock must move before the next attempt is accepted (0.01 s resolution)."""
    waited = 0.0
    while True:
        try:
            vault.unlock(pw(WRONG))
        except UnlockThrottled as exc:
            assert exc.retry_after > 0
            clock.advance(0.01)
            waited += 0.01
            continue
        except WrongPassphrase:
            return round(waited, 2)
        raise AssertionError("a wrong passphrase unlocked the store")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_delays_strictly_increase_over_ten_wrong_attempts(vault: Vault, clock: FakeClock) -> None:
    vault = Vault(vault.paths.folder, policy=FAST_POLICY, clock=clock)
    first = _measured_delay(vault, clock)
    delays = [first]
    for _ in range(9):
        # Jump to just before the expected wait so the measurement loop stays short.
        expected = vault.unlock_retry_after()
        clock.advance(max(0.0, expected - 0.05))
        delays.append(round(_measured_delay(vault, clock) + max(0.0, expected - 0.05), 1))
    assert delays[0] == 0
    assert all(later > earlier for earlier, later in itertools.pairwise(delays))
    assert delays[:5] == [0, 1, 2, 4, 8]


def test_the_delay_is_capped(vault: Vault, clock: FakeClock) -> None:
    policy = _policy(max_failures=50, max_delay=30.0)
    vault = Vault(vault.paths.folder, policy=policy, clock=clock)
    for _ in range(12):
        clock.advance(vault.unlock_retry_after())
        with pytest.raises(WrongPassphrase):
            vault.unlock(pw(WRONG))
    assert vault.unlock_retry_after() == 30.0


def test_a_throttled_attempt_runs_no_kdf_and_counts_nothing(vault: Vault, clock: FakeClock) -> None:
    vault = Vault(vault.paths.folder, policy=FAST_POLICY, clock=clock)
    for _ in range(3):
        clock.advance(vault.unlock_retry_after())
        with pytest.raises(WrongPassphrase):
            vault.unlock(pw(WRONG))
    secret = pw()
    with pytest.raises(UnlockThrottled) as caught:
        vault.unlock(secret)  # even the right passphrase waits
    assert caught.value.retry_after == 4.0
    assert vault.failed_attempts() == 3
    assert secret == bytearray(len(secret))  # and it was wiped all the same


def test_the_delay_survives_a_restart(vault: Vault, tmp_path: Path) -> None:
    profile = vault.paths.folder
    clock = FakeClock(now=time.time() - 600)  # so the child's real clock is just after it
    vault = Vault(profile, policy=FAST_POLICY, clock=clock)
    for _ in range(10):
        clock.advance(vault.unlock_retry_after())
        with pytest.raises(WrongPassphrase):
            vault.unlock(pw(WRONG))
    restarted = Vault(profile, policy=FAST_POLICY, clock=clock)
    assert restarted.failed_attempts() == 10
    assert restarted.unlock_retry_after() == 512.0
    # A real new process, on the real clock, with the right passphrase: still throttled.
    child = start_child(["try-unlock", "--profile", str(profile)], tmp_path / "tmp")
    assert child.wait() == 10, child.output()  # exit code 10: UnlockThrottled


def test_success_resets_the_counter(vault: Vault, clock: FakeClock) -> None:
    vault = Vault(vault.paths.folder, policy=FAST_POLICY, clock=clock)
    for _ in range(4):
        clock.advance(vault.unlock_retry_after())
        with pytest.raises(WrongPassphrase):
            vault.unlock(pw(WRONG))
    clock.advance(vault.unlock_retry_after())
    vault.unlock(pw()).lock()
    assert vault.failed_attempts() == 0
    assert vault.unlock_retry_after() == 0
    with pytest.raises(WrongPassphrase):
        vault.unlock(pw(WRONG))
    assert vault.unlock_retry_after() == 1.0  # the ladder starts again from the bottom


def _fail_until_disabled(vault: Vault, clock: FakeClock, n: int) -> UnlockDisabled:
    for attempt in range(1, n + 1):
        clock.advance(vault.unlock_retry_after())
        if attempt < n:
            with pytest.raises(WrongPassphrase) as wrong:
                vault.unlock(pw(WRONG))
            assert wrong.value.attempts_left == n - attempt
    with pytest.raises(UnlockDisabled) as disabled:
        vault.unlock(pw(WRONG))
    return disabled.value


def test_after_n_failures_unlock_is_disabled_until_reauthentication(
    vault: Vault, clock: FakeClock
) -> None:
    vault = Vault(vault.paths.folder, policy=FAST_POLICY, clock=clock)  # default N = 20
    error = _fail_until_disabled(vault, clock, 20)
    assert not error.wiped
    clock.advance(10**7)
    with pytest.raises(UnlockDisabled):
        vault.unlock(pw())  # even the right passphrase, however long one waits
    assert vault.unlock_disabled()
    assert (vault.paths.folder / "fieldcm.db").exists()

    vault.reenable_unlock()  # the sync layer calls this after the server re-authenticated
    vault.unlock(pw()).lock()


def test_with_the_wipe_policy_the_profile_is_erased(vault: Vault, clock: FakeClock) -> None:
    policy = _policy(max_failures=5, wipe_when_disabled=True)
    vault = Vault(vault.paths.folder, policy=policy, clock=clock)
    error = _fail_until_disabled(vault, clock, 5)
    assert error.wiped
    assert list(vault.paths.folder.iterdir()) == []


def test_wrong_old_passphrases_in_a_passphrase_change_count_too(
    store: UnlockedStore, clock: FakeClock
) -> None:
    with pytest.raises(WrongPassphrase):
        store.change_passphrase(pw(WRONG), pw("a new synthetic passphrase"))
    with pytest.raises(UnlockThrottled):
        store.change_passphrase(pw(WRONG), pw("a new synthetic passphrase"))


def test_deleting_the_counter_makes_it_worse_not_better(vault: Vault, clock: FakeClock) -> None:
    vault = Vault(vault.paths.folder, policy=FAST_POLICY, clock=clock)
    (vault.paths.folder / "fieldcm.throttle").unlink()
    assert vault.failed_attempts() == ThrottlePolicy().tamper_failures
    assert vault.unlock_retry_after() == 16.0


def test_editing_the_counter_by_hand_is_detected(vault: Vault, clock: FakeClock) -> None:
    vault = Vault(vault.paths.folder, policy=FAST_POLICY, clock=clock)
    for _ in range(8):
        clock.advance(vault.unlock_retry_after())
        with pytest.raises(WrongPassphrase):
            vault.unlock(pw(WRONG))
    path = vault.paths.folder / "fieldcm.throttle"
    state = json.loads(path.read_bytes())
    state["failures"] = 0
    path.write_text(json.dumps(state))
    assert vault.failed_attempts() == ThrottlePolicy().tamper_failures  # not the claimed 0
    assert vault.unlock_retry_after() == 16.0


def test_a_clock_set_back_restarts_the_wait_instead_of_extending_it(
    vault: Vault, clock: FakeClock
) -> None:
    vault = Vault(vault.paths.folder, policy=FAST_POLICY, clock=clock)
    for _ in range(3):
        clock.advance(vault.unlock_retry_after())
        with pytest.raises(WrongPassphrase):
            vault.unlock(pw(WRONG))
    clock.advance(-365 * 86400)
    assert vault.unlock_retry_after() == 4.0
    clock.advance(4.0)
    vault.unlock(pw()).lock()
