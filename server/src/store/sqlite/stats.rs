//! Statistics and export reads in SQLite: grouped by the database, one index on (room, start).

use super::{SqliteStore, secs};
use crate::store::stats::{EXPORT_SELECT, day_from_row, hour_from_row, seat_use_from_row};
use crate::store::{ExportRow, StatsRows, StatsStore, StoreResult, Totals};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl StatsStore for SqliteStore {
    async fn room_stats(
        &self,
        room_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        offset_secs: i32,
        now: DateTime<Utc>,
    ) -> StoreResult<StatsRows> {
        let (from, to, now) = (secs(from), secs(to), secs(now));
        let mut conn = self.pool.acquire().await?;
        let t = sqlx::query(
            "SELECT COUNT(*) AS bookings, COUNT(DISTINCT user_id) AS people, \
             COALESCE(SUM(state = 'no_show'), 0) AS no_shows, \
             COALESCE(SUM(state IN ('completed', 'no_show')), 0) AS decided, \
             COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL THEN MIN(COALESCE(ended_at, ?4), end_at, ?4) - checked_in_at END), 0) AS stay, \
             COALESCE(SUM(checked_in_at IS NOT NULL), 0) AS stays \
             FROM bookings WHERE room_id = ?1 AND start_at >= ?2 AND start_at < ?3 AND state <> 'cancelled'",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        let totals = Totals::from_row(&t)?;
        let per_day = sqlx::query(
            "SELECT date(start_at + ?4, 'unixepoch') AS day, COUNT(*) AS n, COUNT(DISTINCT user_id) AS people \
             FROM bookings WHERE room_id = ?1 AND start_at >= ?2 AND start_at < ?3 AND state <> 'cancelled' \
             GROUP BY day ORDER BY day",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(offset_secs)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(day_from_row)
        .collect::<StoreResult<_>>()?;
        let busiest = sqlx::query(
            "SELECT b.seat_id, s.label, SUM(MIN(COALESCE(b.ended_at, ?4), b.end_at, ?4) - b.checked_in_at) AS used \
             FROM bookings b JOIN seats s ON s.id = b.seat_id \
             WHERE b.room_id = ?1 AND b.start_at >= ?2 AND b.start_at < ?3 AND b.checked_in_at IS NOT NULL \
             GROUP BY b.seat_id ORDER BY used DESC, s.label LIMIT 10",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(seat_use_from_row)
        .collect::<StoreResult<_>>()?;
        // Every stay cut at the hour boundaries of the room's clock, then summed per weekday and hour.
        let heat = sqlx::query(
            "WITH RECURSIVE stays(s, e) AS ( \
               SELECT checked_in_at + ?5, MIN(COALESCE(ended_at, ?4), end_at, ?4) + ?5 FROM bookings \
               WHERE room_id = ?1 AND start_at >= ?2 AND start_at < ?3 AND checked_in_at IS NOT NULL), \
             hours(h, s, e) AS ( \
               SELECT s / 3600 * 3600, s, e FROM stays WHERE e > s \
               UNION ALL SELECT h + 3600, s, e FROM hours WHERE h + 3600 < e) \
             SELECT CAST(strftime('%w', h, 'unixepoch') AS INTEGER) AS wd, h / 3600 % 24 AS hr, \
               SUM(MIN(e, h + 3600) - MAX(s, h)) AS used FROM hours GROUP BY wd, hr",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(now)
        .bind(offset_secs)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(hour_from_row)
        .collect::<StoreResult<_>>()?;
        Ok(StatsRows {
            totals,
            per_day,
            busiest,
            heat,
        })
    }

    async fn export_page(
        &self,
        room_id: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        after: Option<&(DateTime<Utc>, String)>,
        limit: u32,
    ) -> StoreResult<Vec<ExportRow>> {
        let sql = format!(
            "{EXPORT_SELECT} WHERE (?1 IS NULL OR b.room_id = ?1) AND b.start_at >= ?2 AND b.start_at < ?3 \
             AND (?4 IS NULL OR (b.start_at, b.id) > (?4, ?5)) ORDER BY b.start_at, b.id LIMIT ?6"
        );
        let rows = sqlx::query(&sql)
            .bind(room_id)
            .bind(secs(from))
            .bind(secs(to))
            .bind(after.map(|a| secs(a.0)))
            .bind(after.map(|a| a.1.as_str()))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(ExportRow::from_row).collect()
    }
}
