"""Issue 10: a spreadsheet's claims are bounded before reading, and the read itself runs in a
child process whose memory and time limits hold — one Dutch sentence, never a dead server."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import hostile_xlsx
import pytest

from kwhcore.example_files import example_xlsx, fictitious_rows, write_xlsx
from kwhcore.xlsx_reader import TENANT_LIMITS, UnreadableFile, read_workbook

REPO = Path(__file__).resolve().parent.parent


def _refusal(data: bytes, tmp_path: Path, limits=TENANT_LIMITS) -> str:
    path = tmp_path / "aanlevering.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as refused:
        read_workbook(path, limits)
    message = str(refused.value)
    assert "\n" not in message and "Traceback" not in message and len(message) < 400
    return message


@pytest.mark.parametrize("dimension", ["A1:XFD1048576", None])
def test_the_far_away_cell_gets_one_dutch_sentence_not_a_512_gib_allocation(tmp_path, dimension):
    data = hostile_xlsx.far_away_cell(dimension)
    assert len(data) < 30_000
    started = time.perf_counter()
    message = _refusal(data, tmp_path)
    assert time.perf_counter() - started < 10
    assert "XFD1048576" in message and "250.000 rijen" in message


def test_a_dimension_claim_alone_is_bounded(tmp_path):
    sheet = hostile_xlsx.sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:ZZ400000")
    assert "400.000 rijen" in _refusal(hostile_xlsx.workbook(sheet), tmp_path)


def test_too_many_rows_in_one_column_are_refused_before_reading(tmp_path):
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, 300_002))
    message = _refusal(hostile_xlsx.workbook(hostile_xlsx.sheet_xml(rows)), tmp_path)
    assert "meer dan 250.000 rijen" in message and "kolom" not in message


def test_too_many_columns_are_refused_before_reading(tmp_path):
    sheet = hostile_xlsx.sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="HZ1"><v>1</v></c></row>')
    assert "kolom HZ (234 kolommen)" in _refusal(hostile_xlsx.workbook(sheet), tmp_path)


def test_a_shared_strings_claim_of_four_billion_is_refused(tmp_path):
    sst = hostile_xlsx.shared_strings(["vhe"], count=4_294_967_295)
    sheet = hostile_xlsx.sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    assert "verschillende teksten" in _refusal(hostile_xlsx.workbook(sheet, sst), tmp_path)


def test_when_the_claims_are_hidden_the_childs_memory_limit_still_holds(tmp_path):
    started = time.perf_counter()
    tracemalloc.start()
    message = _refusal(hostile_xlsx.unreferenced_wide_rows(), tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 30
    assert "geheugen" in message
    # This process never held the reader's ~50 GB: its own peak stays at the file's size.
    assert peak < 16 * 1024 * 1024


def test_a_read_that_takes_too_long_is_stopped_with_a_dutch_sentence(tmp_path):
    limits = dataclasses.replace(TENANT_LIMITS, wall_seconds=0.05)
    message = _refusal(example_xlsx("reparaties"), tmp_path, limits)
    assert "duurde langer dan" in message


def test_a_child_without_enough_memory_answers_in_dutch(tmp_path):
    path = tmp_path / "groot.xlsx"
    write_xlsx(path, fictitious_rows(20_000, "reparaties"))
    limits = dataclasses.replace(TENANT_LIMITS, memory_bytes=50 * 1024 * 1024)
    message = _refusal(path.read_bytes(), tmp_path, limits)
    assert "meer dan 50 MB geheugen" in message
    assert read_workbook(path).cells  # the same file within the normal limits reads fine


def test_a_device_or_directory_is_no_file(tmp_path):
    for target in ("/dev/zero", str(tmp_path)):
        with pytest.raises(UnreadableFile, match="geen gewoon bestand"):
            read_workbook(target)


def test_a_sound_file_reads_the_same_through_the_child(tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(example_xlsx("reparaties"))
    book = read_workbook(path)
    assert book.data_sheet and book.cells[0][0] and len(book.cells) > 1


def test_the_cli_survives_the_far_away_cell(tmp_path):
    path = tmp_path / "ver.xlsx"
    path.write_bytes(hostile_xlsx.far_away_cell())
    result = subprocess.run(
        [sys.executable, "-m", "kwhcore", "validate", str(path), "--vragenlijst", "reparaties"],
        capture_output=True, text=True, cwd=REPO, timeout=60, env={**os.environ, "RUST_BACKTRACE": "1"},
    )
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "XFD1048576" in result.stderr


def test_the_upload_page_path_records_the_far_away_cell_as_afgekeurd_and_lives_on(empty_db, tmp_path):
    from datetime import date

    from kwhcore.access import Scope
    from kwhcore.corporaties import add_corporatie
    from kwhcore.uploads import upload

    corp = add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id
    steward = Scope(role="gebruiker", corporatie_id=corp, user_email="steward@woonstede.nl")
    # As pages/aanleveren.py hands it over: the upload's bytes in memory.
    aanlevering = upload(empty_db, steward, corp, "reparaties", io.BytesIO(hostile_xlsx.far_away_cell()),
                         "huurders.xlsx", today=date(2026, 4, 20))
    assert aanlevering.status == "afgekeurd"
    [finding] = aanlevering.report.errors
    assert finding.code == "file_unreadable" and "XFD1048576" in finding.message
    good = tmp_path / "goed.xlsx"
    write_xlsx(good, fictitious_rows(3, "reparaties", today=date(2026, 4, 20)))
    assert upload(empty_db, steward, corp, "reparaties", good, "goed.xlsx", today=date(2026, 4, 20)).status == "gevalideerd"
