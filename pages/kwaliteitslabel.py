"""KWH-Kwaliteitslabel (domain.md §8.2, seed 002 §5): per research year and onderdeel the score,
% tevreden, N, quarterly coverage and verdict; the year's outcome and the label's history; for
the running year a forecast with the margin of error (representativeness, §8.3)."""

import streamlit as st

from kwhcore.access import AccessDenied
from kwhcore.config import CONFIG
from kwhcore.formatting import cijfer, foutmarge_tekst, procent
from kwhcore.kwaliteitslabel import UITKOMST_TEKST, geschiedenis
from kwhcore.prognose import label_prognose
from kwhcore.scoring import foutmarge
from kwhcore.vragenlijsten import load_library
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain
from warehouse.queries import judgements

NAAM = {vl.code: vl.naam for vl in load_library()}

scope = session.scope()
con = state.cursor()
vandaag = CONFIG.today()

st.title("KWH-Kwaliteitslabel")
st.caption(
    "Het label wordt toegekend of met 2 jaar verlengd als Nieuwe huurders, Vertrokken huurders, "
    "Reparaties en Planmatig onderhoud elk een 7,0 of hoger en 85% of meer tevreden huurders "
    "halen, met minimaal iedere 3 maanden onderzoek. De CKV beoordeelt in februari."
)
corporatie_id = corporatie_id_for(scope, key="label_corporatie")
if corporatie_id is None:
    st.stop()
try:
    jaren = judgements.label_jaren(con, scope, corporatie_id)
except AccessDenied as exc:
    st.info(plain(str(exc)))
    st.stop()
if not jaren:
    st.info("Er zijn nog geen onderzoeksresultaten voor deze corporatie.")
    st.stop()

lopend = vandaag.year
jaar = st.selectbox(
    "Onderzoeksjaar", sorted(set(jaren) | {lopend}, reverse=True),
    format_func=lambda j: f"{j} (lopend jaar: prognose)" if j == lopend else str(j), key="label_jaar",
)


def kwartalen_tekst(kwartalen: frozenset[int]) -> str:
    return ", ".join(f"K{q}" for q in sorted(kwartalen)) or "geen"


def figuur(n: int, waarde: float | None, tekst) -> str:
    return "te weinig respondenten" if n < CONFIG.min_n else tekst(waarde)


spreiding = judgements.label_spreiding(con, scope, corporatie_id, jaar)
if jaar == lopend:
    onderdelen, aw = judgements.label_onderdelen(con, scope, corporatie_id, jaar)
    st.subheader(f"Prognose {jaar}: als het jaar vandaag eindigde")
    rijen = []
    for p in label_prognose(jaar, vandaag, onderdelen, spreiding):
        o = p.oordeel.onderdeel
        rijen.append({
            "Onderdeel": NAAM[o.vragenlijst],
            "Score": figuur(o.n, o.onderdeelscore, cijfer)
                     + ("" if p.score.marge is None or o.n < CONFIG.min_n else f" ± {cijfer(p.score.marge, 2)}"),
            "% tevreden": figuur(o.n, o.percentage_tevreden, procent)
                          + ("" if p.percentage_tevreden.marge is None or o.n < CONFIG.min_n
                             else f" ± {cijfer(p.percentage_tevreden.marge)}"),
            "N": o.n,
            "Kwartalen met onderzoek": kwartalen_tekst(o.kwartalen),
            "Oordeel nu": p.oordeel.tekst,
            "Zekerheid": p.toelichting,
        })
    st.dataframe(rijen, hide_index=True)
    if not aw:
        st.warning("Algemene waardering is dit jaar nog niet aan huurders voorgelegd; dat moet minimaal één keer.")
else:
    oordeel = judgements.label_oordeel(con, scope, corporatie_id, jaar)
    stand = next(s for s in geschiedenis(judgements.label_oordelen(con, scope, corporatie_id, vandaag))
                 if s.jaar == jaar)
    st.subheader(f"Onderzoeksjaar {jaar}: {stand.tekst}")
    if stand.geldig_tot_en_met is not None:
        st.caption(f"Het label is geldig tot en met {stand.geldig_tot_en_met}.")
    for reden in oordeel.redenen:
        st.warning(reden)
    rijen = []
    for o in oordeel.onderdelen:
        d = o.onderdeel
        rijen.append({
            "Onderdeel": NAAM[d.vragenlijst],
            "Score": figuur(d.n, d.onderdeelscore, cijfer),
            "% tevreden": figuur(d.n, d.percentage_tevreden, procent),
            "N": d.n,
            "Kwartalen met onderzoek": kwartalen_tekst(d.kwartalen),
            "Oordeel": o.tekst,
            "Toelichting": " ".join(o.redenen),
        })
    st.dataframe(rijen, hide_index=True)
    st.caption("Algemene waardering telt niet mee, maar moet wel minimaal één keer per jaar voorgelegd zijn: "
               + ("dat is gebeurd." if oordeel.algemene_waardering_voorgelegd else "dat is niet gebeurd."))

with st.expander("Meer info: representativiteit"):
    st.caption("Foutmarge bij 90% betrouwbaarheid met eindige-populatiecorrectie (p = 0,5); de "
               "marktonderzoekstandaard is 5 tot 10% op jaarbasis.")
    st.dataframe([
        {
            "Onderdeel": NAAM.get(code, code),
            "Respondenten": s.n,
            "Benaderd": str(s.populatie or "–"),
            "Foutmarge": foutmarge_tekst(foutmarge(s.n, s.populatie)) if s.n >= CONFIG.min_n else "–",
        }
        for code, s in sorted(spreiding.items())
    ], hide_index=True)

st.subheader("Geschiedenis")
standen = geschiedenis(judgements.label_oordelen(con, scope, corporatie_id, vandaag))
if standen:
    st.dataframe([
        {"Onderzoeksjaar": s.jaar, "Uitkomst": UITKOMST_TEKST[s.uitkomst],
         "Geldig tot en met": str(s.geldig_tot_en_met or "–")}
        for s in reversed(standen)
    ], hide_index=True)
else:
    st.caption("Nog geen afgesloten onderzoeksjaren.")
