use crate::strings::{fill, t};
use leptos::prelude::*;

/// One bar: its label (a date), its value, and the value as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub text: String,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 160.0;

/// A bar chart drawn in SVG: an image (`role="img"`) named by `label`, and the same
/// numbers as a table under "Show the numbers" for anyone who cannot see the bars.
#[component]
pub fn BarChart(
    /// What the chart plots, its accessible name ("Checkouts completed per day, …").
    #[prop(into)]
    label: Signal<String>,
    /// The bars, oldest first.
    #[prop(into)]
    bars: Signal<Vec<Bar>>,
) -> impl IntoView {
    let rects = move || {
        let bars = bars.get();
        let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
        let step = WIDTH / bars.len().max(1) as f64;
        bars.into_iter()
            .enumerate()
            .map(|(i, b)| {
                let h = if b.value > 0 {
                    (b.value as f64 / max * (HEIGHT - 4.0)).max(2.0)
                } else {
                    0.0
                };
                view! {
                    <rect class="bar" x=format!("{:.1}", i as f64 * step + step * 0.15)
                        y=format!("{:.1}", HEIGHT - h) width=format!("{:.1}", step * 0.7)
                        height=format!("{h:.1}")>
                        <title>{format!("{}: {}", b.label, b.text)}</title>
                    </rect>
                }
            })
            .collect_view()
    };
    let peak = move || {
        bars.get()
            .into_iter()
            .max_by_key(|b| b.value)
            .filter(|b| b.value > 0)
            .map(|b| b.text)
            .unwrap_or_else(|| "0".into())
    };
    view! {
        <figure class="chart">
            <svg role="img" aria-label=move || label.get() viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none">
                <line class="axis" x1="0" y1=HEIGHT x2=WIDTH y2=HEIGHT/>
                {rects}
            </svg>
            <figcaption class="muted">
                {move || label.get()} {move || fill(t().chart_highest, peak())}
            </figcaption>
            <details>
                <summary>{t().show_the_numbers}</summary>
                <table>
                    <thead><tr><th scope="col">{t().day}</th><th scope="col">{t().value}</th></tr></thead>
                    <tbody>
                        {move || bars.get().into_iter().map(|b| view! {
                            <tr><td>{b.label}</td><td>{b.text}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
