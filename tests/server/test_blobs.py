"""Attachments over HTTP in process: resumable chunked upload, ranged download, links, feed.

Runs on SQLite and PostgreSQL (the ``database_url`` fixture); the blob files live in the
test's own folder either way. Chunks are 1 KiB so a few KiB make a multi-chunk upload.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from fieldcm.server import blobs
from fieldcm.server.app import create_app
from fieldcm.server.config import ServerConfig
from fieldcm.sync.protocol import (
    BLOB_OCTETS,
    AttachmentPayload,
    BlobReceipt,
    BlobStatus,
    Change,
    ErrorBody,
)
from tests.mutations import create
from tests.server.asgi import Response, call
from tests.server.helpers import CHEAP, Agency, Person

CHUNK = 1024
MAX_SIZE = 16 * 1024


@pytest.fixture
def blob_dir(tmp_path: Path) -> Path:
    return tmp_path / "blobs"


@pytest.fixture
def app(database_url: str, blob_dir: Path) -> Iterator[FastAPI]:
    config = ServerConfig(
        database_url=database_url,
        password_cost=CHEAP,
        blob_dir=blob_dir,
        blob_chunk_bytes=CHUNK,
        max_attachment_bytes=MAX_SIZE,
    )
    application = create_app(config)
    yield application
    application.state.fieldcm.db.dispose()


def error(response: Response, status: int) -> ErrorBody:
    assert response.status == status, (response.status, response.body[:300])
    body = ErrorBody.model_validate_json(response.body)
    assert body.code and body.message
    return body


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def status(app: FastAPI, person: Person, digest: str) -> BlobStatus:
    response = call(app, "GET", f"/v1/blobs/{digest}/status", token=person.tokens.access_token)
    assert response.status == 200, response.body
    return BlobStatus.model_validate_json(response.body)


def put(
    app: FastAPI, person: Person, data: bytes, *, offset: int, size: int, digest: str
) -> Response:
    return call(
        app,
        "PUT",
        f"/v1/blobs/{digest}",
        body=data,
        params={"offset": offset, "size": size},
        headers={"Content-Type": BLOB_OCTETS},
        token=person.tokens.access_token,
    )


def upload(app: FastAPI, person: Person, data: bytes) -> str:
    """Send ``data`` chunk by chunk from where the server stands; returns its hash."""
    digest = sha(data)
    offset = status(app, person, digest).received
    while offset < len(data):
        response = put(
            app, person, data[offset : offset + CHUNK], offset=offset, size=len(data), digest=digest
        )
        assert response.status == 200, response.body
        offset = BlobReceipt.model_validate_json(response.body).received
    return digest


def new_client(agency: Agency, person: Person) -> str:
    """A client on ``person``'s caseload, with its record created from their laptop."""
    client_id = str(uuid.uuid4())
    agency.assign(client_id, person)
    fields = {"preferred_name": "Synthetic Person", "program": "ICM", "risk_tier": "low"}
    [result] = agency.push(
        person, create("client", fields, client_id=client_id, record_id=client_id)
    )
    assert result.status == "applied", result
    return client_id


def link_body(data: bytes, client_id: str, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "file_id": str(uuid.uuid4()),
        "sha256": sha(data),
        "client_id": client_id,
        "name": "consent-synthetic.pdf",
        "mime": "application/pdf",
        "size": len(data),
    }
    body.update(extra)
    return body


def link(app: FastAPI, person: Person, body: dict[str, object]) -> Response:
    return call(app, "POST", "/v1/attachments", json=body, token=person.tokens.access_token)


def download(app: FastAPI, person: Person, digest: str, range_: str | None = None) -> Response:
    headers = {"Range": range_} if range_ is not None else None
    return call(
        app, "GET", f"/v1/blobs/{digest}", headers=headers, token=person.tokens.access_token
    )


def actions(agency: Agency, action: str) -> list[tuple[str, str | None]]:
    return [(r.outcome, r.client_id) for r in agency.audit_rows() if r.action == action]


# ---- upload --------------------------------------------------------------------------


def test_a_chunked_upload_resumes_at_the_servers_offset_and_completes(
    app: FastAPI, agency: Agency, blob_dir: Path
) -> None:
    ana = agency.person()
    data = os.urandom(3 * CHUNK + 100)
    digest = sha(data)
    first = put(app, ana, data[:CHUNK], offset=0, size=len(data), digest=digest)
    assert BlobReceipt.model_validate_json(first.body) == BlobReceipt(
        sha256=digest, received=CHUNK, complete=False
    )

    before = status(app, ana, digest)
    assert (before.size, before.received) == (None, CHUNK)
    assert (before.chunk_size, before.max_size) == (CHUNK, MAX_SIZE)
    upload(app, ana, data)

    after = status(app, ana, digest)
    assert (after.size, after.received) == (len(data), len(data))
    stored = blob_dir / "objects" / digest[:2] / digest
    assert stored.read_bytes() == data
    assert stored.stat().st_mode & 0o777 == 0o600
    assert (blob_dir / "objects").stat().st_mode & 0o777 == 0o700
    assert not any((blob_dir / "incoming").rglob(digest))  # the partial became the blob
    outcomes = [outcome for outcome, _ in actions(agency, "blob_upload")]
    assert outcomes == ["ok", "ok", "ok", "complete"]


def test_a_chunk_resent_after_a_lost_answer_changes_nothing(app: FastAPI, agency: Agency) -> None:
    ana = agency.person()
    data = os.urandom(2 * CHUNK)
    digest = sha(data)
    for _ in range(2):
        response = put(app, ana, data[:CHUNK], offset=0, size=len(data), digest=digest)
        assert BlobReceipt.model_validate_json(response.body).received == CHUNK

    upload(app, ana, data)
    again = put(app, ana, data[CHUNK:], offset=CHUNK, size=len(data), digest=digest)

    assert BlobReceipt.model_validate_json(again.body).complete


def test_a_gap_is_refused_with_409_naming_the_offset_to_resume_at(
    app: FastAPI, agency: Agency
) -> None:
    ana = agency.person()
    data = os.urandom(3 * CHUNK)
    digest = sha(data)
    put(app, ana, data[:CHUNK], offset=0, size=len(data), digest=digest)

    body = error(
        put(app, ana, data[2 * CHUNK :], offset=2 * CHUNK, size=len(data), digest=digest), 409
    )

    assert (body.code, body.detail) == ("wrong_offset", {"received": CHUNK})
    assert status(app, ana, digest).received == CHUNK
    assert ("wrong_offset", None) in actions(agency, "blob_upload")


def test_bytes_that_do_not_hash_to_the_name_are_discarded_never_published(
    app: FastAPI, agency: Agency, blob_dir: Path
) -> None:
    ana = agency.person()
    data = os.urandom(CHUNK + 10)
    claimed = sha(b"some other synthetic file")
    put(app, ana, data[:CHUNK], offset=0, size=len(data), digest=claimed)

    body = error(put(app, ana, data[CHUNK:], offset=CHUNK, size=len(data), digest=claimed), 400)

    assert body.code == "hash_mismatch"
    assert status(app, ana, claimed).received == 0
    assert not (blob_dir / "objects" / claimed[:2] / claimed).exists()


MALFORMED_UPLOADS: list[tuple[str, dict[str, object], int]] = [
    ("/v1/blobs/NOT-A-HASH", {"offset": 0, "size": 1}, 422),
    (f"/v1/blobs/{'A' * 64}", {"offset": 0, "size": 1}, 422),
    (f"/v1/blobs/{'a' * 64}", {"offset": -1, "size": 1}, 422),
    (f"/v1/blobs/{'a' * 64}", {"offset": 0}, 422),
    (f"/v1/blobs/{'a' * 64}", {"offset": 0, "size": "x"}, 422),
    (f"/v1/blobs/{'a' * 64}", {"offset": 0, "size": 0}, 400),  # the chunk ends past the size
]


def test_malformed_uploads_get_a_4xx_error_body(app: FastAPI, agency: Agency) -> None:
    ana = agency.person()
    for path, params, status_code in MALFORMED_UPLOADS:
        response = call(
            app,
            "PUT",
            path,
            body=b"x",
            params=params,
            headers={"Content-Type": BLOB_OCTETS},
            token=ana.tokens.access_token,
        )

        error(response, status_code)


def test_too_large_files_and_chunks_and_wrong_content_types_are_refused(
    app: FastAPI, agency: Agency
) -> None:
    ana = agency.person()
    digest = sha(b"x")

    assert error(put(app, ana, b"x", offset=0, size=MAX_SIZE + 1, digest=digest), 413).code == (
        "attachment_too_large"
    )
    big = os.urandom(CHUNK + 1)
    assert error(put(app, ana, big, offset=0, size=MAX_SIZE, digest=digest), 413).code == (
        "chunk_too_large"
    )
    as_json = call(
        app,
        "PUT",
        f"/v1/blobs/{digest}",
        json={"x": 1},
        params={"offset": 0, "size": 1},
        token=ana.tokens.access_token,
    )
    error(as_json, 415)
    assert error(call(app, "GET", f"/v1/blobs/{digest}/status"), 401).code


# ---- link, download, caseload ----------------------------------------------------------


def test_a_linked_file_downloads_by_range_for_the_caseload_only(
    app: FastAPI, agency: Agency
) -> None:
    team = agency.team()
    ana = agency.person(team=team)
    ana_other_laptop = agency.enroll(ana.username)
    supervisor = agency.person(role="supervisor", team=team)
    outsider = agency.person(team=agency.team())
    client = new_client(agency, ana)
    data = os.urandom(2 * CHUNK + 7)
    digest = upload(app, ana, data)

    response = link(app, ana, link_body(data, client))
    assert response.status == 200, response.body
    linked = AttachmentPayload.model_validate_json(response.body)
    assert (linked.client_id, linked.uploaded_by) == (client, ana.who.user_id)

    for reader in (ana_other_laptop, supervisor):
        assert status(app, reader, digest).size == len(data)
        part = download(app, reader, digest, "bytes=10-19")
        assert part.status == 206
        assert part.body == data[10:20]
        assert part.headers["content-range"] == f"bytes 10-19/{len(data)}"
    tail = download(app, ana_other_laptop, digest, f"bytes={2 * CHUNK}-")
    assert tail.body == data[2 * CHUNK :]
    assert download(app, ana_other_laptop, digest, "bytes=-7").body == data[-7:]
    whole = download(app, ana_other_laptop, digest)
    assert (whole.status, whole.body) == (200, data)

    # Outside the caseload nothing shows, not even that the server holds the bytes.
    assert (status(app, outsider, digest).size, status(app, outsider, digest).received) == (
        None,
        0,
    )
    assert error(download(app, outsider, digest, "bytes=0-9"), 404).code == "not_found"
    assert download(app, outsider, sha(b"never uploaded")).status == 404
    downloads = actions(agency, "blob_download")
    assert ("ok", client) in downloads
    assert ("not_found", None) in downloads


def test_links_need_the_whole_file_from_this_device_and_a_client_in_the_caseload(
    app: FastAPI, agency: Agency
) -> None:
    ana = agency.person()
    bo = agency.person(team=agency.team())
    ana_client, bo_client = new_client(agency, ana), new_client(agency, bo)
    data = os.urandom(CHUNK + 1)
    upload(app, ana, data)

    # Bo knows the hash but never sent the bytes: he cannot link (and so read) the file.
    refused = error(link(app, bo, link_body(data, bo_client)), 409)
    assert refused.code == "blob_incomplete"
    # Ana cannot attach to a client outside her caseload: 404, as for a missing one.
    assert error(link(app, ana, link_body(data, bo_client)), 404).code == "not_found"
    assert ("not_found", bo_client) in actions(agency, "attachment_link")
    # Half a file cannot be linked either.
    half = os.urandom(2 * CHUNK)
    put(app, ana, half[:CHUNK], offset=0, size=len(half), digest=sha(half))
    assert error(link(app, ana, link_body(half, ana_client)), 409).detail == {"received": CHUNK}
    # A size that is not the file's is refused; extra keys are refused.
    assert error(link(app, ana, link_body(data, ana_client, size=1)), 400).code == ("size_mismatch")
    error(link(app, ana, link_body(data, ana_client, extra="x")), 422)
    error(link(app, ana, link_body(data, ana_client, name="../../etc/passwd")), 422)


def test_a_link_resent_after_a_lost_answer_is_answered_again_and_published_once(
    app: FastAPI, agency: Agency
) -> None:
    ana = agency.person()
    client = new_client(agency, ana)
    data = os.urandom(100)
    upload(app, ana, data)
    body = link_body(data, client)

    first, second = link(app, ana, body), link(app, ana, body)

    assert first.status == second.status == 200
    assert first.json() == second.json()
    changes, _ = agency.pull_all(ana)
    assert [c.attachment.file_id for c in changes if c.attachment] == [body["file_id"]]
    clash = link(app, ana, {**body, "name": "another-name.pdf"})
    assert error(clash, 409).code == "attachment_exists"


def test_bad_ranges_get_a_4xx(app: FastAPI, agency: Agency) -> None:
    ana = agency.person()
    client = new_client(agency, ana)
    data = os.urandom(200)
    digest = upload(app, ana, data)
    assert link(app, ana, link_body(data, client)).status == 200
    bad = [("bytes=5000-", 416), ("bytes=9-3", 400), ("pages=1-2", 400), ("bytes=0-1,4-5", 400)]

    for range_, status_code in bad:
        error(download(app, ana, digest, range_), status_code)


# ---- the feed --------------------------------------------------------------------------


def attachments_in(changes: list[Change]) -> list[AttachmentPayload]:
    return [c.attachment for c in changes if c.type == "attachment" and c.attachment]


def test_the_feed_brings_attachments_to_the_caseload_and_backfills_new_devices(
    app: FastAPI, agency: Agency
) -> None:
    team = agency.team()
    ana = agency.person(team=team)
    colleague = agency.person(team=team)
    outsider = agency.person(team=agency.team())
    client = new_client(agency, ana)
    agency.assign(client, colleague)
    _, colleague_cursor = agency.pull_all(colleague)
    _, outsider_cursor = agency.pull_all(outsider)
    data = os.urandom(300)
    upload(app, ana, data)
    body = link_body(data, client, record_id=client)
    assert link(app, ana, body).status == 200

    news, _ = agency.pull_all(colleague, colleague_cursor)
    [seen] = attachments_in(news)
    assert (seen.file_id, seen.sha256, seen.record_id) == (body["file_id"], sha(data), client)
    assert attachments_in(agency.pull_all(outsider, outsider_cursor)[0]) == []
    # A laptop enrolled later receives it with the client's records (backfill), in small pages.
    fresh = agency.enroll(colleague.username)
    everything, _ = agency.pull_all(fresh, limit=1)
    assert [a.file_id for a in attachments_in(everything)] == [body["file_id"]]
    assert {c.record.id for c in everything if c.record} == {client}


# ---- housekeeping ------------------------------------------------------------------------


def test_cleanup_removes_old_partials_and_unlinked_files_but_keeps_linked_ones(
    app: FastAPI, agency: Agency, blob_dir: Path
) -> None:
    ana = agency.person()
    client = new_client(agency, ana)
    kept, orphan, unfinished = os.urandom(50), os.urandom(60), os.urandom(2 * CHUNK)
    upload(app, ana, kept)
    upload(app, ana, orphan)
    assert link(app, ana, link_body(kept, client)).status == 200
    put(app, ana, unfinished[:CHUNK], offset=0, size=len(unfinished), digest=sha(unfinished))
    store = blobs.BlobStore(blob_dir)
    week_ago = time.time() - 8 * 24 * 3600
    for path in [*blob_dir.rglob("*")]:
        if path.is_file():
            os.utime(path, (week_ago, week_ago))

    done = blobs.cleanup(app.state.fieldcm.db, store, older_than=0)

    assert (done.partials, done.objects) == (1, 1)
    assert store.complete_size(sha(kept)) == len(kept)
    assert store.complete_size(sha(orphan)) is None
    assert status(app, ana, sha(unfinished)).received == 0


def test_a_backup_copies_the_attachment_files_or_says_where_they_are(
    app: FastAPI,
    agency: Agency,
    *,
    blob_dir: Path,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from fieldcm.server import cli
    from fieldcm.server.config import ENV_BLOB_DIR

    monkeypatch.setenv(ENV_BLOB_DIR, str(blob_dir))
    ana = agency.person()
    data = os.urandom(300)
    digest = upload(app, ana, data)
    assert link(app, ana, link_body(data, new_client(agency, ana))).status == 200
    target = tmp_path / "backup.db"

    code = cli.main(["--database-url", database_url, "backup", str(target)])

    said = capsys.readouterr().err
    if database_url.startswith("sqlite"):
        copy = Path(f"{target}-blobs") / digest[:2] / digest
        assert code == 0, said
        assert copy.read_bytes() == data
        assert copy.stat().st_mode & 0o777 == 0o600
    else:  # PostgreSQL: pg_dump, and the folder named so nobody forgets it
        assert code == 2
        assert str(blob_dir) in said
