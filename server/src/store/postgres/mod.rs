//! The PostgreSQL store (issue 10): the same tables and meanings as the SQLite store
//! (`migrations/postgres`), with PostgreSQL doing what SQLite's single writer did for us.
//!
//! SQLite has one writer, so the SQLite store serialises every write transaction (`BEGIN IMMEDIATE`,
//! its process-wide write gate) and batches door decisions and booking writes into group commits.
//! None of that applies here: every write is an ordinary READ COMMITTED transaction that locks the
//! rows its decision depends on (`FOR NO KEY UPDATE` on what it changes, `FOR SHARE` on what must
//! not change under it, such as a person's standing while they book), and the database itself
//! refuses double bookings (the exclusion constraints `bookings_seat_no_overlap` and
//! `bookings_person_no_overlap`). One transaction per decision is fine for now; batching them is a
//! later concern, if measurements ask for it.
//!
//! The audit chain must never fork, so its entries are appended at the end of each transaction
//! ([`WriteTx::commit`]) under a transaction-scoped advisory lock: the chain's lock is always the
//! last one a transaction takes, so it can never be part of a deadlock.
//!
//! Unlike the SQLite store, this one keeps nothing in memory: sessions and door tokens are read
//! from the database on every request, because another instance may have ended the session,
//! suspended the person or revoked the door a moment ago (`instances/` tells the other instances
//! of events, but a cache forgotten by a notice would still leave a window in which a revoked
//! token opens). Each is one indexed query.

mod audit;
mod bookings;
mod doors;
mod people;
mod rooms;
mod stats;
mod violations;

use super::{StoreError, StoreResult};
use crate::audit::{ChainKey, NewEntry};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::time::Duration;

pub(super) use super::sqlite::{secs, time};
pub(crate) use audit::chain_in as audit_chain_in;

pub struct PostgresStore {
    pub(super) pool: PgPool,
    /// The audit chain's key: appends happen inside the store's transactions.
    pub(super) chain: ChainKey,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://…`) and migrates the database.
    pub async fn connect(url: &str, chain: ChainKey) -> StoreResult<Self> {
        let mut options = PgConnectOptions::from_str(url)?;
        // Named, as the instances' own connections are (`instances/`), for `pg_stat_activity`,
        // unless the URL names them.
        if options.get_application_name().is_none() {
            options = options.application_name("studyroom");
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        // No PostgreSQL database ever held the unkeyed chain that the SQLite store upgrades at
        // start-up: the chain was keyed before this store existed.
        Ok(Self { pool, chain })
    }

    /// `VACUUM INTO` has no PostgreSQL counterpart inside the server: `pg_dump` makes a
    /// consistent copy of a running database.
    pub async fn backup(&self, _to: &std::path::Path) -> StoreResult<()> {
        Err(StoreError::Unsupported(
            "the backup command copies SQLite databases only; back up PostgreSQL with pg_dump \
             (for example `pg_dump --format=custom --file=studyroom.dump \"$DATABASE_URL\"`)",
        ))
    }

    pub(super) async fn begin(&self) -> StoreResult<WriteTx> {
        Ok(WriteTx {
            tx: self.pool.begin().await?,
            audit: Vec::new(),
        })
    }
}

/// Which constraint a database error broke, if any.
pub(super) fn broken_constraint(e: &sqlx::Error) -> Option<&str> {
    match e {
        sqlx::Error::Database(e) => e.constraint(),
        _ => None,
    }
}

/// A write transaction with the audit entries it will append when it commits.
pub(super) struct WriteTx {
    tx: Transaction<'static, Postgres>,
    audit: Vec<NewEntry>,
}

impl WriteTx {
    /// Records `entry` to be appended to the audit chain when (and only if) this commits.
    pub(super) fn audit(&mut self, entry: NewEntry) {
        self.audit.push(entry);
    }

    /// Appends the audit entries (under the chain's lock, taken last) and commits.
    pub(super) async fn commit(mut self, chain: &ChainKey) -> StoreResult<()> {
        if !self.audit.is_empty() {
            let mut tail = audit::Tail::lock(&mut self.tx).await?;
            for entry in &self.audit {
                tail.append(&mut self.tx, chain, entry).await?;
            }
            tail.save(&mut self.tx, chain).await?;
        }
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = PgConnection;

    fn deref(&self) -> &PgConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.tx
    }
}
