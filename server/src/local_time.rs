//! A room's local time: slots, days and answers are in the room's UTC offset, whatever the
//! server's. Plain functions over chrono, tested natively.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};

pub fn offset(secs: i32) -> FixedOffset {
    FixedOffset::east_opt(secs).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero is a valid offset"))
}

pub fn local(t: DateTime<Utc>, offset_secs: i32) -> DateTime<FixedOffset> {
    t.with_timezone(&offset(offset_secs))
}

/// Whether `t` falls on a slot boundary of the room's local day.
pub fn on_slot(t: DateTime<FixedOffset>, slot_minutes: u32) -> bool {
    t.second() == 0 && t.nanosecond() == 0 && (t.hour() * 60 + t.minute()).is_multiple_of(slot_minutes)
}

/// The start of the slot that contains `now`: the earliest start a booking may have.
pub fn slot_start(now: DateTime<Utc>, offset_secs: i32, slot_minutes: u32) -> DateTime<Utc> {
    let l = local(now, offset_secs);
    let minutes = l.hour() * 60 + l.minute();
    let floor = minutes - minutes % slot_minutes;
    let day = l.date_naive().and_hms_opt(0, 0, 0).expect("midnight exists");
    let start = offset(offset_secs)
        .from_local_datetime(&day)
        .single()
        .expect("fixed offsets are unambiguous");
    (start + Duration::minutes(i64::from(floor))).with_timezone(&Utc)
}

/// `[00:00, 24:00)` of a local date, in UTC.
pub fn day_bounds(date: NaiveDate, offset_secs: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    let start = offset(offset_secs)
        .from_local_datetime(&midnight)
        .single()
        .expect("fixed offsets are unambiguous");
    (
        start.with_timezone(&Utc),
        (start + Duration::days(1)).with_timezone(&Utc),
    )
}

/// The end of the local day that contains `now`.
pub fn end_of_day(now: DateTime<Utc>, offset_secs: i32) -> DateTime<Utc> {
    day_bounds(local(now, offset_secs).date_naive(), offset_secs).1
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHANGHAI: i32 = 8 * 3600;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn slots_are_counted_in_the_rooms_local_time() {
        // 21:40 in Shanghai is inside the 21:30 slot.
        assert_eq!(
            slot_start(utc("2026-11-22T13:40:00Z"), SHANGHAI, 30),
            utc("2026-11-22T13:30:00Z")
        );
        assert!(on_slot(
            DateTime::parse_from_rfc3339("2026-11-22T22:00:00+08:00").unwrap(),
            30
        ));
        assert!(!on_slot(
            DateTime::parse_from_rfc3339("2026-11-22T22:15:00+08:00").unwrap(),
            30
        ));
        // A half-hour offset still puts slots on the local clock's boundaries.
        assert_eq!(
            slot_start(utc("2026-11-22T13:40:00Z"), 5 * 3600 + 1800, 60),
            utc("2026-11-22T13:30:00Z")
        );
    }

    #[test]
    fn a_local_day_ends_at_local_midnight() {
        // 23:50 on the 22nd in Shanghai is 15:50 UTC; the day ends at 16:00 UTC.
        assert_eq!(
            end_of_day(utc("2026-11-22T15:50:00Z"), SHANGHAI),
            utc("2026-11-22T16:00:00Z")
        );
        let (from, to) = day_bounds(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), SHANGHAI);
        assert_eq!(from, utc("2026-11-22T16:00:00Z"));
        assert_eq!(to, utc("2026-11-23T16:00:00Z"));
    }
}
