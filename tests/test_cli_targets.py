"""Issue 10: commands never destroy what they did not make, and never follow a path into a
device. ``sample`` only replaces a demo warehouse; ``export --out`` only writes regular files
(through a temporary file and a rename); ``--db`` refuses devices, directories and non-warehouses."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date
from pathlib import Path

import judgements_data as data
import pytest

from kwhcore import cli_data
from kwhcore.cli import CliError, main
from warehouse import db

REPO = Path(__file__).resolve().parent.parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _err(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err and "Onverwachte fout" not in err and "Traceback" not in err and len(err.splitlines()) == 1
    return err


@pytest.fixture
def real_warehouse(tmp_path) -> Path:
    path = tmp_path / "echt.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    assert main(["corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht", "--stedelijkheid", "2", "--db", str(path)]) == 0
    return path


def test_sample_refuses_a_real_warehouse_made_by_init_and_installs_no_demo_accounts(real_warehouse, capsys):
    before = _digest(real_warehouse)
    capsys.readouterr()
    assert main(["sample", "--db", str(real_warehouse)]) in (1, 2)
    assert "geen voorbeeldwarehouse" in _err(capsys)
    assert _digest(real_warehouse) == before
    con = db.connect(real_warehouse)
    assert con.execute("SELECT count(*) FROM corporatie").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM gebruiker").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize("content", [(REPO / "README.md").read_bytes(), b"", b"\x00" * 4096, b"PK\x03\x04 iets"])
def test_sample_refuses_any_other_existing_file_and_leaves_it_alone(tmp_path, capsys, content):
    target = tmp_path / "README.md"
    target.write_bytes(content)
    assert main(["sample", "--db", str(target)]) in (1, 2)
    assert "geen voorbeeldwarehouse" in _err(capsys)
    assert target.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_sample_refuses_a_foreign_duckdb_database(tmp_path, capsys):
    import duckdb

    target = tmp_path / "ander.duckdb"
    con = duckdb.connect(str(target))
    con.execute("CREATE TABLE klanten AS SELECT 1 AS id")
    con.close()
    before = _digest(target)
    assert main(["sample", "--db", str(target)]) in (1, 2)
    assert "geen voorbeeldwarehouse" in _err(capsys)
    assert _digest(target) == before


def _char_device(tmp_path: Path) -> Path:
    """A private /dev/full (major 1, minor 7), so a failing test cannot harm the machine's own."""
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return node


def _dangerous_targets(tmp_path: Path) -> dict[str, Path]:
    device = _char_device(tmp_path)
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    folder = tmp_path / "map"
    folder.mkdir()
    link = tmp_path / "link-naar-apparaat"
    link.symlink_to(device)
    dangling = tmp_path / "link-naar-niets"
    dangling.symlink_to(tmp_path / "bestaat-niet")
    return {"device": device, "fifo": fifo, "directory": folder, "symlink to a device": link, "dangling symlink": dangling}


@pytest.mark.parametrize("kind", ["device", "fifo", "directory", "symlink to a device", "dangling symlink"])
def test_sample_never_follows_db_into_a_device(tmp_path, capsys, kind):
    target = _dangerous_targets(tmp_path)[kind]
    assert main(["sample", "--db", str(target)]) in (1, 2)
    _err(capsys)
    assert stat.S_ISCHR(os.stat(tmp_path / "full").st_mode) and stat.S_ISFIFO(os.stat(tmp_path / "pijp").st_mode)


@pytest.mark.parametrize("kind", ["device", "fifo", "directory", "symlink to a device"])
def test_no_command_opens_a_device_as_its_warehouse(tmp_path, capsys, kind):
    target = _dangerous_targets(tmp_path)[kind]
    for argv in (["init"], ["scores", "--corporatie", "X", "--vragenlijst", "reparaties", "--periode", "2025"],
                 ["corporatie", "add", "X", "--vhe", "1", "--regio", "U", "--stedelijkheid", "2"]):
        assert main([*argv, "--db", str(target)]) == 2
        assert "geen gewoon bestand" in _err(capsys)
    assert stat.S_ISCHR(os.stat(tmp_path / "full").st_mode)


def test_a_readme_as_warehouse_is_refused_and_kept(tmp_path, capsys):
    target = tmp_path / "README.md"
    target.write_bytes((REPO / "README.md").read_bytes())
    assert main(["scores", "--corporatie", "X", "--vragenlijst", "reparaties", "--periode", "2025", "--db", str(target)]) == 2
    assert "geen Klantvizier-warehouse" in _err(capsys)
    assert target.read_bytes() == (REPO / "README.md").read_bytes()


def test_sample_may_replace_a_demo_warehouse_only(tmp_path):
    demo = tmp_path / "demo.duckdb"
    con = db.connect(demo)
    db.set_info(con, "sample_scale", "demo")
    con.close()
    cli_data._refuse_unless_demo_warehouse(demo)  # no refusal
    con = db.connect(demo)
    db.set_info(con, "warehouse_kind", "echt")
    con.close()
    with pytest.raises(CliError):
        cli_data._refuse_unless_demo_warehouse(demo)


@pytest.mark.parametrize("failure", ["sample error", "crash"])
def test_a_failed_sample_build_leaves_the_old_demo_warehouse_and_no_half_file(tmp_path, monkeypatch, capsys, failure):
    from sample_data import generator

    demo = tmp_path / "demo.duckdb"
    con = db.connect(demo)
    db.set_info(con, "sample_scale", "demo")
    con.close()
    before = _digest(demo)

    def broken(con, **kwargs):
        con.execute("CREATE TABLE half_gebouwd AS SELECT 1 AS x")
        if failure == "crash":
            raise RuntimeError("stroom uitgevallen")
        raise generator.SampleError("De voorbeelddata kon niet worden gebouwd.")

    monkeypatch.setattr(generator, "build_sample", broken)
    assert main(["sample", "--db", str(demo)]) in (1, 2)
    assert _digest(demo) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb"]


@pytest.fixture
def wh_file(tmp_path) -> Path:
    path = tmp_path / "wh.duckdb"
    con = db.connect(path)
    corp = data.corporatie(con)
    for _ in range(6):
        data.respondent(con, corp, "reparaties", date(2025, 5, 1))
    data.build(con)
    con.close()
    return path


def _export(wh_file: Path, out: Path) -> int:
    return main(["export", "--db", str(wh_file), "--corporatie", "Woonstede", "--format", "csv", "--out", str(out)])


@pytest.mark.parametrize("kind", ["device", "fifo", "directory", "symlink to a device", "dangling symlink"])
def test_export_refuses_a_target_that_is_not_a_regular_file(wh_file, tmp_path, capsys, kind):
    target = _dangerous_targets(tmp_path)[kind]
    capsys.readouterr()
    assert _export(wh_file, target) == 2
    assert "gewoon bestand" in _err(capsys)
    assert stat.S_ISCHR(os.stat(tmp_path / "full").st_mode)
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pijp").st_mode)
    assert (tmp_path / "map").is_dir() and not list((tmp_path / "map").iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_replaces_a_regular_file_through_a_rename(wh_file, tmp_path):
    out = tmp_path / "export.csv"
    out.write_text("oud", encoding="utf-8")
    old_inode = out.stat().st_ino
    assert _export(wh_file, out) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and out.stat().st_ino != old_inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "wh.duckdb"]


def test_export_through_a_symlink_writes_the_file_it_points_to(wh_file, tmp_path):
    real = tmp_path / "echt.csv"
    real.write_text("oud", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert _export(wh_file, link) == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"\xef\xbb\xbf")


def test_half_files_of_killed_builds_are_cleaned_up_but_a_running_build_is_left_alone(tmp_path):
    target = tmp_path / "demo.duckdb"
    dead = tmp_path / ".demo.duckdb.bouw-999999999"
    alive = tmp_path / f".demo.duckdb.bouw-{os.getpid()}"
    for path in (dead, Path(f"{dead}.wal"), alive):
        path.write_bytes(b"half")
    cli_data._remove_stale_builds(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name]


def test_export_never_overwrites_the_warehouse_it_reads(wh_file, capsys):
    before = _digest(wh_file)
    capsys.readouterr()
    assert _export(wh_file, wh_file) == 2
    assert "database" in _err(capsys)
    assert _digest(wh_file) == before
