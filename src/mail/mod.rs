//! Emails: tera templates under `templates/emails/<kind>/` (subject, text and HTML parts)
//! rendered into messages, and the transports that deliver them (SMTP with STARTTLS or
//! implicit TLS and authentication, or `.eml` files for local use).

use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, header};
use lettre::{FileTransport, Message, SmtpTransport, Transport as _};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;

/// Who emails come from, whom to contact, and where links point; loaded once at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// The sender, e.g. `Casework <casework@ico.example>` (`SECTION50_MAIL_FROM`).
    pub from: String,
    /// The address parties write to (`SECTION50_CONTACT_EMAIL`).
    pub contact: String,
    /// The service's address for links in emails (`SECTION50_PUBLIC_URL`).
    pub public_url: String,
    /// Attempts before a message is marked failed (`SECTION50_MAIL_ATTEMPTS`).
    pub max_attempts: i32,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            from: "section50 casework <casework@section50.invalid>".to_owned(),
            contact: "casework@section50.invalid".to_owned(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            max_attempts: 8,
        }
    }
}

/// What an email is about; each has a folder of templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// To the authority: a complaint about it was received.
    ComplaintReceivedAuthority,
    /// To the complainant: their complaint was received, with its reference.
    ComplaintReceivedComplainant,
    /// To the complainant: a case officer has the case.
    CaseAllocated,
    /// To the authority: the decision notice, with any steps and their date.
    NoticeIssuedAuthority,
    /// To the complainant: the decision notice, with the last day to appeal.
    NoticeIssuedComplainant,
    /// To the authority: a letter's response date is near, today, or missed.
    LetterReminder,
    /// To the authority: steps are due soon, or overdue.
    StepsReminder,
    /// To an officer: their cases due within days or overdue.
    OfficerDigest,
    /// To a manager: overdue stages and cases past the service standard.
    ManagerSummary,
    /// To the managers: a decision notice awaits approval.
    NoticeSubmitted,
    /// To the notice's authors: a manager returned it with a comment.
    NoticeReturned,
    /// To the notice's authors: a manager approved it.
    NoticeApproved,
    /// To the complainant: the authority appealed the notice, and how to ask to be joined.
    AppealLodgedComplainant,
    /// To the case's officer: the Commissioner's response to a notice of appeal is due.
    AppealResponseDue,
    /// To a party: how the tribunal decided the appeal.
    AppealOutcome,
    /// To the case's officer (or the managers): the Commissioner's response to a notice of
    /// appeal is due soon, today, or was missed.
    AppealResponseReminder,
}

impl EmailKind {
    /// Every kind.
    pub const ALL: [EmailKind; 16] = [
        EmailKind::ComplaintReceivedAuthority,
        EmailKind::ComplaintReceivedComplainant,
        EmailKind::CaseAllocated,
        EmailKind::NoticeIssuedAuthority,
        EmailKind::NoticeIssuedComplainant,
        EmailKind::LetterReminder,
        EmailKind::StepsReminder,
        EmailKind::OfficerDigest,
        EmailKind::ManagerSummary,
        EmailKind::NoticeSubmitted,
        EmailKind::NoticeReturned,
        EmailKind::NoticeApproved,
        EmailKind::AppealLodgedComplainant,
        EmailKind::AppealResponseDue,
        EmailKind::AppealOutcome,
        EmailKind::AppealResponseReminder,
    ];

    /// The identifier (the template folder's name, stored in the outbox).
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            EmailKind::ComplaintReceivedAuthority => "complaint_received_authority",
            EmailKind::ComplaintReceivedComplainant => "complaint_received_complainant",
            EmailKind::CaseAllocated => "case_allocated",
            EmailKind::NoticeIssuedAuthority => "notice_issued_authority",
            EmailKind::NoticeIssuedComplainant => "notice_issued_complainant",
            EmailKind::LetterReminder => "letter_reminder",
            EmailKind::StepsReminder => "steps_reminder",
            EmailKind::OfficerDigest => "officer_digest",
            EmailKind::ManagerSummary => "manager_summary",
            EmailKind::NoticeSubmitted => "notice_submitted",
            EmailKind::NoticeReturned => "notice_returned",
            EmailKind::NoticeApproved => "notice_approved",
            EmailKind::AppealLodgedComplainant => "appeal_lodged_complainant",
            EmailKind::AppealResponseDue => "appeal_response_due",
            EmailKind::AppealOutcome => "appeal_outcome",
            EmailKind::AppealResponseReminder => "appeal_response_reminder",
        }
    }

    /// Whether the law requires it (a decision notice must be served on both parties, FOIA
    /// s50(3)(b)): such messages go even to a party who opted out of reminders.
    #[must_use]
    pub fn statutory(self) -> bool {
        matches!(
            self,
            EmailKind::NoticeIssuedAuthority | EmailKind::NoticeIssuedComplainant
        )
    }
}

macro_rules! email_templates {
    ($($kind:literal),+ $(,)?) => {
        [$(
            (concat!($kind, "/subject.txt"), include_str!(concat!("../../templates/emails/", $kind, "/subject.txt"))),
            (concat!($kind, "/body.txt"), include_str!(concat!("../../templates/emails/", $kind, "/body.txt"))),
            (concat!($kind, "/body.html"), include_str!(concat!("../../templates/emails/", $kind, "/body.html"))),
        )+]
    };
}

static TEMPLATES: LazyLock<Result<tera::Tera, String>> = LazyLock::new(|| {
    let mut tera = tera::Tera::default();
    // HTML parts are escaped; subjects and text parts are plain text and must not be.
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(email_templates!(
        "complaint_received_authority",
        "complaint_received_complainant",
        "case_allocated",
        "notice_issued_authority",
        "notice_issued_complainant",
        "letter_reminder",
        "steps_reminder",
        "officer_digest",
        "manager_summary",
        "notice_submitted",
        "notice_returned",
        "notice_approved",
        "appeal_lodged_complainant",
        "appeal_response_due",
        "appeal_outcome",
        "appeal_response_reminder",
    ))
    .map_err(|e| format!("email templates do not parse: {e:?}"))?;
    Ok(tera)
});

/// An email's three parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// One line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// Renders an email of a kind from its context.
///
/// # Errors
/// A template that does not parse or a value it needs that the context lacks.
pub fn render<T: Serialize>(kind: EmailKind, context: &T) -> Result<Rendered, String> {
    let tera = TEMPLATES.as_ref().map_err(Clone::clone)?;
    let context = tera::Context::from_serialize(context).map_err(|e| e.to_string())?;
    let part = |name: &str| {
        tera.render(&format!("{}/{name}", kind.slug()), &context)
            .map_err(|e| format!("email {} {name}: {e:?}", kind.slug()))
    };
    Ok(Rendered {
        subject: part("subject.txt")?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        text: part("body.txt")?,
        html: part("body.html")?,
    })
}

/// Where emails go.
pub enum Transport {
    /// An SMTP server (`SECTION50_SMTP_URL`).
    Smtp(Box<SmtpTransport>),
    /// `.eml` files in a folder (the local default: `data/outbox/`).
    Files(PathBuf),
}

impl Transport {
    /// From an SMTP URL, as lettre reads it: `smtp://host:25` (plain, for a local relay),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://user:password@host:465`
    /// (implicit TLS). Without a URL, files under `dir`.
    ///
    /// # Errors
    /// A URL lettre cannot read, or a folder that cannot be made.
    pub fn from_settings(smtp_url: Option<&str>, dir: PathBuf) -> Result<Self, String> {
        match smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => {
                let transport = SmtpTransport::from_url(url)
                    .map_err(|e| format!("SECTION50_SMTP_URL: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(Transport::Smtp(Box::new(transport)))
            }
            None => {
                std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("cannot make the outbox folder {}: {e}", dir.display()))?;
                Ok(Transport::Files(dir))
            }
        }
    }

    /// What it is, for the start-up message (no credentials).
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP (SECTION50_SMTP_URL)".to_owned(),
            Transport::Files(dir) => format!("files in {}", dir.display()),
        }
    }

    /// Delivers one message.
    ///
    /// # Errors
    /// The server's or the file system's refusal, in words (no message content).
    pub fn deliver(&self, message: &Message) -> Result<(), String> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(dir) => FileTransport::new(dir)
                .send(message)
                .map(|_| ())
                .map_err(|e| e.to_string()),
        }
    }
}

/// A file sent with an email (a decision notice's PDF copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the recipient sees.
    pub filename: String,
    /// Its MIME type, e.g. `application/pdf`.
    pub content_type: String,
    /// Its bytes.
    pub content: Vec<u8>,
}

/// Builds the MIME message of a rendered email, with its attachments after the text and HTML
/// parts (`multipart/mixed` when there are any).
///
/// # Errors
/// An address that is not a mailbox, or an attachment type that is not a MIME type.
pub fn message(
    from: &str,
    to: &str,
    rendered: &Rendered,
    reference: Option<&str>,
    attachments: &[Attachment],
) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("sender {from}: {e}"))?;
    let to: Mailbox = to.parse().map_err(|e| format!("recipient address: {e}"))?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(rendered.subject.clone());
    if let Some(r) = reference {
        builder = builder.header(CaseReferenceHeader(r.to_owned()));
    }
    let body = MultiPart::alternative_plain_html(rendered.text.clone(), rendered.html.clone());
    if attachments.is_empty() {
        return builder.multipart(body).map_err(|e| e.to_string());
    }
    let mut mixed = MultiPart::mixed().multipart(body);
    for a in attachments {
        let content_type = header::ContentType::parse(&a.content_type)
            .map_err(|e| format!("attachment {}: {e}", a.filename))?;
        mixed = mixed.singlepart(
            MimeAttachment::new(a.filename.clone()).body(a.content.clone(), content_type),
        );
    }
    builder.multipart(mixed).map_err(|e| e.to_string())
}

/// `X-Case-Reference`: lets mail rules file a message with its case.
#[derive(Debug, Clone)]
struct CaseReferenceHeader(String);

impl header::Header for CaseReferenceHeader {
    fn name() -> header::HeaderName {
        header::HeaderName::new_from_ascii_str("X-Case-Reference")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(CaseReferenceHeader(s.to_owned()))
    }

    fn display(&self) -> header::HeaderValue {
        header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_email_template_parses() {
        if let Err(e) = super::TEMPLATES.as_ref() {
            panic!("{e}");
        }
    }
}
