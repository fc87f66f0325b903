"""The main pages of the platform by who looks at them: one list for every page-wide check
(accessibility in the browser, finished Chinese text with the test client)."""

MAIN_PAGES: dict[str | None, list[str]] = {
    None: ["/", "/benefits/", "/benefits/policies/", "/stations/", "/index/luoyang_ydi/2024/", "/accounts/login/",
           "/accounts/register/", "/accounts/password/reset/", "/accounts/password/reset/confirm/",
           "/accounts/privacy/notice/", "/housing/", "/careers/", "/careers/bases/", "/careers/employer/register/",
           "/careers/fairs/", "/careers/centres/", "/events/", "/youth-homes/", "/volunteering/", "/volunteering/verify/",
           "/volunteering/leaderboard/", "/volunteering/teams/1/"],  # 1: the demo's volunteer team
    "youth": ["/accounts/profile/", "/benefits/results/", "/benefits/package/", "/benefits/applications/",
              "/stations/my/",
              "/accounts/inbox/", "/accounts/security/", "/accounts/security/phone/", "/accounts/password/change/",
              "/accounts/privacy/", "/accounts/close/", "/housing/my/", "/careers/my/", "/events/my/",
              "/volunteering/my/", "/careers/my/bookings/", "/careers/for-you/"],
    "hrss_reviewer": ["/work/", "/work/benefits/", "/work/benefits/parameters/", "/work/benefits/policies/",
                      "/work/benefits/policies/enterprise_university_base_subsidy/draft/", "/work/ledger/", "/work/careers/",
                      "/work/careers/rounds/", "/work/careers/fairs/", "/work/careers/centres/",
                      "/work/careers/centres/new/"],
    "employer_hr": ["/careers/employer/", "/careers/employer/positions/new/",
                    "/careers/employer/subsidies/new/private_enterprise_hiring_subsidy/"],
    "luolong_league": ["/work/events/", "/work/events/new/", "/work/youth-homes/"],
    "vol_lead": ["/work/volunteering/"],
    "vol_team_leader": ["/volunteering/teams/1/requests/"],
    "station_staff": ["/work/stations/"],
    "housing_staff": ["/work/housing/", "/work/housing/applications/", "/work/housing/arrears/"],
    "stats_staff": ["/work/monitoring/"],
    "coordinator": ["/work/", "/work/ledger/", "/work/ledger/import/", "/work/monitoring/runs/", "/dashboard/",
                    "/dashboard/ledger/", "/dashboard/ledger/assessment/", "/dashboard/stations/",
                    "/dashboard/benefits/simulation/", "/dashboard/index/", "/accounts/staff/",
                    "/accounts/staff/new/", "/dashboard/youth-homes/",
                    # plan 1 is the demo's first plan (洛阳市建设青年友好型城市行动方案)
                    "/dashboard/ledger/plans/1/evaluation/", "/work/ledger/plans/1/versions/",
                    "/work/ledger/plans/1/amend/", "/work/ledger/plans/1/policy-drafts/"],
    "admin": ["/work/audit/"],
    "leader": ["/dashboard/", "/dashboard/ledger/", "/dashboard/housing/", "/dashboard/careers/"],
}
