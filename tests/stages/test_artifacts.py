"""Generated installation ISOs for sim mode: size, header and determinism."""

from __future__ import annotations

import hashlib

import pytest

from cxvoyager.sim import artifacts

MIB = 1024 * 1024


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cloudtower_iso_has_iso9660_header(tmp_path):
    path = artifacts.cloudtower_iso(tmp_path, version="4.7.1", size=2 * MIB)

    data = path.read_bytes()
    assert path.name == "cloudtower-v4.7.1.oe2003.x86_64.iso"
    assert len(data) == 2 * MIB
    assert data[artifacts.DESCRIPTOR_OFFSET + 1 : artifacts.DESCRIPTOR_OFFSET + 6] == b"CD001"
    assert b"CLOUDTOWER" in data[artifacts.VOLUME_ID_OFFSET : artifacts.VOLUME_ID_OFFSET + 32]


def test_same_seed_same_bytes(tmp_path):
    first = artifacts.vmtools_iso(tmp_path / "a", size=MIB, seed=7)
    second = artifacts.vmtools_iso(tmp_path / "b", size=MIB, seed=7)
    other = artifacts.vmtools_iso(tmp_path / "c", size=MIB, seed=8)

    assert digest(first) == digest(second)
    assert digest(first) != digest(other)


def test_existing_file_is_reused(tmp_path):
    path = artifacts.vmtools_iso(tmp_path, size=MIB)
    before = path.stat().st_mtime_ns

    again = artifacts.vmtools_iso(tmp_path, size=MIB)

    assert again == path
    assert again.stat().st_mtime_ns == before


def test_size_from_environment(monkeypatch):
    monkeypatch.setenv(artifacts.SIZE_ENV, "3")

    assert artifacts.configured_size() == 3 * MIB


@pytest.mark.parametrize("value", ["0", "-2", "lots"])
def test_invalid_size_from_environment(monkeypatch, value):
    monkeypatch.setenv(artifacts.SIZE_ENV, value)

    with pytest.raises(ValueError, match=artifacts.SIZE_ENV):
        artifacts.configured_size()
