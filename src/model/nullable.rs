//! Graph writes `null` for many properties its pages list as plain strings or lists; a `null`
//! must read as the empty value, never fail the whole answer.

use serde::{Deserialize, Deserializer};

/// Deserializes `null` as `T::default()` (use with `#[serde(default)]` for absence too).
pub fn or_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
