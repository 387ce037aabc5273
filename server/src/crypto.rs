//! The identity vault: personal data (phone, real name, ID number) is stored AES-256-GCM encrypted,
//! and looked up or de-duplicated through a keyed hash (HMAC-SHA256 "blind index"), so a copy of the
//! database alone reveals nobody. Both keys derive from one 256-bit master key.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::fmt;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

/// The master key. Debug never prints it.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the secret key must be 64 hexadecimal characters (32 bytes)")]
    Format,
    #[error("key file {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

impl SecretKey {
    /// The key that chains the audit log (see `audit.rs`).
    pub fn audit_key(&self) -> [u8; 32] {
        self.derive("studyroom/v1/audit-chain")
    }

    pub fn from_hex(hex_key: &str) -> Result<Self, KeyError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| KeyError::Format)?;
        Ok(Self(bytes.try_into().map_err(|_| KeyError::Format)?))
    }

    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// Reads the key file, or creates it (mode 0600) when it does not exist yet. Returns whether it
    /// was created, so the caller can warn that losing it loses every identity on record.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), KeyError> {
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Ok((Self::from_hex(&text)?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate();
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                write_private(path, &hex::encode(key.0)).map_err(io)?;
                Ok((key, true))
            }
            Err(e) => Err(io(e)),
        }
    }

    fn derive(&self, label: &str) -> [u8; 32] {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[derive(Debug, thiserror::Error)]
#[error("stored personal data could not be decrypted (wrong STUDYROOM_SECRET_KEY?)")]
pub struct DecryptError;

/// Encrypts, decrypts and blind-indexes personal data.
pub struct Vault {
    cipher: Aes256Gcm,
    index_key: [u8; 32],
    presence_key: [u8; 32],
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Vault(<keys redacted>)")
    }
}

const NONCE_LEN: usize = 12;

impl Vault {
    pub fn new(key: &SecretKey) -> Self {
        let enc = key.derive("studyroom/v1/encryption");
        Self {
            cipher: Aes256Gcm::new(&enc.into()),
            index_key: key.derive("studyroom/v1/blind-index"),
            presence_key: key.derive("studyroom/v1/door-presence"),
        }
    }

    /// The MAC behind a door's presence code at one time step: each door has its own secret,
    /// derived from the server's key and the door's id, so nothing extra is stored.
    pub fn presence_mac(&self, door_id: &str, step: i64) -> [u8; 32] {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.presence_key).expect("HMAC takes any key length");
        mac.update(door_id.as_bytes());
        mac.update(&[0]);
        mac.update(&step.to_be_bytes());
        mac.finalize().into_bytes().into()
    }

    /// `nonce || ciphertext`. `context` (say `users/ab12/id_number`) is bound as associated data, so
    /// a ciphertext copied into another row or column no longer decrypts.
    pub fn encrypt(&self, context: &str, plaintext: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("AES-GCM encryption of a short string cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        out
    }

    pub fn decrypt(&self, context: &str, blob: &[u8]) -> Result<String, DecryptError> {
        if blob.len() < NONCE_LEN {
            return Err(DecryptError);
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }

    /// A keyed hash for equality look-ups: the same value of the same kind always gives the same
    /// bytes, and without the key nobody can test a guess against the database.
    pub fn blind_index(&self, kind: &str, value: &str) -> Vec<u8> {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.index_key).expect("HMAC takes any key length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_binds_the_context() {
        let vault = Vault::new(&SecretKey::generate());
        let blob = vault.encrypt("users/1/id_number", "11010519491231002X");
        assert!(!String::from_utf8_lossy(&blob).contains("110105"));
        assert_eq!(
            vault.decrypt("users/1/id_number", &blob).unwrap(),
            "11010519491231002X"
        );
        assert!(
            vault.decrypt("users/2/id_number", &blob).is_err(),
            "moved to another row"
        );
        assert!(vault.decrypt("users/1/id_number", &blob[..5]).is_err());
    }

    #[test]
    fn another_key_cannot_decrypt_or_match() {
        let (a, b) = (
            Vault::new(&SecretKey::generate()),
            Vault::new(&SecretKey::generate()),
        );
        let blob = a.encrypt("c", "张明");
        assert!(b.decrypt("c", &blob).is_err());
        assert_ne!(
            a.blind_index("phone", "13800138000"),
            b.blind_index("phone", "13800138000")
        );
        assert_eq!(
            a.blind_index("phone", "13800138000"),
            a.blind_index("phone", "13800138000")
        );
        assert_ne!(
            a.blind_index("phone", "13800138000"),
            a.blind_index("login", "13800138000")
        );
    }

    #[test]
    fn the_key_parses_from_hex_and_never_prints() {
        let key = SecretKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(format!("{key:?}"), "SecretKey(<redacted>)");
        assert!(SecretKey::from_hex("abcd").is_err());
        assert!(SecretKey::from_hex(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn a_created_key_file_is_private_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/studyroom.key");
        let (k1, created) = SecretKey::load_or_create(&path).unwrap();
        assert!(created);
        let (k2, created) = SecretKey::load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(k1.0, k2.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}
