"""The throttle's delay ladder and policy limits."""

from __future__ import annotations

import pytest

from fieldcm.store.throttle import ThrottlePolicy


def test_the_ladder_doubles_from_one_second_and_is_capped() -> None:
    policy = ThrottlePolicy(max_delay=60.0)
    assert [policy.delay_after(n) for n in range(9)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert policy.delay_after(10_000) == 60.0


def test_the_default_policy() -> None:
    policy = ThrottlePolicy()
    assert policy.max_failures == 20
    assert not policy.wipe_when_disabled
    delays = [policy.delay_after(n) for n in range(11)]
    assert delays == sorted(set(delays))  # strictly increasing over the first ten
    assert policy.delay_after(100) == policy.max_delay


@pytest.mark.parametrize(
    "settings",
    [{"max_failures": 0}, {"max_failures": 101}, {"base_delay": 0}, {"max_delay": 0.5}],
)
def test_policies_outside_the_limits_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ThrottlePolicy(**settings)  # type: ignore[arg-type]
