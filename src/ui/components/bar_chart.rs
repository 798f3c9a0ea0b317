//! A horizontal bar chart in SVG: one bar per label, value written beside it; colours from the
//! theme tokens through CSS classes.

use crate::model::monitor::chart::LinearScale;
use leptos::prelude::*;

/// Bars for `(label, count)` pairs, with a title announced to screen readers.
#[component]
pub fn BarChart(title: String, bars: Vec<(String, usize)>) -> impl IntoView {
    const WIDTH: f64 = 320.0;
    const LABEL: f64 = 170.0;
    const ROW: f64 = 24.0;
    let max = bars.iter().map(|(_, n)| *n).max().unwrap_or(0) as f64;
    let scale = LinearScale::new(max, WIDTH - LABEL - 40.0);
    let height = (bars.len().max(1) as f64) * ROW;
    let summary = bars.iter().map(|(l, n)| format!("{l}: {n}")).collect::<Vec<_>>().join(", ");
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=format!("{title}: {summary}") class="chart__svg">
                {bars.into_iter().enumerate().map(|(i, (label, n))| {
                    let y = i as f64 * ROW;
                    let w = scale.map(n as f64).max(1.0);
                    let short: String = if label.chars().count() > 24 { label.chars().take(23).collect::<String>() + "…" } else { label.clone() };
                    view! {
                        <g>
                            <text x="0" y=y + 16.0 class="chart__label">{short}</text>
                            <rect x=LABEL y=y + 4.0 width=w height=ROW - 8.0 class="chart__bar"></rect>
                            <text x=LABEL + w + 4.0 y=y + 16.0 class="chart__value">{n}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
