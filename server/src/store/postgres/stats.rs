//! Statistics and export reads in PostgreSQL: grouped by the database, one index on (room, start).
//! The SQL says what the SQLite store's says, in PostgreSQL's words: `COUNT(*) FILTER` for sums of
//! booleans, `LEAST` for SQLite's scalar `MIN`, `to_timestamp` for `'unixepoch'`, and `::BIGINT`
//! where a sum would otherwise be NUMERIC.

use super::{PostgresStore, secs, time};
use crate::store::{ExportRow, StatsRows, StatsStore, StoreResult, Totals};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[async_trait]
impl StatsStore for PostgresStore {
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
             COUNT(*) FILTER (WHERE state = 'no_show') AS no_shows, \
             COUNT(*) FILTER (WHERE state IN ('completed', 'no_show')) AS decided, \
             COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL THEN LEAST(COALESCE(ended_at, $4), end_at, $4) - checked_in_at END), 0)::BIGINT AS stay, \
             COUNT(*) FILTER (WHERE checked_in_at IS NOT NULL) AS stays \
             FROM bookings WHERE room_id = $1 AND start_at >= $2 AND start_at < $3 AND state <> 'cancelled'",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        let totals = Totals {
            bookings: count(t.try_get("bookings")?),
            people: count(t.try_get("people")?),
            no_shows: count(t.try_get("no_shows")?),
            decided: count(t.try_get("decided")?),
            stay_seconds: t.try_get("stay")?,
            stays: count(t.try_get("stays")?),
        };
        let per_day = sqlx::query(
            "SELECT to_char(to_timestamp(start_at + $4) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, COUNT(*) AS n, COUNT(DISTINCT user_id) AS people \
             FROM bookings WHERE room_id = $1 AND start_at >= $2 AND start_at < $3 AND state <> 'cancelled' \
             GROUP BY day ORDER BY day",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(i64::from(offset_secs))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("day")?, count(r.try_get("n")?), count(r.try_get("people")?))))
        .collect::<StoreResult<_>>()?;
        let busiest = sqlx::query(
            "SELECT b.seat_id, s.label, SUM(LEAST(COALESCE(b.ended_at, $4), b.end_at, $4) - b.checked_in_at)::BIGINT AS used \
             FROM bookings b JOIN seats s ON s.id = b.seat_id \
             WHERE b.room_id = $1 AND b.start_at >= $2 AND b.start_at < $3 AND b.checked_in_at IS NOT NULL \
             GROUP BY b.seat_id, s.label ORDER BY used DESC, s.label LIMIT 10",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("seat_id")?, r.try_get("label")?, r.try_get("used")?)))
        .collect::<StoreResult<_>>()?;
        // Every stay cut at the hour boundaries of the room's clock, then summed per weekday and hour.
        let heat = sqlx::query(
            "WITH RECURSIVE stays(s, e) AS ( \
               SELECT checked_in_at + $5, LEAST(COALESCE(ended_at, $4), end_at, $4) + $5 FROM bookings \
               WHERE room_id = $1 AND start_at >= $2 AND start_at < $3 AND checked_in_at IS NOT NULL), \
             hours(h, s, e) AS ( \
               SELECT s / 3600 * 3600, s, e FROM stays WHERE e > s \
               UNION ALL SELECT h + 3600, s, e FROM hours WHERE h + 3600 < e) \
             SELECT EXTRACT(DOW FROM to_timestamp(h) AT TIME ZONE 'UTC')::BIGINT AS wd, h / 3600 % 24 AS hr, \
               SUM(LEAST(e, h + 3600) - GREATEST(s, h))::BIGINT AS used FROM hours GROUP BY wd, hr",
        )
        .bind(room_id)
        .bind(from)
        .bind(to)
        .bind(now)
        .bind(i64::from(offset_secs))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let wd: i64 = r.try_get("wd")?;
            let hr: i64 = r.try_get("hr")?;
            Ok((
                u32::try_from(wd).unwrap_or(0),
                u32::try_from(hr).unwrap_or(0),
                r.try_get("used")?,
            ))
        })
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
        let rows = sqlx::query(
            "SELECT b.id, r.name AS room_name, s.label AS seat_label, b.user_id, u.real_name_enc, u.phone_enc, \
             b.start_at, b.end_at, b.state, b.checked_in_at, b.ended_at, r.utc_offset_secs \
             FROM bookings b JOIN rooms r ON r.id = b.room_id JOIN seats s ON s.id = b.seat_id \
             JOIN users u ON u.id = b.user_id \
             WHERE ($1::TEXT IS NULL OR b.room_id = $1) AND b.start_at >= $2 AND b.start_at < $3 \
             AND ($4::BIGINT IS NULL OR (b.start_at, b.id) > ($4, $5)) ORDER BY b.start_at, b.id LIMIT $6",
        )
        .bind(room_id)
        .bind(secs(from))
        .bind(secs(to))
        .bind(after.map(|a| secs(a.0)))
        .bind(after.map(|a| a.1.as_str()))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let opt = |c: &str| -> StoreResult<Option<DateTime<Utc>>> {
                    r.try_get::<Option<i64>, _>(c)?.map(time).transpose()
                };
                Ok(ExportRow {
                    id: r.try_get("id")?,
                    room_name: r.try_get("room_name")?,
                    seat_label: r.try_get("seat_label")?,
                    user_id: r.try_get("user_id")?,
                    real_name_enc: r.try_get("real_name_enc")?,
                    phone_enc: r.try_get("phone_enc")?,
                    start: time(r.try_get("start_at")?)?,
                    end: time(r.try_get("end_at")?)?,
                    state: r.try_get("state")?,
                    checked_in_at: opt("checked_in_at")?,
                    ended_at: opt("ended_at")?,
                    utc_offset_secs: i32::try_from(r.try_get::<i64, _>("utc_offset_secs")?)
                        .map_err(|_| crate::store::StoreError::Corrupt("rooms.utc_offset_secs"))?,
                })
            })
            .collect()
    }
}
