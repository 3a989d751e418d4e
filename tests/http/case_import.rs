//! `section50 cases import`: an existing caseload brought in from CSV, each row its own
//! transaction through the seeding path; refused rows reported by line, nothing of them
//! written; a second run changes nothing. On SQLite or PostgreSQL (`TEST_DATABASE_URL`).

use crate::helpers::TestApp;
use section50::config::DatabaseUrl;
use std::fmt::Write;

fn url_text(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}

fn import(app: &TestApp, csv: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    std::fs::write(&file, csv).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_section50"))
        .args(["cases", "import", "--by", "manager@example.org", "--input"])
        .arg(&file)
        .args(["--database-url", &url_text(&app.settings.database)])
        .env_remove("SECTION50_EXTRA_HOLIDAYS")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HEADER: &str = "reference,regime,authority,complainant_name,complainant_email,request_received,response_sent,complaint_received,complaint_accepted,allocated,officer_email\n";

/// A file of 1,000 cases (IC-100000-IMPT … IC-100999-IMPT), all allocated to the officer,
/// three of them impossible: line 101 (the 100th case) answered before it was asked, line 501
/// an unknown authority, line 901 a date that is no date.
fn thousand() -> String {
    let mut csv = HEADER.to_owned();
    for i in 0..1000 {
        let line = i + 2;
        let (authority, response, complaint) = match line {
            101 => ("Metropolitan Police Service", "2023-01-02", "2023-04-03"),
            501 => ("Ministry of Nowhere", "2023-03-01", "2023-04-03"),
            901 => ("Metropolitan Police Service", "2023-03-01", "3 April 2023"),
            _ => ("Metropolitan Police Service", "2023-03-01", "2023-04-03"),
        };
        let _ = writeln!(
            csv,
            "IC-{:06}-IMPT,foia,{authority},Complainant {i},c{i}@example.org,2023-02-01,{response},{complaint},2023-04-04,2023-04-05,officer@example.org",
            100_000 + i
        );
    }
    csv
}

#[test]
fn a_thousand_cases_with_three_bad_rows_import_once() {
    let app = TestApp::spawn();
    app.authority("Metropolitan Police Service");
    let (code, out, err) = import(&app, &thousand());
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("added 997, already here (unchanged) 0, refused 3"),
        "{out}"
    );
    for line in [101, 501, 901] {
        assert!(
            err.contains(&format!("cases.csv: line {line}: ")),
            "line {line}: {err}"
        );
    }
    assert!(err.contains("Ministry of Nowhere"), "{err}");
    assert!(
        err.contains("complaint_received: \u{201c}3 April 2023\u{201d} is not a date"),
        "{err}"
    );
    assert_eq!(app.count("cases"), 997);
    assert_eq!(
        app.count("complainants"),
        997,
        "nothing of the refused rows"
    );
    // The history came in: the 1st case is allocated to the officer since 5 April 2023.
    let case = app
        .get("/api/v1/cases/IC-100000-IMPT", Some(&app.manager))
        .body;
    assert_eq!(case["officer_id"], app.officer_id);
    assert_eq!(case["status"], "allocated");
    let refused = app.get("/api/v1/cases/IC-100099-IMPT", Some(&app.manager));
    assert_eq!(refused.status, 404);

    let events = app.count("case_events");
    let (code, out, err) = import(&app, &thousand());
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("added 0, already here (unchanged) 997, refused 3"),
        "{out}"
    );
    assert_eq!(
        (app.count("cases"), app.count("case_events")),
        (997, events)
    );
}

#[test]
fn the_example_file_imports_then_says_no_change() {
    let app = TestApp::spawn();
    app.authority("Metropolitan Police Service");
    let example = include_str!("../../docs/cases-example.csv");
    let (code, out, err) = import(&app, example);
    assert_eq!(code, 0, "{out}{err}");
    // The case record came in, the provisions read as the new-case form reads them.
    let record = |reference: &str| {
        app.get(&format!("/api/v1/cases/{reference}"), Some(&app.manager))
            .body["record"]
            .clone()
    };
    let seed = record("IC-250113-SEED");
    assert_eq!(
        seed["exemptions_cited"],
        serde_json::json!(["s24(1)", "s31(1)", "s40(2)", "s43(2)"])
    );
    assert_eq!(seed["authority_reference"], "MPS-01/FOI/23/030151");
    assert!(
        seed["request_wording"]
            .as_str()
            .unwrap()
            .starts_with("Please provide the number of covert"),
        "{seed}"
    );
    assert_eq!(
        record("IC-230110-DONE")["exemptions_cited_words"],
        "regulation 12(4)(a)"
    );
    assert_eq!(
        record("IC-240201-WAIT")["exemptions_cited"],
        serde_json::json!([])
    );
    let (code, out, err) = import(&app, example);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("No change: every case in the file is here already."),
        "{out}"
    );
    // A missing column is refused on line 1, before anything is read.
    let (code, _, err) = import(&app, "reference,regime\nIC-100000-ABCD,foia\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("line 1: missing column(s) authority, complainant_name"),
        "{err}"
    );
}

#[test]
fn a_row_citing_what_is_no_provision_is_refused_with_its_line_and_nothing_of_it_written() {
    let app = TestApp::spawn();
    app.authority("Metropolitan Police Service");
    let header = "reference,regime,authority,complainant_name,request_received,exemptions_cited,authority_reference,request_wording\n";
    // (line, exemptions cited, why)
    let rows = [
        (2, "s40(2); reg12(4)(a)", "a section and a regulation: fine"),
        (3, "s40(2), personal data", "words that are no provision"),
        (
            4,
            "section 12 and s99(9)x",
            "a provision with text after it",
        ),
        (5, "", "none cited: fine"),
    ];
    let mut csv = header.to_owned();
    for (line, cited, _) in rows {
        csv.push_str(&format!(
            "IC-{:06}-CITE,foia,Metropolitan Police Service,Complainant {line},2023-02-01,\"{cited}\",REF-{line},The wording {line}\n",
            100_000 + line
        ));
    }
    let (code, out, err) = import(&app, &csv);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("added 2, already here (unchanged) 0, refused 2"),
        "{out}"
    );
    assert!(
        err.contains("cases.csv: line 3: exemptions_cited: \"personal data\" is not a section of FOIA or a regulation of the EIR"),
        "{err}"
    );
    assert!(
        err.contains("cases.csv: line 4: exemptions_cited: "),
        "{err}"
    );
    assert_eq!(app.count("cases"), 2);
    assert_eq!(app.count("complainants"), 2, "nothing of the refused rows");
}
