"""The final secret scan looks inside ZIP files such as the as-built workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from cxvoyager.report.secretscan import scan_files

SECRET = "Zip!Hidden-Passw0rd"


def test_scan_finds_secret_inside_xlsx(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = SECRET
    path = tmp_path / "leak.xlsx"
    workbook.save(path)

    assert SECRET.encode() not in path.read_bytes()  # compressed: a plain scan would miss it
    assert [hit.path for hit in scan_files([path], [SECRET])] == [path]


def test_scan_finds_secret_inside_zip_member(tmp_path: Path) -> None:
    path = tmp_path / "report.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inner/report.html", f"<p>{SECRET}</p>" * 50)

    assert [hit.path for hit in scan_files([path], [SECRET])] == [path]


def test_clean_zip_has_no_hit(tmp_path: Path) -> None:
    path = tmp_path / "clean.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "nothing to see")

    assert scan_files([path], [SECRET]) == []
