//! What a fresh-eyes walk of the case pages found (issue 14, after its features landed), one
//! test each, with the seed case's real dates worked by hand: request 13 February 2023, response
//! 22 June 2023, review asked 20 July 2023 and completed 19 September 2023, complaint 20
//! September 2023, against an English police force.

use crate::helpers::{TestApp, seed_events, test_name};
use crate::pages::{Visitor, csrf_token, signed_in};

/// The seed force as a manager adds it on the Authorities page: short name "MPS", article "the".
fn add_the_force(v: &mut Visitor) {
    let token = csrf_token(&v.get("/authorities/new").body);
    let added = v.post(
        "/authorities/new",
        &[
            ("csrf_token", token.as_str()),
            ("formal_name", "Commissioner of Police of the Metropolis"),
            ("short_name", "MPS"),
            ("article", "the"),
            ("sector", "police"),
            ("nation", "england"),
            ("s53_certificate", "no"),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
}

/// The seed case, opened through the API against the force added on the page.
fn seed_case(app: &TestApp) -> String {
    let mut manager = signed_in(app, "manager");
    add_the_force(&mut manager);
    let found = app.get("/api/v1/authorities?q=metropolis", Some(&app.officer));
    let id = found.body["items"][0]["id"].as_i64().expect("the force");
    app.open_case(&app.officer, id, seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned()
}

/// The HTML of one deadline's row on the case page.
fn deadline_row<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"deadline-{name}\""))
        .unwrap_or_else(|| panic!("no row for {name}"));
    let end = page[start..]
        .find("</tr>")
        .map_or(page.len(), |i| start + i);
    &page[start..end]
}

#[test]
fn why_this_date_names_the_holidays_of_other_parts_of_the_uk_and_the_rule_that_counts_them() {
    let app = TestApp::spawn();
    let reference = seed_case(&app);
    let page = signed_in(&app, "officer").get(&format!("/cases/{reference}"));
    assert_eq!(page.status, 200);
    // (row, hand-worked date, the holidays of only part of the UK it skipped, and none it must
    // not mention). FOIA s10(6): a bank holiday "in any part of the United Kingdom" is not a
    // working day, whatever the authority's nation.
    let scotland = "7 August 2023 was a bank holiday in Scotland; FOIA s10(6) counts a bank \
                    holiday in any part of the UK";
    let northern_ireland = "12 July 2023 was a bank holiday in Northern Ireland; FOIA s10(6) \
                            counts a bank holiday in any part of the UK";
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        // Review asked Thursday 20 July: 21 July is day 1, the 20th working day is Friday 18
        // August because Monday 7 August (Scotland's summer bank holiday) is skipped; on the
        // England and Wales calendar it would have been Thursday 17 August.
        (
            "internal_review_due",
            "Friday 18 August 2023",
            scotland,
            &[],
        ),
        // Response Thursday 22 June: 40 working days skip Wednesday 12 July (Northern Ireland)
        // and Monday 7 August (Scotland): Monday 21 August (17 August on England's calendar).
        (
            "internal_review_request_window_end",
            "Monday 21 August 2023",
            northern_ireland,
            &[scotland],
        ),
        // Request Monday 13 February: 20 working days to Monday 13 March, no holiday anywhere.
        ("response_due", "Monday 13 March 2023", "", &[]),
    ];
    for (name, date, note, more) in cases {
        let row = deadline_row(&page.body, name);
        assert!(row.contains(date), "{name}: {date} expected in {row}");
        if note.is_empty() {
            assert!(
                !row.contains("holiday-note"),
                "{name}: no holiday to explain"
            );
        } else {
            assert!(row.contains(note), "{name}: {note} expected in {row}");
        }
        for n in more {
            assert!(row.contains(n), "{name}: {n} expected in {row}");
        }
    }
}

#[test]
fn the_authority_is_named_one_way_in_the_list_the_picker_the_api_and_the_case_header() {
    let app = TestApp::spawn();
    let reference = seed_case(&app);
    let named = "Commissioner of Police of the Metropolis (the MPS)";
    let mut v = signed_in(&app, "officer");
    let list = v.get("/authorities").body;
    assert!(list.contains(">the MPS</td>"), "{list}");
    let token = csrf_token(&v.get("/cases/new").body);
    let picker = v.post(
        "/cases/new",
        &[
            ("csrf_token", token.as_str()),
            ("regime", "foia"),
            ("authority_q", "metro"),
            ("find", "authority"),
        ],
    );
    assert!(picker.body.contains(named), "{}", picker.body);
    let api = app.get("/api/v1/authorities?q=metro", Some(&app.officer));
    assert_eq!(api.body["items"][0]["display_name"], named);
    let case = v.get(&format!("/cases/{reference}")).body;
    assert!(case.contains(named), "the case header");
    assert!(!case.contains("(MPS)"), "never the bare short name");
}

#[test]
fn the_s53_question_must_be_answered_and_nothing_typed_is_lost() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "manager");
    let form = v.get("/authorities/new").body;
    assert!(
        !form.contains("value=\"no\" checked") && !form.contains("value=\"yes\" checked"),
        "no answer is chosen for the person"
    );
    let token = csrf_token(&form);
    let page = v.post(
        "/authorities/new",
        &[
            ("csrf_token", token.as_str()),
            ("formal_name", "Department for Work and Pensions"),
            ("short_name", "DWP"),
            ("article", "the"),
            ("sector", "central_government"),
            ("nation", "uk_wide"),
        ],
    );
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains(
            "Select yes if the authority may issue a ministerial certificate under section 53"
        ),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("value=\"Department for Work and Pensions\"")
    );
    assert!(page.body.contains("value=\"DWP\""));
    assert_eq!(app.count("authorities"), 0, "nothing saved");
}

#[test]
fn a_new_members_email_is_shown_as_stored_in_lower_case() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "admin");
    let token = csrf_token(&v.get("/users").body);
    let page = v.post(
        "/users",
        &[
            ("csrf_token", token.as_str()),
            ("email", "Pat.Newcomer@Example.ORG"),
            ("name", "Pat Newcomer"),
            ("role", "officer"),
        ],
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("pat.newcomer@example.org"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Pat.Newcomer"), "never as typed");
}

#[test]
fn a_withdrawn_events_entry_joins_its_words_with_one_colon_and_none_dangling() {
    let app = TestApp::spawn();
    let reference = seed_case(&app);
    let listed = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    let review = listed.body["events"]
        .as_array()
        .and_then(|e| e.iter().find(|x| x["kind"] == "internal_review_completed"))
        .and_then(|x| x["id"].as_i64())
        .expect("the review's event");
    let mut v = signed_in(&app, "officer");
    let confirm = format!("/cases/{reference}/events/{review}/withdraw");
    let token = csrf_token(&v.get(&confirm).body);
    let done = v.post(
        &confirm,
        &[
            ("csrf_token", token.as_str()),
            ("reason", "recorded on the wrong case"),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    let page = v.get(&format!("/cases/{reference}")).body;
    assert!(
        page.contains(
            "Withdraws the internal review completed dated Tuesday 19 September 2023: recorded \
             on the wrong case"
        ),
        "{page}"
    );
    for bad in ["(: ", ": ;", ":)", "; ;"] {
        assert!(!page.contains(bad), "no empty side of a colon: {bad}");
    }
}

#[test]
fn a_manager_is_told_to_accept_the_complaint_before_allocating_it() {
    let app = TestApp::spawn();
    let reference = seed_case(&app);
    let page = signed_in(&app, "manager")
        .get(&format!("/cases/{reference}"))
        .body;
    assert!(
        !page.contains("id=\"allocate\""),
        "not offered before acceptance"
    );
    assert!(
        page.contains("Accept the complaint before allocating it"),
        "the page says why"
    );
    let officer = signed_in(&app, "officer")
        .get(&format!("/cases/{reference}"))
        .body;
    assert!(
        !officer.contains("Accept the complaint before allocating it"),
        "officers do not allocate: nothing to explain"
    );
}

#[test]
fn screens_name_the_officer_by_name_not_email() {
    let app = TestApp::spawn();
    let reference = seed_case(&app);
    let accept = serde_json::json!({"kind": "complaint_accepted", "date": "2023-10-02"});
    let events = format!("/api/v1/cases/{reference}/events");
    assert_eq!(app.post(&events, Some(&app.officer), &accept).status, 201);
    let allocated = app.post(
        &format!("/api/v1/cases/{reference}/allocation"),
        Some(&app.manager),
        &serde_json::json!({"officer_id": app.officer_id, "date": "2023-10-03"}),
    );
    assert!(allocated.status < 300, "{:?}", allocated.body);
    let page = signed_in(&app, "manager")
        .get(&format!("/cases/{reference}"))
        .body;
    let name = test_name("officer");
    assert!(page.contains(&format!("id=\"officer\">{name}<")), "{page}");
    assert!(page.contains(&format!("To {name}")), "the allocation event");
    assert!(!page.contains(">officer@example.org<"), "never the email");
}
