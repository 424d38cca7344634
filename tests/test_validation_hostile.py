"""Hostile and broken files get one clear Dutch sentence, quickly and in bounded memory."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from kwhcore.example_files import example_xlsx
from kwhcore.validation import validate_file
from kwhcore.xlsx_reader import UnreadableFile

REPO = Path(__file__).resolve().parent.parent


def _rewrite(original: bytes, replace: dict[str, bytes]) -> bytes:
    """Copy an xlsx archive, replacing some members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def zip_bomb() -> bytes:
    # 200 MB of zeros in the sheet member: ~200 KB on disk, a ratio of ~1000.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(example_xlsx("reparaties"))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w") as member:
                    block = b"\0" * (1024 * 1024)
                    for _ in range(200):
                        member.write(block)
            else:
                target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def entity_expansion() -> bytes:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    return _rewrite(example_xlsx("reparaties"), {"xl/sharedStrings.xml": laughs})


def truncated() -> bytes:
    data = example_xlsx("reparaties")
    return data[: len(data) // 2]


def csv_renamed() -> bytes:
    return b"vhe;postcode;email\nVHE1;1234 AB;jan@example.nl\n"


def old_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600


def zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("readme.txt", "geen excel")
    return out.getvalue()


def damaged_member() -> bytes:
    data = bytearray(example_xlsx("reparaties"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 5, start + 25):
        data[i] ^= 0xFF
    return bytes(data)


HOSTILE = {
    "zip bomb": (zip_bomb, "zip-bom"),
    "entity expansion": (entity_expansion, "entiteiten"),
    "truncated archive": (truncated, "beschadigd"),
    "csv renamed to xlsx": (csv_renamed, "geen Excel-werkmap"),
    "old xls or password": (old_xls, ".xls"),
    "zip that is no workbook": (zip_without_workbook, "geen Excel-werkmap"),
    "damaged member": (damaged_member, "beschadigd"),
    "empty file": (lambda: b"", "leeg"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_or_broken_file_is_refused_quickly_in_bounded_memory(tmp_path, kind):
    build, words = HOSTILE[kind]
    path = tmp_path / "aanlevering.xlsx"
    path.write_bytes(build())
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(UnreadableFile) as refused:
        validate_file(path, "reparaties")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    message = str(refused.value)
    assert words in message
    assert "\n" not in message and len(message) < 250 and "Traceback" not in message
    assert elapsed < 3
    assert peak < 40 * 1024 * 1024


@pytest.mark.parametrize("kind", ["zip bomb", "entity expansion", "csv renamed to xlsx", "truncated archive"])
def test_the_cli_refuses_a_hostile_file_with_exit_2_and_one_sentence(tmp_path, kind):
    build, words = HOSTILE[kind]
    path = tmp_path / "aanlevering.xlsx"
    path.write_bytes(build())
    result = subprocess.run(
        [sys.executable, "-m", "kwhcore", "validate", str(path), "--vragenlijst", "reparaties", "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
