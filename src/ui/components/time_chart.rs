//! Stacked columns over time: one column per time slot, stacked by status; the scale maths is
//! `model::chart` and the buckets come from `model::log_stats`, both tested natively.

use crate::model::monitor::chart::LinearScale;
use crate::model::monitor::log_stats::{TimeBucket, STATUSES};
use leptos::prelude::*;

/// Events per slot by status, with a summary for screen readers and a title per column.
#[component]
pub fn TimeChart(title: String, buckets: Vec<TimeBucket>) -> impl IntoView {
    const WIDTH: f64 = 320.0;
    const HEIGHT: f64 = 120.0;
    const AXIS: f64 = 16.0;
    let max = buckets.iter().map(|b| b.counts.iter().sum::<usize>()).max().unwrap_or(0) as f64;
    let scale = LinearScale::new(max, HEIGHT - AXIS);
    let n = buckets.len().max(1) as f64;
    let column = WIDTH / n;
    let totals: Vec<String> = STATUSES.iter().enumerate().map(|(i, s)| format!("{s}: {}", buckets.iter().map(|b| b.counts[i]).sum::<usize>())).collect();
    let summary = format!("{title}: {} slots; {}; busiest slot {} events", buckets.len(), totals.join(", "), max as usize);
    let when = |start: i64| super::iso_from_epoch(start).replace('T', " ").chars().take(16).collect::<String>();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary class="chart__svg">
                {buckets.into_iter().enumerate().map(|(i, b)| {
                    let x = i as f64 * column;
                    let mut y = HEIGHT - AXIS;
                    let label = format!("{} UTC: {}", when(b.start), STATUSES.iter().zip(b.counts).map(|(s, c)| format!("{s} {c}")).collect::<Vec<_>>().join(", "));
                    view! {
                        <g>
                            <title>{label}</title>
                            {STATUSES.iter().enumerate().map(|(k, status)| {
                                let h = scale.map(b.counts[k] as f64);
                                y -= h;
                                view! { <rect x=x + 1.0 y=y width=(column - 2.0).max(1.0) height=h class=format!("chart__stack chart__stack--{status}")></rect> }
                            }).collect_view()}
                        </g>
                    }
                }).collect_view()}
                <text x="0" y=HEIGHT - 2.0 class="chart__label">"older"</text>
                <text x=WIDTH y=HEIGHT - 2.0 text-anchor="end" class="chart__label">"newer"</text>
            </svg>
            <p class="chart__legend">
                {STATUSES.iter().map(|s| view! { <span class=format!("chart__key chart__stack--{s}")></span>{format!(" {s} ")} }).collect_view()}
            </p>
        </figure>
    }
}
