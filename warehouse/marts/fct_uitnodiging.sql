-- Grain: one row per invitation of the refresh target (corporatie × vragenlijst pairs), with
-- the period of its invitation date, its slice columns and how it was answered, if at all.
-- Respons (seed 002 "Waar kan ik de respons zien?") counts in the period of the invitation.
-- Kept sorted per pair like fct_respondent, so a combined aannemer × uitsplitsing respons
-- reads one small stretch instead of joining the national invitation and respondent tables.
with invitations as (
    select u.*
    from uitnodiging u
    join refresh_target t
        on t.corporatie_id = u.corporatie_id and t.vragenlijst_code = u.vragenlijst_code
),
respondents as (
    select r.uitnodiging_id, r.kanaal
    from respondent r
    join refresh_target t
        on t.corporatie_id = r.corporatie_id and t.vragenlijst_code = r.vragenlijst_code
    where r.uitnodiging_id is not null
),
final as (
    select
        i.uitnodiging_id,
        i.corporatie_id,
        i.vragenlijst_code,
        i.invited_date,
        cast(extract(year from i.invited_date) as varchar) as jaar,
        cast(extract(year from i.invited_date) as varchar) || '-Q'
            || cast(extract(quarter from i.invited_date) as varchar) as kwartaal,
        cast(extract(year from i.invited_date) as varchar) || '-'
            || lpad(cast(extract(month from i.invited_date) as varchar), 2, '0') as maand,
        i.aannemer,
        i.uitsplitsing1,
        i.uitsplitsing2,
        i.uitsplitsing3,
        i.uitsplitsing4,
        r.kanaal as respons_kanaal
    from invitations i
    left join respondents r on r.uitnodiging_id = i.uitnodiging_id
)
select * from final
