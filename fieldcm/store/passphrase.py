"""The passphrase as the store takes it: NFKC-normalized UTF-8 in a wipeable ``bytearray``.

Python strings are immutable and cannot be wiped (SECURITY.md M1, pitfall 9), so the store
never accepts one: the UI turns the text field's content into a ``bytearray`` with
:func:`passphrase_buffer` at the last moment, and the store zeroes that buffer as soon as the
key derivation has used it. Normalization is the domain's (the same text is measured by the
passphrase rules and fed to the KDF), so the same passphrase typed on two keyboards derives
the same key.
"""

from __future__ import annotations

from fieldcm.domain.passphrase import normalize


def passphrase_buffer(text: str) -> bytearray:
    """``text`` as NFKC-normalized UTF-8 in a buffer the store will zero after use."""
    return bytearray(normalize(text), "utf-8")
