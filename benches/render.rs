//! Rendering the seed decision notice (73 paragraphs, 7 footnotes) to PDF in process:
//! the first render in a process (fonts included), and renders of notices the process has not
//! rendered before (the seed with one paragraph edited each time: re-rendering identical input
//! would be a memoisation hit and prove nothing). Also prints resident memory after 200 distinct
//! notices.

#![expect(
    missing_docs,
    reason = "criterion_group! generates an undocumented public function"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use section50::domain::notice::{Block, Notice, Part, Run};
use std::hint::black_box;
use std::time::Instant;

fn seed() -> Notice {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/notices/seed-004.json"
    ))
    .unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("seed notice: {e}"))
}

/// The seed with paragraph 30's text changed to include `n`.
fn edited(base: &Notice, n: u64) -> Notice {
    let mut notice = base.clone();
    let mut count = 0;
    for s in &mut notice.sections {
        for b in &mut s.blocks {
            if let Block::Paragraph { parts, .. } = b {
                count += 1;
                if count == 30
                    && let Some(Part::Text { runs }) = parts.first_mut()
                {
                    runs.push(Run::text(format!(" (edit {n})")));
                }
            }
        }
    }
    notice
}

fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_owned)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn bench(c: &mut Criterion) {
    let base = seed();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 2, 8).unwrap_or_default();
    let started = Instant::now();
    let first = section50::pdf::render(
        &base.resolve(true).unwrap_or_else(|_| panic!("resolves")),
        today,
    );
    println!(
        "first render in this process (fonts included): {:?}, {} bytes",
        started.elapsed(),
        first.map(|p| p.len()).unwrap_or(0)
    );

    let mut n = 0u64;
    let mut group = c.benchmark_group("render");
    group.sample_size(20);
    group.bench_function("unseen_seed_notice", |b| {
        b.iter(|| {
            n += 1;
            let notice = edited(&base, n);
            black_box(section50::pdf::render(
                &notice.resolve(true).unwrap_or_else(|_| panic!("resolves")),
                today,
            ))
        });
    });
    group.finish();

    for i in 0..200 {
        let notice = edited(&base, 1_000_000 + i);
        let _ = section50::pdf::render(
            &notice.resolve(true).unwrap_or_else(|_| panic!("resolves")),
            today,
        );
    }
    println!(
        "resident memory after 200 more distinct notices: {:.0} MB",
        resident_mb()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
