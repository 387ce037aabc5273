//! The time picker's arithmetic, on the room's clock: slot boundaries (a start may be the current,
//! already-begun slot), the days that can be booked, the starts of a day with what is taken
//! merged into ranges, the duration chips, and whether a choice fits between other bookings.
//! Bookings may cross midnight: the busy list of a day includes the next day's.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Timelike};
use studyroom_api::Rules;
use studyroom_api::room::{Availability, Busy, parse_utc_offset};

/// The room's clock. An offset the server should never send falls back to the contract's default.
pub fn room_offset(utc_offset: &str) -> FixedOffset {
    parse_utc_offset(utc_offset)
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset"))
}

/// The slot boundary at or before `t`. Slots divide the day, so they are counted from local midnight.
pub fn slot_floor(t: DateTime<FixedOffset>, slot_minutes: u32) -> DateTime<FixedOffset> {
    let t = t.with_nanosecond(0).unwrap_or(t);
    let past = i64::from(t.num_seconds_from_midnight()) % (i64::from(slot_minutes.max(1)) * 60);
    t - TimeDelta::seconds(past)
}

fn day_start(day: NaiveDate, offset: FixedOffset) -> DateTime<FixedOffset> {
    // A fixed offset has exactly one midnight.
    offset
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("a fixed offset is unambiguous")
}

/// Starts must come before this: `advance_days` days from now.
pub fn bookable_until(now: DateTime<FixedOffset>, rules: &Rules) -> DateTime<FixedOffset> {
    now + TimeDelta::days(i64::from(rules.advance_days))
}

/// Today, then each following day that has a bookable start.
pub fn days(now: DateTime<FixedOffset>, rules: &Rules) -> Vec<NaiveDate> {
    let until = bookable_until(now, rules);
    now.date_naive()
        .iter_days()
        .enumerate()
        .take_while(|(i, day)| *i == 0 || day_start(*day, *now.offset()) < until)
        .map(|(_, day)| day)
        .collect()
}

/// The duration chips: whole hours up to four, within the room's longest booking and in whole
/// slots; a room with odd rules gets one to four slots instead.
pub fn durations(rules: &Rules) -> Vec<u32> {
    let slot = rules.slot_minutes.max(1);
    let max = rules.max_booking_minutes;
    let hours: Vec<u32> = [60, 120, 180, 240]
        .into_iter()
        .filter(|m| *m <= max && m % slot == 0)
        .collect();
    if !hours.is_empty() {
        return hours;
    }
    let slots: Vec<u32> = (1..=4).map(|k| k * slot).filter(|m| *m <= max).collect();
    if slots.is_empty() { vec![max] } else { slots }
}

pub fn end_of(start: DateTime<FixedOffset>, minutes: u32) -> DateTime<FixedOffset> {
    start + TimeDelta::minutes(i64::from(minutes))
}

/// Whether `[start, start + minutes)` is clear of every busy range.
pub fn fits(start: DateTime<FixedOffset>, minutes: u32, busy: &[Busy]) -> bool {
    let end = end_of(start, minutes);
    !busy.iter().any(|b| b.start < end && start < b.end)
}

/// One entry of a day's list of starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotItem {
    /// A start. `now`: the current, already-begun slot. `usable`: at least the shortest duration
    /// fits before the next booking.
    Free {
        start: DateTime<FixedOffset>,
        now: bool,
        usable: bool,
    },
    /// Consecutive slots someone else holds, as one greyed range.
    Taken {
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    },
}

/// The starts of `day` from the current slot on, before [`bookable_until`].
pub fn slot_items(day: NaiveDate, now: DateTime<FixedOffset>, rules: &Rules, busy: &[Busy]) -> Vec<SlotItem> {
    let slot = rules.slot_minutes.max(1);
    let current = slot_floor(now, slot);
    let until = bookable_until(now, rules);
    let shortest = durations(rules)[0];
    let day_begins = day_start(day, *now.offset());
    let day_ends = day_begins + TimeDelta::days(1);
    let mut items: Vec<SlotItem> = Vec::new();
    let mut start = day_begins.max(current);
    while start < day_ends && start < until {
        let end = end_of(start, slot);
        if fits(start, slot, busy) {
            items.push(SlotItem::Free {
                start,
                now: start == current,
                usable: fits(start, shortest, busy),
            });
        } else if let Some(SlotItem::Taken { end: last_end, .. }) = items.last_mut() {
            *last_end = end;
        } else {
            items.push(SlotItem::Taken { start, end });
        }
        start = end;
    }
    items
}

/// `2026-11-26`, for `?date=`.
pub fn date_param(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// One seat's busy ranges, from the availability of one or more days (a range that crosses
/// midnight appears in both), once each, in order.
pub fn busy_of(seat_id: &str, days: &[Availability]) -> Vec<Busy> {
    let mut busy: Vec<Busy> = days
        .iter()
        .flat_map(|a| a.seats.iter().filter(|s| s.seat_id == seat_id))
        .flat_map(|s| s.busy.iter().cloned())
        .collect();
    busy.sort_by_key(|b| (b.start, b.end));
    busy.dedup();
    busy
}

#[cfg(test)]
mod tests {
    use super::*;
    use studyroom_api::room::SeatAvailability;

    fn at8(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
    }

    fn busy(start: &str, end: &str) -> Busy {
        Busy {
            start: at8(start),
            end: at8(end),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn the_current_slot_starts_at_the_boundary_before_now() {
        assert_eq!(
            slot_floor(at8("2026-11-26T21:40:12.5"), 30),
            at8("2026-11-26T21:30:00")
        );
        assert_eq!(
            slot_floor(at8("2026-11-26T21:30:00"), 30),
            at8("2026-11-26T21:30:00")
        );
        assert_eq!(
            slot_floor(at8("2026-11-26T00:14:59"), 15),
            at8("2026-11-26T00:00:00")
        );
        // Boundaries follow the room's midnight, not UTC's.
        let kathmandu = DateTime::parse_from_rfc3339("2026-11-26T10:50:00+05:45").unwrap();
        assert_eq!(
            slot_floor(kathmandu, 60).to_rfc3339(),
            "2026-11-26T10:00:00+05:45"
        );
    }

    #[test]
    fn an_offset_is_the_rooms_or_the_default() {
        assert_eq!(room_offset("+08:00").local_minus_utc(), 8 * 3600);
        assert_eq!(room_offset("-05:30").local_minus_utc(), -(5 * 3600 + 1800));
        assert_eq!(room_offset("nonsense").local_minus_utc(), 8 * 3600);
    }

    #[test]
    fn days_reach_as_far_as_the_room_allows() {
        let rules = Rules::default();
        let now = at8("2026-11-26T21:40:00");
        assert_eq!(days(now, &rules), vec![day(26), day(27), day(28), day(29)]);
        let same_day = Rules {
            advance_days: 0,
            ..rules
        };
        assert_eq!(days(now, &same_day), vec![day(26)]);
    }

    #[test]
    fn durations_are_whole_hours_within_the_longest_booking() {
        assert_eq!(durations(&Rules::default()), vec![60, 120, 180, 240]);
        let short = Rules {
            max_booking_minutes: 150,
            ..Rules::default()
        };
        assert_eq!(durations(&short), vec![60, 120]);
        let odd = Rules {
            slot_minutes: 45,
            max_booking_minutes: 135,
            ..Rules::default()
        };
        assert_eq!(durations(&odd), vec![45, 90, 135]);
        let tiny = Rules {
            slot_minutes: 30,
            max_booking_minutes: 30,
            ..Rules::default()
        };
        assert_eq!(durations(&tiny), vec![30]);
    }

    #[test]
    fn today_starts_with_now_and_taken_slots_merge_into_one_range() {
        let rules = Rules::default();
        let now = at8("2026-11-26T21:40:00");
        let taken = [busy("2026-11-26T22:30:00", "2026-11-26T23:30:00")];
        let items = slot_items(day(26), now, &rules, &taken);
        assert_eq!(
            items,
            vec![
                SlotItem::Free {
                    start: at8("2026-11-26T21:30:00"),
                    now: true,
                    usable: true
                },
                SlotItem::Free {
                    start: at8("2026-11-26T22:00:00"),
                    now: false,
                    usable: false
                },
                SlotItem::Taken {
                    start: at8("2026-11-26T22:30:00"),
                    end: at8("2026-11-26T23:30:00")
                },
                SlotItem::Free {
                    start: at8("2026-11-26T23:30:00"),
                    now: false,
                    usable: true
                },
            ]
        );
    }

    #[test]
    fn the_last_day_stops_where_booking_ahead_ends() {
        let rules = Rules {
            advance_days: 1,
            ..Rules::default()
        };
        let now = at8("2026-11-26T10:10:00");
        let items = slot_items(day(27), now, &rules, &[]);
        assert_eq!(items.len(), 21); // 00:00 … 10:00 tomorrow
        assert!(
            matches!(items.last(), Some(SlotItem::Free { start, .. }) if *start == at8("2026-11-27T10:00:00"))
        );
    }

    #[test]
    fn a_booking_may_run_past_midnight_unless_tomorrow_is_taken() {
        let night = at8("2026-11-26T22:00:00");
        assert!(fits(night, 240, &[]));
        assert_eq!(end_of(night, 180), at8("2026-11-27T01:00:00"));
        let tomorrow = [busy("2026-11-27T01:30:00", "2026-11-27T03:00:00")];
        assert!(fits(night, 180, &tomorrow));
        assert!(!fits(night, 240, &tomorrow));
        // Touching ends are not overlaps.
        assert!(fits(at8("2026-11-27T03:00:00"), 60, &tomorrow));
    }

    #[test]
    fn busy_ranges_of_two_days_are_merged_once() {
        let crossing = busy("2026-11-26T23:00:00", "2026-11-27T01:00:00");
        let day_of = |date: &str, busy: Vec<Busy>| Availability {
            date: date.into(),
            seats: vec![
                SeatAvailability {
                    seat_id: "a3".into(),
                    busy,
                },
                SeatAvailability {
                    seat_id: "a4".into(),
                    busy: vec![],
                },
            ],
        };
        let today = day_of(
            "2026-11-26",
            vec![
                crossing.clone(),
                busy("2026-11-26T09:00:00", "2026-11-26T10:00:00"),
            ],
        );
        let tomorrow = day_of("2026-11-27", vec![crossing.clone()]);
        let merged = busy_of("a3", &[today, tomorrow]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[1], crossing);
        assert_eq!(date_param(day(6)), "2026-11-06");
    }
}
