//! Officers' private iCalendar feeds: the deadlines of their own open cases, nobody else's;
//! a new link or turning it off stops the old one at once.

use crate::helpers::{TestApp, seed_events};
use section50::service::{Actor, calendar};
use serde_json::json;

fn actor(app: &TestApp, email: &str) -> Actor {
    use diesel::prelude::*;
    use section50::db::schema::users;
    let mut conn = app.pool.get().expect("connection");
    let (id, name, role): (i64, String, String) = users::table
        .filter(users::email.eq(email))
        .select((users::id, users::name, users::role))
        .first(&mut conn)
        .expect("the user");
    Actor {
        user_id: id,
        name,
        role: section50::domain::parties::Role::from_slug(&role).expect("role"),
    }
}

fn link(app: &TestApp, who: &Actor) -> String {
    let mut conn = app.pool.get().expect("connection");
    let secret = calendar::create(&mut conn, who, chrono::Utc::now()).expect("a feed");
    format!("/calendar/{secret}.ics")
}

#[test]
fn an_officers_feed_lists_the_live_deadlines_of_their_cases_and_stops_when_revoked() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reference = app.open_case(&app.manager, authority, seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    for (path, body) in [
        (
            "events",
            json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
        ),
        (
            "allocation",
            json!({"officer_id": app.officer_id, "date": "2023-10-02"}),
        ),
        (
            "events",
            json!({"kind": "chase_letter_sent", "date": "2023-10-02"}),
        ),
    ] {
        let r = app.post(
            &format!("/api/v1/cases/{reference}/{path}"),
            Some(&app.manager),
            &body,
        );
        assert!(r.status == 200 || r.status == 201, "{}", r.body["detail"]);
    }
    let officer = actor(&app, "officer@example.org");
    let feed_path = link(&app, &officer);
    let feed = app.get(&feed_path, None);
    assert_eq!(feed.status, 200);
    assert_eq!(feed.content_type, "text/calendar; charset=utf-8");
    let text = feed.body.as_str().expect("text").to_owned();
    // The reply to the chase letter of 2 October 2023 was due on Monday 16 October.
    assert!(text.contains("DTSTART;VALUE=DATE:20231016"), "{text}");
    assert!(text.contains(&format!("UID:{reference}-chase_response_due@section50")));
    assert!(text.contains(&format!(
        "SUMMARY:{reference}: Response to the Commissioner's letter due (the MPS)"
    )));
    assert!(
        !text.contains("Alex Complainant"),
        "no complainant in the feed"
    );
    // Met deadlines are not listed: the response of 22 June 2023 met its due date.
    assert!(
        !text.contains(&format!("UID:{reference}-response_due@")),
        "{text}"
    );

    let other = actor(&app, "other.officer@example.org");
    let others = app.get(&link(&app, &other), None);
    assert_eq!(others.status, 200);
    assert!(!others.body.as_str().expect("text").contains(&reference));

    // A new link turns the old one off; revoking turns the new one off.
    let newer = link(&app, &officer);
    assert_eq!(app.get(&feed_path, None).status, 404);
    assert_eq!(app.get(&newer, None).status, 200);
    let mut conn = app.pool.get().expect("connection");
    calendar::revoke(&mut conn, &officer, chrono::Utc::now()).expect("revoke");
    drop(conn);
    assert_eq!(app.get(&newer, None).status, 404);
    assert_eq!(app.get("/calendar/cal_made-up.ics", None).status, 404);
}
