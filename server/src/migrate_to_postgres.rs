//! `studyroom-server migrate-to-postgres --from sqlite://… --to postgres://…` (issue 10): moves a
//! deployment that outgrew its one SQLite file to PostgreSQL, every table of the SQLite schema that
//! the PostgreSQL schema also has, as it is stored.
//!
//! Nothing is decrypted or re-encrypted: identities, codes and webhook secrets are AES-GCM
//! ciphertext under the server's key, blind indexes and the audit chain are keyed by it, so they are
//! copied byte for byte and the PostgreSQL servers must run with the same key. That is also why
//! the key is needed here: the audit chain is verified with it on both sides.
//!
//! Sessions are copied too (a session is the SHA-256 of its cookie, not tied to the key or the
//! database), so nobody has to log in again; so are the login throttle's counts, so that a guesser
//! does not start afresh, and the ticker's last run, so that deadlines that fell while the server
//! was down are excused as they would have been on SQLite.
//!
//! Safety, in order:
//! - the source is opened read-only and read in one transaction: one consistent snapshot, even if
//!   a server is still writing to it (stop it first, or what it writes later stays behind);
//! - its schema must be this version's (all its migrations applied) and its audit chain must verify
//!   with the key, before anything is written;
//! - the target is migrated as `open_store` would, then everything happens in one PostgreSQL
//!   transaction that first locks the tables against writers and refuses unless they are all
//!   empty, copies in batches (`UNNEST` of one array per column: one statement per few thousand
//!   rows, whatever the column count), moves the violations' id sequence past the copied ids, then
//!   compares every table's count with the source's and verifies the copied audit chain end to end
//!   with the key. Only then does it commit, so any failure leaves the target as it was: empty.

use crate::Backend;
use crate::audit::{self, ChainKey, Verdict};
use crate::crypto::SecretKey;
use crate::store::{Columns, StoreError, postgres_audit_chain, sqlite_audit_chain};
use futures_util::TryStreamExt;
use sqlx::postgres::{PgConnectOptions, PgConnection, Postgres};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow};
use sqlx::{ConnectOptions, Connection, Row};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// Rows per `INSERT … SELECT FROM UNNEST(…)`: large enough that round trips do not dominate, small
/// enough that a batch of bookings stays a few megabytes in memory.
const BATCH: usize = 5_000;

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("--from must be an SQLite URL (sqlite://path/to/studyroom.db), got {0}")]
    NotSqlite(String),
    #[error("--to must be a PostgreSQL URL (postgres://user@host/database), got {0}")]
    NotPostgres(String),
    #[error("no SQLite database at {0}")]
    NoSuchFile(PathBuf),
    #[error(
        "{0} is not a studyroom database at this version's schema ({1}): start this version of \
         studyroom-server on it once (it migrates at start-up), stop it, and migrate again"
    )]
    SourceSchema(PathBuf, String),
    #[error(
        "this version of migrate-to-postgres does not know these columns of the SQLite schema: {0} \
         (a bug: report it; nothing was written)"
    )]
    UnknownColumns(String),
    #[error(
        "the target database is not empty (rows in: {0}); migrate into a new, empty database \
         (nothing was written)"
    )]
    TargetNotEmpty(String),
    #[error(
        "the SQLite audit chain does not verify with this key ({0}): either the key is not this \
         database's, or the log was altered; nothing was written"
    )]
    SourceChain(String),
    #[error("the copied audit chain does not verify ({0}); rolled back, nothing was written")]
    TargetChain(String),
    #[error("{table}: {sqlite} rows in SQLite but {postgres} copied; rolled back, nothing was written")]
    CountMismatch {
        table: &'static str,
        sqlite: i64,
        postgres: i64,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for MigrateError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

impl From<sqlx::migrate::MigrateError> for MigrateError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Self::Store(e.into())
    }
}

/// How a column is read from SQLite and typed in PostgreSQL.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    /// INTEGER in SQLite, BIGINT in PostgreSQL.
    Int,
    /// 0/1 in an SQLite INTEGER, BOOLEAN in PostgreSQL.
    Bool,
    /// BLOB in SQLite, BYTEA in PostgreSQL.
    Bytes,
}

struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
}

use Kind::{Bool, Bytes, Int, Text};

/// Every table of the SQLite schema that the PostgreSQL schema also has (all of them, at the
/// schema of `migrations/`), parents before children for the foreign keys. Columns are named, not
/// positional: the two schemas order some of them differently.
const TABLES: &[Table] = &[
    Table {
        name: "users",
        columns: &[
            ("id", Text),
            ("role", Text),
            ("status", Text),
            ("status_reason", Text),
            ("suspended_until", Int),
            ("suspended_auto", Bool),
            ("phone_index", Bytes),
            ("phone_enc", Bytes),
            ("real_name_enc", Bytes),
            ("id_number_index", Bytes),
            ("id_number_enc", Bytes),
            ("password_hash", Text),
            ("created_at", Int),
            ("decided_at", Int),
            ("decided_by", Text),
            ("erased_at", Int),
        ],
    },
    Table {
        name: "sessions",
        columns: &[
            ("token_hash", Bytes),
            ("user_id", Text),
            ("created_at", Int),
            ("last_seen_at", Int),
        ],
    },
    Table {
        name: "login_throttle",
        columns: &[
            ("key", Bytes),
            ("failures", Int),
            ("last_failure_at", Int),
            ("locked_until", Int),
        ],
    },
    Table {
        name: "rooms",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("address", Text),
            ("verification", Text),
            ("utc_offset_secs", Int),
            ("slot_minutes", Int),
            ("max_booking_minutes", Int),
            ("advance_days", Int),
            ("early_entry_minutes", Int),
            ("no_show_grace_minutes", Int),
            ("leave_minutes", Int),
            ("code_length", Int),
            ("created_at", Int),
            ("door_failures", Int),
            ("door_last_failure_at", Int),
            ("door_locked_until", Int),
            ("auto_suspend_violations", Int),
            ("auto_suspend_within_days", Int),
            ("auto_suspend_days", Int),
        ],
    },
    Table {
        name: "seats",
        columns: &[
            ("id", Text),
            ("room_id", Text),
            ("label", Text),
            ("x", Int),
            ("y", Int),
            ("features", Text),
            ("removed_at", Int),
        ],
    },
    Table {
        name: "bookings",
        columns: &[
            ("id", Text),
            ("room_id", Text),
            ("seat_id", Text),
            ("user_id", Text),
            ("start_at", Int),
            ("end_at", Int),
            ("booked_at", Int),
            ("state", Text),
            ("checked_in_at", Int),
            ("away_until", Int),
            ("ended_at", Int),
            ("code_from", Int),
            ("code_index", Bytes),
            ("code_enc", Bytes),
        ],
    },
    Table {
        name: "doors",
        columns: &[
            ("id", Text),
            ("room_id", Text),
            ("name", Text),
            ("token_hash", Bytes),
            ("webhook_url", Text),
            ("webhook_secret", Bytes),
            ("screen", Bool),
            ("revoked_at", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "violations",
        columns: &[
            ("id", Int),
            ("user_id", Text),
            ("booking_id", Text),
            ("kind", Text),
            ("at", Int),
            ("pardoned_at", Int),
            ("pardoned_by", Text),
            ("pardon_reason", Text),
            ("appeal_text", Text),
            ("appealed_at", Int),
            ("appeal_state", Text),
            ("appeal_answer", Text),
        ],
    },
    Table {
        name: "audit",
        columns: &[
            ("seq", Int),
            ("at", Int),
            ("kind", Text),
            ("actor", Text),
            ("detail", Text),
            ("hash", Bytes),
        ],
    },
    Table {
        name: "audit_head",
        columns: &[("id", Int), ("seq", Int), ("mac", Bytes)],
    },
    Table {
        name: "ticker_state",
        columns: &[("id", Int), ("last_tick_at", Int)],
    },
];

/// What was copied, for the summary the command prints.
#[derive(Debug)]
pub struct Summary {
    /// Rows per table, in the order copied.
    pub counts: Vec<(&'static str, i64)>,
    /// Entries of the audit chain, verified on PostgreSQL with the key.
    pub audit_entries: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "rows copied (each count checked against SQLite):")?;
        for (table, count) in &self.counts {
            writeln!(f, "  {table:<16} {count:>10}")?;
        }
        writeln!(
            f,
            "audit chain: {} entries, verified intact on PostgreSQL with the key",
            self.audit_entries
        )?;
        write!(f, "done in {:.1} s", self.elapsed.as_secs_f64())
    }
}

/// Checks the two URLs and returns the SQLite file's path. The command calls it before it looks
/// for the key, so that a mistyped URL is what it reports. URLs are never echoed whole: a
/// PostgreSQL URL may carry a password.
pub fn check_urls(from: &str, to: &str) -> Result<PathBuf, MigrateError> {
    let scheme = |url: &str| format!("{}:…", url.split_once(':').map_or("", |(s, _)| s));
    if Backend::of(from) != Some(Backend::Sqlite) {
        return Err(MigrateError::NotSqlite(scheme(from)));
    }
    if Backend::of(to) != Some(Backend::Postgres) {
        return Err(MigrateError::NotPostgres(scheme(to)));
    }
    let path = SqliteConnectOptions::from_str(from)?.get_filename().to_path_buf();
    // `is_file`, not `exists`: SQLite would otherwise "open" a directory or create nothing useful.
    if !path.is_file() {
        return Err(MigrateError::NoSuchFile(path));
    }
    Ok(path)
}

/// Copies the SQLite database at `from` into the empty PostgreSQL database at `to`; `key` is the
/// SQLite deployment's key, which the PostgreSQL servers must use from now on.
pub async fn migrate(from: &str, to: &str, key: &SecretKey) -> Result<Summary, MigrateError> {
    let started = Instant::now();
    let path = check_urls(from, to)?;
    let chain = ChainKey::new(key.audit_key());

    // Read-only: this command never writes to the deployment it moves away from.
    let options = SqliteConnectOptions::from_str(from)?
        .read_only(true)
        .busy_timeout(Duration::from_secs(10))
        // Each table is one SELECT, streamed for as long as its copy takes: not a slow query
        // worth a warning.
        .disable_statement_logging();
    let mut source = SqliteConnection::connect_with(&options).await?;
    // One read transaction: its first read fixes the snapshot (WAL), every later read sees it.
    let mut source = source.begin().await?;
    check_source_schema(&mut source, &path).await?;
    let (entries, head) = sqlite_audit_chain(&mut source).await?;
    let verdict = audit::verify(&chain, &entries, head.as_ref());
    if verdict != Verdict::Intact {
        return Err(MigrateError::SourceChain(describe(&verdict)));
    }

    // A batch of bookings may take over a second under load: expected here, not worth a warning.
    let target_options = PgConnectOptions::from_str(to)?.disable_statement_logging();
    let mut target = PgConnection::connect_with(&target_options).await?;
    // The same migrations `open_store` runs (PostgresStore::connect), so the copy meets the schema
    // the servers expect; on a database already migrated they change nothing.
    sqlx::migrate!("migrations/postgres").run(&mut target).await?;
    let mut target = target.begin().await?;
    // Writers wait until this transaction ends (readers do not), so a server already started on
    // the target cannot slip a row in between the emptiness check and the copy.
    let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    sqlx::query(&format!("LOCK TABLE {} IN EXCLUSIVE MODE", names.join(", ")))
        .execute(&mut *target)
        .await?;
    let mut occupied = Vec::new();
    for table in TABLES {
        let any: bool = sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {})", table.name))
            .fetch_one(&mut *target)
            .await?;
        if any {
            occupied.push(table.name);
        }
    }
    if !occupied.is_empty() {
        return Err(MigrateError::TargetNotEmpty(occupied.join(", ")));
    }

    let mut counts = Vec::new();
    for table in TABLES {
        let copied = copy_table(&mut source, &mut target, table).await?;
        let in_sqlite: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", table.name))
            .fetch_one(&mut *source)
            .await?;
        let in_postgres: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", table.name))
            .fetch_one(&mut *target)
            .await?;
        if copied != in_sqlite || in_postgres != in_sqlite {
            return Err(MigrateError::CountMismatch {
                table: table.name,
                sqlite: in_sqlite,
                postgres: in_postgres,
            });
        }
        counts.push((table.name, in_postgres));
    }
    reset_violation_ids(&mut source, &mut target).await?;

    // The copy, read back from PostgreSQL inside the transaction, must verify with the key before
    // anything is committed: then a server on the target finds the same intact chain.
    let (copied, head) = postgres_audit_chain(&mut target).await?;
    let verdict = audit::verify(&chain, &copied, head.as_ref());
    if verdict != Verdict::Intact || copied.len() != entries.len() {
        return Err(MigrateError::TargetChain(describe(&verdict)));
    }
    target.commit().await?;
    // The source's read transaction ends with its connection; nothing in it to keep.
    drop(source);
    Ok(Summary {
        counts,
        audit_entries: copied.len(),
        elapsed: started.elapsed(),
    })
}

/// The source must have exactly this binary's SQLite migrations applied: the column lists above
/// are their end state, and an older database may also hold an audit log from before the chain
/// was keyed, which only the server's start-up upgrades.
async fn check_source_schema(
    source: &mut SqliteConnection,
    path: &std::path::Path,
) -> Result<(), MigrateError> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *source)
    .await?;
    if !has_table {
        return Err(MigrateError::SourceSchema(
            path.to_owned(),
            "it has no migrations table".into(),
        ));
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *source)
            .await?;
    let known: Vec<i64> = sqlx::migrate!("migrations/sqlite")
        .iter()
        .map(|m| m.version)
        .collect();
    if applied != known {
        let last = |v: &[i64]| v.last().map_or("none".to_owned(), i64::to_string);
        return Err(MigrateError::SourceSchema(
            path.to_owned(),
            format!(
                "its last migration is {}, this version's is {}",
                last(&applied),
                last(&known)
            ),
        ));
    }
    every_column_is_copied(source).await
}

/// Refuses a source with a table or column that [`TABLES`] does not name: a migration added later
/// without teaching this command about it would otherwise be left behind without a word.
async fn every_column_is_copied(source: &mut SqliteConnection) -> Result<(), MigrateError> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *source)
    .await?;
    let unknown: Vec<String> = columns
        .into_iter()
        .filter(|(table, column)| {
            !TABLES
                .iter()
                .any(|t| t.name == table && t.columns.iter().any(|(c, _)| c == column))
        })
        .map(|(table, column)| format!("{table}.{column}"))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(MigrateError::UnknownColumns(unknown.join(", ")))
    }
}

/// One column's values in a batch, typed for PostgreSQL's arrays.
enum Values {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Bytes(Vec<Option<Vec<u8>>>),
}

impl Values {
    fn new(kind: Kind) -> Self {
        match kind {
            Text => Self::Text(Vec::with_capacity(BATCH)),
            Int => Self::Int(Vec::with_capacity(BATCH)),
            Bool => Self::Bool(Vec::with_capacity(BATCH)),
            Bytes => Self::Bytes(Vec::with_capacity(BATCH)),
        }
    }

    fn push(&mut self, row: &SqliteRow, column: &str) -> Result<(), MigrateError> {
        match self {
            Self::Text(v) => v.push(row.opt_text(column)?),
            Self::Int(v) => v.push(row.opt_int(column)?),
            // SQLite keeps the flag as 0/1; anything else is not what the schema promises.
            Self::Bool(v) => v.push(match row.opt_int(column)? {
                None => None,
                Some(0) => Some(false),
                Some(1) => Some(true),
                Some(_) => return Err(StoreError::Corrupt("a flag column holds neither 0 nor 1").into()),
            }),
            Self::Bytes(v) => v.push(row.try_get(column)?),
        }
        Ok(())
    }

    fn len(&self) -> usize {
        match self {
            Self::Text(v) => v.len(),
            Self::Int(v) => v.len(),
            Self::Bool(v) => v.len(),
            Self::Bytes(v) => v.len(),
        }
    }

    fn clear(&mut self) {
        match self {
            Self::Text(v) => v.clear(),
            Self::Int(v) => v.clear(),
            Self::Bool(v) => v.clear(),
            Self::Bytes(v) => v.clear(),
        }
    }

    fn bind<'q>(
        &'q self,
        query: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
        match self {
            Self::Text(v) => query.bind(v),
            Self::Int(v) => query.bind(v),
            Self::Bool(v) => query.bind(v),
            Self::Bytes(v) => query.bind(v),
        }
    }
}

/// Streams one table out of SQLite and into PostgreSQL in batches; returns the rows copied.
async fn copy_table(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &Table,
) -> Result<i64, MigrateError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let arrays: Vec<String> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, (_, kind))| {
            let array = match kind {
                Text => "TEXT[]",
                Int => "BIGINT[]",
                Bool => "BOOLEAN[]",
                Bytes => "BYTEA[]",
            };
            format!("${}::{array}", i + 1)
        })
        .collect();
    // violations.id is GENERATED ALWAYS: the copied ids are kept (appeals and the audit name
    // them), which PostgreSQL allows only when asked to override.
    let overriding = if table.name == "violations" {
        "OVERRIDING SYSTEM VALUE "
    } else {
        ""
    };
    let insert = format!(
        "INSERT INTO {} ({}) {overriding}SELECT * FROM UNNEST({})",
        table.name,
        names.join(", "),
        arrays.join(", ")
    );
    let select = format!("SELECT {} FROM {}", names.join(", "), table.name);

    let mut batch: Vec<Values> = table.columns.iter().map(|(_, kind)| Values::new(*kind)).collect();
    let mut copied = 0i64;
    let mut rows = sqlx::query(&select).fetch(&mut *source);
    while let Some(row) = rows.try_next().await? {
        for (values, (name, _)) in batch.iter_mut().zip(table.columns) {
            values.push(&row, name)?;
        }
        if batch[0].len() == BATCH {
            copied += insert_batch(target, &insert, &mut batch).await?;
        }
    }
    if batch[0].len() > 0 {
        copied += insert_batch(target, &insert, &mut batch).await?;
    }
    Ok(copied)
}

async fn insert_batch(
    target: &mut PgConnection,
    insert: &str,
    batch: &mut [Values],
) -> Result<i64, MigrateError> {
    let mut query = sqlx::query(insert);
    for values in batch.iter() {
        query = values.bind(query);
    }
    let done = query.execute(&mut *target).await?;
    for values in batch.iter_mut() {
        values.clear();
    }
    Ok(done.rows_affected() as i64)
}

/// Copying explicit ids does not move an identity's sequence: the next violation would be given
/// id 1 and clash. It continues after the highest id SQLite ever gave (AUTOINCREMENT remembers
/// ids of deleted rows in sqlite_sequence, and never reuses them; neither should PostgreSQL).
async fn reset_violation_ids(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
) -> Result<(), MigrateError> {
    let given: Option<i64> = sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'violations'")
        .fetch_optional(&mut *source)
        .await?;
    sqlx::query(
        "SELECT setval(pg_get_serial_sequence('violations', 'id'), \
         GREATEST($1, (SELECT COALESCE(MAX(id), 0) FROM violations)) + 1, false)",
    )
    .bind(given.unwrap_or(0))
    .execute(&mut *target)
    .await?;
    Ok(())
}

fn describe(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Intact => "intact, but not every entry was copied".into(),
        Verdict::BrokenAt(seq) => format!("broken at seq {seq}"),
        Verdict::Truncated { head_seq, last_seq } => {
            format!("the head names seq {head_seq} but the last entry is seq {last_seq}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MigrateError, check_urls};

    #[test]
    fn urls_of_the_wrong_kind_are_refused_without_echoing_them() {
        let e = check_urls("postgres://u:secret@db/x", "postgres://db/y").unwrap_err();
        assert!(matches!(e, MigrateError::NotSqlite(_)));
        assert!(!e.to_string().contains("secret"));
        let e = check_urls("sqlite://x.db", "mysql://u:secret@db/y").unwrap_err();
        assert!(matches!(e, MigrateError::NotPostgres(_)));
        assert!(!e.to_string().contains("secret"));
        let e = check_urls("sqlite:///nowhere/studyroom.db", "postgres://db/y").unwrap_err();
        assert!(matches!(e, MigrateError::NoSuchFile(_)), "{e}");
    }
}
