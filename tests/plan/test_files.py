"""Files that are not workbooks give one clear finding each, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cxvoyager.errors import PlanError
from cxvoyager.plan import check_plan, load_plan

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.xlsx"


def _directory(tmp_path: Path) -> Path:
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    return folder


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "renamed.xlsx"
    path.write_text("主机名,管理地址\nnode-01,10.60.10.11\n", encoding="utf-8")
    return path


def _xls(tmp_path: Path) -> Path:
    path = tmp_path / "old.xlsx"
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 504 + "Workbook".encode("utf-16-le"))
    return path


def _encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "locked.xlsx"
    streams = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 504 + streams)
    return path


def _zip(tmp_path: Path) -> Path:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    return path


def _broken_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not-xml")
    return path


FILES = {
    "missing": (_missing, "file.missing"),
    "directory": (_directory, "file.missing"),
    "empty": (_empty, "file.empty"),
    "csv-renamed": (_csv, "file.not_xlsx"),
    "old-xls": (_xls, "file.xls"),
    "encrypted": (_encrypted, "file.encrypted"),
    "zip-not-workbook": (_zip, "file.not_workbook"),
    "truncated-zip": (_truncated, "file.unreadable"),
    "broken-workbook": (_broken_workbook, "file.unreadable"),
}


@pytest.mark.parametrize(("make", "rule"), FILES.values(), ids=FILES.keys())
def test_not_a_workbook_gives_one_finding(tmp_path: Path, make, rule: str) -> None:
    path = make(tmp_path)
    check = check_plan(path)
    assert [finding.rule for finding in check.findings] == [rule]
    assert check.plan is None
    assert str(path) in check.findings[0].message


@pytest.mark.parametrize(("make", "rule"), FILES.values(), ids=FILES.keys())
def test_load_plan_raises_plan_error(tmp_path: Path, make, rule: str) -> None:
    with pytest.raises(PlanError) as raised:
        load_plan(make(tmp_path))
    assert [finding.rule for finding in raised.value.findings] == [rule]
    assert rule in str(raised.value)
