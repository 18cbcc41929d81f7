"""Adding pseudonym columns to an Arrow table of BSNs (``signals.pseudonym`` does the hashing)."""

import pyarrow as pa

from signals.paths import DataDir
from signals.pseudonym import Pseudonymiser

__all__ = ["add_pseudonyms"]

#: One pseudonymiser per key in this process, so its memo carries over from month to month.
_BY_KEY: dict[str, Pseudonymiser] = {}


def add_pseudonyms(data: DataDir, table: pa.Table, columns: dict[str, str]) -> pa.Table:
    """``table`` with, for each ``bsn_column -> pseudonym_column`` of ``columns``, the pseudonym
    of every BSN (NULL and empty stay NULL). Each distinct BSN is hashed once."""
    fresh = Pseudonymiser.from_data_dir(data)  # reads the key each time: a rotation shows
    pseudonymiser = _BY_KEY.setdefault(fresh.key_fingerprint, fresh)
    for source, target in columns.items():
        table = table.append_column(target, pseudonymiser.pseudonymise_array(table.column(source)))
    return table
