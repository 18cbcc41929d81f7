"""Pseudonymisation: BSNs are replaced by a keyed hash before anything is stored for analysis.

``pseudonym = HMAC-SHA256(key, 9-digit BSN)``, hex, first 32 characters. The key comes from the
environment variable ``VROEGSIGNAAL_PSEUDONYM_KEY`` or, for the embedded default, from the key
file ``DATA/secrets/pseudonym.key``, created on first use with owner-only permissions (file 0600,
folder 0700). There is no key in the code. See docs/ingestion.md for what a key rotation means.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from signals.bsn import normalise_bsn
from signals.i18n import translate
from signals.paths import DataDir

__all__ = [
    "KEY_ENV",
    "PseudonymKeyError",
    "Pseudonymiser",
    "household_id_for",
    "load_or_create_key",
]

KEY_ENV = "VROEGSIGNAAL_PSEUDONYM_KEY"
#: Pseudonyms a :class:`Pseudonymiser` remembers between calls of ``pseudonymise_array``.
MEMO_SIZE = 2_000_000
#: Minimum key length in bytes (an HMAC-SHA256 key shorter than this is too easy to guess).
MIN_KEY_BYTES = 16

_MESSAGES: dict[str, dict[str, str]] = {
    "short": {
        "nl": "De pseudonimiseringssleutel is te kort ({n} bytes); gebruik minstens {min} bytes, "
        "bijvoorbeeld 64 hexadecimale tekens.",
        "en": "The pseudonymisation key is too short ({n} bytes); use at least {min} bytes, "
        "for example 64 hexadecimal characters.",
    },
    "open": {
        "nl": "Het sleutelbestand {path} is leesbaar voor anderen. Maak het alleen leesbaar voor "
        "de eigenaar: chmod 600 {path}",
        "en": "The key file {path} is readable by others. Make it readable by its owner only: "
        "chmod 600 {path}",
    },
    "empty": {
        "nl": "Het sleutelbestand {path} is leeg. Zet de sleutel terug uit de back-up; een nieuwe "
        "sleutel maakt alle pseudoniemen anders (zie docs/ingestion.md).",
        "en": "The key file {path} is empty. Restore the key from the backup; a new key changes "
        "every pseudonym (see docs/ingestion.md).",
    },
    "bsn": {
        "nl": "'{value}' is geen BSN van 8 of 9 cijfers.",
        "en": "'{value}' is not a BSN of 8 or 9 digits.",
    },
}


def _t(key: str, **values: Any) -> str:
    return translate(_MESSAGES, key, **values)


class PseudonymKeyError(RuntimeError):
    """The key is missing, too short or not kept safely."""


def load_or_create_key(path: Path) -> bytes:
    """The key in the key file ``path``; a new random 32-byte key (hex) is written there with
    permissions 0600 (folder 0700) when the file does not exist yet."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():  # never commit a key, wherever the data folder lives
        ignore.write_text("*\n", encoding="ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise PseudonymKeyError(_t("open", path=path))
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise PseudonymKeyError(_t("empty", path=path))
    return key.encode()


def household_id_for(anchor_pseudonym: str) -> str:
    """``hh_`` + the first 16 hex characters of SHA-256 of the anchor's pseudonym."""
    return "hh_" + hashlib.sha256(anchor_pseudonym.encode()).hexdigest()[:16]


class Pseudonymiser:
    """Keyed pseudonyms of BSNs (HMAC-SHA256, hex, 32 characters)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise PseudonymKeyError(_t("short", n=len(key), min=MIN_KEY_BYTES))
        self._mac = hmac.new(key, digestmod=hashlib.sha256)
        self._memo: dict[str, str] = {}
        # A fingerprint that identifies the key without revealing it (stores can record it to
        # notice a rotation).
        self.key_fingerprint = hmac.new(key, b"vroegsignaal-key-id", hashlib.sha256).hexdigest()[
            :12
        ]

    @classmethod
    def from_data_dir(cls, data: DataDir) -> Pseudonymiser:
        """The key of ``VROEGSIGNAAL_PSEUDONYM_KEY`` if set, else of ``data.pseudonym_key``
        (created on first use)."""
        env = os.environ.get(KEY_ENV, "").strip()
        if env:
            return cls(env.encode())
        return cls(load_or_create_key(data.pseudonym_key))

    def pseudonymise(self, bsn: str) -> str:
        """The pseudonym of ``bsn`` (8 or 9 digits; an 8-digit BSN is zero-padded first)."""
        value = normalise_bsn(bsn)
        if value is None:
            raise ValueError(_t("bsn", value=bsn))
        mac = self._mac.copy()
        mac.update(value.encode())
        return mac.hexdigest()[:32]

    def pseudonymise_many(self, bsns: Iterable[str]) -> list[str]:
        """The pseudonyms of ``bsns``, in order."""
        return [self.pseudonymise(b) for b in bsns]

    @staticmethod
    def household_id_for(anchor_pseudonym: str) -> str:
        """The household id of a household anchored by ``anchor_pseudonym`` (no key involved:
        the anchor's pseudonym is already keyed). Same as :func:`household_id_for`."""
        return household_id_for(anchor_pseudonym)

    def pseudonymise_array(self, bsns: pa.Array | pa.ChunkedArray) -> pa.Array:
        """A string array of pseudonyms; nulls (and empty strings) stay null (optional BSN
        columns). Each distinct BSN is hashed once; the pseudonyms are remembered for the next
        call (up to :data:`MEMO_SIZE` of them), so monthly extracts of the same people are cheap.
        """
        if isinstance(bsns, pa.ChunkedArray):
            bsns = bsns.combine_chunks()
        bsns = pc.if_else(pc.equal(bsns, ""), pa.scalar(None, pa.string()), bsns)
        distinct = pc.unique(bsns).drop_null()
        if len(self._memo) + len(distinct) > MEMO_SIZE:
            self._memo.clear()
        memo = self._memo
        pseudonyms = [
            memo.get(b) or memo.setdefault(b, self.pseudonymise(b)) for b in distinct.to_pylist()
        ]
        at = pc.index_in(bsns, value_set=distinct)
        return pc.take(pa.array(pseudonyms, type=pa.string()), at)
