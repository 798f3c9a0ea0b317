//! Pages of a Graph collection: the items, and the full `@odata.nextLink` to follow as is.

use serde::de::DeserializeOwned;
use serde::Deserialize;

#[derive(Deserialize)]
struct Page<T> {
    #[serde(default = "Vec::new")]
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

/// Reads one page: its items and the next page's URL, if any. The link is never taken apart:
/// Graph's skip tokens are opaque.
pub fn read_page<T: DeserializeOwned>(body: &str) -> Result<(Vec<T>, Option<String>), serde_json::Error> {
    let page: Page<T> = serde_json::from_str(body)?;
    Ok((page.value, page.next_link.filter(|l| !l.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn a_middle_page_yields_its_items_and_the_next_link_untouched() {
        let body = r#"{"@odata.context":"x","@odata.count":303,"value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$top=2&$skiptoken=X'4453707402'"}"#;
        let (items, next) = read_page::<Value>(body).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(next.as_deref(), Some("https://graph.microsoft.com/v1.0/users?$top=2&$skiptoken=X'4453707402'"));
    }

    #[test]
    fn the_last_page_has_no_next_link() {
        let (items, next) = read_page::<Value>(r#"{"value":[{"id":"3"}]}"#).unwrap();
        assert_eq!((items.len(), next), (1, None));
    }

    #[test]
    fn an_empty_collection_and_a_missing_value_are_empty_pages() {
        assert_eq!(read_page::<Value>(r#"{"value":[]}"#).unwrap().0.len(), 0);
        assert_eq!(read_page::<Value>(r#"{}"#).unwrap().0.len(), 0);
    }

    #[test]
    fn a_non_collection_answer_is_an_error() {
        assert!(read_page::<Value>("<html>").is_err());
        assert!(read_page::<Value>(r#"{"value":{"id":"1"}}"#).is_err());
    }
}
