//! A list of findings (health checks, linter results): each with its tone, said in words as well
//! as in colour, what was found and what to do.

use super::tone::Tone;
use leptos::prelude::*;

/// One finding as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingItem {
    pub tone: Tone,
    /// What was found, first line (bold when there is more).
    pub title: String,
    pub detail: Option<String>,
    pub remedy: Option<String>,
    /// A stable rule name, for tests and the documentation (`data-rule`).
    pub rule: Option<&'static str>,
}

impl FindingItem {
    /// The word that says the tone, so that colour never carries it alone.
    fn word(&self) -> &'static str {
        match self.tone {
            Tone::Danger => "Error",
            Tone::Warning => "Warning",
            Tone::Success => "Passed",
            Tone::Info | Tone::Neutral => "Note",
        }
    }
}

/// The findings, or `empty` when there are none. `compact` shows one line each (form hints);
/// otherwise each is a message bar with its detail and remedy.
#[component]
pub fn FindingList(
    #[prop(into)] items: Signal<Vec<FindingItem>>,
    testid: &'static str,
    #[prop(optional)] empty: Option<&'static str>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    view! {
        <ul class="findings" data-testid=testid aria-live="polite">
            {move || {
                let list = items.get();
                if list.is_empty() {
                    return empty.map(|e| view! { <li class="message-bar message-bar--info">{e}</li> }).into_any();
                }
                list.into_iter().map(|f| {
                    let word = f.word();
                    if compact {
                        let class = if f.tone == Tone::Danger { "field-hint field-hint--error" } else { "field-hint" };
                        view! { <li class=class data-rule=f.rule>{format!("{word}: ")}{f.title}</li> }.into_any()
                    } else {
                        let class = match f.tone { Tone::Danger => "message-bar message-bar--error", Tone::Warning => "message-bar message-bar--warning", _ => "message-bar message-bar--info" };
                        view! {
                            <li class=class data-rule=f.rule>
                                <strong>{format!("{word}: ")}{f.title}</strong>
                                {f.detail.map(|d| view! { <p>{d}</p> })}
                                {f.remedy.map(|r| view! { <p>"What to do: " {r}</p> })}
                            </li>
                        }.into_any()
                    }
                }).collect_view().into_any()
            }}
        </ul>
    }
}
