-- Grain: one row per valid grade (1–10) of a respondent of the refresh target, with the
-- respondent's period and slice columns copied so any combined filter is one scan.
with respondents as (
    select f.*
    from fct_respondent f
    join refresh_target t
        on t.corporatie_id = f.corporatie_id and t.vragenlijst_code = f.vragenlijst_code
),
final as (
    select
        r.respondent_id,
        r.corporatie_id,
        r.vragenlijst_code,
        r.completed_date,
        r.jaar,
        r.kwartaal,
        r.maand,
        r.aannemer,
        r.uitsplitsing1,
        r.uitsplitsing2,
        r.uitsplitsing3,
        r.uitsplitsing4,
        a.vraag_code,
        a.cijfer
    from antwoord a
    join respondents r on r.respondent_id = a.respondent_id
    where a.cijfer between 1 and 10
)
select * from final
