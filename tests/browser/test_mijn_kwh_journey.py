"""Browser journey (issue 14): a data steward lands on Aanleveren, uploads an ordinary file with
attention points, maps a spelling delivered before and approves; a hoofdgebruiker creates another
hoofdgebruiker, who sets a password from the mailed link; and a forgotten password is reset by
mail through a local SMTP server."""

from __future__ import annotations

import re
import time

from kwhcore.example_files import fictitious_rows, write_xlsx

UI_TIMEOUT_MS = 30_000
NEW_PASSWORD = "paarse fietsen rijden snel naar huis"


def _mail_to(inbox, address: str, subject: str, timeout_s: float = 30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for message in inbox:
            if message["To"] == address and message["Subject"] == subject:
                return message
        time.sleep(0.3)
    raise AssertionError(f"geen e-mail '{subject}' aan {address}; ontvangen: {[(m['To'], m['Subject']) for m in inbox]}")


def _link(message) -> str:
    body = message.get_payload(decode=True).decode("utf-8")
    return re.search(r"(https?://\S+uitnodiging=\S+)", body).group(1)


def _wait_for_session_cookie(page, timeout_s: float = 30) -> None:
    """The login's cookie is written by a component in the browser a moment after the form; a
    reload before that asks for the password again (a loaded machine makes the moment longer)."""
    from ui.session_cookie import COOKIE_NAME

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(c["name"] == COOKIE_NAME for c in page.context.cookies()):
            return
        page.wait_for_timeout(300)
    raise AssertionError("de sessiecookie werd niet gezet")


def _set_password(page, link: str, wait_for_app) -> None:
    page.goto(link)
    page.get_by_label("Nieuw wachtwoord").wait_for(timeout=UI_TIMEOUT_MS)
    wait_for_app(page)
    assert page.get_by_text("Page not found").count() == 0
    page.get_by_label("Nieuw wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.get_by_text("Uw wachtwoord is ingesteld").first.wait_for(timeout=UI_TIMEOUT_MS)


def test_steward_uploads_an_ordinary_file_maps_a_spelling_and_approves(
    mail_app, browser_page, login, assert_no_exception, wait_for_app, tmp_path
):
    app_url, _inbox = mail_app
    page = browser_page
    rows = fictitious_rows(8, "nieuwe_huurders", seed=77)
    for row in rows:
        row["uitsplitsing1"] = "Vestiging Oost"  # delivered before as 'Oost' in the demo data
    rows[5].update(postcode=rows[1]["postcode"], huisnummer=rows[1]["huisnummer"])  # same tenant twice
    rows[3].update(telefoon1="06-9123", email="huurder3@example.nl")  # broken phone, good e-mail
    path = tmp_path / "nieuwe_huurders_vechtstreek_december_2026_definitieve_versie.xlsx"
    write_xlsx(path, rows)

    login(page, app_url, "demo-steward", "demo")
    page.get_by_role("heading", name="Aanleveren").wait_for(timeout=UI_TIMEOUT_MS)
    _wait_for_session_cookie(page)
    page.reload()  # the session survives a reload and still lands on Aanleveren
    page.get_by_role("heading", name="Aanleveren").wait_for(timeout=UI_TIMEOUT_MS)
    wait_for_app(page)
    page.get_by_text("Volgende deadline: woensdag").first.wait_for(timeout=UI_TIMEOUT_MS)

    uploader = page.locator('[data-testid="stFileUploader"]')
    for english in ("Upload", "Drag and drop", "per file", "200MB", "50MB"):
        assert english not in uploader.inner_text()
    knop = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stFileUploaderDropzone\"] button > div'), '::after').content"
    )
    assert "Bestand kiezen" in knop

    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_text(f"Gekozen bestand: {path.name}").wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Gevalideerd, wacht op accorderen").first.wait_for(timeout=UI_TIMEOUT_MS)
    # The report tables are canvas grids: their cells are in the DOM but not "visible".
    page.get_by_text("Telefoonnummer '06-9123' is geen geldig Nederlands nummer").first.wait_for(
        state="attached", timeout=UI_TIMEOUT_MS)
    page.get_by_text("staat ook in rij 3").first.wait_for(state="attached", timeout=UI_TIMEOUT_MS)
    page.get_by_text("Kolom uitsplitsing1: 'Vestiging Oost' (8 rijen), eerder geleverd als 'Oost'").wait_for(
        timeout=UI_TIMEOUT_MS)
    assert_no_exception(page)

    page.get_by_role("button", name="Koppelen aan de eerdere schrijfwijze").first.click()
    page.get_by_text("wordt voortaan opgeslagen als").first.wait_for(timeout=UI_TIMEOUT_MS)
    wait_for_app(page)
    assert page.get_by_text("eerder geleverd als 'Oost'").count() == 0

    page.get_by_role("button", name="Accorderen").click()
    page.get_by_text("is geaccordeerd").first.wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Niet uitgenodigd (1)").wait_for(timeout=UI_TIMEOUT_MS)
    assert_no_exception(page)


def test_hoofdgebruiker_creates_a_hoofdgebruiker_who_sets_a_password_from_the_mail(
    mail_app, _browser, browser_page, login, assert_no_exception, wait_for_app
):
    app_url, inbox = mail_app
    page = browser_page
    login(page, app_url, "demo-hoofdgebruiker", "demo")
    _wait_for_session_cookie(page)
    page.goto(f"{app_url}/gebruikersbeheer")
    page.get_by_role("heading", name="Gebruikersbeheer").wait_for(timeout=UI_TIMEOUT_MS)
    wait_for_app(page)
    soort = page.locator('[data-testid="stRadio"]').first
    assert soort.get_by_role("radio", name="Gebruiker", exact=True).is_checked()
    soort.get_by_text("Hoofdgebruiker", exact=True).click()
    wait_for_app(page)
    page.get_by_label("E-mailadres (kan later niet worden gewijzigd)").fill("tweede.hoofd@vechtstreek.nl")
    page.get_by_label("Naam", exact=True).first.fill("Tweede Hoofdgebruiker")
    page.get_by_role("button", name="Toevoegen en uitnodigen").click()
    page.get_by_text("Uitnodiging verstuurd aan tweede.hoofd@vechtstreek.nl").wait_for(timeout=UI_TIMEOUT_MS)
    assert_no_exception(page)

    link = _link(_mail_to(inbox, "tweede.hoofd@vechtstreek.nl", "Uitnodiging voor Klantvizier"))
    other = _browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL").new_page()
    try:
        _set_password(other, link, wait_for_app)
        login(other, app_url, "tweede.hoofd@vechtstreek.nl", NEW_PASSWORD)
        _wait_for_session_cookie(other)
        other.goto(f"{app_url}/gebruikersbeheer")
        other.get_by_role("button", name="Toevoegen en uitnodigen").wait_for(timeout=UI_TIMEOUT_MS)
        assert_no_exception(other)
    finally:
        other.context.close()


def test_a_forgotten_password_is_reset_by_mail_with_one_answer_for_every_address(
    mail_app, browser_page, login, assert_no_exception, wait_for_app
):
    app_url, inbox = mail_app
    page = browser_page
    answers = []
    for address in ("niemand@nergens.nl", "demo-gebruiker@voorbeeld.nl"):
        page.goto(app_url)
        page.get_by_label("Gebruikersnaam").wait_for(timeout=UI_TIMEOUT_MS)
        wait_for_app(page)
        page.get_by_text("Wachtwoord vergeten?").click()
        page.get_by_label("E-mailadres van uw account").fill(address)
        page.get_by_role("button", name="Vraag een nieuw wachtwoord aan").click()
        answer = page.get_by_text("Als er een account bij dit e-mailadres hoort")
        answer.wait_for(timeout=UI_TIMEOUT_MS)
        answers.append(answer.inner_text())
    assert answers[0] == answers[1]

    link = _link(_mail_to(inbox, "demo-gebruiker@voorbeeld.nl", "Nieuw wachtwoord voor Klantvizier"))
    assert not [m for m in inbox if m["To"] == "niemand@nergens.nl"]
    _set_password(page, link, wait_for_app)
    login(page, app_url, "demo-gebruiker", NEW_PASSWORD)
    assert_no_exception(page)
