//! The background worker: each tick runs the scheduler's pass (queueing today's reminders) and
//! then sends what the outbox holds. Sending never happens inside a web request. Before a
//! reminder goes, its deadline is evaluated again: one that moved or was met is cancelled, not
//! sent. A failed delivery waits with exponential backoff; after the configured attempts the
//! message is marked failed for an admin to retry. Tests drive [`Worker::tick`] directly.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Pool;
use crate::domain::calendar::Calendars;
use crate::domain::deadline::Status;
use crate::domain::settings::ClockSettings;
use crate::mail::{self, MailSettings, Transport};
use crate::service::ServiceError;
use crate::service::outbox::{self, OutboxMessage};
use crate::service::reminders::{self, Pass, PassSummary};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// Everything the worker needs, built once.
pub struct Worker {
    /// Database connections.
    pub pool: Pool,
    /// Where "today" comes from.
    pub clock: Clock,
    /// Deadline settings.
    pub settings: ClockSettings,
    /// Calendars built from them.
    pub calendars: Arc<Calendars>,
    /// Email settings.
    pub mail: MailSettings,
    /// Where emails go.
    pub transport: Arc<Transport>,
    /// This worker's name in claims (host, process and a random part).
    pub id: String,
}

/// What one dispatch did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dispatched {
    /// Delivered.
    pub sent: usize,
    /// Failed this time, to be retried.
    pub retrying: usize,
    /// Failed for good.
    pub failed: usize,
    /// Not sent: the deadline moved or was met, or the party opted out.
    pub cancelled: usize,
}

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tick {
    /// The scheduler's pass.
    pub planned: PassSummary,
    /// The outbox's dispatch.
    pub dispatched: Dispatched,
}

/// A name unique to this process, for claims.
#[must_use]
pub fn worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "host".to_owned());
    format!(
        "{host}:{}:{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

impl Worker {
    /// A worker over `pool`, building the calendars once and naming itself for claims.
    #[must_use]
    pub fn new(
        pool: Pool,
        clock: Clock,
        settings: ClockSettings,
        mail: MailSettings,
        transport: Transport,
    ) -> Self {
        let calendars = Arc::new(Calendars::build(&settings.calendar_options()));
        Worker {
            pool,
            clock,
            settings,
            calendars,
            mail,
            transport: Arc::new(transport),
            id: worker_id(),
        }
    }

    /// The worker the service's settings describe (its clock, deadline and email settings and
    /// transport), over an open pool.
    ///
    /// # Errors
    /// An SMTP URL that cannot be read, or an outbox folder that cannot be made.
    pub fn from_settings(settings: &Settings, pool: Pool) -> anyhow::Result<Self> {
        let transport =
            Transport::from_settings(settings.smtp_url.as_deref(), settings.outbox_dir.clone())
                .map_err(anyhow::Error::msg)?;
        Ok(Worker::new(
            pool,
            settings.clock,
            settings.clock_settings.clone(),
            settings.mail.clone(),
            transport,
        ))
    }

    /// One scheduler pass then one dispatch.
    ///
    /// # Errors
    /// Database failures (a delivery failure is recorded on its message, not returned).
    pub fn tick(&self) -> Result<Tick, ServiceError> {
        let planned = self.plan(false)?;
        let dispatched = self.dispatch()?;
        Ok(Tick {
            planned,
            dispatched,
        })
    }

    /// The scheduler's pass alone (what `section50 remind` runs).
    ///
    /// # Errors
    /// Database failures.
    pub fn plan(&self, dry_run: bool) -> Result<PassSummary, ServiceError> {
        self.plan_as_of(self.clock.today(), dry_run)
    }

    /// The scheduler's pass as on another day.
    ///
    /// # Errors
    /// Database failures.
    pub fn plan_as_of(
        &self,
        today: chrono::NaiveDate,
        dry_run: bool,
    ) -> Result<PassSummary, ServiceError> {
        let mut conn = self.connection()?;
        let offsets = outbox::offsets(&mut conn)?;
        let pass = Pass {
            today,
            now: self.clock.now(),
            settings: &self.settings,
            calendars: &self.calendars,
            mail: &self.mail,
        };
        reminders::run(&mut conn, &pass, &offsets, dry_run)
    }

    fn connection(&self) -> Result<crate::db::PooledConnection, ServiceError> {
        self.pool
            .get()
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("no database connection: {e}")))
    }

    /// Sends what is due in the outbox, in batches, until nothing due is left.
    ///
    /// # Errors
    /// Database failures.
    pub fn dispatch(&self) -> Result<Dispatched, ServiceError> {
        let mut done = Dispatched::default();
        let mut conn = self.connection()?;
        // Bounded, so that one tick cannot run forever while messages keep arriving.
        for _ in 0..50 {
            let batch = outbox::claim(&mut conn, self.clock.now(), &self.id, 20)?;
            if batch.is_empty() {
                break;
            }
            for row in batch {
                self.deliver(&mut conn, &row, &mut done)?;
            }
        }
        Ok(done)
    }

    fn deliver(
        &self,
        conn: &mut crate::db::AnyConnection,
        row: &OutboxMessage,
        done: &mut Dispatched,
    ) -> Result<(), ServiceError> {
        let rules = crate::domain::case::Rules {
            settings: &self.settings,
            calendars: &self.calendars,
            today: self.clock.today(),
        };
        let case = match row.case_id {
            Some(id) => crate::service::cases::state_by_id(conn, id, &rules)?,
            None => None,
        };
        if let Some(why) = Self::stale(row, case.as_ref()) {
            outbox::cancel(conn, row.id, &why)?;
            done.cancelled += 1;
            return Ok(());
        }
        if !row.statutory && outbox::opted_out(conn, &row.recipient)? {
            outbox::cancel(conn, row.id, "the recipient opted out of reminders")?;
            done.cancelled += 1;
            return Ok(());
        }
        let rendered = mail::Rendered {
            subject: row.subject.clone(),
            text: row.body_text.clone(),
            html: row.body_html.clone(),
        };
        let attachments = outbox::attachments(conn, row.id)?;
        let result = mail::message(
            &self.mail.from,
            &row.recipient,
            &rendered,
            case.as_ref().map(|(reference, _)| reference.as_str()),
            &attachments,
        )
        .and_then(|m| self.transport.deliver(&m));
        let now = self.clock.now();
        match result {
            Ok(()) => {
                outbox::mark_sent(conn, now, row.id, &self.id)?;
                done.sent += 1;
            }
            Err(error) => {
                // The error names the server's refusal; the message itself is never logged.
                tracing::warn!(message_id = row.id, attempt = row.attempts + 1, %error, "email not delivered");
                if outbox::mark_attempt_failed(conn, now, row, &error, self.mail.max_attempts)? {
                    done.retrying += 1;
                } else {
                    done.failed += 1;
                }
            }
        }
        Ok(())
    }

    /// Why a reminder should no longer go: its deadline moved, was met, or its case closed.
    fn stale(
        row: &OutboxMessage,
        case: Option<&(String, crate::domain::case::CaseState)>,
    ) -> Option<String> {
        let (Some(name), Some(date), Some((_, state))) =
            (&row.deadline_name, row.deadline_date, case)
        else {
            return None;
        };
        let current = state
            .evaluation
            .deadlines
            .iter()
            .find(|d| d.name.slug() == name);
        match current {
            None => Some(format!("the case no longer has the deadline {name}")),
            Some(d) if d.date != Some(date) => Some(format!(
                "the deadline moved from {date} to {}",
                d.date
                    .map_or_else(|| "no date".to_owned(), |n| n.to_string())
            )),
            Some(d)
                if !matches!(
                    d.status,
                    Status::Pending | Status::DueToday | Status::Overdue
                ) =>
            {
                Some("the deadline was met".to_owned())
            }
            Some(_) => None,
        }
    }

    /// Runs ticks every `interval` on a thread of its own, for as long as the process lives.
    #[must_use]
    pub fn spawn(self, interval: Duration) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            loop {
                match self.tick() {
                    Ok(t) if t.planned.queued + t.dispatched.sent + t.dispatched.failed > 0 => {
                        tracing::info!(
                            queued = t.planned.queued,
                            sent = t.dispatched.sent,
                            retrying = t.dispatched.retrying,
                            failed = t.dispatched.failed,
                            cancelled = t.dispatched.cancelled,
                            "outbox"
                        );
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = format!("{e:#}"), "scheduler tick failed"),
                }
                std::thread::sleep(interval);
            }
        })
    }
}
