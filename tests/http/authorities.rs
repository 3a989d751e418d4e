//! The Authorities pages (list, search, paging, add, edit, who may change them), the API's
//! `q` search, and `section50 authorities import`, on SQLite or PostgreSQL (`TEST_DATABASE_URL`).

use crate::helpers::{TestApp, TestDb};
use crate::pages::{csrf_token, signed_in};
use section50::config::DatabaseUrl;
use serde_json::json;

fn add(app: &TestApp, formal: &str, short: &str) -> i64 {
    let r = app.post(
        "/api/v1/authorities",
        Some(&app.manager),
        &json!({"formal_name": formal, "short_name": short, "sector": "other", "nation": "england"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

const NEW_DWP: [(&str, &str); 7] = [
    ("formal_name", "Department for Work and Pensions"),
    ("short_name", "DWP"),
    ("article", "the"),
    ("sector", "central_government"),
    ("nation", "uk_wide"),
    ("foi_email", "foi@dwp.example"),
    ("s53_certificate", "yes"),
];

#[test]
fn a_manager_adds_an_authority_through_the_pages_and_then_edits_it() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "manager");
    let form = v.get("/authorities/new");
    assert_eq!(form.status, 200);
    let token = csrf_token(&form.body);
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(NEW_DWP);

    let added = v.post("/authorities/new", &fields);
    assert_eq!(added.status, 303, "{}", added.body);
    let found = app.get("/api/v1/authorities?q=work%20and", Some(&app.officer));
    assert_eq!(found.body["total"], 1);
    let a = &found.body["items"][0];
    assert_eq!(
        (&a["article"], &a["s53_certificate"], &a["nation"]),
        (&json!("the"), &json!(true), &json!("uk_wide"))
    );
    let id = a["id"].as_i64().unwrap();

    let edit = v.get(&format!("/authorities/{id}"));
    assert!(
        edit.body
            .contains("value=\"Department for Work and Pensions\"")
    );
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(NEW_DWP);
    fields[2] = ("short_name", "Ofsted");
    fields[3] = ("article", "");
    fields[7] = ("s53_certificate", "no");
    let saved = v.post(&format!("/authorities/{id}"), &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let shown = app.get(&format!("/api/v1/authorities/{id}"), Some(&app.officer));
    assert_eq!(
        (
            &shown.body["short_name"],
            &shown.body["article"],
            &shown.body["s53_certificate"]
        ),
        (&json!("Ofsted"), &json!(""), &json!(false))
    );
}

#[test]
fn a_form_with_no_name_or_sector_is_shown_again_with_the_errors_and_nothing_saved() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "manager");
    let token = csrf_token(&v.get("/authorities/new").body);
    let page = v.post(
        "/authorities/new",
        &[
            ("csrf_token", &token),
            ("formal_name", " "),
            ("short_name", "X"),
            ("nation", "england"),
        ],
    );
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Select the sector"), "{}", page.body);
    assert_eq!(app.count("authorities"), 0);
}

#[test]
fn an_officer_reads_the_list_but_is_refused_adding_or_editing() {
    let app = TestApp::spawn();
    let id = add(&app, "Northshire County Council", "the Council");
    let mut v = signed_in(&app, "officer");
    let list = v.get("/authorities");
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Northshire County Council"));
    assert!(
        list.body.contains(">Authorities</strong>"),
        "the header links to the list"
    );
    assert!(
        !list.body.contains("add-authority"),
        "no add button for officers"
    );
    assert_eq!(v.get("/authorities/new").status, 403);
    assert_eq!(v.get(&format!("/authorities/{id}")).status, 403);
    let token = csrf_token(&list.body);
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(NEW_DWP);
    assert_eq!(v.post("/authorities/new", &fields).status, 403);
    assert_eq!(
        app.count("authorities"),
        1,
        "the refused form wrote nothing"
    );
}

#[test]
fn the_list_search_finds_by_part_of_either_name_in_any_case_and_pages_by_fifty() {
    let app = TestApp::spawn();
    add(&app, "Commissioner of Police of the Metropolis", "MPS");
    for n in 0..55 {
        add(
            &app,
            &format!("Parish Council number {n:02}"),
            &format!("P{n:02}"),
        );
    }
    let mut v = signed_in(&app, "officer");
    let cases = [
        ("metropol", 1),  // middle of the formal name, lower case
        ("MPS", 1),       // the short name
        ("POLICE OF", 1), // upper case, across a space
        ("parish", 55),   // many
        ("nowhere", 0),   // none
    ];
    for (q, expected) in cases {
        let page = v.get(&format!("/authorities?q={}", q.replace(' ', "+")));
        assert_eq!(page.status, 200);
        let rows = page
            .body
            .matches("class=\"govuk-table__row\"")
            .count()
            .saturating_sub(1);
        assert_eq!(rows, expected.min(50), "{q}");
    }
    let first = v.get("/authorities?q=parish");
    assert!(first.body.contains("Page 1 of 2"));
    let second = v.get("/authorities?q=parish&page=2");
    assert!(second.body.contains("Parish Council number 54"));
    assert!(!second.body.contains("Parish Council number 00"));
}

#[test]
fn the_api_q_filter_matches_either_name_in_part_any_case_first_page_of_twenty() {
    let app = TestApp::spawn();
    add(&app, "Department for Work and Pensions", "DWP");
    for n in 0..25 {
        add(&app, &format!("School {n:02}"), &format!("S{n:02}"));
    }
    let cases = [
        ("dwp", 1, 1),      // short name, other case
        ("WORK AND", 1, 1), // part of the formal name
        ("school", 25, 20), // first page of 20 by default
        ("100%", 0, 0),     // a wildcard is searched for literally
        ("", 26, 20),       // empty is everything
    ];
    for (q, total, shown) in cases {
        let r = app.get(
            &format!(
                "/api/v1/authorities?q={}",
                q.replace('%', "%25").replace(' ', "%20")
            ),
            Some(&app.officer),
        );
        assert_eq!(r.status, 200, "{q}: {:?}", r.body);
        assert_eq!(r.body["total"], total, "{q}");
        assert_eq!(r.body["items"].as_array().unwrap().len(), shown, "{q}");
    }
    let old = app.get("/api/v1/authorities?name=school", Some(&app.officer));
    assert_eq!(old.body["per_page"], 25, "name keeps its page size");
}

#[test]
fn the_new_case_form_finds_authorities_without_javascript() {
    let app = TestApp::spawn();
    let id = app.authority("Commissioner of Police of the Metropolis");
    add(&app, "Northshire County Council", "the Council");
    let mut v = signed_in(&app, "officer");
    let token = csrf_token(&v.get("/cases/new").body);
    let page = v.post(
        "/cases/new",
        &[
            ("csrf_token", &token),
            ("regime", "foia"),
            ("complainant_name", "Jane Requester"),
            ("authority_q", "metro"),
            ("find", "authority"),
        ],
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("id=\"authority_id-{id}\"")));
    assert!(
        !page.body.contains("Northshire"),
        "only the matches are offered"
    );
    assert!(
        page.body.contains("value=\"Jane Requester\""),
        "what was typed is kept"
    );
    assert_eq!(app.count("cases"), 0, "Find saves nothing");
}

fn url_text(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}

fn import(db: &str, csv: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("authorities.csv");
    std::fs::write(&file, csv).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_section50"))
        .args(["authorities", "import", "--input"])
        .arg(&file)
        .args(["--database-url", db])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn formal_names(db: &TestDb) -> Vec<(String, String, bool)> {
    use diesel::prelude::*;
    use section50::db::schema::authorities::dsl::*;
    let pool = db.pool();
    let mut conn = pool.get().unwrap();
    authorities
        .order(formal_name.asc())
        .select((formal_name, article, s53_certificate))
        .load(&mut conn)
        .unwrap()
}

#[test]
fn importing_the_example_file_twice_adds_then_changes_nothing() {
    let db = TestDb::new();
    let url = url_text(&db.url);
    let example = include_str!("../../docs/authorities-example.csv");
    let (code, out, err) = import(&url, example);
    assert_eq!(
        (code, out.trim()),
        (0, "added 4, updated 0, unchanged 0, refused 0"),
        "{err}"
    );
    let before = formal_names(&db);
    // The same formal name in another case is the same authority.
    let again = example.replace(
        "Department for Work and Pensions",
        "department for work and pensions",
    );
    let (code, out, _) = import(&url, &again);
    assert_eq!(
        (code, out.trim()),
        (0, "added 0, updated 1, unchanged 3, refused 0")
    );
    let (code, out, _) = import(&url, &again);
    assert_eq!(
        (code, out.trim()),
        (0, "added 0, updated 0, unchanged 4, refused 0")
    );
    assert_eq!(formal_names(&db).len(), before.len());
    assert!(
        formal_names(&db)
            .iter()
            .any(|(f, a, s53)| f == "department for work and pensions" && a == "the" && *s53)
    );
}

#[test]
fn a_bad_row_is_reported_with_its_line_and_reason_and_nothing_of_it_is_written() {
    let db = TestDb::new();
    let url = url_text(&db.url);
    let csv = "formal_name,short_name,sector,nation,s53_certificate\n\
               Good One,G1,police,england,no\n\
               Bad Sector,B,army,england,no\n\
               Bad Certificate,B2,police,england,perhaps\n\
               Good Two,G2,health,scotland,yes\n";
    let (code, out, err) = import(&url, csv);
    assert_eq!(code, 2, "{out} {err}");
    assert_eq!(out.trim(), "added 2, updated 0, unchanged 0, refused 2");
    assert!(
        err.contains("line 3: sector: unknown sector \"army\""),
        "{err}"
    );
    assert!(err.contains("line 4: s53_certificate:"), "{err}");
    let names: Vec<String> = formal_names(&db).into_iter().map(|(f, ..)| f).collect();
    assert_eq!(names, ["Good One", "Good Two"]);
}

#[test]
fn a_file_without_a_required_column_is_refused_before_anything_is_written() {
    let db = TestDb::new();
    let (code, _, err) = import(&url_text(&db.url), "formal_name,short_name\nA,B\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("line 1: missing column(s) sector, nation"),
        "{err}"
    );
}

/// Stores `n` authorities named `formal {i}` / `short{i:04}` in one statement (an import by
/// the page would take minutes for the thousand a dense search needs).
fn bulk(db: &TestDb, formal: &str, short: &str, n: usize) {
    use diesel::prelude::*;
    let values: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "('{formal} {i:04}', '{short}{i:04}', 'other', 'england', \
                 '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO authorities (formal_name, short_name, sector, nation, created_at, updated_at) \
         VALUES {}",
        values.join(", ")
    );
    diesel::sql_query(sql)
        .execute(&mut db.pool().get().unwrap())
        .unwrap();
}

#[test]
fn a_search_with_more_matches_than_the_count_cap_pages_in_order_and_says_at_least() {
    use section50::db::authorities::{COUNT_CAP, list};
    let db = TestDb::new();
    bulk(&db, "Northshire Parish Council", "P", 1030);
    bulk(&db, "Rare Water Board", "W", 12);
    let mut conn = db.pool().get().unwrap();
    // (search, limit, offset, total, short names of the page's first and last rows)
    let cases = [
        ("parish", 20, 0, COUNT_CAP, Some(("P0000", "P0019"))), // dense: at least the cap
        ("PARISH COUNCIL 10", 20, 0, 30, Some(("P1000", "P1019"))), // sparse: 1000–1029
        ("parish", 20, 500, COUNT_CAP, Some(("P0500", "P0519"))), // a later page, in order
        ("parish", 20, 1020, 1030, Some(("P1020", "P1029"))),   // past the cap: as far as it goes
        ("water board", 20, 0, 12, Some(("W0000", "W0011"))),   // sparse: exact
        ("water board", 20, 20, 12, None),                      // past a sparse answer: empty
        ("pa", 20, 0, COUNT_CAP, Some(("P0000", "P0019"))),     // too short for trigrams: walks too
        ("zzqx", 20, 0, 0, None),                               // nothing
    ];
    for (q, limit, offset, total, ends) in cases {
        let (found, counted) = list(&mut conn, Some(q), limit, offset).unwrap();
        assert_eq!(counted, total, "{q} from {offset}: total");
        let shorts: Vec<&str> = found.iter().map(|a| a.short_name.as_str()).collect();
        assert_eq!(
            shorts.first().zip(shorts.last()).map(|(a, b)| (*a, *b)),
            ends,
            "{q} from {offset}: {shorts:?}"
        );
    }
}
