//! What a notice decides and how it reads: outcomes in the register's words, the overall
//! outcome, the outcome check before submission, differences by paragraph identity, previews
//! with an unresolved reference, emphasis in the PDF and grammatical generated wording.

use section50::domain::notice::checks::{CaseFacts, check};
use section50::domain::notice::draft::{
    DraftFacts, RegulatorDetails, capitalised, draft, formal_in_sentence,
};
use section50::domain::notice::{
    Block, DiffLine, Notice, Part, Provision, ProvisionDecided, Run, derived_outcome, diff,
    outcome_label,
};
use section50::domain::paragraphs::Outcome;

fn seed() -> Notice {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/notices/seed-004.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn decided(p: &str, o: Outcome) -> ProvisionDecided {
    ProvisionDecided {
        provision: Provision::parse(p).unwrap(),
        outcome: o,
    }
}

#[test]
fn outcomes_read_as_the_register_words_them() {
    use Outcome::*;
    for (provision, outcome, label) in [
        // The issue's three examples, word for word.
        ("s10", Upheld, "FOI 10: Complaint upheld"),
        (
            "s35(1)(a)",
            PartlyUpheld,
            "FOI 35(1)(a): Complaint partly upheld",
        ),
        (
            "reg12(4)(a)",
            NotUpheld,
            "EIR 12(4)(a): Complaint not upheld",
        ),
        // Typed the long way, stored the short way.
        (
            "section 40(2)",
            NotUpheld,
            "FOI 40(2): Complaint not upheld",
        ),
        ("Regulation 5(2)", Upheld, "EIR 5(2): Complaint upheld"),
    ] {
        assert_eq!(outcome_label(&decided(provision, outcome)), label);
    }
}

#[test]
fn the_overall_outcome_is_derived_from_the_provisions_unless_set() {
    use Outcome::*;
    for (outcomes, overall) in [
        (vec![], None),                                      // nothing decided yet
        (vec![Upheld], Some(Upheld)),                        // one, upheld
        (vec![Upheld, Upheld], Some(Upheld)),                // all upheld
        (vec![NotUpheld, NotUpheld], Some(NotUpheld)),       // none upheld
        (vec![Upheld, NotUpheld], Some(PartlyUpheld)),       // some each way
        (vec![PartlyUpheld], Some(PartlyUpheld)),            // one in part
        (vec![NotUpheld, PartlyUpheld], Some(PartlyUpheld)), // partly beats not upheld
    ] {
        let provisions: Vec<_> = outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| decided(&format!("s{}", 21 + i), *o))
            .collect();
        assert_eq!(derived_outcome(&provisions), overall, "{outcomes:?}");
    }
    let mut notice = seed();
    assert_eq!(
        notice.outcome(),
        Some(NotUpheld),
        "the seed: s31(1) and s31(3) not upheld"
    );
    notice.overall_outcome = Some(PartlyUpheld);
    assert_eq!(
        notice.outcome(),
        Some(PartlyUpheld),
        "the officer's choice wins"
    );
}

#[test]
fn a_notice_without_outcomes_cannot_be_submitted() {
    let mut notice = seed();
    notice.date = None;
    let facts = CaseFacts::default();
    assert!(
        check(&notice, &facts)
            .iter()
            .all(|f| f.rule != "no_outcomes")
    );
    notice.provisions.clear();
    let rules: Vec<_> = check(&notice, &facts).iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"no_outcomes"), "{rules:?}");
    notice.provisions = vec![
        decided("s31(1)", Outcome::NotUpheld),
        decided("s31(1)", Outcome::Upheld),
        decided("reg12(4)(a)", Outcome::Upheld),
    ];
    let rules: Vec<_> = check(&notice, &facts).iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"duplicate_provision"), "{rules:?}");
    assert!(
        rules.contains(&"wrong_regime_provision"),
        "an EIR regulation in a FOIA notice"
    );
}

#[test]
fn a_stored_provision_that_is_not_one_is_refused_when_read() {
    let mut json = serde_json::to_value(seed()).unwrap();
    json["provisions"] = serde_json::json!([{"provision": "article 6", "outcome": "upheld"}]);
    let err = serde_json::from_value::<Notice>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not a provision"), "{err}");
}

#[test]
fn suggestions_come_from_library_paragraphs_and_the_provisions_cited() {
    let mut notice = seed();
    notice.provisions.clear();
    notice.sections[0].blocks.push(Block::Paragraph {
        label: None,
        numbered: true,
        source: Some("library:s43(3):upheld".into()),
        parts: vec![Part::Text {
            runs: vec![Run::text("A library paragraph.")],
        }],
    });
    let suggested = notice.suggested_provisions();
    let find = |p: &str| {
        suggested
            .iter()
            .find(|(q, _)| q.as_str() == p)
            .map(|(_, o)| *o)
    };
    assert_eq!(
        find("s43(3)"),
        Some(Some(Outcome::Upheld)),
        "the library entry's outcome"
    );
    assert_eq!(
        find("s31(1)"),
        Some(None),
        "cited in paragraph 1: offered without an outcome"
    );
    assert_eq!(
        find("s24(2)"),
        Some(None),
        "cited in a list: sections 24(2), 31(3) …"
    );
}

#[test]
fn inserting_a_paragraph_marks_only_that_one_added() {
    let earlier = seed();
    let mut later = earlier.clone();
    later.sections[0].blocks.insert(
        0,
        Block::Paragraph {
            label: None,
            numbered: true,
            source: None,
            parts: vec![Part::Text {
                runs: vec![Run::text("A new first paragraph.")],
            }],
        },
    );
    let lines = diff(&earlier, &later);
    let added: Vec<_> = lines
        .iter()
        .filter(|l| matches!(l, DiffLine::Added(_)))
        .collect();
    let removed = lines
        .iter()
        .filter(|l| matches!(l, DiffLine::Removed(_)))
        .count();
    assert_eq!(
        added,
        [&DiffLine::Added("1. A new first paragraph.".into())]
    );
    assert_eq!(removed, 0, "every later paragraph renumbered, none changed");
    assert!(
        lines
            .iter()
            .any(|l| matches!(l, DiffLine::Same(t) if t.starts_with("74. "))),
        "unchanged lines are shown with their new numbers"
    );
}

#[test]
fn a_preview_with_a_missing_label_reads_paragraph_question_marks_and_lists_the_problem() {
    let mut notice = seed();
    notice.sections[0].blocks.push(Block::Paragraph {
        label: None,
        numbered: true,
        source: None,
        parts: vec![Part::Text {
            runs: vec![
                Run::text("See paragraph "),
                Run::Ref {
                    label: "nowhere".into(),
                },
            ],
        }],
    });
    assert!(notice.resolve(false).is_err(), "issuing still refuses it");
    let (resolved, problems) = notice.resolve_with_problems(false);
    assert_eq!(problems.len(), 1);
    assert!(
        resolved.problems[0].contains("\"nowhere\""),
        "{:?}",
        resolved.problems
    );
    let json = serde_json::to_string(&resolved).unwrap();
    assert!(json.contains(r#"{"kind":"text","text":"??"}"#));
}

#[test]
fn generated_wording_is_grammatical() {
    for (formal, in_sentence) in [
        (
            "Department for Work and Pensions",
            "the Department for Work and Pensions",
        ),
        ("Home Office", "the Home Office"),
        ("Cheshire East Council", "Cheshire East Council"),
        ("The National Archives", "the National Archives"),
        ("Ofsted", "Ofsted"),
    ] {
        assert_eq!(formal_in_sentence(formal), in_sentence);
    }
    assert_eq!(capitalised("the MPS"), "The MPS");
    let facts = DraftFacts {
        references: vec!["IC-1".into()],
        authority_name: "Cheshire East Council".into(),
        authority_short: "the Council".into(),
        request: Some(chrono::NaiveDate::from_ymd_opt(2023, 2, 13).unwrap()),
        review_completed: Some(chrono::NaiveDate::from_ymd_opt(2023, 9, 19).unwrap()),
        steps_period_days: Some(35),
        ..DraftFacts::default()
    };
    let text = serde_json::to_string(&draft(&facts, &RegulatorDetails::default())).unwrap();
    assert!(
        text.contains(r#"from Cheshire East Council (\"the Council\")"#),
        "{text}"
    );
    assert!(
        text.contains("The Council must take these steps"),
        "sentence starts with a capital"
    );
    assert!(text.contains("The Council provided the outcome"));
    assert!(
        !text.contains(". the Council"),
        "no sentence starts in lower case"
    );
}
