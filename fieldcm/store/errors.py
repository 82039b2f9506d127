"""Errors of the local store.

StoreError                      base; never shown raw to a person
├── EnvironmentProblem          the environment's fault: say it plainly, offer a way out
│   ├── WrongPassphrase         unwrap failed (the only proof a passphrase is right)
│   ├── UnlockThrottled         too many wrong tries; ``retry_after`` seconds to wait
│   ├── UnlockDisabled          failure limit reached; online re-authentication needed
│   ├── KeyFileCorrupt          the key file is unreadable or was tampered with
│   ├── DatabaseCorrupt         the database is truncated, damaged or not ours
│   ├── PlaintextDatabase       an unencrypted SQLite file stands where ours should be
│   ├── DatabaseTooNew          made by a newer fieldcm; refuse rather than damage it
│   ├── NoProfile               nothing has been set up in this profile folder yet
│   ├── ProfileExists           refusing to enroll over an existing (or half-made) profile
│   ├── AttachmentNotFound      no encrypted file with that id
│   ├── AttachmentCorrupt       an encrypted file failed its integrity check
│   ├── KeyUsageExhausted       the attachment key reached its encryption limit; rotate
│   └── StoreLocked             the store was locked; unlock before using it
└── BugError                    our fault: report with detail
    ├── SelfCheckFailed         the linked SQLCipher lacks a property we rely on
    ├── ForbiddenStatement      a statement the authorizer refuses (plaintext export)
    ├── KdfParamsTooWeak        a new key file was asked for with costs below the floor
    └── RecordLocked            an edit to a signed record reached the store
"""

from __future__ import annotations

import math


class StoreError(Exception):
    """Base of every error the local store raises."""


class EnvironmentProblem(StoreError):
    """A problem in the environment that a person can act on."""


class WrongPassphrase(EnvironmentProblem):
    """The passphrase did not unwrap the data key.

    ``retry_after`` is the wait (seconds) before the next attempt is accepted and
    ``attempts_left`` how many more wrong ones disable unlock, when a throttle is in force.
    """

    def __init__(self, retry_after: float = 0.0, attempts_left: int | None = None) -> None:
        self.retry_after = retry_after
        self.attempts_left = attempts_left
        message = "That passphrase is not right. Check Caps Lock and try again."
        if attempts_left is not None and attempts_left <= 5:
            message += f" {attempts_left} more wrong tries will disable unlock on this laptop."
        super().__init__(message)


class UnlockThrottled(EnvironmentProblem):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        seconds = max(1, math.ceil(retry_after))
        unit = "second" if seconds == 1 else "seconds"
        super().__init__(f"Too many wrong passphrases. Try again in {seconds} {unit}.")


class UnlockDisabled(EnvironmentProblem):
    def __init__(self, *, wiped: bool = False) -> None:
        self.wiped = wiped
        detail = (
            "The local data was erased by agency policy; it will be downloaded again. "
            if wiped
            else ""
        )
        super().__init__(
            "Unlock is disabled after too many wrong passphrases. "
            + detail
            + "Connect to the agency server and sign in again, or ask your administrator "
            "to re-enroll this laptop."
        )


class KeyFileCorrupt(EnvironmentProblem):
    """The key file cannot be parsed or its authenticated contents were changed."""


class DatabaseCorrupt(EnvironmentProblem):
    """The database file is damaged, truncated or not a fieldcm database."""


class PlaintextDatabase(EnvironmentProblem):
    """An unencrypted SQLite database was found where the encrypted one belongs."""


class DatabaseTooNew(EnvironmentProblem):
    """The database was written by a newer version of fieldcm."""


class NoProfile(EnvironmentProblem):
    """The profile folder holds no fieldcm data yet."""


class ProfileExists(EnvironmentProblem):
    """A profile (or the remains of an interrupted one) is already in the folder."""


class AttachmentNotFound(EnvironmentProblem):
    """No encrypted attachment with the requested id is stored."""


class AttachmentCorrupt(EnvironmentProblem):
    """An encrypted attachment was changed, damaged, or belongs to another record."""


class KeyUsageExhausted(EnvironmentProblem):
    """The attachment key has done as many encryptions as policy allows; rotate the key."""


class StoreLocked(EnvironmentProblem):
    def __init__(self) -> None:
        super().__init__("fieldcm is locked. Unlock it with your passphrase.")


class BugError(StoreError):
    """Something in fieldcm itself is wrong; report it with detail."""


class SelfCheckFailed(BugError):
    """The SQLCipher library fieldcm is linked with lacks a required property."""


class ForbiddenStatement(BugError):
    """A statement that could write data out unencrypted was refused."""


class KdfParamsTooWeak(BugError):
    """A new key file was requested with KDF costs below the floor."""


class RecordLocked(BugError):
    """An edit to a signed (immutable) record reached the store."""
