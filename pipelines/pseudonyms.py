"""Adding pseudonym columns to an Arrow table of BSNs.

The pseudonym rule of docs/data-model.md: HMAC-SHA256 of the 9-digit BSN (zero-padded) under the
municipality's key (``DATA/secrets/pseudonym.key``), hex, first 32 characters.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyarrow as pa

from signals.paths import DataDir

__all__ = ["add_pseudonyms", "load_key"]


def load_key(data: DataDir) -> bytes:
    """The key of ``data`` (created, mode 0600, on first use)."""
    path = data.pseudonym_key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


def add_pseudonyms(data: DataDir, table: pa.Table, columns: dict[str, str]) -> pa.Table:
    """``table`` with, for each ``bsn_column -> pseudonym_column`` of ``columns``, the pseudonym
    of every BSN (NULL and empty stay NULL). Unique BSNs are hashed once."""
    key = load_key(data)
    cache: dict[str, str] = {}
    for source, target in columns.items():
        out: list[str | None] = []
        for bsn in table.column(source).to_pylist():
            if not bsn:
                out.append(None)
                continue
            pseudonym = cache.get(bsn)
            if pseudonym is None:
                digest = hmac.new(key, bsn.zfill(9).encode("ascii"), hashlib.sha256)
                pseudonym = cache[bsn] = digest.hexdigest()[:32]
            out.append(pseudonym)
        table = table.append_column(target, pa.array(out, type=pa.string()))
    return table
