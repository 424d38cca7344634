"""First start and a busy warehouse in a real browser (issue 10): the "even geduld" page
survives reloads and turns into the login form by itself; a warehouse held by another process
shows the Dutch busy message and the app continues by itself once it is free."""

from __future__ import annotations

import shutil
import subprocess
import sys

BUILD_TIMEOUT_MS = 180_000


def test_a_fresh_server_without_warehouse_builds_it_while_visitors_wait_and_reload(
        tmp_path, fresh_server, browser_page, assert_no_exception):
    path = tmp_path / "nieuw" / "klantvizier.duckdb"
    url = fresh_server(path)
    page = browser_page
    page.goto(url)
    page.get_by_text("Even geduld").wait_for()
    for _ in range(2):
        page.wait_for_timeout(2_000)
        page.reload()
        page.get_by_text("Even geduld").or_(page.get_by_label("Gebruikersnaam")).first.wait_for()
        assert_no_exception(page)
    page.get_by_label("Gebruikersnaam").wait_for(timeout=BUILD_TIMEOUT_MS)  # no reload needed
    assert_no_exception(page)
    assert path.exists() and not path.with_name(path.name + ".bouw").exists()


def test_a_warehouse_held_by_another_process_shows_the_busy_message_and_recovers(
        demo_warehouse_path, tmp_path, fresh_server, browser_page, assert_no_exception):
    path = tmp_path / "klantvizier.duckdb"
    shutil.copy(demo_warehouse_path, path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
         "print('vast', flush=True); sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "vast"
        url = fresh_server(path)
        page = browser_page
        page.goto(url)
        page.get_by_text("Het warehouse wordt even bijgewerkt").wait_for()
        assert_no_exception(page)
    finally:
        holder.communicate("", timeout=30)
    page.get_by_label("Gebruikersnaam").wait_for()  # by itself, within a few seconds
    assert_no_exception(page)
