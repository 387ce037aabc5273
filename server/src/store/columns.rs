//! A result row of either database, read by column name: what lets the SQLite and PostgreSQL stores
//! share one decoder per record (`ViolationRecord::from_row`, say) instead of two copies that can
//! drift. Both stores keep times as Unix seconds, so the conversions are shared too; flags are
//! INTEGER 0/1 in SQLite and BOOLEAN in PostgreSQL, and sqlx reads either as a `bool`. The SQLite
//! writer's own connection (rusqlite) reads its rows through the same trait.

use super::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

pub trait Columns {
    fn text(&self, column: &str) -> StoreResult<String>;
    fn opt_text(&self, column: &str) -> StoreResult<Option<String>>;
    fn int(&self, column: &str) -> StoreResult<i64>;
    fn opt_int(&self, column: &str) -> StoreResult<Option<i64>>;
    fn bytes(&self, column: &str) -> StoreResult<Vec<u8>>;
    fn opt_bytes(&self, column: &str) -> StoreResult<Option<Vec<u8>>>;
    /// A yes/no column: INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL.
    fn flag(&self, column: &str) -> StoreResult<bool>;

    /// An integer that must fit an `i32` (PostgreSQL keeps it as BIGINT); `what` names it when it
    /// does not.
    fn int32(&self, column: &str, what: &'static str) -> StoreResult<i32> {
        i32::try_from(self.int(column)?).map_err(|_| StoreError::Corrupt(what))
    }

    /// A time kept as Unix seconds.
    fn time(&self, column: &str) -> StoreResult<DateTime<Utc>> {
        time(self.int(column)?)
    }

    fn opt_time(&self, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
        self.opt_int(column)?.map(time).transpose()
    }
}

pub fn time(secs: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).ok_or(StoreError::Corrupt("timestamp out of range"))
}

/// The same readers for each row type: sqlx's `try_get`, rusqlite's `get`.
macro_rules! columns_for {
    ($row:ty, $get:ident) => {
        impl Columns for $row {
            fn text(&self, column: &str) -> StoreResult<String> {
                Ok(self.$get(column)?)
            }
            fn opt_text(&self, column: &str) -> StoreResult<Option<String>> {
                Ok(self.$get(column)?)
            }
            fn int(&self, column: &str) -> StoreResult<i64> {
                Ok(self.$get(column)?)
            }
            fn opt_int(&self, column: &str) -> StoreResult<Option<i64>> {
                Ok(self.$get(column)?)
            }
            fn bytes(&self, column: &str) -> StoreResult<Vec<u8>> {
                Ok(self.$get(column)?)
            }
            fn opt_bytes(&self, column: &str) -> StoreResult<Option<Vec<u8>>> {
                Ok(self.$get(column)?)
            }
            fn flag(&self, column: &str) -> StoreResult<bool> {
                Ok(self.$get(column)?)
            }
        }
    };
}

columns_for!(SqliteRow, try_get);
columns_for!(PgRow, try_get);
columns_for!(rusqlite::Row<'_>, get);
