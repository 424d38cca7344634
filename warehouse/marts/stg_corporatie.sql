-- Staging: one row per corporation with its peer-group attributes (domain.md §4.7).
with source as (
    select * from corporatie
),
final as (
    select
        corporatie_id,
        naam,
        vhe_count,
        regio,
        stedelijkheid,
        -- Size classes of seed 002 (phone-quota table); kept in step with kwhcore.corporaties.
        case
            when vhe_count <= 2500 then '≤ 2.500'
            when vhe_count <= 5000 then '2.501–5.000'
            when vhe_count <= 10000 then '5.001–10.000'
            when vhe_count <= 20000 then '10.001–20.000'
            else '> 20.000'
        end as grootteklasse
    from source
)
select * from final
