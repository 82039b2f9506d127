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
    │   └── StoreLocked             the store was locked; unlock before using it
    └── BugError                    our fault: report with detail
        ├── SelfCheckFailed         the linked SQLCipher lacks a property we rely on
        ├── ForbiddenStatement      a statement the authorizer refuses (plaintext export)
        └── RecordLocked            an edit to a signed record reached the store
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the local store raises."""


class EnvironmentProblem(StoreError):
    """A problem in the environment that a person can act on."""


class WrongPassphrase(EnvironmentProblem):
    def __init__(self) -> None:
        super().__init__("That passphrase is not right. Check Caps Lock and try again.")


class UnlockThrottled(EnvironmentProblem):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"Too many wrong passphrases. Try again in {max(1, round(retry_after))} seconds."
        )


class UnlockDisabled(EnvironmentProblem):
    def __init__(self) -> None:
        super().__init__(
            "Unlock is disabled after too many wrong passphrases. Connect to the agency "
            "server and sign in again, or ask your administrator to re-enroll this laptop."
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


class StoreLocked(EnvironmentProblem):
    def __init__(self) -> None:
        super().__init__("fieldcm is locked. Unlock it with your passphrase.")


class BugError(StoreError):
    """Something in fieldcm itself is wrong; report it with detail."""


class SelfCheckFailed(BugError):
    """The SQLCipher library fieldcm is linked with lacks a required property."""


class ForbiddenStatement(BugError):
    """A statement that could write data out unencrypted was refused."""


class RecordLocked(BugError):
    """An edit to a signed (immutable) record reached the store."""
