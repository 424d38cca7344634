-- Grain: corporatie × vragenlijst × periode_type × periode × slice_dim × slice_value × vraag.
-- Sums for the question score and the 1–5 / 6–7 / 8–10 distribution (domain.md §4.1).
-- Aggregated per month first (one pass per slice dimension), then rolled up.
-- slice_dim, slice_value and slice_grouping_sets in double braces are the shared slice macros
-- of warehouse/refresh.py (the total plus one grouping per aannemer/uitsplitsing column).
with cijfers as (
    select f.*
    from fct_cijfer f
    join refresh_target t
        on t.corporatie_id = f.corporatie_id and t.vragenlijst_code = f.vragenlijst_code
),
per_maand as (
    select
        corporatie_id,
        vragenlijst_code,
        jaar,
        kwartaal,
        maand,
        vraag_code,
        {{ slice_dim }} as slice_dim,
        {{ slice_value }} as slice_value,
        count(*) as n,
        sum(cijfer) as som_cijfers,
        sum(case when cijfer <= 5 then 1 else 0 end) as n_1_5,
        sum(case when cijfer between 6 and 7 then 1 else 0 end) as n_6_7,
        sum(case when cijfer >= 8 then 1 else 0 end) as n_8_10
    from cijfers
    group by {{ slice_grouping_sets: corporatie_id, vragenlijst_code, jaar, kwartaal, maand, vraag_code }}
),
sliced as (
    select * from per_maand where slice_value is not null and (slice_dim = 'totaal' or slice_value <> '')
),
per_periode as (
    select corporatie_id, vragenlijst_code, 'maand' as periode_type, maand as periode,
        slice_dim, slice_value, vraag_code, n, som_cijfers, n_1_5, n_6_7, n_8_10
    from sliced
    union all
    select corporatie_id, vragenlijst_code, 'kwartaal', kwartaal, slice_dim, slice_value,
        vraag_code, sum(n), sum(som_cijfers), sum(n_1_5), sum(n_6_7), sum(n_8_10)
    from sliced
    group by corporatie_id, vragenlijst_code, kwartaal, slice_dim, slice_value, vraag_code
    union all
    select corporatie_id, vragenlijst_code, 'jaar', jaar, slice_dim, slice_value,
        vraag_code, sum(n), sum(som_cijfers), sum(n_1_5), sum(n_6_7), sum(n_8_10)
    from sliced
    group by corporatie_id, vragenlijst_code, jaar, slice_dim, slice_value, vraag_code
),
final as (
    select * from per_periode
)
select * from final
