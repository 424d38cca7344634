-- Grain: groep_type × groep_waarde × vragenlijst × periode_type × periode.
-- Comparison groups of domain.md §4.7 (landelijk, regio, grootteklasse, stedelijkheid),
-- respondent-weighted: sums of the corporations' totaal slices. n_corporaties lets the query
-- layer hide a group too small to keep single corporations hidden.
-- Only corporation figures the privacy gate shows take part (at least minimum N, not in
-- mart_onderdrukte_cel), so a group figure is a sum of shown figures and reveals no hidden one.
with memberships as (
    select g.groep_type, g.groep_waarde, m.*
    from mart_onderdeel_per_periode m
    join stg_corporatie_groep g on g.corporatie_id = m.corporatie_id
    where m.slice_dim = 'totaal' and m.n_respondenten >= {{ min_n }}
      and m.vragenlijst_code in (select vragenlijst_code from refresh_target)
      and not exists (
          select 1 from mart_onderdrukte_cel o
          where o.corporatie_id = m.corporatie_id and o.vragenlijst_code = m.vragenlijst_code
            and o.maat = 'onderdeel' and o.periode = m.periode
            and o.aannemer = '' and o.uitsplitsing_dim = ''
      )
),
final as (
    select
        groep_type,
        groep_waarde,
        vragenlijst_code,
        periode_type,
        periode,
        count(distinct corporatie_id) as n_corporaties,
        sum(n_respondenten) as n_respondenten,
        sum(som_gemiddelde) as som_gemiddelde,
        sum(n_tevreden) as n_tevreden,
        sum(n_checkvraag_1) as n_checkvraag_1,
        sum(n_checkvraag_2) as n_checkvraag_2,
        sum(n_checkvraag_3) as n_checkvraag_3,
        sum(n_checkvraag_4) as n_checkvraag_4
    from memberships
    group by groep_type, groep_waarde, vragenlijst_code, periode_type, periode
)
select * from final
