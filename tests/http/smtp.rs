//! A real SMTP server for the email tests: Debian's aiosmtpd, storing each message it accepts
//! in a Maildir we read back. Started in its own process group on a free port; stopped (and
//! restartable on the same port) by the test. A message read back splits into its MIME parts,
//! and a PDF attached reads as text through `pdftotext`.

use base64::Engine;
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

/// One MIME part: its headers (lower-cased, for matching; and as written) and its decoded body.
pub struct Part {
    pub headers: String,
    pub written: String,
    pub body: Vec<u8>,
}

/// Splits a message into its leaf parts, decoding base64 and quoted-printable bodies.
pub fn parts(message: &Received) -> Vec<Part> {
    let raw = message.raw.replace("\r\n", "\n");
    let boundaries: Vec<String> = raw
        .match_indices("boundary=\"")
        .filter_map(|(i, m)| raw[i + m.len()..].split('"').next().map(str::to_owned))
        .collect();
    let mut chunks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in raw.lines() {
        if boundaries
            .iter()
            .any(|b| line.starts_with(&format!("--{b}")))
        {
            chunks.push(Vec::new());
        } else if let Some(last) = chunks.last_mut() {
            last.push(line);
        }
    }
    chunks
        .into_iter()
        .skip(1)
        .filter_map(|lines| {
            let blank = lines.iter().position(|l| l.is_empty())?;
            let written = lines[..blank].join("\n");
            let headers = written.to_lowercase();
            if headers.contains("multipart/") || headers.is_empty() {
                return None;
            }
            let body = lines[blank + 1..].join("\n");
            let body = if headers.contains("content-transfer-encoding: base64") {
                base64::engine::general_purpose::STANDARD
                    .decode(body.split_whitespace().collect::<String>())
                    .expect("base64 body")
            } else if headers.contains("content-transfer-encoding: quoted-printable") {
                quoted_printable(&body)
            } else {
                body.into_bytes()
            };
            Some(Part {
                headers,
                written,
                body,
            })
        })
        .collect()
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The text of a PDF, as `pdftotext` extracts it.
pub fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("notice.pdf");
    std::fs::write(&path, pdf).expect("written");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext reads the PDF");
    // Lines joined: a name may be wrapped at the end of a line.
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The PDF attached to a message (its name and bytes) and the download link in its text part.
pub fn attachment_and_link(message: &Received) -> (String, Vec<u8>, String) {
    let parts = parts(message);
    let pdfs: Vec<&Part> = parts
        .iter()
        .filter(|p| p.headers.contains("content-type: application/pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "one PDF attached");
    // `filename="…"`, or as RFC 2231 continues it, `filename*0="…"`.
    let name = pdfs[0]
        .written
        .split("filename")
        .nth(1)
        .and_then(|s| s.split('"').nth(1))
        .unwrap_or_else(|| panic!("a file name in {}", pdfs[0].headers))
        .to_owned();
    let text = parts
        .iter()
        .find(|p| p.headers.contains("content-type: text/plain"))
        .map(|p| String::from_utf8_lossy(&p.body).into_owned())
        .expect("a text part");
    let link = text
        .split_whitespace()
        .find(|w| w.contains("/notices/"))
        .expect("a download link in the text")
        .to_owned();
    (name, pdfs[0].body.clone(), link)
}
