//! Managers' tools over HTTP: the caseload filtered by officer (page and API), Team and
//! Statistics figures linked to lists that count the same cases, officers with no open cases
//! on Team, bulk allocation (one transaction, one event and one email per case), saved
//! filters. Today is Tuesday 20 February 2024 (`helpers::TODAY`).

use crate::helpers::TestApp;
use crate::pages::{Visitor, csrf_token, signed_in};
use serde_json::{Value, json};

/// Opens a case as the officer with a complaint received on `complaint` (and the request and
/// response before it); `accepted` records the complaint's acceptance the next day.
fn case(
    app: &TestApp,
    authority: i64,
    request: &str,
    complaint: &str,
    accepted: Option<&str>,
) -> String {
    let opened = app.open_case(
        &app.officer,
        authority,
        json!([
            {"kind": "request_received", "date": request},
            {"kind": "complaint_received", "date": complaint},
        ]),
    );
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let reference = opened.body["reference"].as_str().unwrap().to_owned();
    if let Some(day) = accepted {
        let r = app.post(
            &format!("/api/v1/cases/{reference}/events"),
            Some(&app.officer),
            &json!({"kind": "complaint_accepted", "date": day}),
        );
        assert_eq!(r.status, 201, "{:?}", r.body);
    }
    reference
}

fn allocate(app: &TestApp, reference: &str, officer: i64, day: &str) {
    let r = app.post(
        &format!("/api/v1/cases/{reference}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": officer, "date": day}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
}

/// The count the case list says ("3 cases …").
fn listed(v: &mut Visitor, href: &str) -> i64 {
    let page = v.get(&href.replace("&amp;", "&"));
    assert_eq!(page.status, 200, "{href}: {}", page.body);
    let marker = "id=\"case-count\">";
    let start = page.body.find(marker).expect("the count") + marker.len();
    page.body[start..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{href}: no count"))
}

/// Every figure of a page that links to the case list: (href, the figure).
fn figures(html: &str) -> Vec<(String, i64)> {
    // Tera escapes "/" in attributes as "&#x2F;".
    let html = &html.replace("&#x2F;", "/");
    let mut out = Vec::new();
    for piece in html.split("<a class=\"govuk-link\" href=\"").skip(1) {
        let Some((href, rest)) = piece.split_once("\">") else {
            continue;
        };
        // The address ends at its closing quote (other attributes may follow it).
        let href = href.split('"').next().unwrap_or_default();
        if !href.starts_with("/cases") {
            continue;
        }
        // The figure: digits, perhaps inside a tag (<strong …>3</strong>).
        let text: String = rest
            .split("</a>")
            .next()
            .unwrap_or_default()
            .split('<')
            .filter_map(|s| s.rsplit('>').next())
            .collect::<String>();
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            out.push((href.to_owned(), n));
        }
    }
    out
}

/// Three open complaints on 20 Feb 2024: received 20 Sep 2023 (153 days: 90–179), 10 Jan 2023
/// (406 days: a year or more), both allocated to the officer; and 1 Feb 2024 (19 days: under
/// 30), not allocated.
fn caseload(app: &TestApp) -> (i64, [String; 3]) {
    let authority = app.authority("Metropolitan Police Service");
    let a = case(
        app,
        authority,
        "2023-02-13",
        "2023-09-20",
        Some("2023-09-21"),
    );
    let c = case(
        app,
        authority,
        "2022-10-03",
        "2023-01-10",
        Some("2023-01-11"),
    );
    let b = case(
        app,
        authority,
        "2023-12-01",
        "2024-02-01",
        Some("2024-02-02"),
    );
    allocate(app, &a, app.officer_id, "2023-10-02");
    allocate(app, &c, app.officer_id, "2023-01-12");
    (authority, [a, b, c])
}

#[test]
fn every_team_figure_links_to_a_list_of_the_same_cases() {
    let app = TestApp::spawn();
    caseload(&app);
    let mut v = signed_in(&app, "manager");
    let team = v.get("/team");
    assert_eq!(team.status, 200);
    // Officers with no open case are listed with zero (spare capacity shows).
    for name in ["Oscar Other", "Maya Manager"] {
        assert!(team.body.contains(name), "{name} is on Team with zero");
    }
    let found = figures(&team.body);
    // Ten rows' and the totals' eight figures each: at least the officer's, the unallocated
    // and the totals rows.
    assert!(found.len() >= 24, "{found:?}");
    for (href, figure) in &found {
        assert_eq!(listed(&mut v, href), *figure, "{href}");
    }
    // The figures worked out by hand: the officer has 2 open, 1 is not allocated.
    let officer = format!("officer={}", app.officer_id);
    let open_of = |needle: &str| {
        found
            .iter()
            .find(|(h, _)| h == &format!("/cases?open=yes&amp;{needle}"))
            .map(|(_, n)| *n)
    };
    assert_eq!(open_of(&officer), Some(2));
    assert_eq!(open_of("officer=unallocated"), Some(1));
    // The age bands of the totals row: under 30, 30–89, 90–179, 180–364, a year or more.
    let bands: Vec<i64> = found
        .iter()
        .filter(|(h, _)| h.starts_with("/cases?open=yes&amp;received_to="))
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(bands, [1, 0, 1, 0, 1]);
}

#[test]
fn team_lists_an_admin_only_when_cases_are_allocated_to_them() {
    let app = TestApp::spawn();
    let (_, [a, _, _]) = caseload(&app);
    let mut v = signed_in(&app, "manager");
    assert!(
        !v.get("/team").body.contains("Adam Admin"),
        "an admin with no cases is no caseworker: no zero row"
    );
    let admin = section50::db::users::by_email(&mut app.pool.get().unwrap(), "admin@example.org")
        .unwrap()
        .unwrap();
    allocate(&app, &a, admin.id, "2024-01-02");
    assert!(
        v.get("/team").body.contains("Adam Admin"),
        "an admin holding a case is listed with it"
    );
}

#[test]
fn the_stages_figures_link_to_lists_of_the_same_cases() {
    let app = TestApp::spawn();
    caseload(&app);
    let mut v = signed_in(&app, "manager");
    let page = v.get(
        "/stats?view=stages&from_day=1&from_month=1&from_year=2023&to_day=20&to_month=2&to_year=2024",
    );
    assert_eq!(page.status, 200, "{}", page.body);
    let found = figures(&page.body);
    // Complaints received, five age bands, the officer's open and decided.
    assert!(found.len() >= 8, "{found:?}");
    for (href, figure) in &found {
        assert_eq!(listed(&mut v, href), *figure, "{href}");
    }
    // Received from 1 Jan 2023 to 20 Feb 2024: all three.
    assert_eq!(found[0].1, 3, "{found:?}");
}

#[test]
fn the_case_list_and_the_api_filter_by_officer_and_unallocated() {
    let app = TestApp::spawn();
    let (_, [a, b, c]) = caseload(&app);
    let api = |q: &str| -> Value {
        let r = app.get(&format!("/api/v1/cases?{q}"), Some(&app.manager));
        assert_eq!(r.status, 200, "{:?}", r.body);
        r.body
    };
    let refs = |body: &Value| -> Vec<String> {
        let mut v: Vec<String> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["reference"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let mut mine = vec![a.clone(), c.clone()];
    mine.sort();
    assert_eq!(refs(&api(&format!("officer_id={}", app.officer_id))), mine);
    assert_eq!(
        refs(&api("officer_id=unallocated")),
        std::slice::from_ref(&b)
    );
    let bad = app.get("/api/v1/cases?officer_id=someone", Some(&app.manager));
    assert_eq!(bad.status, 422, "{:?}", bad.body);
    let mut v = signed_in(&app, "manager");
    assert_eq!(listed(&mut v, "/cases?officer=unallocated"), 1);
    assert_eq!(
        listed(&mut v, &format!("/cases?officer={}", app.officer_id)),
        2
    );
    let list = v.get("/cases?officer=unallocated");
    assert!(list.body.contains(&b) && !list.body.contains(&a));
    // A link that cannot be read says so, and that part is left out.
    let odd = v.get("/cases?received_from=yesterday");
    assert!(
        odd.body.contains("is not a date, so it is left out"),
        "{}",
        odd.body
    );
}

/// The bulk form's fields: the ticked references, the officer and the date.
fn batch<'a>(
    token: &'a str,
    refs: &'a [String],
    officer: &'a str,
    day: [&'a str; 3],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![("csrf_token", token)];
    fields.extend(refs.iter().map(|r| ("reference", r.as_str())));
    fields.extend([
        ("officer_id", officer),
        ("allocation_date_day", day[0]),
        ("allocation_date_month", day[1]),
        ("allocation_date_year", day[2]),
        ("back", "officer=unallocated"),
    ]);
    fields
}

#[test]
fn bulk_allocation_allocates_all_or_nothing_with_one_event_and_one_email_each() {
    let app = TestApp::spawn();
    let authority = app.authority("Metropolitan Police Service");
    let cases: Vec<String> = ["2024-01-08", "2024-01-09", "2024-01-10"]
        .iter()
        .map(|d| case(&app, authority, "2023-11-01", d, Some("2024-01-11")))
        .collect();
    // Not yet accepted: allocation is refused for it.
    let unaccepted = case(&app, authority, "2023-11-01", "2024-01-12", None);
    let mut v = signed_in(&app, "manager");
    let token = csrf_token(&v.get("/cases?officer=unallocated").body);
    let officer = app.officer_id.to_string();
    let events = app.count("case_events");
    let emails = app.count("outbox");

    // One refusal: nothing of the batch is written, and the page names the case.
    let mut four = cases.clone();
    four.push(unaccepted.clone());
    let refused = v.post(
        "/cases/allocate/confirm",
        &batch(&token, &four, &officer, ["12", "2", "2024"]),
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains(&unaccepted), "{}", refused.body);
    assert!(refused.body.contains("Nothing was allocated"));
    assert_eq!(
        (app.count("case_events"), app.count("outbox")),
        (events, emails)
    );

    // A date after today (20 Feb 2024) is refused too.
    let future = v.post(
        "/cases/allocate/confirm",
        &batch(&token, &cases, &officer, ["21", "2", "2024"]),
    );
    assert_eq!(future.status, 422, "{}", future.body);
    assert_eq!(app.count("case_events"), events);

    // The confirmation page writes nothing; confirming allocates all three on 12 Feb 2024.
    let review = v.post(
        "/cases/allocate",
        &batch(&token, &cases, &officer, ["12", "2", "2024"]),
    );
    assert_eq!(review.status, 200, "{}", review.body);
    assert!(
        review.body.contains("Monday 12 February 2024"),
        "{}",
        review.body
    );
    assert_eq!(app.count("case_events"), events);
    let done = v.post(
        "/cases/allocate/confirm",
        &batch(&token, &cases, &officer, ["12", "2", "2024"]),
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location,
        "/cases?officer=unallocated&done=bulk_allocated"
    );
    assert_eq!(
        app.count("case_events"),
        events + 3,
        "one allocated event each"
    );
    assert_eq!(
        app.count("outbox"),
        emails + 3,
        "each complainant emailed once"
    );
    for r in &cases {
        let body = app
            .get(&format!("/api/v1/cases/{r}"), Some(&app.manager))
            .body;
        assert_eq!(body["officer_id"], app.officer_id, "{r}");
        let allocated: Vec<&Value> = body["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "allocated")
            .collect();
        assert_eq!(allocated.len(), 1, "{r}");
        assert_eq!(allocated[0]["date"], "2024-02-12", "{r}");
    }
    // Officers cannot use it.
    let mut o = signed_in(&app, "officer");
    let token = csrf_token(&o.get("/cases").body);
    let forbidden = o.post(
        "/cases/allocate/confirm",
        &batch(&token, &cases, &officer, ["12", "2", "2024"]),
    );
    assert_eq!(forbidden.status, 403);
}

#[test]
fn saved_filters_are_named_kept_per_person_and_deleted_after_asking() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "manager");
    let token = csrf_token(&v.get("/cases").body);
    let save = |v: &mut Visitor, name: &str| {
        v.post(
            "/cases/filters",
            &[
                ("csrf_token", &token),
                ("name", name),
                ("query", "officer=unallocated&open=yes"),
            ],
        )
    };
    let saved = save(&mut v, "Unallocated, open");
    assert_eq!(saved.status, 303, "{}", saved.body);
    let mut list = v.get("/cases");
    list.body = list.body.replace("&#x2F;", "/");
    assert!(list.body.contains("Unallocated, open"));
    assert!(
        list.body
            .contains("href=\"/cases?officer=unallocated&amp;open=yes\"")
    );
    let again = save(&mut v, "Unallocated, open");
    assert_eq!(again.status, 422);
    assert!(
        again.body.contains("already have a filter called"),
        "{}",
        again.body
    );
    let blank = save(&mut v, "  ");
    assert_eq!(blank.status, 422);
    // Another person neither sees it nor can delete it.
    let delete_href = list
        .body
        .split("href=\"/cases/filters/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| format!("/cases/filters/{s}"))
        .unwrap();
    let mut other = signed_in(&app, "admin");
    assert!(!other.get("/cases").body.contains("Unallocated, open"));
    assert_eq!(other.get(&delete_href).status, 404);
    // Deleting asks first, on a page of its own.
    let ask = v.get(&delete_href);
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains("cannot be undone"));
    let deleted = v.post(&delete_href, &[("csrf_token", &token)]);
    assert_eq!(deleted.status, 303);
    assert!(!v.get("/cases").body.contains("Unallocated, open"));
}

#[test]
fn statistics_tabs_keep_the_period_and_the_grouping() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "manager");
    let page = v.get(
        "/stats?view=timeliness&from_day=1&from_month=4&from_year=2023&to_day=31&to_month=12&to_year=2023&by=officer",
    );
    assert_eq!(page.status, 200);
    let tab = page
        .body
        .replace("&#x2F;", "/")
        .split("href=\"")
        .find(|s| s.starts_with("/stats?view=stages"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let stages = v.get(&tab);
    for kept in [
        "value=\"2023\"",
        "value=\"4\"",
        "value=\"31\"",
        "value=\"officer\" selected",
    ] {
        assert!(stages.body.contains(kept), "{kept} kept in {tab}");
    }
    // Empty shares say so instead of "– of 0 ()".
    let outcomes = v.get(&tab.replace("view=stages", "view=outcomes"));
    assert!(outcomes.body.contains("None in this period"));
    assert!(!outcomes.body.contains("of 0 notices ()"));
}

/// Opens a case with its request, perhaps its response, and a complaint.
fn request_case(app: &TestApp, authority: i64, request: &str, response: Option<&str>) {
    let mut events = vec![json!({"kind": "request_received", "date": request})];
    if let Some(day) = response {
        events.push(json!({"kind": "response_sent", "date": day}));
    }
    events.push(json!({"kind": "complaint_received", "date": "2023-09-01"}));
    let opened = app.open_case(&app.officer, authority, json!(events));
    assert_eq!(opened.status, 201, "{:?}", opened.body);
}

#[test]
fn every_timeliness_figure_links_to_a_list_of_the_same_requests_in_every_grouping() {
    let app = TestApp::spawn();
    let home = app.authority("Home Office");
    let other = app.authority("Department for Work and Pensions");
    // (authority, request received, response sent, why)
    request_case(&app, home, "2023-03-01", Some("2023-03-20")); // within 20 working days
    request_case(&app, home, "2023-03-06", Some("2023-05-30")); // late, no extension
    request_case(&app, other, "2023-04-03", None); // not answered
    request_case(&app, other, "2023-05-02", Some("2023-05-10")); // within 20, next quarter
    request_case(&app, other, "2022-01-10", Some("2022-01-12")); // before the period
    let mut v = signed_in(&app, "manager");
    for by in [
        "authority",
        "sector",
        "regime",
        "officer",
        "month",
        "quarter",
    ] {
        let page = v.get(&format!(
            "/stats?view=timeliness&from_day=1&from_month=1&from_year=2023&to_day=31&to_month=12&to_year=2023&by={by}"
        ));
        assert_eq!(page.status, 200, "{by}: {}", page.body);
        let table = page.body.split("id=\"timeliness-table\"").nth(1).unwrap();
        let found = figures(table);
        let total = |kind: &str| -> i64 {
            found
                .iter()
                .filter(|(href, _)| href.contains(&format!("response={kind}")))
                .map(|(_, n)| n)
                .sum()
        };
        // Each request of the period is in exactly one group, whatever the grouping.
        assert_eq!(
            [
                total("counted"),
                total("in_time"),
                total("within_20"),
                total("unanswered")
            ],
            [4, 2, 2, 1],
            "{by}: {found:?}"
        );
        for (href, figure) in &found {
            assert_eq!(listed(&mut v, href), *figure, "{by}: {href}");
        }
    }
}
