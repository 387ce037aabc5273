//! CSV exports for managers: bookings, and door entries. UTF-8 with a byte-order mark (so Excel
//! and WPS show Chinese), identities masked, every cell that a spreadsheet would read as a formula
//! neutralised, and streamed page by page: a year of a busy room is never built in memory.

use crate::accounts::DISPLAY_OFFSET_SECS;
use crate::error::ApiError;
use crate::local_time::local;
use crate::state::AppState;
use crate::store::{AuditFilter, ExportRow};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::Stream;
use studyroom_api::mask;

const PAGE: u32 = 1000;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell as a spreadsheet will show it, never run: text that starts like a formula gets a
/// leading apostrophe (OWASP's advice for CSV injection).
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let safe: Vec<String> = cells.iter().map(|c| safe_cell(c)).collect();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&safe);
    w.into_inner().unwrap_or_default()
}

fn when(t: Option<DateTime<Utc>>, offset: i32) -> String {
    t.map(|t| local(t, offset).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn booking_cells(state: &AppState, r: &ExportRow) -> Vec<String> {
    let decrypt = |column: &str, blob: &Option<Vec<u8>>| {
        blob.as_ref().and_then(|b| {
            state
                .vault
                .decrypt(&format!("users/{}/{column}", r.user_id), b)
                .ok()
        })
    };
    vec![
        r.id.clone(),
        r.room_name.clone(),
        r.seat_label.clone(),
        decrypt("real_name", &r.real_name_enc)
            .map(|n| mask::name(&n))
            .unwrap_or_default(),
        decrypt("phone", &r.phone_enc)
            .map(|p| mask::phone(&p))
            .unwrap_or_default(),
        when(Some(r.start), r.utc_offset_secs),
        when(Some(r.end), r.utc_offset_secs),
        r.state.clone(),
        when(r.checked_in_at, r.utc_offset_secs),
        when(r.ended_at, r.utc_offset_secs),
    ]
}

const BOOKING_HEADER: [&str; 10] = [
    "预约编号 booking",
    "自习室 room",
    "座位 seat",
    "成员 member",
    "手机 phone",
    "开始 start",
    "结束 end",
    "状态 state",
    "进门 entered",
    "结束于 ended",
];

/// Bookings that start in `[from, to)` (one room or all), oldest first.
pub fn bookings(
    state: AppState,
    room_id: Option<String>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let header: Vec<String> = BOOKING_HEADER.iter().map(|s| (*s).to_owned()).collect();
    let mut first = BOM.to_vec();
    first.extend(csv_line(&header));
    let start = Some(Ok(Bytes::from(first)));
    let pages = futures_util::stream::unfold(
        Some(None),
        move |after: Option<Option<(DateTime<Utc>, String)>>| {
            let (state, room_id) = (state.clone(), room_id.clone());
            async move {
                let after = after?;
                match state
                    .store
                    .export_page(room_id.as_deref(), from, to, after.as_ref(), PAGE)
                    .await
                {
                    Ok(rows) if rows.is_empty() => None,
                    Ok(rows) => {
                        let mut chunk = Vec::new();
                        for r in &rows {
                            chunk.extend(csv_line(&booking_cells(&state, r)));
                        }
                        let next = rows.last().map(|r| (r.start, r.id.clone()));
                        let more = rows.len() == PAGE as usize;
                        Some((Ok(Bytes::from(chunk)), more.then_some(next)))
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "the bookings export failed part way");
                        Some((Err(std::io::Error::other("export failed")), None))
                    }
                }
            }
        },
    );
    futures_util::StreamExt::chain(futures_util::stream::iter(start), pages)
}

/// The audit kinds that are attempts to get in.
const ATTEMPTS: [&str; 4] = [
    "door_granted",
    "door_refused",
    "door_locked_out",
    "door_granted_in_app",
];

const ENTRY_HEADER: [&str; 5] = [
    "时间 at",
    "门 door",
    "结果 outcome",
    "操作者 actor",
    "详情 detail",
];

/// Door attempts (granted, refused, locked out, opened in the app) in `[from, to)`, newest first.
pub fn entries(
    state: AppState,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let header: Vec<String> = ENTRY_HEADER.iter().map(|s| (*s).to_owned()).collect();
    let mut first = BOM.to_vec();
    first.extend(csv_line(&header));
    let start = Some(Ok(Bytes::from(first)));
    let pages = futures_util::stream::unfold(Some(None), move |before: Option<Option<i64>>| {
        let state = state.clone();
        async move {
            let before = before?;
            let filter = AuditFilter {
                from: Some(from),
                to: Some(to),
                before,
                ..Default::default()
            };
            match state.store.audit_page(&filter, PAGE).await {
                Ok(page) if page.is_empty() => None,
                Ok(page) => {
                    let mut chunk = Vec::new();
                    for e in page.iter().filter(|e| ATTEMPTS.contains(&e.kind.as_str())) {
                        let door = e.actor.strip_prefix("door:").unwrap_or_default().to_owned();
                        let cells = [
                            when(Some(e.at), DISPLAY_OFFSET_SECS),
                            door,
                            e.kind.clone(),
                            e.actor.clone(),
                            e.detail.clone(),
                        ];
                        chunk.extend(csv_line(&cells));
                    }
                    let next = (page.len() == PAGE as usize).then(|| page.last().map(|e| e.seq));
                    Some((Ok(Bytes::from(chunk)), next))
                }
                Err(e) => {
                    tracing::error!(error = %e, "the entries export failed part way");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    futures_util::StreamExt::chain(futures_util::stream::iter(start), pages)
}

/// The file name of an export, with its range: `bookings_2026-11-01_2026-11-30.csv`.
pub fn file_name(what: &str, from: &str, to: &str) -> String {
    format!("{what}_{from}_{to}.csv")
}

pub fn range_error() -> ApiError {
    ApiError::BadRequest("from and to are YYYY-MM-DD, from not after to, at most 400 days")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        for bad in ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(safe_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(safe_cell("张*明"), "张*明");
        assert_eq!(safe_cell(""), "");
    }

    #[test]
    fn cells_with_commas_and_quotes_are_quoted() {
        let line = String::from_utf8(csv_line(&["a,b".into(), "say \"hi\"".into()])).unwrap();
        assert_eq!(line, "\"a,b\",\"say \"\"hi\"\"\"\n");
    }
}
