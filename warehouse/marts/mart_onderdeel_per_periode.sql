-- Grain: corporatie × vragenlijst × periode_type × periode × slice_dim × slice_value.
-- Additive sums only (respondent count, sum of respondent means, tevreden count …), so any
-- figure of domain.md §4.2–4.3 is one division away, and months roll up into quarters/years.
-- slice_dim 'totaal' has slice_value ''; respondents without a value for a dimension only
-- count in the totaal slice.
-- slice_dim, slice_value and slice_grouping_sets in double braces are the shared slice macros
-- of warehouse/refresh.py (the total plus one grouping per aannemer/uitsplitsing column).
with respondents as (
    select f.*
    from fct_respondent f
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
        {{ slice_dim }} as slice_dim,
        {{ slice_value }} as slice_value,
        count(*) as n_ingevuld,
        count(respondent_gemiddelde) as n_respondenten,
        coalesce(sum(respondent_gemiddelde), 0) as som_gemiddelde,
        sum(case when is_tevreden then 1 else 0 end) as n_tevreden,
        sum(case when kanaal = 'online' then 1 else 0 end) as n_online,
        sum(case when kanaal = 'telefonisch' then 1 else 0 end) as n_telefonisch,
        sum(case when checkvraag = 1 then 1 else 0 end) as n_checkvraag_1,
        sum(case when checkvraag = 2 then 1 else 0 end) as n_checkvraag_2,
        sum(case when checkvraag = 3 then 1 else 0 end) as n_checkvraag_3,
        sum(case when checkvraag = 4 then 1 else 0 end) as n_checkvraag_4
    from respondents
    group by {{ slice_grouping_sets: corporatie_id, vragenlijst_code, jaar, kwartaal, maand }}
),
sliced as (
    select * from per_maand where slice_value is not null and (slice_dim = 'totaal' or slice_value <> '')
),
per_periode as (
    select corporatie_id, vragenlijst_code, 'maand' as periode_type, maand as periode,
        slice_dim, slice_value, n_ingevuld, n_respondenten, som_gemiddelde, n_tevreden,
        n_online, n_telefonisch, n_checkvraag_1, n_checkvraag_2, n_checkvraag_3, n_checkvraag_4
    from sliced
    union all
    select corporatie_id, vragenlijst_code, 'kwartaal', kwartaal, slice_dim, slice_value,
        sum(n_ingevuld), sum(n_respondenten), sum(som_gemiddelde), sum(n_tevreden),
        sum(n_online), sum(n_telefonisch), sum(n_checkvraag_1), sum(n_checkvraag_2),
        sum(n_checkvraag_3), sum(n_checkvraag_4)
    from sliced
    group by corporatie_id, vragenlijst_code, kwartaal, slice_dim, slice_value
    union all
    select corporatie_id, vragenlijst_code, 'jaar', jaar, slice_dim, slice_value,
        sum(n_ingevuld), sum(n_respondenten), sum(som_gemiddelde), sum(n_tevreden),
        sum(n_online), sum(n_telefonisch), sum(n_checkvraag_1), sum(n_checkvraag_2),
        sum(n_checkvraag_3), sum(n_checkvraag_4)
    from sliced
    group by corporatie_id, vragenlijst_code, jaar, slice_dim, slice_value
),
final as (
    select * from per_periode
)
select * from final
