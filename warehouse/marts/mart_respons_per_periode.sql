-- Grain: corporatie × vragenlijst × periode_type × periode × slice_dim × slice_value.
-- Respons (seed 002 "Waar kan ik de respons zien?"): tenants approached (benaderd) in the
-- period of their invitation, and how many of them completed online or by phone.
-- slice_dim, slice_value and slice_grouping_sets in double braces are the shared slice macros
-- of warehouse/refresh.py (the total plus one grouping per aannemer/uitsplitsing column).
with invitations as (
    select f.*
    from fct_uitnodiging f
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
        count(*) as n_benaderd,
        sum(case when respons_kanaal = 'online' then 1 else 0 end) as n_respons_online,
        sum(case when respons_kanaal = 'telefonisch' then 1 else 0 end) as n_respons_telefonisch
    from invitations
    group by {{ slice_grouping_sets: corporatie_id, vragenlijst_code, jaar, kwartaal, maand }}
),
sliced as (
    select * from per_maand where slice_value is not null and (slice_dim = 'totaal' or slice_value <> '')
),
final as (
    select corporatie_id, vragenlijst_code, 'maand' as periode_type, maand as periode,
        slice_dim, slice_value, n_benaderd, n_respons_online, n_respons_telefonisch
    from sliced
    union all
    select corporatie_id, vragenlijst_code, 'kwartaal', kwartaal, slice_dim, slice_value,
        sum(n_benaderd), sum(n_respons_online), sum(n_respons_telefonisch)
    from sliced
    group by corporatie_id, vragenlijst_code, kwartaal, slice_dim, slice_value
    union all
    select corporatie_id, vragenlijst_code, 'jaar', jaar, slice_dim, slice_value,
        sum(n_benaderd), sum(n_respons_online), sum(n_respons_telefonisch)
    from sliced
    group by corporatie_id, vragenlijst_code, jaar, slice_dim, slice_value
)
select * from final
