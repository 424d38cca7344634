-- Grain: corporatie × vragenlijst × periode_type × periode × slice_dim × slice_value.
-- Respons (seed 002 "Waar kan ik de respons zien?"): tenants approached (benaderd) in the
-- period of their invitation, and how many of them completed online or by phone.
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
        case
            when grouping(aannemer) = 0 then 'aannemer'
            when grouping(uitsplitsing1) = 0 then 'uitsplitsing1'
            when grouping(uitsplitsing2) = 0 then 'uitsplitsing2'
            when grouping(uitsplitsing3) = 0 then 'uitsplitsing3'
            when grouping(uitsplitsing4) = 0 then 'uitsplitsing4'
            else 'totaal'
        end as slice_dim,
        case
            when grouping(aannemer) = 0 then aannemer
            when grouping(uitsplitsing1) = 0 then uitsplitsing1
            when grouping(uitsplitsing2) = 0 then uitsplitsing2
            when grouping(uitsplitsing3) = 0 then uitsplitsing3
            when grouping(uitsplitsing4) = 0 then uitsplitsing4
            else ''
        end as slice_value,
        count(*) as n_benaderd,
        sum(case when respons_kanaal = 'online' then 1 else 0 end) as n_respons_online,
        sum(case when respons_kanaal = 'telefonisch' then 1 else 0 end) as n_respons_telefonisch
    from invitations
    group by grouping sets (
        (corporatie_id, vragenlijst_code, jaar, kwartaal, maand),
        (corporatie_id, vragenlijst_code, jaar, kwartaal, maand, aannemer),
        (corporatie_id, vragenlijst_code, jaar, kwartaal, maand, uitsplitsing1),
        (corporatie_id, vragenlijst_code, jaar, kwartaal, maand, uitsplitsing2),
        (corporatie_id, vragenlijst_code, jaar, kwartaal, maand, uitsplitsing3),
        (corporatie_id, vragenlijst_code, jaar, kwartaal, maand, uitsplitsing4)
    )
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
