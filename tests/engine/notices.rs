//! The decision-notice model: numbering, cross-references, the pre-issue checks, drafting from
//! the case record, and typesetting (text read back from the PDF with pdftotext).

use crate::support::d;
use section50::domain::notice::checks::{CaseFacts, check};
use section50::domain::notice::draft::{DraftFacts, RegulatorDetails, TO_COMPLETE, draft};
use section50::domain::notice::{Block, Notice, Part, Run, SectionKind};
use std::process::Command;

fn seed() -> Notice {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/notices/seed-004.json"
    ))
    .unwrap();
    serde_json::from_str(&text).expect("the seed notice matches the notice schema")
}

fn pdftotext(pdf: &[u8]) -> String {
    pdftotext_mode(pdf, "-layout")
}

fn pdftotext_mode(pdf: &[u8], mode: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args([mode, path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed: scripts/test installs it");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

fn facts() -> CaseFacts {
    CaseFacts {
        complainant_name: Some("Alex Requester".into()),
        complainant_email: Some("alex@example.org".into()),
        event_dates: vec![("request_received".into(), d("2023-02-13"))],
    }
}

#[test]
fn the_seed_notice_resolves_to_73_paragraphs_and_7_footnotes() {
    let resolved = seed().resolve(true).unwrap();
    assert_eq!(resolved.paragraph_count, 73);
    let json = serde_json::to_string(&resolved).unwrap();
    for n in 1..=7 {
        assert!(json.contains(&format!("\"number\":{n},")), "footnote {n}");
    }
    assert!(!json.contains("\"number\":8,"));
}

#[test]
fn the_seed_notice_typesets_with_its_headings_numbers_footnotes_and_quotations() {
    let resolved = seed().resolve(true).unwrap();
    let pdf = section50::pdf::render(&resolved, d("2024-02-08")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdftotext(&pdf);
    let mut at = 0;
    for heading in [
        "Decision notice",
        "Decision (including any steps ordered)",
        "Request and response",
        "Scope of the case",
        "Reasons for decision",
        "Other matters",
        "Right of appeal",
    ] {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found + heading.len();
    }
    // Every paragraph number from 1 to 73 starts a line, in order, with no gaps.
    let numbers: Vec<u32> = text
        .lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let (n, rest) = t.split_once(". ")?;
            (rest.len() > 3 && n.len() <= 2)
                .then(|| n.parse().ok())
                .flatten()
        })
        .collect();
    let expected: Vec<u32> = (1..=73).collect();
    let in_order: Vec<u32> = numbers.iter().copied().filter(|n| *n <= 73).collect();
    assert_eq!(
        in_order
            .iter()
            .copied()
            .fold(Vec::new(), |mut v: Vec<u32>, n| {
                if v.last().is_none_or(|l| n == l + 1) {
                    v.push(n);
                }
                v
            }),
        expected,
        "{numbers:?}"
    );
    assert!(
        text.contains(
            "met.police.uk/SysSiteAssets/media/downloads/central/advice/fraud/met/little-leaflet-"
        ),
        "footnote 1 (the address wraps at its hyphen)"
    );
    assert!(text.contains("threat-levels"), "footnote 6");
    assert!(
        text.contains("I'm seeking copies of any purchase orders"),
        "the quoted request"
    );
    assert!(
        text.contains("within 28 (calendar) days"),
        "the appeal paragraph"
    );
    assert!(text.contains("Carolyn Howes"), "the signature");
    assert!(
        !pdftotext_mode(&pdf, "-raw").contains("DRAFT"),
        "an issued notice has no watermark"
    );
}

#[test]
fn the_same_notice_gives_byte_identical_pdfs_and_drafts_carry_a_watermark() {
    let notice = seed();
    let a = section50::pdf::render(&notice.resolve(false).unwrap(), d("2024-02-08")).unwrap();
    let b = section50::pdf::render(&notice.resolve(false).unwrap(), d("2024-02-08")).unwrap();
    assert_eq!(a, b);
    let raw: String = pdftotext_mode(&a, "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        raw.contains("DRAFT"),
        "rotated watermark, read in raw order (its letters may come on two lines)"
    );
}

#[test]
fn user_text_is_printed_literally_never_evaluated() {
    let mut notice = seed();
    let hostile = [
        "#read(\"/etc/passwd\")",
        "#include \"/etc/hostname\"",
        "#image(\"../../etc/passwd\")",
        "#plugin(\"x.wasm\") #import \"@preview/cetz:0.3.0\"",
        "$x^2$ *bold* _emph_ <label> @ref [brackets] ] \\ // comment",
        "שלום مرحبا 👩‍👩‍👧 \u{200b}\u{202e}reversed",
    ];
    let mut long = String::new();
    while long.len() < 20_000 {
        long.push_str("A very long paragraph without a break ");
    }
    let mut runs: Vec<Run> = hostile.iter().map(|h| Run::text(format!("{h} "))).collect();
    runs.push(Run::Footnote {
        text: "#read(\"/etc/passwd\")".into(),
    });
    runs.push(Run::text(long));
    notice.sections[0].blocks.push(Block::Paragraph {
        label: None,
        numbered: true,
        source: None,
        parts: vec![Part::Text { runs }],
    });
    notice.authority.name = "#read(\"/etc/passwd\")".into();
    notice.signature.name = "]#panic(\"x\")[".into();
    let pdf = section50::pdf::render(&notice.resolve(true).unwrap(), d("2024-02-08"))
        .expect("hostile text still renders");
    let text = pdftotext(&pdf);
    assert!(text.contains("#read(\"/etc/passwd\")"), "printed literally");
    assert!(text.contains("]#panic(\"x\")["));
    assert!(!text.contains("root:x:0:0"), "no file was read");
}

#[test]
fn cross_references_resolve_to_numbers_and_missing_labels_are_findings() {
    let mut notice = seed();
    if let Block::Paragraph { label, .. } = &mut notice.sections[3].blocks[9] {
        *label = Some("prejudice-test".into());
    }
    notice.sections[4].blocks.push(Block::Paragraph {
        label: None,
        numbered: true,
        source: None,
        parts: vec![Part::Text {
            runs: vec![
                Run::text("See paragraph "),
                Run::Ref {
                    label: "prejudice-test".into(),
                },
                Run::text(" and "),
                Run::Ref {
                    label: "nowhere".into(),
                },
            ],
        }],
    });
    let findings = notice.resolve(true).unwrap_err();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "missing_label");
    let labels = notice.labels();
    assert_eq!(
        labels["prejudice-test"], 23,
        "the 10th block of Reasons is paragraph 23 (two sub-headings before it)"
    );
}

#[test]
fn pre_issue_checks_catch_the_common_slips() {
    let mut notice = seed();
    assert!(
        check(&notice, &CaseFacts::default()).is_empty(),
        "{:?}",
        check(&notice, &CaseFacts::default())
    );
    notice.sections[1].blocks.push(Block::Paragraph {
        label: None,
        numbered: true,
        source: None,
        parts: vec![Part::Text {
            runs: vec![Run::text(
                "Alex Requester (alex@example.org) complained under regulation 12(5)(e).",
            )],
        }],
    });
    notice.steps_period_days = Some(30);
    notice
        .sections
        .retain(|s| s.kind != SectionKind::RightOfAppeal);
    let rules: Vec<&str> = check(&notice, &facts()).iter().map(|f| f.rule).collect();
    for rule in [
        "complainant_named",
        "complainant_email",
        "wrong_regime_wording",
        "missing_section",
        "period_without_steps",
    ] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
}

#[test]
fn a_notice_drafted_from_the_seed_case_has_the_chronology_and_the_lateness_finding() {
    let facts_for_draft = DraftFacts {
        references: vec!["IC-000004-SEED".into()],
        eir: false,
        authority_name: "Commissioner of Police of the Metropolis".into(),
        authority_short: "the MPS".into(),
        authority_address: vec!["New Scotland Yard".into()],
        request: Some(d("2023-02-13")),
        response: Some(d("2023-06-22")),
        late_response: Some((d("2023-03-13"), 67)),
        review_requested: Some(d("2023-07-20")),
        review_completed: Some(d("2023-09-19")),
        late_review: Some((d("2023-08-18"), 21, 41)),
        complaint: Some(d("2023-09-20")),
        steps_period_days: None,
        signatory: ("Sam Officer".into(), "Senior Case Officer".into()),
    };
    let notice = draft(&facts_for_draft, &RegulatorDetails::default());
    let lines = notice.lines().join("\n");
    assert!(lines.contains("On 13 February 2023, the complainant wrote to the MPS"));
    assert!(lines.contains("its response was due by 13 March 2023. It responded on 22 June 2023, 67 working days late, and so breached section 10(1) of FOIA"));
    assert!(lines.contains("took 41 working days to complete its internal review"));
    assert!(lines.contains("within 28 (calendar) days"));
    let findings = check(
        &notice,
        &CaseFacts {
            event_dates: vec![("request_received".into(), d("2023-02-13"))],
            ..CaseFacts::default()
        },
    );
    // A fresh draft has text to complete and no outcomes recorded yet; nothing else.
    assert!(
        findings
            .iter()
            .all(|f| f.rule == "unfinished_text" || f.rule == "no_outcomes"),
        "{findings:?}"
    );
    assert!(lines.contains(TO_COMPLETE));
    // It typesets as it stands (a draft), so the officer can preview it.
    section50::pdf::render(&notice.resolve(false).unwrap(), d("2024-02-08")).unwrap();
}

#[test]
fn only_the_parties_copy_names_the_complainant() {
    let mut resolved = seed().resolve(true).unwrap();
    let published = pdftotext(&section50::pdf::render(&resolved, d("2024-02-08")).unwrap());
    assert!(!published.contains("Complainant:"));
    resolved.complainant = Some(vec!["Alex Requester".into(), "1 High Street".into()]);
    let party = pdftotext(&section50::pdf::render(&resolved, d("2024-02-08")).unwrap());
    assert!(party.contains("Complainant:") && party.contains("Alex Requester"));
}

#[test]
fn hostile_text_in_every_field_is_printed_literally() {
    const HOSTILE: &str =
        " #read(\"/etc/passwd\") #include \"../../etc/hostname\" ]*_$x$ <l> @r \u{202e}";
    fn walk(v: &mut serde_json::Value, key: Option<&str>) {
        match v {
            serde_json::Value::String(s)
                if matches!(
                    key,
                    Some(
                        "text"
                            | "name"
                            | "title"
                            | "url"
                            | "references"
                            | "address"
                            | "organisation"
                    )
                ) =>
            {
                s.push_str(HOSTILE);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, key)),
            serde_json::Value::Object(map) => {
                for (k, val) in map.iter_mut() {
                    walk(val, Some(k.as_str()));
                }
            }
            _ => {}
        }
    }
    let mut json = serde_json::to_value(seed()).unwrap();
    json["annexes"] = serde_json::json!([{"title": "Annex", "blocks": [{"kind": "subheading", "text": "Confidential"}]}]);
    walk(&mut json, None);
    let notice: Notice = serde_json::from_value(json).unwrap();
    let pdf =
        section50::pdf::render(&notice.resolve(true).unwrap(), d("2024-02-08")).expect("renders");
    let text = pdftotext_mode(&pdf, "-raw");
    assert!(
        text.matches("#read(\"/etc/passwd\")").count() > 100,
        "printed literally in every field"
    );
    assert!(!text.contains("root:x:0:0"));
}
