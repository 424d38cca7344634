"""Aanleveren (seed 002 §3): per vragenlijst an example file, the upload with its validatieverslag
at once, accorderen or a replacement, delete before the deadline, the round's history and the
overview of tenants who are not invited and why."""

import io

import pandas as pd
import streamlit as st

from kwhcore import uploads
from kwhcore.config import CONFIG
from kwhcore.example_files import example_file_name, example_xlsx
from kwhcore.formatting import aantal, datum
from kwhcore.periods import current_round, tijdlijn
from kwhcore.validatieverslag import as_xlsx, summary
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, naam_van
from ui import aanleveren_delen, secrets, session, state, uploader
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain
from warehouse.stores import schrijfwijzen

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FLASH = "kv_flash_aanleveren"

scope = session.scope()
con = state.cursor()
st.title("Aanleveren")
corporatie_id = corporatie_id_for(scope)
if corporatie_id is None:
    st.stop()

today = CONFIG.today()
deadline = current_round(today)
ronde = uploads.ronde_key(deadline)
plan = tijdlijn(deadline)
dagen = (deadline - today).days
st.info(
    f"Volgende deadline: woensdag {datum(deadline)} "
    f"({'vandaag' if dagen == 0 else 'morgen' if dagen == 1 else f'nog {dagen} dagen'}). "
    f"De uitnodigingen van ronde {ronde} gaan op {datum(plan.uitnodigingen)} de deur uit.",
    icon=":material/event:",
)

code = st.selectbox("Vragenlijst", VRAGENLIJST_CODES, format_func=naam_van, key="aanleveren_vragenlijst")
st.download_button(
    f"Voorbeeldbestand {naam_van(code)} downloaden", example_xlsx(code),
    file_name=example_file_name(code), mime=XLSX,
)


def show_report(aanlevering: uploads.Aanlevering) -> None:
    report = aanlevering.report
    (st.success if report.accepted else st.error)(f"{plain(aanlevering.bestandsnaam)}: {plain(summary(report))}")
    if report.errors:
        st.subheader("Fouten")
        st.dataframe(
            pd.DataFrame([{"Rij": f.row, "Kolom": f.column, "Melding": f.message} for f in report.errors]),
            hide_index=True, width="stretch",
        )
    if report.warnings:
        st.subheader("Aandachtspunten")
        st.dataframe(
            pd.DataFrame([{"Rij": f.row, "Kolom": f.column, "Melding": f.message} for f in report.warnings]),
            hide_index=True, width="stretch",
        )
    st.download_button(
        "Validatieverslag downloaden (Excel)", as_xlsx(report),
        file_name=f"validatieverslag_{aanlevering.aanlevering_id}.xlsx", mime=XLSX,
        key=f"verslag_{aanlevering.aanlevering_id}",
    )


bestand = uploader.bestand_kiezen(f"Huurdersbestand {naam_van(code)} (.xlsx)", key=f"upload_{code}")
# Every newly chosen file is checked at once (seed 002: "een terugkoppeling … krijg je direct");
# remembering its id keeps a rerun from uploading the same file twice.
if bestand is not None and st.session_state.get("kv_gecontroleerd_bestand") != bestand.file_id:
    st.session_state["kv_gecontroleerd_bestand"] = bestand.file_id
    with st.status("Het bestand wordt gecontroleerd…", expanded=False) as status:
        try:
            nieuw = uploads.upload(
                con, scope, corporatie_id, code, io.BytesIO(bestand.getvalue()), bestand.name,
                koppelingen=schrijfwijzen.koppelingen(con, scope, corporatie_id),
                eerder=schrijfwijzen.eerdere_waarden(con, scope, corporatie_id),
            )
        except uploads.UploadError as exc:
            status.update(label="Niet geüpload", state="error")
            st.error(plain(str(exc)))
            nieuw = None
        else:
            status.update(label="Controle klaar", state="complete")
    if nieuw is not None:
        st.session_state["kv_laatste_aanlevering"] = nieuw.aanlevering_id
        outcome = uploads.mail_validatieverslag(con, nieuw, settings=secrets.mail_settings())
        if outcome is not None and outcome.is_sent:
            st.toast("Het validatieverslag is gemaild aan de collega's die dat willen ontvangen.")

huidige = [a for a in uploads.list_aanleveringen(con, scope, corporatie_id, vragenlijst_code=code, ronde=ronde) if a.status != "verwijderd"]
if huidige:
    aanlevering = huidige[0]
    st.header(f"Huidig bestand: {aanlevering.status_label}")
    show_report(aanlevering)
    aanleveren_delen.schrijfwijzen_koppelen(con, scope, aanlevering, FLASH)
    kolommen = st.columns(2)
    if aanlevering.status == "gevalideerd" and kolommen[0].button("Accorderen", type="primary"):
        try:
            uploads.accorderen(con, scope, aanlevering.aanlevering_id)
            st.session_state[FLASH] = f"{aanlevering.bestandsnaam} is geaccordeerd."
        except uploads.UploadError as exc:
            st.error(plain(str(exc)))
        st.rerun()
    if today <= aanlevering.deadline and kolommen[1].button("Bestand verwijderen"):
        try:
            uploads.verwijderen(con, scope, aanlevering.aanlevering_id)
            st.session_state[FLASH] = f"{aanlevering.bestandsnaam} is verwijderd."
        except uploads.UploadError as exc:
            st.error(plain(str(exc)))
        st.rerun()
if melding := st.session_state.pop(FLASH, None):
    st.success(plain(melding))

aanleveren_delen.geen_levering(con, scope, corporatie_id, code, today, FLASH)

st.header("Uitnodigingen deze ronde")
per_vragenlijst = uploads.uitnodigingen_per_vragenlijst(con, scope, corporatie_id, ronde)
quota = uploads.telefoon_quota(con, scope, corporatie_id)


def _quotum_tekst(code: str) -> str:
    per_jaar, per_ronde = quota[code]
    if per_jaar is None:
        return "alle huurders zonder e-mail"
    return f"{aantal(per_ronde)} per ronde ({aantal(per_jaar)} per jaar)"


if per_vragenlijst:
    st.dataframe(
        pd.DataFrame([
            {"Vragenlijst": naam_van(c), "Per e-mail": aantal(n["email"]), "Zonder e-mail": aantal(n["telefoon"]),
             "Telefonische enquêtes": _quotum_tekst(c)}
            for c, n in per_vragenlijst.items()
        ]),
        hide_index=True,
    )
    st.caption("Telefonische enquêtes: het vaste aantal gesprekken per jaar bij uw corporatiegrootte "
               "(huurders zonder e-mail en huurders die niet op de e-mail reageren).")
else:
    st.caption("Nog geen geaccordeerde bestanden in deze ronde.")
uitgesloten = uploads.uitsluitingen(con, scope, corporatie_id, ronde)
if uitgesloten:
    overzicht = pd.DataFrame([
        {"Vragenlijst": naam_van(u.vragenlijst_code), "Bestand": u.bestandsnaam, "Rij": u.rij,
         "Regel": u.regel_label, "Toelichting": u.toelichting, "Eerdere uitnodiging": u.eerdere_uitnodiging_id or ""}
        for u in uitgesloten
    ])
    st.subheader(f"Niet uitgenodigd ({aantal(len(uitgesloten))})")
    st.dataframe(overzicht, hide_index=True, width="stretch")
    buffer = io.BytesIO()
    overzicht.to_excel(buffer, index=False, sheet_name="Niet uitgenodigd")
    st.download_button("Overzicht niet uitgenodigd downloaden (Excel)", buffer.getvalue(), file_name=f"niet_uitgenodigd_{ronde}.xlsx", mime=XLSX)

st.header("Geschiedenis")
gebeurtenissen = uploads.geschiedenis(con, scope, corporatie_id)
if gebeurtenissen:
    st.dataframe(
        pd.DataFrame([
            {"Wanneer": f"{datum(g.at.date())} {g.at:%H:%M}", "Wie": g.wie, "Wat": g.wat,
             "Vragenlijst": naam_van(g.vragenlijst_code), "Bestand": g.bestandsnaam}
            for g in gebeurtenissen
        ]),
        hide_index=True, width="stretch",
    )
else:
    st.caption("Nog geen bestanden aangeleverd.")
