-- Grain: one row per non-grade answer (open text, a chosen option, ja/nee, 'weet niet') of a
-- respondent of the refresh target, with the respondent's period and slice columns and the
-- grade they gave on the vragenlijst's first question (shown beside open answers, seed 000).
-- Sorted per pair like the other facts, so open answers and ontevredenheid read one small
-- stretch instead of the national answer table.
with respondents as (
    select f.*
    from fct_respondent f
    join refresh_target t
        on t.corporatie_id = f.corporatie_id and t.vragenlijst_code = f.vragenlijst_code
),
first_question as (
    select v.vragenlijst_code, v.vraag_code
    from vraag v
    where v.corporatie_id is null
      and v.volgorde = (select min(w.volgorde) from vraag w
                        where w.vragenlijst_code = v.vragenlijst_code and w.corporatie_id is null)
),
first_grade as (
    select a.respondent_id, a.cijfer as eerste_cijfer
    from antwoord a
    join respondents r on r.respondent_id = a.respondent_id
    join first_question q on q.vraag_code = a.vraag_code and q.vragenlijst_code = r.vragenlijst_code
    where a.cijfer between 1 and 10
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
        a.antwoord_tekst,
        g.eerste_cijfer
    from antwoord a
    join respondents r on r.respondent_id = a.respondent_id
    left join first_grade g on g.respondent_id = a.respondent_id
    where a.antwoord_tekst is not null
)
select * from final
