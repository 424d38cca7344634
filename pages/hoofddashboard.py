"""Hoofddashboard of one vragenlijst (seed 000; seed 002 §4): onderdeelscore, percentage tevreden,
the first (Aedes) question, a tile per klantreis step, ontevredenheid, respons and — for
Reparaties — the checkvraag. Every figure beside its comparison (domain.md §4.7)."""

import streamlit as st

from kwhcore.formatting import aantal, procent
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from ui import cache, charts, session, tiles, topbar
from ui.text import plain

scope = session.scope()
selection = topbar.begin(scope)
version = cache.version()
definition = vragenlijst_def(selection.vragenlijst)
totaal = selection.as_totaal()
is_slice = selection != totaal
corporatie = cache.corporatie_naam(selection.corporatie_id, version)

st.title(definition.naam)
beschrijving = [plain(corporatie), selection.parsed_periode.label]
if selection.aannemer:
    beschrijving.append(plain(selection.aannemer))
if selection.uitsplitsing:
    beschrijving.append(plain(topbar.uitsplitsing_label(selection.uitsplitsing)))
st.caption(" · ".join(beschrijving))

with tiles.toegang():
    figure = cache.onderdeel(scope, selection, version)
    geheel = cache.onderdeel(scope, totaal, version) if is_slice else None
    if figure.n_ingevuld == 0:
        tiles.lege_staat(
            f"Er zijn nog geen ingevulde vragenlijsten in {selection.parsed_periode.label} voor deze selectie.",
            "Kies in de balk bovenaan een langere periode (bijvoorbeeld het hele jaar) of een andere selectie.",
        )
        st.stop()
    vragen = {v.code: v for v in cache.vragen(scope, selection, version)}
    eerste = definition.aedes_vraag or definition.eerste_vraag
    eerste_figuur = vragen.get(eerste.code)
    vragen_geheel = {v.code: v for v in cache.vragen(scope, totaal, version)} if is_slice else {}

    naast = "de corporatie als geheel"
    col1, col2, col3 = st.columns(3)
    with col1:
        tiles.score_tegel(
            "Onderdeelscore", figure.onderdeelscore, figure.n, figure.onderdrukt,
            naast=(naast, geheel.onderdeelscore) if geheel else None,
            help="Per respondent het gemiddelde van de cijfers op de kwaliteitslabelvragen; "
                 "daarvan het gemiddelde over alle respondenten.",
        )
    with col2:
        tiles.score_tegel(
            "Percentage tevreden", figure.percentage_tevreden, figure.n, figure.onderdrukt,
            is_procent=True, naast=(naast, geheel.percentage_tevreden) if geheel else None,
            help="Het aandeel respondenten dat gemiddeld een 5,5 of hoger geeft.",
        )
    with col3:
        if eerste_figuur is not None:
            label = "Eerste vraag (Aedes-benchmark)" if eerste.aedes else "Eerste vraag"
            geheel_eerste = vragen_geheel.get(eerste.code)
            tiles.score_tegel(
                label, eerste_figuur.gemiddelde, eerste_figuur.n, eerste_figuur.onderdrukt,
                naast=(naast, geheel_eerste.gemiddelde) if geheel_eerste else None,
            )
            topbar.link(topbar.PAGE_VRAAG, "Details van deze vraag", selection, vraag=eerste.code)

    st.subheader("Klantreis")
    stap_figuren = cache.stappen(scope, selection, version)
    columns = st.columns(len(stap_figuren))
    for column, stap in zip(columns, stap_figuren, strict=True):
        with column:
            tiles.score_tegel(stap.stap, stap.score, stap.n, stap.onderdrukt)
            topbar.link(topbar.PAGE_KLANTREIS, "Vragen in deze stap", selection, stap=stap.stap)

    st.subheader("Vergelijking")
    rijen = []
    if is_slice:
        rijen.append(tiles.VergelijkingsRij("Uw selectie", figure.onderdeelscore, figure.percentage_tevreden,
                                            figure.n, figure.onderdrukt))
        rijen.append(tiles.VergelijkingsRij(f"{corporatie} als geheel", geheel.onderdeelscore,
                                            geheel.percentage_tevreden, geheel.n, geheel.onderdrukt))
    else:
        rijen.append(tiles.VergelijkingsRij(corporatie, figure.onderdeelscore, figure.percentage_tevreden,
                                            figure.n, figure.onderdrukt))
    if not scope.is_aannemer:
        groep_namen = {"landelijk": "Landelijk", "regio": "Regio", "grootteklasse": "Grootteklasse",
                       "stedelijkheid": "Stedelijkheid"}
        for groep in cache.vergelijking_onderdeel(scope, selection, version):
            rijen.append(tiles.VergelijkingsRij(
                f"{groep_namen[groep.groep_type]}: {groep.groep_waarde}", groep.waarde,
                groep.percentage_tevreden, groep.n, groep.onderdrukt,
                f"{aantal(groep.n_corporaties)} corporaties" if not groep.onderdrukt else "",
            ))
    tiles.vergelijkings_tabel(rijen)

    periode_type = selection.parsed_periode.type
    reeksen = [("Uw selectie" if is_slice else corporatie,
                [(p, f.onderdeelscore, f.n) for p, f in cache.onderdeel_trend(scope, selection, periode_type, version)])]
    if is_slice:
        reeksen.append((f"{corporatie} als geheel",
                        [(p, f.onderdeelscore, f.n) for p, f in cache.onderdeel_trend(scope, totaal, periode_type, version)]))
    st.markdown("**Ontwikkeling van de onderdeelscore**")
    charts.toon(charts.trend_chart(reeksen, "Onderdeelscore"))

    if not scope.is_aannemer and not is_slice:
        splits, _ = cache.split_onderdeel(scope, selection, "aannemer", version)
        if splits:
            st.markdown("**Per aannemer**")
            tiles.vergelijkings_tabel([
                tiles.VergelijkingsRij(r.waarde, r.figure.onderdeelscore, r.figure.percentage_tevreden,
                                       r.figure.n, r.figure.onderdrukt)
                for r in splits
            ])

    left, right = st.columns(2)
    with left:
        st.subheader("Ontevredenheid")
        onte = cache.ontevredenheid(scope, selection, version)
        tiles.score_tegel("Heeft de ontevredenheid gemeld", onte.pct_gemeld, onte.n, onte.onderdrukt,
                          is_procent=True,
                          help="Huurders die een 5 of lager gaven, kregen de vraag of zij hun "
                               "ontevredenheid bij de corporatie hebben gemeld.")
        for vraag in definition.vragen:
            if vraag.ontevredenheid and vraag.is_cijfervraag and vraag.code in vragen:
                afhandeling = vragen[vraag.code]
                tiles.score_tegel("Oordeel over de afhandeling", afhandeling.gemiddelde, afhandeling.n,
                                  afhandeling.onderdrukt)
    with right:
        st.subheader("Respons")
        respons = cache.respons(scope, selection, version)
        if respons.n_benaderd == 0 and respons.n_totaal == 0:
            st.caption("Geen uitnodigingen in deze periode voor deze selectie.")
        else:
            st.dataframe({
                "": ["Benaderd", "Ingevuld online", "Ingevuld telefonisch", "Totaal ingevuld", "Respons"],
                "Aantal": [aantal(respons.n_benaderd), aantal(respons.n_online), aantal(respons.n_telefonisch),
                           aantal(respons.n_totaal), procent(respons.percentage)],
            }, hide_index=True, width="stretch")
            st.caption("Respons volgens de datum van uitnodiging in de gekozen periode.")

    if selection.vragenlijst == "reparaties":
        st.subheader("Checkvraag: is de reparatie klaar?")
        check = cache.checkvraag(scope, selection, version)
        reeksen_check = [("Uw selectie" if is_slice else corporatie, check.percentages)]
        if is_slice:
            reeksen_check.append((f"{corporatie} als geheel", cache.checkvraag(scope, totaal, version).percentages))
        if check.n == 0:
            st.caption("Geen antwoorden op de checkvraag in deze selectie; "
                       "misschien gebruikt uw corporatie de checkvraag niet.")
        elif check.onderdrukt:
            tiles.onderdrukt_melding(check.n)
        else:
            charts.toon(charts.checkvraag_chart(reeksen_check))
            st.caption(f"{tiles.n_tekst(check.n)} · splits uit naar aannemer of uitsplitsing via de balk bovenaan.")

    st.divider()
    topbar.link(topbar.PAGE_OPEN_ANTWOORDEN, "Open antwoorden bij deze vragenlijst", selection,
                icon=":material/chat:")
