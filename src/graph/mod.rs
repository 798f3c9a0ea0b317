//! Transport: the only code that speaks HTTP. Grouped by feature as the model and the UI are
//! (setup, mapping, monitor); beside them the client, the config and the sign-in reads.

pub mod app_config;
pub mod as_code;
pub mod client;
pub mod directory;
pub mod mapping;
pub mod monitor;
pub mod preview;
pub mod setup;

#[cfg(test)]
mod documented;
