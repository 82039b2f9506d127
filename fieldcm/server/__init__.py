"""The agency's sync server: FastAPI over SQLAlchemy 2 (SQLite by default, PostgreSQL by URL).

Where things are (each module has one job):

    config.py     ServerConfig, defaults and FIELDCM_SERVER_* environment settings
    db.py         engine, connection settings, Database.read() / Database.write()
    uow.py        UnitOfWork: a write transaction that appends feed and audit on commit
    models.py     tables;  migrations/ + schema.py: Alembic revisions, upgrade and checks
    errors.py     the error hierarchy every refusal uses (turned into ErrorBody by api/)
    auth.py       Argon2id passwords, tokens and enrollment codes (stored hashed)
    accounts.py   users, teams, caseload assignments (the admin side)
    devices.py    enrollment, token rotation and reuse detection, revoke, wipe, login
    authz.py      Principal and the one caseload policy
    feedlog.py    appending to the feed in seq order (the no-skip guarantee)
    feed.py       reading the feed: pages, cursors, scope snapshots, revocations
    push.py       applying mutations: idempotent, merged, conflicts, domain rules
    conflicts.py  resolving a conflict as an edit
    repair.py     digest comparison, targeted fetch, one client
    audit.py      the hash-chained audit log and its verification
    settings.py   agency settings;  ratelimit.py: shared fixed-window limits
    payloads.py   rows to wire models;  clock.py: UTC time
    api/          routes, dependencies, error handlers, body-size/gzip middleware
    app.py        create_app();  cli.py: the fieldcm-server command;  seed.py: demo agency
    backup.py     online SQLite backup

Of ours it imports only ``fieldcm.sync.protocol``, ``fieldcm.sync.merge`` and
``fieldcm.domain`` (tests/unit/test_layers.py).
"""
