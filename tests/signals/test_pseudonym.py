"""Keyed pseudonyms: the key file, the environment variable, and the definitions."""

from __future__ import annotations

import hashlib
import hmac
import stat

import pyarrow as pa
import pytest

from signals.paths import DataDir
from signals.pseudonym import KEY_ENV, Pseudonymiser, PseudonymKeyError, household_id_for


@pytest.fixture(autouse=True)
def _no_env_key(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)


def test_key_file_is_created_on_first_use_owner_only(tmp_path):
    data = DataDir(tmp_path / "data")
    first = Pseudonymiser.from_data_dir(data)
    assert stat.S_IMODE(data.pseudonym_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.secrets.stat().st_mode) == 0o700
    key = data.pseudonym_key.read_text().strip().encode()
    assert len(key) == 64
    assert (data.secrets / ".gitignore").read_text() == "*\n"
    again = Pseudonymiser.from_data_dir(data)
    assert again.pseudonymise("100000216") == first.pseudonymise("100000216")
    expected = hmac.new(key, b"100000216", hashlib.sha256).hexdigest()[:32]
    assert first.pseudonymise("100000216") == expected


def test_every_municipality_gets_its_own_key(tmp_path):
    one = Pseudonymiser.from_data_dir(DataDir(tmp_path / "a"))
    two = Pseudonymiser.from_data_dir(DataDir(tmp_path / "b"))
    assert one.pseudonymise("100000216") != two.pseudonymise("100000216")
    assert one.key_fingerprint != two.key_fingerprint


def test_environment_key_wins_and_no_file_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "k" * 40)
    data = DataDir(tmp_path)
    p = Pseudonymiser.from_data_dir(data)
    assert not data.pseudonym_key.exists()
    assert (
        p.pseudonymise("100000216")
        == hmac.new(b"k" * 40, b"100000216", hashlib.sha256).hexdigest()[:32]
    )
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(PseudonymKeyError, match="te kort"):
        Pseudonymiser.from_data_dir(data)


def test_a_key_file_readable_by_others_is_refused(tmp_path):
    data = DataDir(tmp_path)
    Pseudonymiser.from_data_dir(data)
    data.pseudonym_key.chmod(0o644)
    with pytest.raises(PseudonymKeyError, match="chmod 600"):
        Pseudonymiser.from_data_dir(data)


def test_pseudonyms_normalise_and_check_the_bsn(tmp_path):
    p = Pseudonymiser(b"x" * 32)
    assert p.pseudonymise("12345672") == p.pseudonymise("012345672")
    value = p.pseudonymise("100000216")
    assert len(value) == 32 and int(value, 16) >= 0
    assert p.pseudonymise_many(["100000216", "100000320"]) == [value, p.pseudonymise("100000320")]
    with pytest.raises(ValueError, match="geen BSN"):
        p.pseudonymise("1234")
    array = p.pseudonymise_array(pa.array(["100000216", None]))
    assert array.to_pylist() == [value, None]


def test_household_id():
    anchor = "0" * 32
    assert household_id_for(anchor) == "hh_" + hashlib.sha256(anchor.encode()).hexdigest()[:16]
    assert household_id_for(anchor) != household_id_for("1" * 32)
    assert Pseudonymiser(b"k" * 16).household_id_for(anchor) == household_id_for(anchor)
