//! Light and dark themes: the choice is a `data-theme` attribute on `<html>`, kept in localStorage
//! (a display preference, never a token).

/// Also named in index.html (`data-theme-key`), so that boot.js shows the stored theme before the
/// first paint.
const STORAGE_KEY: &str = "tb.theme";

/// The admin's theme choice; `System` follows the operating system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    /// The next choice in the toggle's cycle.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// Visible name of the choice.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The stored choice, or `System`.
pub fn stored() -> Theme {
    let value = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match value.as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::System,
    }
}

/// Shows a theme on the document (the stored one at start: nothing is written then).
pub fn show(theme: Theme) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme.key());
    }
}

/// Applies a choice to the document and remembers it.
pub fn apply(theme: Theme) {
    show(theme);
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(STORAGE_KEY, theme.key());
    }
}
