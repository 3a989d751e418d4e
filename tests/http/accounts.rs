//! Accounts and credentials over HTTP: one account per mailbox whatever the case of the
//! address (and the upgrade that makes it so), passwords that end other sessions when changed
//! or reset, named API tokens that expire and are revoked one by one, and calendar links that
//! do not come back.

use crate::helpers::{TODAY, TestApp, TestDb, date};
use crate::pages::{Visitor, csrf_token, signed_in};
use chrono::{Duration, TimeZone, Utc};
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::{Connection, RunQueryDsl};
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use section50::config::DatabaseUrl;
use section50::domain::parties::{EmailAddress, RequiredText, Role};
use section50::domain::staff::{Actor, TokenLifetime};
use section50::service::tokens::{self, TokenRequest};
use section50::service::{ServiceError, users};

/// The instant every test's clock is fixed at (noon UTC on [`TODAY`]).
fn now() -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&date(TODAY).and_hms_opt(12, 0, 0).unwrap())
}

/// Adds an account with `email` as typed; returns its id and one-time password.
fn add(app: &TestApp, email: &str, role: Role) -> Result<(i64, String), ServiceError> {
    let mut conn = app.pool.get().unwrap();
    users::add(
        &mut conn,
        now(),
        &EmailAddress::parse(email).unwrap(),
        &RequiredText::parse("name", "Ann Smith", 100).unwrap(),
        role,
        None,
    )
    .map(|c| (c.id, c.password))
}

fn actor(id: i64) -> Actor {
    Actor {
        user_id: id,
        name: "Ann Smith".to_owned(),
        role: Role::Officer,
    }
}

fn token_request(name: &str, days: u32) -> TokenRequest {
    TokenRequest {
        name: RequiredText::parse("token name", name, 100).unwrap(),
        lifetime: TokenLifetime::days(days).unwrap(),
    }
}

/// The text of the element with this id (an account page's one-time secret).
fn element_text(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("#{id} in {html}"))
        + marker.len();
    // Tera's HTML escaping writes "/" as "&#x2F;".
    html[start..]
        .split('<')
        .next()
        .unwrap()
        .replace("&#x2F;", "/")
}

/// Posts a form from `page_path` (taking its CSRF token from that page).
pub(crate) fn post_form(
    v: &mut Visitor,
    page_path: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> crate::pages::Page {
    let token = csrf_token(&v.get(page_path).body);
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    v.post(path, &all)
}

#[test]
fn an_account_made_with_capitals_signs_in_whatever_case_is_typed() {
    let app = TestApp::spawn();
    let (_, one_time) = add(&app, "Ann.Smith@Example.org", Role::Officer).unwrap();
    let password = crate::helpers::past_first_sign_in(
        &mut app.pool.get().unwrap(),
        now(),
        "ann.smith@example.org",
        &one_time,
    );
    // (typed at sign-in, why)
    for typed in [
        "Ann.Smith@Example.org",   // as it was made
        "ann.smith@example.org",   // all lower case
        "ANN.SMITH@EXAMPLE.ORG",   // all capitals
        " aNN.sMITH@example.ORG ", // mixed, with spaces around
    ] {
        let mut v = Visitor::new(&app);
        let page = v.sign_in(typed, &password);
        assert_eq!(
            (page.status, page.location.as_str()),
            (303, "/cases"),
            "{typed:?}"
        );
    }
}

#[test]
fn one_mailbox_holds_one_account_whatever_the_case_on_every_door() {
    let app = TestApp::spawn();
    add(&app, "Ann@x.org", Role::Officer).unwrap();
    // The service refuses a second spelling.
    let again = add(&app, "ANN@X.ORG", Role::Manager);
    assert!(
        matches!(&again, Err(ServiceError::Conflict(m)) if m.contains("ann@x.org")),
        "{again:?}"
    );
    // The admin's page says so beside the field, keeping what was typed.
    let mut admin = signed_in(&app, "admin");
    let page = post_form(
        &mut admin,
        "/users",
        "/users",
        &[
            ("email", "aNn@X.org"),
            ("name", "Ann Again"),
            ("role", "officer"),
        ],
    );
    assert_eq!(page.status, 422);
    assert!(
        page.body
            .contains("a user with the email ann@x.org already exists")
    );
    assert!(page.body.contains("Ann Again"), "the name typed is kept");
    // And the database itself refuses it, whatever writes the row.
    let mut conn = app.pool.get().unwrap();
    let direct = diesel::sql_query(
        "INSERT INTO users (email, name, role, password_hash, active, created_at) \
         VALUES ('ANN@x.org', 'Direct', 'officer', 'x', true, '2024-01-01 00:00:00')",
    )
    .execute(&mut conn);
    assert!(
        direct.is_err(),
        "the unique index on lower(email) refuses it"
    );
    assert_eq!(
        app.count("users WHERE lower(email) = 'ann@x.org'"),
        1,
        "one account for the mailbox"
    );
}

/// Runs the migrations of `dir` older than `before` (a version, digits only) on a raw
/// connection, as a database last upgraded before `before` would be.
fn migrate_before<C, DB>(conn: &mut C, dir: &str, before: &str)
where
    DB: diesel::backend::Backend,
    C: MigrationHarness<DB> + diesel::migration::MigrationConnection,
    FileBasedMigrations: MigrationSource<DB>,
{
    conn.setup().unwrap();
    let source = FileBasedMigrations::from_path(dir).unwrap();
    let mut all = MigrationSource::<DB>::migrations(&source).unwrap();
    all.sort_by_key(|m| m.name().version().to_string());
    for m in all
        .iter()
        .filter(|m| m.name().version().to_string().as_str() < before)
    {
        conn.run_migration(m.as_ref()).unwrap();
    }
}

/// A database as the previous release left it, with these rows run into it.
fn previous_release(db: &TestDb, rows: &str) {
    match &db.url {
        DatabaseUrl::Sqlite(path) => {
            let mut c = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
            migrate_before(&mut c, "migrations/sqlite", "20261205000001");
            c.batch_execute(rows).unwrap();
        }
        DatabaseUrl::Postgres(url) => {
            let mut c = diesel::PgConnection::establish(url).unwrap();
            migrate_before(&mut c, "migrations/postgres", "20261205000001");
            c.batch_execute(rows).unwrap();
        }
    }
}

#[test]
fn the_upgrade_lower_cases_addresses_and_refuses_two_spellings_of_one_mailbox() {
    const ROW: &str =
        "INSERT INTO users (email, name, role, password_hash, active, created_at) VALUES";
    // Two accounts for one mailbox: refused, naming the problem, with nothing changed.
    let db = TestDb::new();
    previous_release(
        &db,
        &format!(
            "{ROW} ('Ann@X.org', 'Ann', 'officer', 'x', true, '2024-01-01 00:00:00'); \
             {ROW} ('ann@x.org', 'Ann too', 'officer', 'x', true, '2024-01-01 00:00:00'); \
             {ROW} ('Bob@X.org', 'Bob', 'officer', 'x', true, '2024-01-01 00:00:00');"
        ),
    );
    let pool = section50::db::pool(&db.url, 1).unwrap();
    let refused = section50::db::migrate(&mut pool.get().unwrap()).unwrap_err();
    let message = format!("{refused:#}");
    assert!(
        message.contains("differ only in capital letters"),
        "{message}"
    );
    let mut conn = pool.get().unwrap();
    #[derive(diesel::QueryableByName)]
    struct Email {
        #[diesel(sql_type = diesel::sql_types::Text)]
        email: String,
    }
    let emails = |conn: &mut section50::db::PooledConnection| -> Vec<String> {
        diesel::sql_query("SELECT email FROM users ORDER BY id")
            .load::<Email>(conn)
            .unwrap()
            .into_iter()
            .map(|e| e.email)
            .collect()
    };
    assert_eq!(
        emails(&mut conn),
        ["Ann@X.org", "ann@x.org", "Bob@X.org"],
        "unchanged"
    );
    // Once someone has decided which account stays, the upgrade runs and folds the rest.
    diesel::sql_query("DELETE FROM users WHERE email = 'ann@x.org'")
        .execute(&mut conn)
        .unwrap();
    section50::db::migrate(&mut conn).unwrap();
    assert_eq!(emails(&mut conn), ["ann@x.org", "bob@x.org"]);
}

#[test]
fn changing_ones_password_ends_the_other_sessions_and_keeps_this_one() {
    let app = TestApp::spawn();
    let mut here = signed_in(&app, "officer");
    let mut elsewhere = signed_in(&app, "officer");
    let mut colleague = signed_in(&app, "other_officer");
    let (_, password) = app.passwords["officer"].clone();
    let page = post_form(
        &mut here,
        "/account",
        "/account/password",
        &[
            ("current", &password),
            ("new", "a much longer pass phrase"),
            ("confirm", "a much longer pass phrase"),
        ],
    );
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/account?done=password_changed")
    );
    assert_eq!(
        here.get("/account").status,
        200,
        "this browser stays signed in"
    );
    let gone = elsewhere.get("/account");
    assert_eq!(gone.status, 303, "the other session ended");
    assert!(gone.location.starts_with("/sign-in"), "{}", gone.location);
    assert_eq!(
        colleague.get("/account").status,
        200,
        "nobody else is signed out"
    );
}

#[test]
fn an_admins_reset_ends_every_session_and_revokes_every_token() {
    let app = TestApp::spawn();
    let mut officer = signed_in(&app, "officer");
    assert_eq!(app.get("/api/v1/cases", Some(&app.officer)).status, 200);
    let mut admin = signed_in(&app, "admin");
    let page = post_form(
        &mut admin,
        "/users",
        &format!("/users/{}", app.officer_id),
        &[("action", "reset")],
    );
    assert_eq!(page.status, 200, "the one-time password is shown");
    assert!(
        officer.get("/account").location.starts_with("/sign-in"),
        "signed out"
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&app.officer)).status,
        401,
        "the token made with the old password no longer works"
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&app.other_officer)).status,
        200
    );
    assert_eq!(admin.get("/users").status, 200, "the admin stays signed in");
}

#[test]
fn tokens_are_named_listed_with_their_dates_and_revoked_one_by_one() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "officer");
    let page = v.get("/account");
    assert!(
        page.body.contains("value=\"90\""),
        "the default lifetime is offered"
    );
    let make = |v: &mut Visitor, name: &str, days: &str| {
        let page = post_form(
            v,
            "/account",
            "/account/tokens",
            &[("token_name", name), ("token_days", days)],
        );
        assert_eq!(page.status, 200, "{}", page.body);
        element_text(&page.body, "new-token")
    };
    let report = make(&mut v, "Monthly report script", "30");
    let sync = make(&mut v, "Calendar sync", "366");
    assert!(report.starts_with("s50_") && sync.starts_with("s50_") && report != sync);
    assert_eq!(app.get("/api/v1/cases", Some(&report)).status, 200);
    let page = v.get("/account");
    assert!(!page.body.contains(&report), "a token is shown once only");
    // Made on 20 February 2024 at noon (12:00 in London in winter); 30 days later is
    // 21 March 2024, 366 days later 20 February 2025 (2024 is a leap year).
    for expected in [
        "Monthly report script",
        "Calendar sync",
        "20 February 2024 at 12:00",
        "21 March 2024 at 12:00",
        "20 February 2025 at 12:00",
        "Not used yet",
    ] {
        assert!(page.body.contains(expected), "{expected} in the list");
    }
    // Revoke the first: it stops, the other goes on.
    let id = element_after(&page.body, "Monthly report script");
    let revoked = post_form(
        &mut v,
        "/account",
        &format!("/account/tokens/{id}/revoke"),
        &[],
    );
    assert_eq!(revoked.status, 303);
    assert_eq!(app.get("/api/v1/cases", Some(&report)).status, 401);
    assert_eq!(app.get("/api/v1/cases", Some(&sync)).status, 200);
    assert!(v.get("/account").body.contains("Revoked"));
    // Nobody revokes someone else's token, and a revoked one cannot be revoked again.
    let mut colleague = signed_in(&app, "other_officer");
    let sync_id = element_after(&v.get("/account").body, "Calendar sync");
    let theirs = post_form(
        &mut colleague,
        "/account",
        &format!("/account/tokens/{sync_id}/revoke"),
        &[],
    );
    assert_eq!(theirs.status, 404);
    assert_eq!(app.get("/api/v1/cases", Some(&sync)).status, 200);
    let twice = post_form(
        &mut v,
        "/account",
        &format!("/account/tokens/{id}/revoke"),
        &[],
    );
    assert_eq!(twice.status, 404);
}

/// The id in the first revoke form after `name` on an account page.
fn element_after(html: &str, name: &str) -> String {
    let after = &html[html.find(name).unwrap()..];
    let start = after.find("/account/tokens/").unwrap() + "/account/tokens/".len();
    after[start..].split('/').next().unwrap().to_owned()
}

#[test]
fn a_tokens_use_is_shown_and_recorded_at_most_hourly() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "officer");
    assert!(v.get("/account").body.contains("Not used yet"));
    assert_eq!(app.get("/api/v1/cases", Some(&app.officer)).status, 200);
    let page = v.get("/account");
    assert!(
        !page.body.contains("Not used yet"),
        "the token made with the account was used"
    );
    assert!(page.body.contains("tests"), "listed by its name");
    // (last use recorded, minutes before now; rewritten by one more use?, why)
    let mut conn = app.pool.get().unwrap();
    for (minutes, rewritten, why) in [
        (59, false, "within the hour"),
        (60, true, "an hour ago"),
        (61, true, "over an hour"),
    ] {
        let earlier = (now() - Duration::minutes(minutes)).naive_utc();
        diesel::sql_query(format!(
            "UPDATE api_tokens SET last_used_at = '{}' WHERE user_id = {}",
            earlier.format("%Y-%m-%d %H:%M:%S"),
            app.officer_id
        ))
        .execute(&mut conn)
        .unwrap();
        assert_eq!(app.get("/api/v1/cases", Some(&app.officer)).status, 200);
        let recent = app.count(&format!(
            "api_tokens WHERE user_id = {} AND last_used_at > '{}'",
            app.officer_id,
            (now() - Duration::minutes(1))
                .naive_utc()
                .format("%Y-%m-%d %H:%M:%S")
        ));
        assert_eq!(recent == 1, rewritten, "{why}");
    }
}

#[test]
fn an_expired_token_gets_401_from_the_instant_it_expires() {
    let app = TestApp::spawn();
    let mut conn = app.pool.get().unwrap();
    let me = actor(app.officer_id);
    // (made at, lasting days, status now, why)
    let cases = [
        (now() - Duration::days(1), 1, 401, "expires exactly now"),
        (
            now() - Duration::days(1) + Duration::seconds(1),
            1,
            200,
            "a second left",
        ),
        (
            now() - Duration::days(366),
            366,
            401,
            "the longest lifetime, over",
        ),
        (
            now() - Duration::days(89),
            90,
            200,
            "the default, a day left",
        ),
    ];
    for (made, days, status, why) in cases {
        let token = tokens::create_own(&mut conn, &me, made, &token_request(why, days)).unwrap();
        let r = app.get("/api/v1/cases", Some(&token));
        assert_eq!(r.status, status, "{why}");
        if status == 401 {
            assert_eq!(r.content_type, "application/problem+json");
        }
    }
    let listed = tokens::own(&mut conn, &me, now()).unwrap();
    let expired: Vec<&str> = listed
        .iter()
        .filter(|t| t.status == section50::domain::staff::TokenStatus::Expired)
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        expired,
        ["expires exactly now", "the longest lifetime, over"],
        "newest first"
    );
}

#[test]
fn the_token_form_states_its_limits_and_keeps_what_was_typed() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "officer");
    let long = "n".repeat(101);
    // (name, days, the message, why)
    let cases = [
        ("", "90", "Enter the token name", "no name"),
        (
            long.as_str(),
            "90",
            "The token name must be 100 characters or fewer (it has 101)",
            "too long",
        ),
        (
            "Script\u{202E}txt.exe",
            "90",
            "U+202E",
            "a direction override",
        ),
        (
            "Report",
            "367",
            "A token lasts a whole number of days from 1 to 366",
            "over a year",
        ),
        (
            "Report",
            "0",
            "A token lasts a whole number of days from 1 to 366",
            "none",
        ),
        (
            "Report",
            "soon",
            "A token lasts a whole number of days from 1 to 366",
            "not a number",
        ),
    ];
    let before = app.count("api_tokens");
    for (name, days, message, why) in cases {
        let page = post_form(
            &mut v,
            "/account",
            "/account/tokens",
            &[("token_name", name), ("token_days", days)],
        );
        assert_eq!(page.status, 422, "{why}");
        assert!(page.body.contains(message), "{why}: {message}");
        assert!(
            page.body.contains(&format!("value=\"{days}\"")),
            "{why}: the days typed are kept"
        );
    }
    assert_eq!(app.count("api_tokens"), before, "nothing was written");
}

#[test]
fn a_deactivated_users_calendar_link_stops_and_does_not_come_back_on_reactivation() {
    let app = TestApp::spawn();
    let mut officer = signed_in(&app, "officer");
    let page = post_form(&mut officer, "/account", "/account/calendar", &[]);
    let url = element_text(&page.body, "feed-url");
    let path = format!("/calendar/{}", url.rsplit_once("/calendar/").unwrap().1);
    assert_eq!(officer.get(&path).status, 200);
    let mut admin = signed_in(&app, "admin");
    let user = format!("/users/{}", app.officer_id);
    let off = post_form(
        &mut admin,
        "/users",
        &user,
        &[("role", "officer"), ("action", "save")],
    );
    assert_eq!(off.status, 303, "deactivated (the box unticked)");
    assert_eq!(Visitor::new(&app).get(&path).status, 404);
    let on = post_form(
        &mut admin,
        "/users",
        &user,
        &[("role", "officer"), ("active", "yes"), ("action", "save")],
    );
    assert_eq!(on.status, 303, "reactivated");
    assert_eq!(
        Visitor::new(&app).get(&path).status,
        404,
        "the old link stays off"
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&app.officer)).status,
        401,
        "so do the tokens"
    );
}
