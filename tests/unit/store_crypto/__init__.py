"""Unit tests of the store's key management, KDF, throttle, attachments and file primitives."""
