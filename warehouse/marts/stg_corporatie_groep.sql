-- Staging: one row per corporation per comparison group it belongs to (domain.md §4.7):
-- landelijk, its regio, its grootteklasse and its stedelijkheid.
with corporaties as (
    select * from stg_corporatie
),
final as (
    select corporatie_id, 'landelijk' as groep_type, 'Nederland' as groep_waarde from corporaties
    union all
    select corporatie_id, 'regio', regio from corporaties
    union all
    select corporatie_id, 'grootteklasse', grootteklasse from corporaties
    union all
    select corporatie_id, 'stedelijkheid', cast(stedelijkheid as varchar) from corporaties
)
select * from final
