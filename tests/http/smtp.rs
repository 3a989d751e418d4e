//! A real SMTP server for the email tests: Debian's aiosmtpd, storing each message it accepts
//! in a Maildir we read back. Started in its own process group on a free port; stopped (and
//! restartable on the same port) by the test.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The interpreter with Debian's aiosmtpd (a pyenv `python3` first on PATH may lack it).
const PYTHON: &str = "/usr/bin/python3";

/// A running (or stopped) aiosmtpd.
pub struct SmtpServer {
    pub port: u16,
    maildir: tempfile::TempDir,
    child: Option<Child>,
}

/// A message as received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The raw message.
    pub raw: String,
}

impl Received {
    /// A header's value (first occurrence, unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_lowercase());
        let mut lines = self.raw.lines().peekable();
        while let Some(line) = lines.next() {
            if line.is_empty() {
                return None;
            }
            if line.to_lowercase().starts_with(&prefix) {
                let mut value = line[prefix.len()..].trim().to_owned();
                while let Some(next) = lines.peek() {
                    if next.starts_with(' ') || next.starts_with('\t') {
                        value.push(' ');
                        value.push_str(next.trim());
                        lines.next();
                    } else {
                        break;
                    }
                }
                return Some(value);
            }
        }
        None
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl SmtpServer {
    /// Starts a server on a free port.
    pub fn start() -> Self {
        let mut server = SmtpServer {
            port: free_port(),
            maildir: tempfile::tempdir().expect("maildir"),
            child: None,
        };
        server.resume();
        server
    }

    /// A server that is not running yet, on a port nobody listens on.
    pub fn stopped() -> Self {
        SmtpServer {
            port: free_port(),
            maildir: tempfile::tempdir().expect("maildir"),
            child: None,
        }
    }

    /// The URL the service sends to (plain SMTP on loopback).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port and Maildir.
    pub fn resume(&mut self) {
        assert!(
            std::path::Path::new(PYTHON).exists(),
            "{PYTHON} is missing: the email tests need Debian's python3-aiosmtpd (scripts/test installs it)"
        );
        let child = Command::new(PYTHON)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(self.maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("aiosmtpd starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!(
                    "aiosmtpd exited ({status}): is python3-aiosmtpd installed? scripts/test installs it"
                );
            }
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen on port {} within 15 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops it; the port refuses connections until [`SmtpServer::resume`].
    #[expect(
        unsafe_code,
        reason = "kill(2) of a process group has no safe wrapper in std"
    )]
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Ok(pid) = i32::try_from(child.id()) {
                // SAFETY: kill(2) on the process group we created.
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
            let _ = child.wait();
        }
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<Received> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let dir: PathBuf = self.maildir.path().join("mail").join(sub);
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for e in entries.flatten() {
                    if let Ok(raw) = std::fs::read_to_string(e.path()) {
                        out.push(Received { raw });
                    }
                }
            }
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}
