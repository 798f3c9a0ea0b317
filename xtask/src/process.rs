//! Running external programs with clear failure messages.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

/// A command builder rooted at the repository, with the tool paths the set-up prepared.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(crate::root());
    cmd.env("PATH", tool_path());
    cmd
}

/// PATH with the npm tools (binaryen 132's wasm-opt, Playwright) and cargo's bin dir first, so
/// Debian's wasm-opt 108 can never win.
pub fn tool_path() -> String {
    let root = crate::root();
    let mut parts = vec![root.join("node_modules/.bin").display().to_string()];
    if let Some(home) = std::env::var_os("CARGO_HOME").map(std::path::PathBuf::from).or_else(|| {
        std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo"))
    }) {
        parts.push(home.join("bin").display().to_string());
    }
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}

/// Runs to completion with inherited output; an error names the command.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(cmd)))
    }
}

/// Runs and returns trimmed stdout, or `None` when the program is missing or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `program arg arg` for messages.
pub fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program()).chain(cmd.get_args()).map(|s| s.to_string_lossy()).collect::<Vec<_>>().join(" ")
}
