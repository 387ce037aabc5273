//! The audit log: every door attempt, every decision about a person, every code revocation. Entries
//! are chained: each hash covers the previous hash and the entry, so an edited or deleted row
//! anywhere shows up when the chain is recomputed (`GET /api/admin/audit/verify`).
//!
//! Details never carry personal data: ids and masked values only, never a code that was typed.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

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

/// The hash of entry `seq`, given the previous entry's hash (empty for the first).
pub fn chain_hash(prev: &[u8], seq: i64, at: i64, kind: &str, actor: &str, detail: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(prev);
    for part in [
        seq.to_string().as_str(),
        at.to_string().as_str(),
        kind,
        actor,
        detail,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().to_vec()
}

/// Recomputes the chain; `Err(seq)` names the first entry that does not match.
pub fn verify(entries: &[Entry]) -> Result<(), i64> {
    let mut prev: Vec<u8> = Vec::new();
    for e in entries {
        let expected = chain_hash(&prev, e.seq, e.at.timestamp(), &e.kind, &e.actor, &e.detail);
        if expected != e.hash {
            return Err(e.seq);
        }
        prev = e.hash.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<Entry> {
        let mut prev = Vec::new();
        (1..=3)
            .map(|seq| {
                let hash = chain_hash(&prev, seq, 100 + seq, "door_refused", "door:d1", "attempt");
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
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies_and_an_edit_breaks_it() {
        let mut chain = entries();
        assert_eq!(verify(&chain), Ok(()));
        chain[1].detail = "granted".into();
        assert_eq!(verify(&chain), Err(2));
    }

    #[test]
    fn a_deleted_entry_breaks_the_chain() {
        let mut chain = entries();
        chain.remove(1);
        assert_eq!(verify(&chain), Err(3));
    }
}
