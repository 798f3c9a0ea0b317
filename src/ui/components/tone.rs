//! Badges and message bars by meaning, not by class string: a [`Tone`] picks the look, and the
//! message bar's live-region role follows from it unless the caller says otherwise.

use leptos::prelude::*;

/// What a badge or message bar tells: good, needs attention, wrong, neutral, or information.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Success,
    Warning,
    Danger,
    Neutral,
    Info,
}

impl Tone {
    pub(crate) fn badge(self) -> &'static str {
        match self {
            Tone::Success => "badge badge--success",
            Tone::Warning => "badge badge--warning",
            Tone::Danger => "badge badge--danger",
            Tone::Neutral | Tone::Info => "badge badge--neutral",
        }
    }

    fn bar(self) -> &'static str {
        match self {
            Tone::Danger => "message-bar message-bar--error",
            Tone::Warning => "message-bar message-bar--warning",
            _ => "message-bar message-bar--info",
        }
    }

    /// Errors interrupt (alert); everything else is announced politely (status).
    fn role(self) -> &'static str {
        if self == Tone::Danger { "alert" } else { "status" }
    }
}

/// A short status word. The tone may change (a signal); the words always say the state too, so
/// colour is never the only carrier.
#[component]
pub fn Badge(#[prop(into)] tone: Signal<Tone>, #[prop(optional, into)] title: Option<String>, #[prop(optional)] testid: Option<&'static str>, children: Children) -> impl IntoView {
    view! { <span class=move || tone.get().badge() title=title data-testid=testid>{children()}</span> }
}

/// A message bar: what happened or what to know, in the page's flow.
#[component]
pub fn MessageBar(
    tone: Tone,
    /// Overrides the role the tone implies (for example `note` for static help).
    #[prop(optional)]
    role: Option<&'static str>,
    #[prop(optional, into)] testid: Option<String>,
    children: Children,
) -> impl IntoView {
    view! { <div class=tone.bar() role=role.unwrap_or(tone.role()) data-testid=testid>{children()}</div> }
}
