//! Door webhooks: the signed POST that tells a lock controller to open.
//!
//! Replay: the signature covers `timestamp.body`, and every delivery carries a unique id, so a
//! receiver that rejects deliveries older than 60 s or seen before cannot be made to open again by a
//! captured request. Reach: a webhook URL is a request the server makes on a manager's say-so, so it
//! must not reach inside the server's own network. Loopback, link-local, private and metadata
//! addresses are refused when the URL is set and again when it is called (a name can resolve
//! elsewhere later), through a resolver that drops them; redirects are never followed. A deployment
//! whose lock controller sits on the LAN allows private targets with `--allow-private-webhooks`;
//! cloud metadata addresses stay refused even then.

use crate::audit::NewEntry;
use crate::state::AppState;
use crate::store::DoorRecord;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use sha2::Sha256;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

pub const TIMESTAMP_HEADER: &str = "x-studyroom-timestamp";
pub const DELIVERY_HEADER: &str = "x-studyroom-delivery";
pub const SIGNATURE_HEADER: &str = "x-studyroom-signature";

/// Cloud instance metadata services: never a lock controller, always a way to steal credentials.
const METADATA: [IpAddr; 3] = [
    IpAddr::V4(Ipv4Addr::new(169, 254, 169, 254)),
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)),
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)),
];

/// Whether the server may send a webhook to `ip`.
pub fn allowed_target(ip: IpAddr, allow_private: bool) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    if METADATA.contains(&ip) || ip.is_unspecified() || ip.is_multicast() {
        return false;
    }
    let internal = match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_broadcast()
                || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
                || a == 0
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
    };
    allow_private || !internal
}

/// Why a webhook URL is refused, if it is.
pub fn check_url(url: &str, allow_private: bool) -> Result<reqwest::Url, &'static str> {
    let parsed = reqwest::Url::parse(url).map_err(|_| "the webhook must be an http(s) URL")?;
    if !matches!(parsed.scheme(), "http" | "https") || url.len() > 500 {
        return Err("the webhook must be an http(s) URL");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("the webhook URL must not carry a user name or password");
    }
    let refused = "the webhook may not point at this server's own network (loopback, link-local, private or metadata addresses)";
    match parsed.host() {
        Some(url::Host::Ipv4(ip)) if !allowed_target(IpAddr::V4(ip), allow_private) => Err(refused),
        Some(url::Host::Ipv6(ip)) if !allowed_target(IpAddr::V6(ip), allow_private) => Err(refused),
        Some(url::Host::Domain(name))
            if !allow_private && (name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost")) =>
        {
            Err(refused)
        }
        None => Err("the webhook must be an http(s) URL"),
        _ => Ok(parsed),
    }
}

/// Resolves names like the system does, then drops every address a webhook may not reach.
struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = format!("{}:0", name.as_str());
            let found: Vec<SocketAddr> = tokio::net::lookup_host(host)
                .await?
                .filter(|a| allowed_target(a.ip(), allow_private))
                .collect();
            if found.is_empty() {
                return Err("the webhook's host resolves only to addresses it may not reach".into());
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// The client every webhook goes through.
pub fn client(allow_private: bool) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(3))
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(GuardedResolver { allow_private }))
        .build()
}

/// `sha256=<hex HMAC-SHA256 of "timestamp.body">` under the door's webhook secret.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

pub fn secret_context(door_id: &str) -> String {
    format!("doors/{door_id}/webhook_secret")
}

/// Sends one signed delivery of `body` to the door's webhook and waits for the answer: the status
/// it gave, or why there was none.
pub async fn deliver(
    state: &AppState,
    door: &DoorRecord,
    body: String,
) -> Result<reqwest::StatusCode, String> {
    let (Some(url), Some(secret_enc)) = (door.webhook_url.as_deref(), door.webhook_secret_enc.as_deref())
    else {
        return Err("this door has no webhook".to_owned());
    };
    let url = check_url(url, state.options.allow_private_webhooks).map_err(str::to_owned)?;
    let secret = state
        .vault
        .decrypt(&secret_context(&door.id), secret_enc)
        .map_err(|e| e.to_string())?;
    // The receiver's clock is the wall clock, whatever clock the server's rules run on.
    let timestamp = Utc::now().timestamp();
    let mut delivery = [0u8; 16];
    OsRng.fill_bytes(&mut delivery);
    let response = state
        .http
        .post(url)
        .header("content-type", "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(DELIVERY_HEADER, hex::encode(delivery))
        .header(SIGNATURE_HEADER, signature(&secret, timestamp, &body))
        .body(body)
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    Ok(response.status())
}

/// Tells the door's lock controller to open: a signed POST in the background, never holding up the
/// answer to the keypad or the phone. Failures are logged and audited.
pub fn fire(state: &AppState, door: &DoorRecord, booking_id: &str, seat_label: &str, at: DateTime<Utc>) {
    if door.webhook_url.is_none() {
        return;
    }
    let (state, door) = (state.clone(), door.clone());
    let body = serde_json::json!({"door_id": door.id, "booking_id": booking_id, "seat_label": seat_label, "at": at.to_rfc3339()})
        .to_string();
    tokio::spawn(async move {
        let error = match deliver(&state, &door, body).await {
            Ok(status) if status.is_success() => return,
            Ok(status) => format!("status {status}"),
            Err(e) => e,
        };
        tracing::warn!(door = %door.id, %error, "door webhook failed");
        let entry = NewEntry::new(
            state.clock.now(),
            "door_webhook_failed",
            format!("door:{}", door.id),
            error,
        );
        if let Err(e) = state.store.append_audit(&entry).await {
            tracing::error!(error = %e, "could not audit a webhook failure");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_and_metadata_targets_are_refused_unless_allowed() {
        for url in [
            "http://127.0.0.1/open",
            "http://[::1]/open",
            "http://169.254.169.254/latest/meta-data",
            "http://100.100.100.200/latest",
            "http://10.0.0.5/open",
            "http://192.168.1.20/open",
            "http://[fe80::1]/open",
            "http://[::ffff:127.0.0.1]/open",
            "http://localhost:9000/open",
            "http://0.0.0.0/open",
        ] {
            assert!(check_url(url, false).is_err(), "{url}");
        }
        assert!(check_url("http://192.168.1.20/open", true).is_ok());
        assert!(check_url("http://127.0.0.1:9000/open", true).is_ok());
        assert!(check_url("http://169.254.169.254/", true).is_err());
        assert!(check_url("http://100.100.100.200/", true).is_err());
        assert!(check_url("https://lock.example.com/open", false).is_ok());
        assert!(check_url("https://8.8.8.8/open", false).is_ok());
        assert!(check_url("ftp://lock.example.com/", true).is_err());
        assert!(check_url("https://user:pw@lock.example.com/", true).is_err());
    }

    #[test]
    fn the_signature_covers_the_timestamp() {
        let a = signature("s", 1000, "{}");
        assert_ne!(a, signature("s", 1001, "{}"));
        assert_ne!(a, signature("t", 1000, "{}"));
        assert!(a.starts_with("sha256=") && a.len() == 7 + 64);
    }
}
