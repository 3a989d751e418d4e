//! The case list's pages and totals and the authority picker's short-search total are remembered between
//! requests (`db::generations`) until their data changes: these tests change the data behind
//! the service's back, with plain SQL as another server or a script would, and expect the next
//! answer to count the change.

use crate::helpers::TestApp;
use diesel::RunQueryDsl;
use serde_json::json;

/// Runs one SQL statement on the app's database, outside the service.
fn behind_its_back(app: &TestApp, sql: &str) {
    let mut conn = app.pool.get().expect("a connection");
    diesel::sql_query(sql)
        .execute(&mut conn)
        .expect("the statement runs");
}

#[test]
fn the_case_list_total_counts_a_change_made_outside_this_server() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    for _ in 0..3 {
        let opened = app.open_case(&app.manager, authority, crate::helpers::seed_events());
        assert_eq!(opened.status, 201, "{:?}", opened.body);
    }
    let total = |path: &str| app.get(path, Some(&app.manager)).body["total"].clone();
    assert_eq!(total("/api/v1/cases?per_page=1"), json!(3));
    assert_eq!(total("/api/v1/cases?per_page=1&regime=eir"), json!(0));
    // Asked again, the same totals (remembered or not, they must not change by themselves).
    assert_eq!(total("/api/v1/cases?per_page=1&regime=eir"), json!(0));

    behind_its_back(
        &app,
        "UPDATE cases SET regime = 'eir' WHERE id = (SELECT MIN(id) FROM cases)",
    );
    assert_eq!(total("/api/v1/cases?per_page=1&regime=eir"), json!(1));
    // The page itself, not only its total (it was empty when last asked).
    let eir = app.get("/api/v1/cases?per_page=1&regime=eir", Some(&app.manager));
    assert_eq!(
        eir.body["items"][0]["regime"],
        json!("eir"),
        "{:?}",
        eir.body
    );
    assert_eq!(total("/api/v1/cases?per_page=1&regime=foia"), json!(2));
    assert_eq!(total("/api/v1/cases?per_page=1"), json!(3));

    // A change to an authority's name is a change to the caseload: searching cases by it.
    assert_eq!(total("/api/v1/cases?per_page=1&q=Zephyr"), json!(0));
    behind_its_back(
        &app,
        "UPDATE authorities SET formal_name = 'Zephyr Constabulary'",
    );
    assert_eq!(total("/api/v1/cases?per_page=1&q=Zephyr"), json!(3));
}

#[test]
fn a_short_authority_search_counts_an_authority_added_outside_this_server() {
    let app = TestApp::spawn();
    for name in ["Qx Alpha Council", "Qx Beta Council", "Qx Gamma Council"] {
        app.authority(name);
    }
    let search = |path: &str| app.get(path, Some(&app.officer)).body.clone();
    // Two characters and a full page: the total is counted (and may be remembered).
    let first = search("/api/v1/authorities?q=qx&per_page=2");
    assert_eq!(first["total"], json!(3), "{first}");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    // A page the matches do not fill: the total is the page's end.
    let all = search("/api/v1/authorities?q=qx&per_page=10");
    assert_eq!(all["total"], json!(3), "{all}");
    assert_eq!(
        search("/api/v1/authorities?q=qx&page=2&per_page=2")["total"],
        json!(3)
    );

    // A fourth, added with plain SQL from the first one's row.
    behind_its_back(
        &app,
        "INSERT INTO authorities (formal_name, short_name, address, sector, nation, foi_email, \
         created_at, updated_at, article, s53_certificate) \
         SELECT 'Qx Epsilon Council', 'Qx Epsilon', address, sector, nation, foi_email, \
         created_at, updated_at, article, s53_certificate \
         FROM authorities WHERE formal_name = 'Qx Alpha Council'",
    );
    let after = search("/api/v1/authorities?q=qx&per_page=2");
    assert_eq!(after["total"], json!(4), "{after}");
    assert_eq!(
        search("/api/v1/authorities?q=qx&per_page=10")["total"],
        json!(4)
    );
}

#[test]
fn a_remembered_case_list_is_each_viewers_own() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let opened = app.open_case(&app.manager, authority, crate::helpers::seed_events());
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let total =
        |token: &str| app.get("/api/v1/cases?per_page=50", Some(token)).body["total"].clone();
    // The manager's list is made (and remembered) first; the officer, who sees only their own
    // cases, must not be given it.
    assert_eq!(total(&app.manager), json!(1));
    assert_eq!(total(&app.officer), json!(0));
    assert_eq!(total(&app.manager), json!(1));
    // Behind the service's back the case is allocated to the officer: both lists move on.
    behind_its_back(
        &app,
        &format!("UPDATE cases SET officer_id = {}", app.officer_id),
    );
    let officers = app.get("/api/v1/cases?per_page=50", Some(&app.officer));
    assert_eq!(officers.body["total"], json!(1), "{:?}", officers.body);
    assert_eq!(
        officers.body["items"][0]["officer_id"],
        json!(app.officer_id)
    );
    let managers = app.get("/api/v1/cases?per_page=50", Some(&app.manager));
    assert_eq!(
        managers.body["items"][0]["officer_id"],
        officers.body["items"][0]["officer_id"]
    );
}
