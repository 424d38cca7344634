"""Browser journey (issue 12): a consenting tenant gives a low grade → `jobs run` mails the
signal to a real local SMTP server → the corporation handles it in the app → the Logboek shows
each step. The app gets its own warehouse: DuckDB lets one process write, so the CLI steps run
before the app starts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from smtp_inbox import free_port, smtp_env, smtp_inbox

REPO_ROOT = Path(__file__).resolve().parents[2]
CORP = "Woonstichting De Vechtstreek"
UI_TIMEOUT_MS = 30_000


def _cli(db: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "kwhcore", "--db", str(db), *args], cwd=REPO_ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def signaal_app(tmp_path_factory):
    """(app url, the mails received) — the rule, the import and two `jobs run` already done."""
    if not Path("/usr/bin/chromium").exists() and os.environ.get("CI", "").lower() != "true":
        pytest.skip("/usr/bin/chromium is niet geïnstalleerd")
    from sample_data.generator import build_sample
    from warehouse import db

    folder = tmp_path_factory.mktemp("signaal")
    path = folder / "klantvizier.duckdb"
    con = db.connect(path)
    build_sample(con, scale="demo")
    con.close()
    _cli(path, "signaal", "regel", "add", "--corporatie", CORP, "--vragenlijst", "reparaties", "--vraag", "rep_totaal",
         "--max", "5", "--ontvanger", "klantcontact@vechtstreek.nl")
    day = (date.today() - timedelta(days=1)).isoformat()
    answers = folder / "antwoorden.csv"
    answers.write_text(
        "respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,anoniem,id1,id2,telefoon,rep_totaal\n"
        f"B1,{CORP},reparaties,{day},online,nee,WERK-77,VHE-12,0612121212,3\n"
        f"B2,{CORP},reparaties,{day},online,ja,WERK-78,,0613131313,2\n", encoding="utf-8")
    _cli(path, "import-responses", str(answers))
    with smtp_inbox() as (inbox, port):
        # A day outside every reminder week, so only the signal is due.
        quiet = date.today() + timedelta(days=(14 - date.today().day) % 28)
        from kwhcore.periods import deadline_for
        from kwhcore.signalen import herinnering_due
        while herinnering_due(deadline_for(quiet.year, quiet.month), quiet):
            quiet += timedelta(days=1)
        _cli(path, "jobs", "run", "--op", quiet.isoformat(), env=smtp_env(port))
        _cli(path, "jobs", "run", "--op", quiet.isoformat(), env=smtp_env(port))
        messages = list(inbox.messages)

    port = free_port()
    log = folder / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "KLANTVIZIER_DB": str(path), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"streamlit startte niet:\n{log.read_text()}")
            time.sleep(0.3)
    try:
        yield url, messages
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _save(page, wait_for_app) -> None:
    page.get_by_role("button", name="Opslaan").click()
    wait_for_app(page)


def test_low_grade_mail_follow_up_and_log(signaal_app, browser_page, login, assert_no_exception, wait_for_app):
    url, messages = signaal_app
    assert len(messages) == 1  # the consenting tenant only, once over two runs
    body = messages[0].get_payload(decode=True).decode("utf-8")
    assert "Antwoord: cijfer 3" in body and "id1: WERK-77" in body and "id2: VHE-12" in body
    assert "Telefoon: 0612121212" in body and "WERK-78" not in body
    assert str(messages[0]["X-RcptTo"]) == "klantcontact@vechtstreek.nl"

    page = browser_page
    login(page, url, "demo-hoofdgebruiker", "demo")
    page.get_by_text("1 open signaal om op te volgen").wait_for(timeout=UI_TIMEOUT_MS)
    page.goto(f"{url}/signalen")
    page.get_by_role("heading", name="Signalen").wait_for(timeout=UI_TIMEOUT_MS)
    wait_for_app(page)
    page.get_by_text("WERK-77").first.wait_for(state="attached", timeout=UI_TIMEOUT_MS)
    assert page.get_by_text("WERK-78").count() == 0

    page.get_by_label("Wie behandelt het signaal?").fill("Team Klantcontact")
    page.get_by_text("In behandeling", exact=True).last.click()
    _save(page, wait_for_app)
    page.get_by_text("staat nu op 'In behandeling'").wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_label("Wat is er gedaan?").fill("Huurder gebeld, monteur komt dinsdag terug.")
    _save(page, wait_for_app)
    page.get_by_text("staat nu op 'Afgehandeld'").wait_for(timeout=UI_TIMEOUT_MS)
    assert_no_exception(page)

    page.goto(f"{url}/logboek")
    page.get_by_role("heading", name="Logboek").wait_for(timeout=UI_TIMEOUT_MS)
    wait_for_app(page)
    for stap in ("Signaalregel toegevoegd", "Antwoorden geïmporteerd", "Signaalmail verzonden",
                 "Open → In behandeling; behandelaar Team Klantcontact",
                 "In behandeling → Afgehandeld; behandelaar Team Klantcontact; Huurder gebeld, monteur komt dinsdag terug."):
        page.get_by_text(stap).first.wait_for(state="attached", timeout=UI_TIMEOUT_MS)
    assert_no_exception(page)
