//! Historical notices for the register: one JSON object per line (documented in
//! `docs/register-import.md`), parsed into an [`Entry`] or refused with every problem named.

use super::{AppealStatus, Entry, KeyDates, Source, Visibility, outcome_from_slug, provision_key};
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::{CaseReference, Sector};
use crate::domain::regime::Regime;
use chrono::NaiveDate;
use serde::Deserialize;

/// One provision and its outcome as a line gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionLine {
    /// "s31", "FOI 31", "reg12(4)(b)" or "EIR 12(4)(b)".
    pub provision: String,
    /// "upheld", "partly_upheld", "not_upheld", or the register's words ("Complaint upheld").
    pub outcome: String,
}

/// One historical notice as a line gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoricalNotice {
    /// The case reference (IC-123456-AB12, FS50123456, FER0123456).
    pub reference: String,
    /// The notice's date, YYYY-MM-DD.
    pub date: NaiveDate,
    /// The authority's formal name.
    pub authority: String,
    /// The sector's identifier or the register's word for it ("Central government").
    pub sector: String,
    /// foia, eir, foisa, eir_scotland.
    pub regime: String,
    /// The abstract.
    #[serde(rename = "abstract")]
    pub summary: String,
    /// The notice's full text.
    pub text: String,
    /// Each provision decided.
    #[serde(default)]
    pub provisions: Vec<ProvisionLine>,
    /// Where the PDF is published (http or https).
    #[serde(default)]
    pub pdf_url: Option<String>,
    /// Key dates, when known.
    #[serde(default)]
    pub request_received: Option<NaiveDate>,
    /// See `request_received`.
    #[serde(default)]
    pub response_sent: Option<NaiveDate>,
    /// See `request_received`.
    #[serde(default)]
    pub review_requested: Option<NaiveDate>,
    /// See `request_received`.
    #[serde(default)]
    pub review_completed: Option<NaiveDate>,
    /// See `request_received`.
    #[serde(default)]
    pub complaint_received: Option<NaiveDate>,
    /// See `request_received`.
    #[serde(default)]
    pub allocated_on: Option<NaiveDate>,
    /// Steps: the period in calendar days.
    #[serde(default)]
    pub steps_period_days: Option<i32>,
    /// Steps: their due date.
    #[serde(default)]
    pub steps_due: Option<NaiveDate>,
    /// none, lodged or determined (default none).
    #[serde(default)]
    pub appeal: Option<String>,
    /// The tribunal's reference ("EA/2019/0123").
    #[serde(default)]
    pub tribunal_reference: Option<String>,
}

fn outcome_of(text: &str) -> Option<Outcome> {
    let t = text.trim().to_lowercase();
    outcome_from_slug(&t).or_else(|| {
        Outcome::ALL
            .into_iter()
            .find(|o| super::outcome_words(*o).to_lowercase() == t)
    })
}

fn sector_of(text: &str) -> Option<Sector> {
    let t = text.trim();
    Sector::from_slug(t).ok().or_else(|| {
        Sector::ALL
            .iter()
            .copied()
            .find(|s| s.label().eq_ignore_ascii_case(t))
    })
}

fn provisions_of(lines: &[ProvisionLine], problems: &mut Vec<String>) -> Vec<(String, Outcome)> {
    let mut provisions = Vec::new();
    for (i, p) in lines.iter().enumerate() {
        let key = provision_key(&p.provision);
        if key.is_empty() {
            problems.push(format!("provisions[{i}].provision: must not be empty"));
        }
        match outcome_of(&p.outcome) {
            Some(o) => provisions.push((key, o)),
            None => problems.push(format!(
                "provisions[{i}].outcome: \"{}\" is not an outcome: use upheld, \
                 partly_upheld or not_upheld",
                p.outcome
            )),
        }
    }
    provisions
}

fn required(problems: &mut Vec<String>, field: &str, text: &str) {
    if text.trim().is_empty() {
        problems.push(format!("{field}: must not be empty"));
    }
}

impl HistoricalNotice {
    /// The PDF's address is a web address; the steps' period is 1 to 365 days, and they are
    /// not due before the notice.
    fn check_link_and_steps(&self, problems: &mut Vec<String>) {
        if let Some(url) = &self.pdf_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            problems.push("pdf_url: must be an http or https address".to_owned());
        }
        if self
            .steps_period_days
            .is_some_and(|d| !(1..=365).contains(&d))
        {
            problems.push("steps_period_days: must be between 1 and 365".to_owned());
        }
        if self.steps_due.is_some_and(|d| d < self.date) {
            problems.push("steps_due: cannot be before the notice's date".to_owned());
        }
    }

    /// The entry the line describes, or every problem with it.
    ///
    /// # Errors
    /// One message per problem, naming the field.
    pub fn into_entry(self) -> Result<Entry, Vec<String>> {
        let mut problems = Vec::new();
        let reference = CaseReference::parse(&self.reference)
            .map_err(|m| problems.push(format!("reference: {m}")))
            .ok();
        let sector = sector_of(&self.sector);
        if sector.is_none() {
            problems.push(format!(
                "sector: \"{}\" is not a sector: use {}",
                self.sector,
                Sector::ALL
                    .iter()
                    .map(|s| s.slug())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let regime = Regime::from_slug(&self.regime)
            .map_err(|m| problems.push(format!("regime: {m}")))
            .ok();
        required(&mut problems, "authority", &self.authority);
        required(&mut problems, "abstract", &self.summary);
        required(&mut problems, "text", &self.text);
        let provisions = provisions_of(&self.provisions, &mut problems);
        let appeal = match self.appeal.as_deref().map(str::trim) {
            None | Some("") => Some(AppealStatus::None),
            Some(a) => AppealStatus::from_slug(a),
        };
        if appeal.is_none() {
            problems.push("appeal: use none, lodged or determined".to_owned());
        }
        let dates = KeyDates {
            request_received: self.request_received,
            response_sent: self.response_sent,
            review_requested: self.review_requested,
            review_completed: self.review_completed,
            complaint_received: self.complaint_received,
            allocated_on: self.allocated_on,
        };
        check_order(&dates, self.date, &mut problems);
        self.check_link_and_steps(&mut problems);
        match (reference, sector, regime, appeal) {
            (Some(reference), Some(sector), Some(regime), Some(appeal)) if problems.is_empty() => {
                Ok(Entry {
                    reference: reference.as_str().to_owned(),
                    source: Source::Imported,
                    visibility: Visibility::Published,
                    issued_on: self.date,
                    authority_id: None,
                    authority_name: self.authority.trim().to_owned(),
                    sector,
                    regime,
                    summary: self.summary.trim().to_owned(),
                    body: self.text,
                    structure: None,
                    dates,
                    steps_period_days: self.steps_period_days,
                    steps_due: self.steps_due,
                    appeal: super::appeal::PublicAppeal {
                        status: appeal,
                        tribunal_reference: self
                            .tribunal_reference
                            .map(|t| t.trim().to_owned())
                            .filter(|t| !t.is_empty()),
                        ..super::appeal::PublicAppeal::default()
                    },
                    provisions,
                    pdf_url: self.pdf_url,
                })
            }
            _ => Err(problems),
        }
    }
}

/// The key dates happen in order, all before the notice: request, response, review asked for,
/// review completed, complaint, allocation.
fn check_order(dates: &KeyDates, notice: NaiveDate, problems: &mut Vec<String>) {
    let ordered = [
        ("request_received", dates.request_received),
        ("response_sent", dates.response_sent),
        ("review_requested", dates.review_requested),
        ("review_completed", dates.review_completed),
        ("complaint_received", dates.complaint_received),
        ("allocated_on", dates.allocated_on),
    ];
    let mut last: Option<(&str, NaiveDate)> = None;
    for (name, date) in ordered {
        let Some(date) = date else { continue };
        if date > notice {
            problems.push(format!(
                "{name}: {date} is after the notice's date {notice}"
            ));
        }
        if let Some((before, earlier)) = last
            && date < earlier
        {
            problems.push(format!("{name}: {date} is before {before} ({earlier})"));
        }
        last = Some((name, date));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(extra: &str) -> HistoricalNotice {
        let text = format!(
            r#"{{"reference": "fs50123456", "date": "2019-03-04", "authority": "Home Office",
                "sector": "Central government", "regime": "foia", "abstract": "The complainant asked.",
                "text": "The complainant asked for records.",
                "provisions": [{{"provision": "FOI 40(2)", "outcome": "Complaint not upheld"}}]{extra}}}"#
        );
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    #[test]
    fn a_line_in_the_registers_words_becomes_an_entry_in_stored_forms() {
        let entry = line("").into_entry().unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(entry.reference, "FS50123456");
        assert_eq!(entry.sector, Sector::CentralGovernment);
        assert_eq!(
            entry.provisions,
            vec![("s40(2)".to_owned(), Outcome::NotUpheld)]
        );
        assert_eq!(entry.appeal.status, AppealStatus::None);
    }

    #[test]
    fn every_problem_of_a_line_is_named() {
        let bad = line(
            r#", "request_received": "2019-05-01", "response_sent": "2019-04-01",
               "pdf_url": "javascript:alert(1)", "appeal": "maybe", "steps_period_days": 0"#,
        );
        let problems = bad.into_entry().err().unwrap_or_default();
        let fields: Vec<&str> = problems
            .iter()
            .map(|p| p.split(':').next().unwrap_or_default())
            .collect();
        for field in [
            "request_received",
            "response_sent",
            "pdf_url",
            "appeal",
            "steps_period_days",
        ] {
            assert!(fields.contains(&field), "{field} in {problems:?}");
        }
    }
}
