//! Signed access tokens (JWT, HS256 with a per-process key) and random identifiers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The claims the sandbox puts in an access token (a subset of Entra's v2 tokens).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub aud: String,
    pub iss: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    /// Tenant ID.
    pub tid: String,
    /// Object ID of the signed-in admin.
    pub oid: String,
    /// Delegated scopes, space-separated, without the resource prefix.
    pub scp: String,
    pub upn: String,
    pub name: String,
    /// Directory role template IDs of the admin, as Entra's `wids` claim.
    pub wids: Vec<String>,
    pub appid: String,
    /// Unique token ID, so revocation and logs can name a token.
    pub uti: String,
}

/// Signs and verifies tokens with one key.
pub struct Signer {
    key: [u8; 32],
}

/// Why a token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    BadSignature,
    Expired,
}

impl Signer {
    /// A signer with a fresh random key: tokens do not survive a sandbox restart.
    pub fn random() -> Signer {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("random key");
        Signer { key }
    }

    /// `header.payload.signature`.
    pub fn sign(&self, claims: &Claims) -> String {
        let header = B64.encode(br#"{"typ":"JWT","alg":"HS256","kid":"sandbox"}"#);
        let payload = B64.encode(serde_json::to_vec(claims).expect("claims serialize"));
        let signing_input = format!("{header}.{payload}");
        format!("{signing_input}.{}", B64.encode(self.mac(signing_input.as_bytes())))
    }

    /// Checks signature and lifetime at `now`.
    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, TokenError> {
        let (signing_input, signature) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let (_, payload) = signing_input.split_once('.').ok_or(TokenError::Malformed)?;
        let signature = B64.decode(signature).map_err(|_| TokenError::Malformed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(signing_input.as_bytes());
        mac.verify_slice(&signature).map_err(|_| TokenError::BadSignature)?;
        let claims: Claims =
            serde_json::from_slice(&B64.decode(payload).map_err(|_| TokenError::Malformed)?).map_err(|_| TokenError::Malformed)?;
        if now >= claims.exp {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    fn mac(&self, data: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }
}

/// A URL-safe random string of `bytes` random bytes.
pub fn random_id(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("random bytes");
    B64.encode(buf)
}

/// A random GUID (version 4 layout).
pub fn random_guid() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("random bytes");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// The S256 PKCE challenge of a verifier: base64url(sha256(verifier)), no padding.
pub fn pkce_s256(verifier: &str) -> String {
    B64.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: u64) -> Claims {
        Claims {
            aud: "https://graph.microsoft.com".into(),
            iss: "iss".into(),
            iat: 0,
            nbf: 0,
            exp,
            tid: "t".into(),
            oid: "o".into(),
            scp: "User.Read".into(),
            upn: "a@b".into(),
            name: "A".into(),
            wids: vec![],
            appid: "c".into(),
            uti: "u".into(),
        }
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let s = Signer::random();
        let t = s.sign(&claims(100));
        assert_eq!(s.verify(&t, 99).unwrap().tid, "t");
        assert_eq!(s.verify(&t, 100), Err(TokenError::Expired));
    }

    #[test]
    fn a_token_from_another_key_or_tampered_is_refused() {
        let t = Signer::random().sign(&claims(100));
        assert_eq!(Signer::random().verify(&t, 0), Err(TokenError::BadSignature));
        let s = Signer::random();
        let good = s.sign(&claims(100));
        let (head, _) = good.split_once('.').unwrap();
        let forged = format!("{head}.{}.{}", B64.encode(br#"{"tid":"x"}"#), good.rsplit('.').next().unwrap());
        assert_eq!(s.verify(&forged, 0), Err(TokenError::BadSignature));
        assert_eq!(s.verify("garbage", 0), Err(TokenError::Malformed));
    }

    #[test]
    fn pkce_s256_matches_an_independent_sha256_base64url() {
        assert_eq!(pkce_s256("dBjftJeZ4CVP-mJ92IXVZZ3ukMbT-cZ1HjO-fAmiDXo"), "WsLtIrHitAh11Ci8-YCr-ILuF8htWDiDECq0Vpueyxg");
    }
}
