-- Grain: groep_type × groep_waarde × vragenlijst × periode_type × periode × vraag.
-- Respondent-weighted question figures of the comparison groups (domain.md §4.7), summed
-- over the corporation figures the privacy gate shows only (see mart_vergelijking_onderdeel).
with memberships as (
    select g.groep_type, g.groep_waarde, m.*
    from mart_vraag_per_periode m
    join stg_corporatie_groep g on g.corporatie_id = m.corporatie_id
    where m.slice_dim = 'totaal' and m.n >= {{ min_n }}
      and m.vragenlijst_code in (select vragenlijst_code from refresh_target)
      and not exists (
          select 1 from mart_onderdrukte_cel o
          where o.corporatie_id = m.corporatie_id and o.vragenlijst_code = m.vragenlijst_code
            and o.maat = 'vraag:' || m.vraag_code and o.periode = m.periode
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
        vraag_code,
        count(distinct corporatie_id) as n_corporaties,
        sum(n) as n,
        sum(som_cijfers) as som_cijfers,
        sum(n_1_5) as n_1_5,
        sum(n_6_7) as n_6_7,
        sum(n_8_10) as n_8_10
    from memberships
    group by groep_type, groep_waarde, vragenlijst_code, periode_type, periode, vraag_code
)
select * from final
