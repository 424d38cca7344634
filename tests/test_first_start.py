"""First start and a busy warehouse (issue 10): the demo warehouse appears at its path only when
complete, a half-built one is set aside and built again, two processes build once, visitors
meanwhile see a Dutch "even geduld" page, and a warehouse held by a CLI process gives a Dutch
message instead of a WarehouseBusy traceback — and the app continues once it is free."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from apptest_helpers import APP, REPO_ROOT
from streamlit.testing.v1 import AppTest

from warehouse import db, first_start


def small_builder(con, report) -> None:
    """A complete (tiny) demo warehouse: a corporation, the demo accounts, the sample's marks."""
    from kwhcore import accounts
    from kwhcore.corporaties import add_corporatie

    report(0.5, "Corporaties en aannemers")
    corp = add_corporatie(con, "Woonstede", 4000, "Utrecht", 2).corporatie_id
    accounts.create_demo_accounts(con, corp, ("Bouwbedrijf Jansen",))
    db.set_info(con, "sample_scale", "demo")
    db.set_info(con, "data_version", "test")


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_an_interrupted_build_leaves_no_file_at_the_warehouse_path(tmp_path):
    path = tmp_path / "klantvizier.duckdb"

    def broken(con, report):
        report(0.3, "Huurders")
        con.execute("CREATE TABLE half (x INTEGER)")
        raise KeyboardInterrupt  # the process is stopped halfway

    with pytest.raises(KeyboardInterrupt):
        first_start.build_demo(path, broken)
    assert not path.exists() and not first_start.build_path(path).exists()
    assert first_start.needs_build(path)
    assert first_start.read_progress(path).error == "KeyboardInterrupt"

    assert first_start.build_demo(path, small_builder)
    assert not first_start.needs_build(path)
    assert first_start.read_progress(path).done
    assert "klantvizier.duckdb.bouw" not in _files(tmp_path)


def test_a_half_built_warehouse_is_set_aside_and_built_again(tmp_path):
    path = tmp_path / "klantvizier.duckdb"
    con = db.connect(path)  # an older version built in place and was stopped: no accounts
    from kwhcore.corporaties import add_corporatie

    add_corporatie(con, "Woonstede", 4000, "Utrecht", 2)
    db.set_info(con, "sample_scale", "demo")
    con.close()
    assert first_start.needs_build(path)
    assert first_start.build_demo(path, small_builder)
    assert not first_start.needs_build(path)
    assert any(name.startswith("klantvizier.duckdb.onvolledig-") for name in _files(tmp_path))


def test_a_real_warehouse_is_never_rebuilt(tmp_path):
    path = tmp_path / "klantvizier.duckdb"
    con = db.connect(path)
    db.set_info(con, "warehouse_kind", "echt")
    con.close()
    assert not first_start.needs_build(path)
    assert not first_start.build_demo(path, small_builder)


def test_two_processes_starting_at_once_build_once(tmp_path):
    path = tmp_path / "klantvizier.duckdb"
    counter = tmp_path / "builds.txt"
    script = textwrap.dedent(f"""
        import sys, time
        sys.path[:0] = [{str(REPO_ROOT)!r}, {str(REPO_ROOT / "tests")!r}]
        from pathlib import Path
        from test_first_start import small_builder
        from warehouse import first_start

        def counted(con, report):
            with open({str(counter)!r}, "a") as out:
                out.write("build\\n")
            time.sleep(1.5)
            small_builder(con, report)

        path = Path({str(path)!r})
        deadline = time.monotonic() + 60
        while first_start.needs_build(path) and time.monotonic() < deadline:
            first_start.build_demo(path, counted)
            time.sleep(0.1)
        print("klaar" if not first_start.needs_build(path) else "niet klaar")
    """)
    processes = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
                 for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert outputs == ["klaar", "klaar"]
    assert counter.read_text().count("build") == 1


@pytest.fixture
def warehouse_at(tmp_path, monkeypatch):
    """The app's own warehouse path in a tmp dir (no monkeypatched connection)."""
    from kwhcore import config
    from ui import state

    path = tmp_path / "klantvizier.duckdb"
    patched = replace(config.CONFIG, warehouse_path=path)
    monkeypatch.setattr(config, "CONFIG", patched)
    monkeypatch.setattr(state, "CONFIG", patched)
    return path


def test_visitors_during_the_first_build_see_even_geduld_and_then_the_login(warehouse_at, monkeypatch):
    from ui import state

    release = threading.Event()
    builds = []

    def slow_build(path):
        builds.append(path)
        first_start.build_demo(path, lambda con, report: (report(0.4, "Huurders"), release.wait(30),
                                                          small_builder(con, report)))

    monkeypatch.setattr(state, "_build", slow_build)
    first = AppTest.from_file(APP, default_timeout=60).run()
    reloaded = AppTest.from_file(APP, default_timeout=60).run()  # a reload: a new session
    for at in (first, reloaded):
        assert not at.exception, [e.value for e in at.exception]
        assert "Even geduld" in at.info[0].body
        assert not at.text_input  # no login form on a warehouse that is not there
    assert len(builds) == 1
    release.set()
    state._FIRST_START.thread.join(30)
    at = first.run()
    assert not at.exception
    assert [w.label for w in at.text_input][:2] == ["Gebruikersnaam", "Wachtwoord"]


def test_a_warehouse_held_by_another_process_gives_a_dutch_message_then_the_app(warehouse_at):
    first_start.build_demo(warehouse_at, small_builder)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
         "print('vast', flush=True); sys.stdin.read()", str(warehouse_at)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "vast"
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception, [e.value for e in at.exception]
        assert "Het warehouse wordt even bijgewerkt" in " ".join(i.body for i in at.info), at.main
    finally:
        holder.communicate("", timeout=30)
    at = at.run()  # what the page's own poll does every few seconds
    assert not at.exception
    assert [w.label for w in at.text_input][:2] == ["Gebruikersnaam", "Wachtwoord"]
