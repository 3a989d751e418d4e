//! The command-line front doors run as a user would run them: the real binary, real files.

use std::io::Write;
use std::process::{Command, Stdio};

fn section50(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_section50"))
        .args(args)
        .env_remove("SECTION50_EXTRA_HOLIDAYS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the section50 binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The dates of the seed decision notice (the seed case: IC-…, MPS).
const SEED_TIMELINE: &str = r#"{"regime": "foia", "events": [
  {"kind": "request_received", "date": "2023-02-13"},
  {"kind": "response_sent", "date": "2023-06-22"},
  {"kind": "internal_review_requested", "date": "2023-07-20"},
  {"kind": "internal_review_completed", "date": "2023-09-19"},
  {"kind": "complaint_received", "date": "2023-09-20"},
  {"kind": "decision_notice_issued", "date": "2024-02-08"}
]}"#;

#[test]
fn the_seed_decision_notice_dates_give_the_deadlines_the_notice_implies() {
    let (code, stdout, stderr) = section50(&["timeline", "--as-of", "2024-02-08"], SEED_TIMELINE);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let deadline = |name: &str| {
        json["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone()
    };
    // Day 20 after Mon 13 Feb 2023 is Mon 13 Mar 2023; the response on 22 Jun was late.
    let response = deadline("response_due");
    assert_eq!(response["date"], "2023-03-13");
    assert_eq!(response["status"], "met_late");
    assert_eq!(response["calendar_days_late"], 101);
    // Working days in (13 Mar, 22 Jun 2023]: 73 weekdays (14 in March, 20 in April, 23 in May,
    // 16 in June) less 17 Mar, 7 Apr, 10 Apr, 1 May, 8 May and 29 May = 67.
    assert_eq!(response["working_days_late"], 67);
    assert!(
        response["basis"]
            .as_str()
            .unwrap()
            .starts_with("FOIA s10(1)")
    );
    // Review asked 20 Jul: 20 working days, skipping Scotland's 7 Aug, is 18 Aug; completed on
    // 19 Sep, so late under the Code of Practice.
    let review = deadline("internal_review_due");
    assert_eq!(review["date"], "2023-08-18");
    assert_eq!(review["status"], "met_late");
    // The complaint on 20 Sep came the day after the review: inside six weeks.
    assert_eq!(deadline("complaint_window_end")["status"], "met");
    // Notice dated and sent 8 Feb 2024 (Thursday): day 28 is Thursday 7 Mar 2024.
    let appeal = deadline("appeal_last_day");
    assert_eq!(appeal["date"], "2024-03-07");
    assert_eq!(appeal["status"], "pending");
}

#[test]
fn a_refused_timeline_exits_with_code_2_and_names_the_rule() {
    let bad = r#"{"regime":"foia","events":[{"kind":"request_received","date":"2023-02-05"},{"kind":"response_sent","date":"2023-02-01"}]}"#;
    let (code, stdout, stderr) = section50(&["timeline", "--as-of", "2024-01-01"], bad);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("before_request"), "{stderr}");
    assert!(
        stderr.contains("is before the request was received on 5 February 2023"),
        "{stderr}"
    );
}

#[test]
fn holidays_lists_a_year_for_a_division_as_json() {
    let (code, stdout, stderr) = section50(
        &[
            "holidays",
            "--year",
            "2026",
            "--division",
            "scotland",
            "--json",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let dates: Vec<&str> = json["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.contains(&"2026-06-15"),
        "the 2026 Scottish one-off: {dates:?}"
    );
    assert!(
        !dates.contains(&"2026-04-06"),
        "Easter Monday is not Scottish"
    );
    let (code, _, stderr) = section50(&["holidays", "--year", "1900"], "");
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn lateness_adds_due_dates_to_a_request_log_and_marks_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("log.csv");
    let output = dir.path().join("out.csv");
    std::fs::write(
        &input,
        "reference,received,responded\n\
         A1,2023-02-13,2023-03-13\n\
         A2,2023-02-13,2023-03-17\n\
         A3,2023-02-13,\n\
         A4,2023-02-13,2023-01-01\n",
    )
    .unwrap();
    let (code, _, stderr) = section50(
        &[
            "lateness",
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--as-of",
            "2023-03-20",
        ],
        "",
    );
    assert_eq!(code, 2, "one row is invalid: {stderr}");
    assert!(stderr.contains("line 5"), "{stderr}");
    let text = std::fs::read_to_string(&output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "reference,received,responded,due,working_days_late,status"
    );
    assert_eq!(lines[1], "A1,2023-02-13,2023-03-13,2023-03-13,0,met");
    // 14, 15, 16 Mar; 17 Mar is St Patrick's Day.
    assert_eq!(lines[2], "A2,2023-02-13,2023-03-17,2023-03-13,3,met_late");
    // Unanswered on 20 Mar: 14, 15, 16, 20 Mar.
    assert_eq!(lines[3], "A3,2023-02-13,,2023-03-13,4,overdue");
    assert_eq!(lines[4], "A4,2023-02-13,2023-01-01,,,invalid");
}

#[test]
fn lateness_output_quotes_formula_cells_but_keeps_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("log.csv");
    let output = dir.path().join("out.csv");
    std::fs::write(
        &input,
        "reference,received,responded,note\n\
         =cmd|'/C calc'!A0,2023-02-13,2023-03-13,-3\n\
         @SUM(A1),2023-02-13,2023-03-13,+1\n",
    )
    .unwrap();
    let (code, _, stderr) = section50(
        &[
            "lateness",
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--as-of",
            "2023-03-20",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The formula is quoted; the plain number -3 stays a number; +1 is how a formula starts.
    assert_eq!(
        lines[1],
        "'=cmd|'/C calc'!A0,2023-02-13,2023-03-13,-3,2023-03-13,0,met"
    );
    assert_eq!(
        lines[2],
        "'@SUM(A1),2023-02-13,2023-03-13,'+1,2023-03-13,0,met"
    );
}

#[test]
fn help_does_not_print_secrets_taken_from_the_environment() {
    let out = Command::new(env!("CARGO_BIN_EXE_section50"))
        .args(["serve", "--help"])
        .env(
            "SECTION50_DATABASE_URL",
            "postgres://app:db-secret-1@127.0.0.1/s50",
        )
        .env(
            "SECTION50_SMTP_URL",
            "smtp://mail:smtp-secret-2@127.0.0.1:587",
        )
        .env("SECTION50_METRICS_TOKEN", "metrics-secret-3")
        .output()
        .expect("the section50 binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("--database-url"), "{text}");
    for secret in ["db-secret-1", "smtp-secret-2", "metrics-secret-3"] {
        assert!(!text.contains(secret), "{secret} in --help: {text}");
    }
}
