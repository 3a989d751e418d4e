//! Typesetting decision notices to PDF with the typst crate, in process.
//!
//! The world is built once and fed data, not code (DESIGN.md convention 15): the embedded fonts
//! (no system fonts) and the template from `typst/` load once; each render supplies the resolved
//! notice as the virtual file `/data.json` and a fixed `today`. Nothing else is readable: every
//! other path, package or file gets `AccessDenied`, so user text can never reach the file system
//! and is never evaluated as markup.

use crate::domain::notice::ResolvedNotice;
use chrono::{Datelike, NaiveDate};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The template, embedded at build time from `typst/` (no file access at render time).
const TEMPLATE: &str = include_str!("../../typst/decision-notice.typ");

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// The notice's sans-serif face, DejaVu Sans (licence in `assets/fonts/`), embedded at build
/// time.
const NOTICE_FONTS: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-BoldOblique.ttf"),
];

/// Fonts parsed once per process.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = NOTICE_FONTS
        .into_iter()
        .chain(typst_assets::fonts())
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

fn project_file(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
}

static MAIN_ID: LazyLock<Option<FileId>> = LazyLock::new(|| project_file("/decision-notice.typ"));
static DATA_ID: LazyLock<Option<FileId>> = LazyLock::new(|| project_file("/data.json"));

/// Why a notice could not be typeset.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The notice could not be serialised.
    #[error("the notice could not be prepared for typesetting: {0}")]
    Data(String),
    /// typst refused the document.
    #[error("the notice could not be typeset: {0}")]
    Typeset(String),
    /// Every render slot is taken and the queue for them is full: try again shortly.
    #[error("too many notices are being typeset at the moment")]
    Busy,
}

struct NoticeWorld {
    main: FileId,
    data_id: FileId,
    source: Source,
    data: Bytes,
    today: Option<Datetime>,
}

impl World for NoticeWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

/// Typesets a resolved notice to PDF bytes. The same input gives byte-identical output.
///
/// # Errors
/// [`RenderError`] with a message for people, never a panic.
pub fn render(notice: &ResolvedNotice, today: NaiveDate) -> Result<Vec<u8>, RenderError> {
    let started = std::time::Instant::now();
    let result = render_unmeasured(notice, today);
    RENDERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    RENDER_MICROS.fetch_add(
        u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        std::sync::atomic::Ordering::Relaxed,
    );
    result
}

static RENDERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static RENDER_MICROS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Notices typeset by this process and the seconds spent on them (for `/metrics`).
#[must_use]
pub fn render_stats() -> (u64, f64) {
    let micros = RENDER_MICROS.load(std::sync::atomic::Ordering::Relaxed);
    #[expect(clippy::cast_precision_loss, reason = "seconds for a dashboard")]
    let seconds = micros as f64 / 1e6;
    (RENDERS.load(std::sync::atomic::Ordering::Relaxed), seconds)
}

fn render_unmeasured(notice: &ResolvedNotice, today: NaiveDate) -> Result<Vec<u8>, RenderError> {
    let (Some(main), Some(data_id)) = (*MAIN_ID, *DATA_ID) else {
        return Err(RenderError::Typeset(
            "the template paths are invalid".to_owned(),
        ));
    };
    let json = serde_json::to_vec(notice).map_err(|e| RenderError::Data(e.to_string()))?;
    let world = NoticeWorld {
        main,
        data_id,
        source: Source::new(main, TEMPLATE.to_owned()),
        data: Bytes::new(json),
        today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8),
    };
    let result = typst::compile::<PagedDocument>(&world).output;
    let pdf = result
        .and_then(|doc| typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()))
        .map_err(|diags| {
            RenderError::Typeset(
                diags
                    .iter()
                    .map(|d| d.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        });
    // Keep memory flat: drop memoised results older than a couple of renders.
    typst::comemo::evict(2);
    pdf
}

/// At most this many renders run at once: typesetting is CPU-bound.
const RENDER_SLOTS: usize = 2;
/// At most this many requests wait for a slot; the next is refused at once ([`RenderError::Busy`],
/// a 503 with `Retry-After`) rather than queueing without bound.
const RENDER_QUEUE: usize = 6;

/// Slots in use and requests waiting for one.
struct Slots {
    in_use: usize,
    waiting: usize,
}

static SLOTS: std::sync::Mutex<Slots> = std::sync::Mutex::new(Slots {
    in_use: 0,
    waiting: 0,
});
static SLOT_FREED: std::sync::Condvar = std::sync::Condvar::new();

fn slots() -> std::sync::MutexGuard<'static, Slots> {
    SLOTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A render slot, held from [`RenderPermit::acquire`] until dropped. Take it before a database
/// connection, so that requests waiting to be typeset never hold connections others need.
#[derive(Debug)]
pub struct RenderPermit(());

impl RenderPermit {
    /// Waits for a free slot (call it off the request threads).
    ///
    /// # Errors
    /// [`RenderError::Busy`] at once when the queue of waiting requests is full.
    pub fn acquire() -> Result<RenderPermit, RenderError> {
        let mut slots = slots();
        if slots.in_use >= RENDER_SLOTS {
            if slots.waiting >= RENDER_QUEUE {
                return Err(RenderError::Busy);
            }
            slots.waiting += 1;
            while slots.in_use >= RENDER_SLOTS {
                slots = SLOT_FREED
                    .wait(slots)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            slots.waiting -= 1;
        }
        slots.in_use += 1;
        Ok(RenderPermit(()))
    }

    /// [`render`] in this slot; a panic in the typesetter is an error, not a lost slot.
    ///
    /// # Errors
    /// As [`render`].
    pub fn render(
        &self,
        notice: &ResolvedNotice,
        today: NaiveDate,
    ) -> Result<Vec<u8>, RenderError> {
        std::panic::catch_unwind(|| render(notice, today)).unwrap_or_else(|_| {
            Err(RenderError::Typeset(
                "the typesetter failed unexpectedly".to_owned(),
            ))
        })
    }
}

impl Drop for RenderPermit {
    fn drop(&mut self) {
        slots().in_use -= 1;
        SLOT_FREED.notify_one();
    }
}

/// [`render`] in a slot of its own: [`RenderPermit::acquire`] then [`RenderPermit::render`].
///
/// # Errors
/// As both.
pub fn render_bounded(notice: &ResolvedNotice, today: NaiveDate) -> Result<Vec<u8>, RenderError> {
    RenderPermit::acquire()?.render(notice, today)
}

/// Loads the fonts now (a few hundred milliseconds) rather than on the first request.
pub fn warm_up() {
    LazyLock::force(&FONTS);
    LazyLock::force(&LIBRARY);
}
