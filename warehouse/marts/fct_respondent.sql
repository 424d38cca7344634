-- Grain: one row per respondent of the refresh target (corporatie × vragenlijst pairs).
-- Carries the respondent mean over the kwaliteitslabel grades (domain.md §4.2) and whether it
-- reaches the tevreden boundary (§4.3, compared unrounded).
with respondents as (
    select r.*
    from respondent r
    join refresh_target t
        on t.corporatie_id = r.corporatie_id and t.vragenlijst_code = r.vragenlijst_code
),
label_grades as (
    select
        a.respondent_id,
        count(*) as n_label_cijfers,
        sum(a.cijfer) as som_label_cijfers
    from antwoord a
    join respondents r on r.respondent_id = a.respondent_id
    join vraag v on v.vraag_code = a.vraag_code
    where v.is_kwaliteitslabel and a.cijfer between 1 and 10
    group by a.respondent_id
),
final as (
    select
        r.respondent_id,
        r.corporatie_id,
        r.vragenlijst_code,
        r.completed_date,
        cast(extract(year from r.completed_date) as varchar) as jaar,
        cast(extract(year from r.completed_date) as varchar) || '-Q'
            || cast(extract(quarter from r.completed_date) as varchar) as kwartaal,
        cast(extract(year from r.completed_date) as varchar) || '-'
            || lpad(cast(extract(month from r.completed_date) as varchar), 2, '0') as maand,
        r.kanaal,
        r.is_anoniem,
        r.aannemer,
        r.uitsplitsing1,
        r.uitsplitsing2,
        r.uitsplitsing3,
        r.uitsplitsing4,
        r.checkvraag,
        coalesce(l.n_label_cijfers, 0) as n_label_cijfers,
        l.som_label_cijfers,
        cast(l.som_label_cijfers as double precision) / l.n_label_cijfers as respondent_gemiddelde,
        case
            when l.n_label_cijfers is null then null
            else l.som_label_cijfers >= {{ tevreden_grens }} * l.n_label_cijfers
        end as is_tevreden
    from respondents r
    left join label_grades l on l.respondent_id = r.respondent_id
)
select * from final
