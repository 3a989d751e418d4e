//! Working-day arithmetic over a million random dates: the O(1) table lookups against a plain
//! day-by-day loop over the same calendar, measured in the same run (report the ratio).

#![expect(
    missing_docs,
    reason = "criterion_group! generates an undocumented public function"
)]

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use section50::domain::calendar::{CalendarKind, WorkingCalendar};
use section50::domain::deadline::default_calendars;
use std::hint::black_box;

const N: usize = 1_000_000;

/// A deterministic pseudo-random stream (xorshift), so every run measures the same dates.
fn dates() -> Vec<(NaiveDate, NaiveDate, u32)> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let base = NaiveDate::from_ymd_opt(1975, 1, 1).unwrap_or_default();
    (0..N)
        .map(|_| {
            let a = base + Duration::days((next() % (120 * 365)) as i64);
            let b = a + Duration::days((next() % 120) as i64);
            (a, b, (next() % 60) as u32)
        })
        .collect()
}

/// The baseline: step one day at a time, asking the calendar about each day (the per-day
/// question itself is O(1), so this measures only the loop).
fn loop_count(cal: &WorkingCalendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && cal.is_working_day(d).unwrap_or(false)
        {
            n += 1;
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let cal = default_calendars().get(CalendarKind::UkUnion);
    let input = dates();
    let mut group = c.benchmark_group("working_days");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(10);
    group.bench_function("count_table", |b| {
        b.iter(|| {
            let mut total = 0i64;
            for &(a, z, _) in &input {
                total += cal.working_days_between(a, z).unwrap_or(0);
            }
            black_box(total)
        });
    });
    group.bench_function("add_table", |b| {
        b.iter(|| {
            let mut total = 0i32;
            for &(a, _, n) in &input {
                total = total.wrapping_add(
                    cal.add_working_days(a, n)
                        .map(|d| d.ordinal() as i32)
                        .unwrap_or(0),
                );
            }
            black_box(total)
        });
    });
    group.finish();
    let mut group = c.benchmark_group("working_days_baseline");
    group.throughput(Throughput::Elements((N / 100) as u64));
    group.sample_size(10);
    group.bench_function("count_day_by_day", |b| {
        b.iter(|| {
            let mut total = 0i64;
            for &(a, z, _) in input.iter().take(N / 100) {
                total += loop_count(cal, a, z);
            }
            black_box(total)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
