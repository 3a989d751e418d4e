//! Server-rendered SVG charts for the statistics: horizontal bars (with 95% interval whiskers
//! when given), and a line of shares over time. Labels are XML-escaped; no script, no external
//! resources.

use std::fmt::Write;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Its label.
    pub label: String,
    /// Its value (a share 0–1 when `whiskers` are given, else a count).
    pub value: f64,
    /// The interval, for shares.
    pub whiskers: Option<(f64, f64)>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Horizontal bars; shares are drawn on a 0–100% axis with a line at `threshold` if given.
#[must_use]
pub fn bars(title: &str, bars: &[Bar], shares: bool, threshold: Option<f64>) -> String {
    let row = 22.0;
    let left = 220.0;
    let width = 420.0;
    let top = 40.0;
    let height = top + row * bars.len() as f64 + 30.0;
    let max = if shares {
        1.0
    } else {
        bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0)
    };
    let x = |v: f64| left + width * (v / max).clamp(0.0, 1.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" viewBox="0 0 {w} {height}" role="img" aria-label="{t}"><title>{t}</title><style>text{{font-family:sans-serif;font-size:12px;fill:#0b0c0c}}</style><text x="8" y="20" style="font-size:14px;font-weight:bold">{t}</text>"#,
        w = left + width + 60.0,
        t = escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let value_text = if shares {
            format!("{:.1}%", b.value * 100.0)
        } else {
            format!("{}", b.value)
        };
        let _ = write!(
            svg,
            r##"<text x="{lx}" y="{ty}" text-anchor="end">{label}</text><rect x="{left}" y="{ry}" width="{bw:.1}" height="14" fill="#1d70b8"><title>{label}: {value_text}</title></rect>"##,
            lx = left - 6.0,
            ty = y + 12.0,
            label = escape(&b.label),
            ry = y + 1.0,
            bw = x(b.value) - left,
        );
        if let Some((lo, hi)) = b.whiskers {
            let _ = write!(
                svg,
                r##"<line x1="{a:.1}" x2="{b:.1}" y1="{m}" y2="{m}" stroke="#0b0c0c" stroke-width="1.5"/><line x1="{a:.1}" x2="{a:.1}" y1="{t1}" y2="{t2}" stroke="#0b0c0c"/><line x1="{b:.1}" x2="{b:.1}" y1="{t1}" y2="{t2}" stroke="#0b0c0c"/>"##,
                a = x(lo),
                b = x(hi),
                m = y + 8.0,
                t1 = y + 3.0,
                t2 = y + 13.0
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{vx:.1}" y="{ty}">{value_text}</text>"#,
            vx = x(b.value) + 4.0,
            ty = y + 12.0
        );
    }
    if let Some(t) = threshold {
        let _ = write!(
            svg,
            r##"<line x1="{tx:.1}" x2="{tx:.1}" y1="{top}" y2="{bottom}" stroke="#d4351c" stroke-dasharray="4 3"/><text x="{tx:.1}" y="{label_y}" text-anchor="middle" style="fill:#d4351c">{pct:.0}%</text>"##,
            tx = x(t),
            bottom = height - 24.0,
            label_y = height - 10.0,
            pct = t * 100.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// About how wide one character of an axis label is drawn (11px sans-serif), in pixels.
const CHAR_PX: f64 = 6.5;
/// The least space between two axis labels, in pixels.
const LABEL_GAP_PX: f64 = 8.0;

/// Every how many points an axis label is written, so that labels never overlap: points are
/// `spacing` pixels apart and the widest label takes `widest` characters.
fn label_step(spacing: f64, widest: usize) -> usize {
    let needed = widest as f64 * CHAR_PX + LABEL_GAP_PX;
    if spacing <= 0.0 {
        return 1;
    }
    // A small count of points: the result always fits a usize.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a positive ratio of pixels, well under usize::MAX"
    )]
    let step = (needed / spacing).ceil().max(1.0) as usize;
    step
}

/// A line of shares (0–1) over labelled periods. Axis labels are thinned (every second, third
/// … point) so that they never overlap, however many periods there are.
#[must_use]
pub fn line(title: &str, points: &[(String, f64)]) -> String {
    let (left, top, width, height) = (50.0, 40.0, 600.0, 220.0);
    let n = points.len().max(2) as f64 - 1.0;
    let px = |i: usize| left + width * i as f64 / n;
    let py = |v: f64| top + height * (1.0 - v.clamp(0.0, 1.0));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{t}"><title>{t}</title><style>text{{font-family:sans-serif;font-size:11px;fill:#0b0c0c}}</style><text x="8" y="20" style="font-size:14px;font-weight:bold">{t}</text>"#,
        w = left + width + 30.0,
        h = top + height + 50.0,
        t = escape(title)
    );
    for pct in [0.0, 0.5, 0.9, 1.0] {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{r}" y1="{y:.1}" y2="{y:.1}" stroke="#b1b4b6" stroke-width="0.5"/><text x="{tx}" y="{ty:.1}" text-anchor="end">{p:.0}%</text>"##,
            r = left + width,
            y = py(pct),
            tx = left - 4.0,
            ty = py(pct) + 4.0,
            p = pct * 100.0
        );
    }
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", px(i), py(*v)))
        .collect();
    let _ = write!(
        svg,
        r##"<polyline fill="none" stroke="#1d70b8" stroke-width="2" points="{}"/>"##,
        path.join(" ")
    );
    let widest = points
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let step = label_step(width / n, widest);
    for (i, (label, v)) in points.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="#1d70b8"><title>{l}: {p:.1}%</title></circle>"##,
            x = px(i),
            y = py(*v),
            l = escape(label),
            p = v * 100.0
        );
        if i % step == 0 {
            let _ = write!(
                svg,
                r#"<text x="{x:.1}" y="{y}" text-anchor="middle">{l}</text>"#,
                x = px(i),
                y = top + height + 16.0,
                l = escape(label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The x of each axis label drawn under the line chart.
    fn label_xs(svg: &str) -> Vec<f64> {
        svg.split("<text x=\"")
            .skip(1)
            .filter(|t| t.contains("text-anchor=\"middle\">20"))
            .filter_map(|t| t.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn trend_labels_never_overlap() {
        // (name, months shown): labels "2024-01" are 7 characters, 7 × 6.5 + 8 = 53.5 px.
        let cases = [
            ("a year: 600 px / 11 gaps = 54.5 px, every label", 12, 12),
            ("two years: 26 px apart, every third", 24, 8),
            ("five years: 10 px apart, every sixth", 60, 10),
            ("ten years: 5 px apart, every eleventh", 120, 11),
        ];
        for (name, months, labels) in cases {
            let points: Vec<(String, f64)> = (0..months)
                .map(|i| (format!("{}-{:02}", 2020 + i / 12, i % 12 + 1), 0.5))
                .collect();
            let xs = label_xs(&line("Trend", &points));
            assert_eq!(xs.len(), labels, "{name}");
            for pair in xs.windows(2) {
                assert!(pair[1] - pair[0] >= 53.5 - 0.01, "{name}: {pair:?} overlap");
            }
        }
    }

    #[test]
    fn labels_are_escaped_and_whiskers_drawn() {
        let svg = bars(
            "In time <by authority>",
            &[Bar {
                label: "A & B <script>".into(),
                value: 0.5,
                whiskers: Some((0.4, 0.6)),
            }],
            true,
            Some(0.9),
        );
        assert!(svg.contains("A &amp; B &lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert_eq!(
            svg.matches("<line").count(),
            4,
            "three whisker lines and the threshold"
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
