"""Tokens inside the encrypted store, settings next to them, leftovers after a wipe."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from fieldcm.domain.records import new_id
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.profile import ProfileTokenStore, agency_settings, store_settings
from fieldcm.sync.protocol import AgencySettings, TokenPair, UserInfo
from fieldcm.sync.wipe import remove_leftovers


def _pair(n: int) -> TokenPair:
    return TokenPair(
        access_token=f"access-token-number-{n:04d}-synthetic",
        refresh_token=f"refresh-token-number-{n:04d}-synthetic",
        access_expires_in=900,
        device_id=new_id(),
        user=UserInfo(id=new_id(), username="sam", display_name="Sam", role="worker"),
    )


def test_tokens_persist_and_survive_a_settings_update(engine: Engine) -> None:
    tokens = ProfileTokenStore(engine)
    assert tokens.get() is None
    tokens.set(_pair(1))
    with UnitOfWork(engine) as uow:
        store_settings(uow, AgencySettings(offline_reauth_days=3))
        uow.commit()
    assert ProfileTokenStore(engine).get() == tokens.get()
    with UnitOfWork(engine, read_only=True) as uow:
        settings = agency_settings(uow.sync_state.get())
    assert settings.offline_reauth_days == 3


def test_detached_tokens_stay_in_memory_only(engine: Engine) -> None:
    tokens = ProfileTokenStore(engine)
    tokens.set(_pair(1))
    tokens.detach()
    later = _pair(2)
    tokens.set(later)
    assert tokens.get() == later
    assert ProfileTokenStore(engine).get().access_token == _pair(1).access_token  # type: ignore[union-attr]


def test_settings_from_a_newer_server_do_not_lock_anyone_out(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        uow.sync_state.update(agency_settings={"offline_wipe_days": 9, "a_future_setting": True})
        uow.commit()
        settings = agency_settings(uow.sync_state.get())
    assert settings.offline_wipe_days == 9


def test_leftovers_of_fieldcm_go_and_the_persons_files_stay(tmp_path: Path) -> None:
    (tmp_path / "fieldcm.key.tmp-123").write_bytes(b"x")
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "key-usage.json").write_text("{}")
    (tmp_path / "my-notes.txt").write_text("the person's own file")
    remove_leftovers(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["my-notes.txt"]
