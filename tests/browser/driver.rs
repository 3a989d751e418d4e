//! A real headless Chromium driven over WebDriver (Debian's chromium and chromium-driver):
//! chromedriver is started in its own process group and the whole group is killed on drop, so
//! a failed test never leaves a browser running. Helpers fill GOV.UK forms, save screenshots
//! under `target/screenshots/`, and run axe-core in the page.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// chromedriver and the session it drives.
pub struct Browser {
    pub client: Client,
    pub base: String,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile.
    pub async fn start(base: &str) -> Browser {
        for program in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                std::path::Path::new(program).exists(),
                "{program} is missing: the browser tests need Debian's chromium and chromium-driver \
                 (scripts/test installs them with apt)"
            );
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    "--window-size=1280,1024", "--lang=en-GB",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with headless Chromium");
        Browser {
            client,
            base: base.to_owned(),
            driver,
            _profile: profile,
        }
    }

    /// Opens a page of the service.
    pub async fn go(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The current path and query.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The text of the first element matching a CSS selector.
    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .text()
            .await
            .expect("element text")
    }

    /// The whole page's visible text.
    pub async fn page_text(&self) -> String {
        self.text("body").await
    }

    /// Types into a text input or textarea, replacing what is there.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no field {css}: {e}"));
        field.clear().await.expect("clear field");
        field.send_keys(value).await.expect("type into field");
    }

    /// The current value of a form field.
    pub async fn value(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no field {css}: {e}"))
            .prop("value")
            .await
            .expect("its value")
            .unwrap_or_default()
    }

    /// Fills a GOV.UK date input (three boxes) by its id.
    pub async fn date(&self, id: &str, day: u32, month: u32, year: i32) {
        self.fill(&format!("#{id}-day"), &day.to_string()).await;
        self.fill(&format!("#{id}-month"), &month.to_string()).await;
        self.fill(&format!("#{id}-year"), &year.to_string()).await;
    }

    /// Chooses an option of a select by its value.
    pub async fn select(&self, css: &str, value: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no select {css}: {e}"))
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("no option {value} in {css}: {e}"));
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing to click at {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks a button or link that loads a new page, and waits until the new page has loaded
    /// (a click returns before the browser has navigated).
    pub async fn submit(&self, css: &str) {
        self.client
            .execute("window.__s50_previous_page = true;", vec![])
            .await
            .expect("mark the current page");
        self.click(css).await;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let loaded = self
                .client
                .execute(
                    "return !window.__s50_previous_page && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .unwrap_or(serde_json::Value::Bool(false));
            if loaded == serde_json::Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no new page loaded within 30 s after clicking {css}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Signs in through the sign-in page with a password the account's owner chose (the test
    /// app's accounts are past their first sign-in; see [`Browser::first_sign_in`]).
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.go("/sign-in").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.submit("#sign-in").await;
        assert_eq!(self.path().await, "/cases", "signed in as {email}");
    }

    /// Signs in with a one-time password, which lands on "Choose a new password", chooses
    /// `new` there and arrives at the case list.
    pub async fn first_sign_in(&self, email: &str, one_time: &str, new: &str) {
        self.go("/sign-in").await;
        self.fill("#email", email).await;
        self.fill("#password", one_time).await;
        self.submit("#sign-in").await;
        let landed = self.path().await;
        assert!(
            landed.starts_with("/account/new-password?next="),
            "a one-time password opens only the choice of a new one: {landed}"
        );
        self.screenshot("choose-password").await;
        self.assert_accessible("choose a new password").await;
        self.fill("#new", new).await;
        self.fill("#confirm", new).await;
        self.submit("#choose-password").await;
        assert_eq!(
            self.path().await,
            "/cases?done=password_chosen",
            "{email} chose a password"
        );
    }

    /// Signs out with the header's button.
    pub async fn sign_out(&self) {
        self.submit("#sign-out").await;
        assert!(
            self.path().await.starts_with("/sign-in"),
            "signing out returns to the sign-in page"
        );
    }

    /// Scrolls the element to the top of the window (for a screenshot further down a page).
    pub async fn scroll_to(&self, css: &str) {
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView(true);",
                vec![serde_json::Value::from(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {css}: {e}"));
    }

    /// Saves a screenshot as `target/screenshots/<name>.png` for reviewers.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Runs axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on the current page and fails with the
    /// violations found.
    pub async fn assert_accessible(&self, page: &str) {
        let axe = include_str!("axe.min.js");
        self.client
            .execute(axe, vec![])
            .await
            .expect("axe-core loads into the page");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        let violations: Vec<String> = serde_json::from_value(result).expect("a list of violations");
        assert!(
            violations.is_empty(),
            "accessibility violations on {page}:\n{}",
            violations.join("\n")
        );
    }

    /// Resizes the window (the layout is checked at desktop widths: 1280 and 1024 pixels).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("resize to {width}x{height}: {e}"));
    }

    /// The number of lines the element's text takes (its line boxes), as the browser laid it out.
    pub async fn lines_of(&self, css: &str) -> u64 {
        let n = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]);
                 if (!e) return -1;
                 const range = document.createRange();
                 range.selectNodeContents(e.firstChild);
                 const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                 return tops.size;",
                vec![serde_json::Value::String(css.to_owned())],
            )
            .await
            .expect("script runs");
        n.as_u64()
            .unwrap_or_else(|| panic!("{css} is not on the page"))
    }

    /// The top of the element's box in pixels, to tell which row of a wrapped list it is on.
    pub async fn top_of(&self, css: &str) -> f64 {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]);
                 return e ? e.getBoundingClientRect().top : null;",
                vec![serde_json::Value::String(css.to_owned())],
            )
            .await
            .expect("script runs")
            .as_f64()
            .unwrap_or_else(|| panic!("{css} is not on the page"))
    }

    /// Fetches a URL from inside the page (with its cookies): status, content type, and the
    /// first bytes as text.
    pub async fn fetch(&self, path: &str) -> (u16, String, String) {
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then(async r => {
                   const bytes = new Uint8Array(await r.arrayBuffer());
                   done([r.status, r.headers.get('content-type') || '', String.fromCharCode(...bytes.slice(0, 8)), bytes.length]);
                 }).catch(e => done([0, String(e), '', 0]));",
                vec![serde_json::Value::String(path.to_owned())],
            )
            .await
            .expect("fetch runs");
        let status = result[0]
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(0);
        let content_type = result[1].as_str().unwrap_or("").to_owned();
        let head = result[2].as_str().unwrap_or("").to_owned();
        (status, content_type, head)
    }
}

impl Drop for Browser {
    #[expect(
        unsafe_code,
        reason = "kill(2) of a process group has no safe wrapper in std"
    )]
    fn drop(&mut self) {
        // chromedriver and every Chromium process it started share its process group.
        if let Ok(pid) = i32::try_from(self.driver.id()) {
            // SAFETY: kill(2) on a process group we created; no memory is involved.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = self.driver.wait();
    }
}
