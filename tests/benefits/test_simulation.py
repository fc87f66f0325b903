from youthcity.benefits import selectors


def test_the_page_shows_counts_and_costs_by_policy_and_district(client, users):
    client.force_login(users["coordinator"])
    r = client.get("/dashboard/benefits/simulation/", {"n": 10000, "seed": 7})
    assert r.status_code == 200
    rows = {row["id"]: row for row in r.context["rows"]}
    assert rows["youth_station_stay"]["eligible"] > 0
    assert rows["internship_living_allowance"]["total"].endswith("元")
    assert rows["interview_travel_subsidy"]["to_be_set"]  # counted, never priced
    assert len(r.context["by_district"]) == 14
    assert "洛龙区" in r.content.decode()


def test_what_if_shows_the_change_side_by_side(client, users):
    client.force_login(users["leader"])
    r = client.get("/dashboard/benefits/simulation/",
                   {"n": 10000, "seed": 7, "parameter": "interview_subsidy.amount", "value": "500"})
    rows = {row["id"]: row for row in r.context["rows"]}
    subsidy = rows["interview_travel_subsidy"]
    assert subsidy["to_be_set"] and not subsidy["alt_to_be_set"] and subsidy["changed"]
    assert subsidy["alt_total"] == f"{subsidy['alt_eligible'] * 500:,}元"
    assert rows["youth_station_stay"]["changed"] is False


def test_bad_what_if_values_are_field_errors(client, users):
    client.force_login(users["coordinator"])
    r = client.get("/dashboard/benefits/simulation/",
                   {"n": 10000, "seed": 7, "parameter": "youth.max_age", "value": "abc"})
    assert r.status_code == 200 and "value" in r.context["form"].errors and "rows" not in r.context


def test_the_population_is_cached_per_size_and_seed(city):
    districts = tuple(code for code, _ in selectors.city_districts())
    on = selectors.today()
    a = selectors.population(1000, 3, districts, on)
    assert selectors.population(1000, 3, districts, on) is a
    assert selectors.population(1000, 4, districts, on) is not a


def test_young_people_cannot_open_the_simulation(client, users):
    client.force_login(users["youth"])
    assert client.get("/dashboard/benefits/simulation/").status_code == 403
    assert client.get("/dashboard/benefits/simulation/").status_code == 403
    client.logout()
    assert client.get("/dashboard/benefits/simulation/").status_code == 302


def test_each_what_if_option_names_its_own_parameter_and_place(client, users):
    import re

    client.force_login(users["coordinator"])
    html = client.get("/dashboard/benefits/simulation/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    options = [o.strip() for o in re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", html)]
    assert len(options) > 3
    assert len(options) == len(set(options)), "two options read the same"
    assert any("宜阳县" in o for o in options)
