//! How the provisioning service's conflict checks compare e-mail addresses when they look for an
//! object of the target holding a user's address (as its `mail` or one of its `proxyAddresses`):
//! the `smtp:` prefix (`SMTP:` marks the primary address; either case) is not part of the address,
//! and addresses compare case-insensitively (Exchange and Entra treat them so). Shared by the
//! sandbox's engine and the app's impact preview, so that both find the same holder.

/// `address` as compared: trimmed, without its `smtp:` prefix (any case), lower-cased.
pub fn bare(address: &str) -> String {
    let a = address.trim();
    let a = match a.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("smtp:") => &a[5..],
        _ => a,
    };
    a.to_lowercase()
}

/// Whether an object with this `mail` and these `proxies` holds `address` (given [`bare`]).
pub fn holds(mail: Option<&str>, proxies: &[String], address: &str) -> bool {
    mail.is_some_and(|m| bare(m) == address) || proxies.iter().any(|p| bare(p) == address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smtp_prefix_and_case_do_not_count() {
        assert_eq!(bare(" SMTP:Ada@Fabrikam.com "), "ada@fabrikam.com");
        assert_eq!(bare("smtp:ada@fabrikam.com"), "ada@fabrikam.com");
        assert_eq!(bare("Smtp:ada@fabrikam.com"), "ada@fabrikam.com");
        assert_eq!(bare("ada@fabrikam.com"), "ada@fabrikam.com");
        // Only a prefix is taken off; a short or non-ASCII address is left whole.
        assert_eq!(bare("smtp"), "smtp");
        assert_eq!(bare("é@x.fr"), "é@x.fr");
        assert_eq!(bare("x500:/o=smtp:a"), "x500:/o=smtp:a");
    }

    #[test]
    fn an_object_holds_its_mail_or_any_proxy_address() {
        let proxies = vec!["SMTP:primary@contoso.com".to_string(), "smtp:Alias@Contoso.com".to_string()];
        assert!(holds(Some("Main@contoso.com"), &[], "main@contoso.com"));
        assert!(holds(None, &proxies, "alias@contoso.com"));
        assert!(holds(None, &proxies, "primary@contoso.com"));
        assert!(!holds(Some("main@contoso.com"), &proxies, "other@contoso.com"));
        assert!(!holds(None, &[], "main@contoso.com"));
    }
}
