"""Adding pseudonym columns to an Arrow table of BSNs (``signals.pseudonym`` does the hashing)."""

import pyarrow as pa

from signals.paths import DataDir
from signals.pseudonym import Pseudonymiser

__all__ = ["add_pseudonyms"]


def add_pseudonyms(data: DataDir, table: pa.Table, columns: dict[str, str]) -> pa.Table:
    """``table`` with, for each ``bsn_column -> pseudonym_column`` of ``columns``, the pseudonym
    of every BSN (NULL and empty stay NULL). Each distinct BSN is hashed once."""
    pseudonymiser = Pseudonymiser.from_data_dir(data)
    cache: dict[str, str] = {}
    for source, target in columns.items():
        out: list[str | None] = []
        for bsn in table.column(source).to_pylist():
            if not bsn:
                out.append(None)
                continue
            pseudonym = cache.get(bsn)
            if pseudonym is None:
                pseudonym = cache[bsn] = pseudonymiser.pseudonymise(bsn)
            out.append(pseudonym)
        table = table.append_column(target, pa.array(out, type=pa.string()))
    return table
