//! The audit log: every door attempt, every decision about a person, a room or a door, every code
//! revocation. Entries are chained with HMAC-SHA256 under a key derived from the server's secret:
//! each hash covers the previous hash and the entry, so an edited or deleted row anywhere shows up
//! when the chain is recomputed (`GET /api/admin/audit/verify`), and someone who can write the
//! database file but lacks the key cannot forge a new chain. The head (last seq, with its own MAC)
//! moves forward in the transaction of every append, so cutting entries off the end shows too.
//!
//! Details never carry personal data: ids and masked values only, never a code that was typed.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// An entry about to be written.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub at: DateTime<Utc>,
    pub kind: &'static str,
    /// `user:<id>`, `door:<id>`, `system`.
    pub actor: String,
    pub detail: String,
}

impl NewEntry {
    pub fn new(
        at: DateTime<Utc>,
        kind: &'static str,
        actor: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            at,
            kind,
            actor: actor.into(),
            detail: detail.into(),
        }
    }
}

/// `user:<id>`: how a person appears as an actor.
pub fn user(id: &str) -> String {
    format!("user:{id}")
}

/// A stored entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub actor: String,
    pub detail: String,
    pub hash: Vec<u8>,
}

/// The key of the chain, derived from the server's secret (`SecretKey::audit_key`).
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl std::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChainKey(<redacted>)")
    }
}

impl ChainKey {
    pub fn new(key: [u8; 32]) -> Self {
        Self(key)
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length")
    }

    /// The hash of entry `seq`, given the previous entry's hash (empty for the first).
    pub fn hash(&self, prev: &[u8], seq: i64, at: i64, kind: &str, actor: &str, detail: &str) -> Vec<u8> {
        let mut h = self.mac();
        h.update(prev);
        for part in [
            seq.to_string().as_str(),
            at.to_string().as_str(),
            kind,
            actor,
            detail,
        ] {
            h.update(&(part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().into_bytes().to_vec()
    }

    /// The MAC of the head: the last entry's seq and hash. Distinct from the entry hash, so an
    /// entry's stored hash cannot serve as the head of a shortened chain.
    pub fn head_mac(&self, seq: i64, hash: &[u8]) -> Vec<u8> {
        let mut h = self.mac();
        h.update(b"studyroom audit head\0");
        h.update(&seq.to_be_bytes());
        h.update(hash);
        h.finalize().into_bytes().to_vec()
    }
}

/// The stored head of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub mac: Vec<u8>,
}

/// What recomputing the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact,
    /// The first entry whose hash does not match (edited, inserted or deleted before it).
    BrokenAt(i64),
    /// Every entry matches, but the head says the chain went on further (or was rewound): entries
    /// were cut off the end.
    Truncated {
        head_seq: i64,
        last_seq: i64,
    },
}

/// Recomputes the chain and checks it against the head.
pub fn verify(key: &ChainKey, entries: &[Entry], head: Option<&Head>) -> Verdict {
    let mut prev: Vec<u8> = Vec::new();
    for e in entries {
        let expected = key.hash(&prev, e.seq, e.at.timestamp(), &e.kind, &e.actor, &e.detail);
        if expected != e.hash {
            return Verdict::BrokenAt(e.seq);
        }
        prev = e.hash.clone();
    }
    let last_seq = entries.last().map_or(0, |e| e.seq);
    match head {
        None if entries.is_empty() => Verdict::Intact,
        Some(h) if h.seq == last_seq && h.mac == key.head_mac(last_seq, &prev) => Verdict::Intact,
        Some(h) => Verdict::Truncated {
            head_seq: h.seq,
            last_seq,
        },
        None => Verdict::Truncated {
            head_seq: 0,
            last_seq,
        },
    }
}

/// Checks a chain written before it was keyed (plain SHA-256 over the same parts), once, when
/// such a log is upgraded.
pub fn verify_unkeyed(entries: &[Entry]) -> Verdict {
    use sha2::Digest;
    let mut prev: Vec<u8> = Vec::new();
    for e in entries {
        let mut h = Sha256::new();
        h.update(&prev);
        for part in [
            e.seq.to_string().as_str(),
            e.at.timestamp().to_string().as_str(),
            &e.kind,
            &e.actor,
            &e.detail,
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        let expected = h.finalize().to_vec();
        if expected != e.hash {
            return Verdict::BrokenAt(e.seq);
        }
        prev = expected;
    }
    Verdict::Intact
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ChainKey {
        ChainKey::new([7; 32])
    }

    fn entries(n: i64) -> (Vec<Entry>, Head) {
        let mut prev = Vec::new();
        let chain: Vec<Entry> = (1..=n)
            .map(|seq| {
                let hash = key().hash(&prev, seq, 100 + seq, "door_refused", "door:d1", "attempt");
                prev = hash.clone();
                Entry {
                    seq,
                    at: DateTime::from_timestamp(100 + seq, 0).unwrap(),
                    kind: "door_refused".into(),
                    actor: "door:d1".into(),
                    detail: "attempt".into(),
                    hash,
                }
            })
            .collect();
        let head = Head {
            seq: n,
            mac: key().head_mac(n, &prev),
        };
        (chain, head)
    }

    #[test]
    fn an_intact_chain_verifies_and_an_edit_breaks_it() {
        let (mut chain, head) = entries(3);
        assert_eq!(verify(&key(), &chain, Some(&head)), Verdict::Intact);
        chain[1].detail = "granted".into();
        assert_eq!(verify(&key(), &chain, Some(&head)), Verdict::BrokenAt(2));
    }

    #[test]
    fn a_deleted_entry_breaks_the_chain() {
        let (mut chain, head) = entries(3);
        chain.remove(1);
        assert_eq!(verify(&key(), &chain, Some(&head)), Verdict::BrokenAt(3));
    }

    #[test]
    fn a_cut_end_shows_even_with_the_head_moved_back_to_a_stored_hash() {
        let (mut chain, head) = entries(3);
        chain.pop();
        let truncated = Verdict::Truncated {
            head_seq: 3,
            last_seq: 2,
        };
        assert_eq!(verify(&key(), &chain, Some(&head)), truncated);
        // Without the key, the best a forger can do is copy entry 2's hash into the head.
        let forged = Head {
            seq: 2,
            mac: chain[1].hash.clone(),
        };
        assert!(matches!(
            verify(&key(), &chain, Some(&forged)),
            Verdict::Truncated { .. }
        ));
    }

    #[test]
    fn a_chain_rewritten_without_the_key_does_not_verify() {
        let (chain, head) = entries(2);
        let other = ChainKey::new([8; 32]);
        assert_eq!(verify(&other, &chain, Some(&head)), Verdict::BrokenAt(1));
    }
}
