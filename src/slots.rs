//! The time picker's arithmetic, on the room's clock: slot boundaries (a start may be the current,
//! already-begun slot), the days that can be booked, the starts of a day with what is taken (and
//! what the member already holds) merged into ranges, the short list shown first, the duration
//! chips, where a choice ends (from "now", at least the chosen duration from now) and whether
//! it fits. Bookings may cross midnight: the busy list of a day includes the next day's.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, TimeZone, Timelike};
use studyroom_api::room::{Availability, Busy, parse_utc_offset};
use studyroom_api::{Booking, Rules};

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

/// The slot boundary at or after `t`.
pub fn slot_ceil(t: DateTime<FixedOffset>, slot_minutes: u32) -> DateTime<FixedOffset> {
    let floor = slot_floor(t, slot_minutes);
    if floor == t {
        t
    } else {
        floor + TimeDelta::minutes(i64::from(slot_minutes.max(1)))
    }
}

/// Where a booking of `minutes` from `start` ends. From a later slot: exactly `minutes` on. From
/// "now" (the current, already-begun slot) the minutes count from now, not from the slot's
/// start, and the end is the first slot boundary at or after now + `minutes`: a duration chip
/// promises at least that long (at 10:40, "1 h" is 10:30–12:00, never 10:30–11:30). Rounding
/// to the nearest boundary instead would still cut up to half a slot off what was asked for.
pub fn end_for(
    start: DateTime<FixedOffset>,
    minutes: u32,
    now: DateTime<FixedOffset>,
    slot_minutes: u32,
) -> DateTime<FixedOffset> {
    let asked = TimeDelta::minutes(i64::from(minutes));
    if start < now {
        slot_ceil(now + asked, slot_minutes)
    } else {
        start + asked
    }
}

/// One of the member's own live bookings: the server allows one booking at a time per person
/// (409 `overlapping_booking`), so its time cannot be booked again, on any seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mine {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub seat_label: String,
}

/// The member's bookings that still hold their time (live and not over).
pub fn mine_of(bookings: &[Booking], now: DateTime<FixedOffset>) -> Vec<Mine> {
    bookings
        .iter()
        .filter(|b| b.state.is_live() && b.end > now)
        .map(|b| Mine {
            start: b.start,
            end: b.end,
            seat_label: b.seat_label.clone(),
        })
        .collect()
}

fn overlaps(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>, busy: &[Busy]) -> bool {
    busy.iter().any(|b| b.start < end && start < b.end)
}

fn my_overlap(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>, mine: &[Mine]) -> Option<&Mine> {
    mine.iter().find(|m| m.start < end && start < m.end)
}

/// Whether a start and a duration can be booked, and if so until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Bookable; it ends then.
    Ends(DateTime<FixedOffset>),
    /// Longer than the room allows (from "now", rounding the end up can pass the limit).
    TooLong,
    /// It overlaps one of the member's own bookings.
    Mine,
    /// Someone else holds part of it.
    Taken,
}

/// What booking `minutes` from `start` would give, against the room's longest booking, the
/// member's own bookings (checked first: their own seat's time is theirs, not "taken") and the
/// seat's busy ranges.
pub fn fit(
    start: DateTime<FixedOffset>,
    minutes: u32,
    now: DateTime<FixedOffset>,
    rules: &Rules,
    busy: &[Busy],
    mine: &[Mine],
) -> Fit {
    let end = end_for(start, minutes, now, rules.slot_minutes);
    if end - start > TimeDelta::minutes(i64::from(rules.max_booking_minutes)) {
        Fit::TooLong
    } else if my_overlap(start, end, mine).is_some() {
        Fit::Mine
    } else if overlaps(start, end, busy) {
        Fit::Taken
    } else {
        Fit::Ends(end)
    }
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
    /// Consecutive slots of one of the member's own bookings, as one range with its seat.
    Mine {
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
        seat_label: String,
    },
}

impl SlotItem {
    pub fn start(&self) -> DateTime<FixedOffset> {
        match self {
            SlotItem::Free { start, .. } | SlotItem::Taken { start, .. } | SlotItem::Mine { start, .. } => {
                *start
            }
        }
    }
}

/// The starts of `day` from the current slot on, before [`bookable_until`].
pub fn slot_items(
    day: NaiveDate,
    now: DateTime<FixedOffset>,
    rules: &Rules,
    busy: &[Busy],
    mine: &[Mine],
) -> Vec<SlotItem> {
    let slot = rules.slot_minutes.max(1);
    let current = slot_floor(now, slot);
    let until = bookable_until(now, rules);
    let shortest = durations(rules)[0];
    let day_begins = day_start(day, *now.offset());
    let day_ends = day_begins + TimeDelta::days(1);
    let mut items: Vec<SlotItem> = Vec::new();
    let mut start = day_begins.max(current);
    while start < day_ends && start < until {
        let end = start + TimeDelta::minutes(i64::from(slot));
        let last = items.last_mut();
        if let Some(m) = my_overlap(start, end, mine) {
            match last {
                Some(SlotItem::Mine {
                    end: last_end,
                    seat_label,
                    ..
                }) if *seat_label == m.seat_label => *last_end = end,
                _ => items.push(SlotItem::Mine {
                    start,
                    end,
                    seat_label: m.seat_label.clone(),
                }),
            }
        } else if overlaps(start, end, busy) {
            match last {
                Some(SlotItem::Taken { end: last_end, .. }) => *last_end = end,
                _ => items.push(SlotItem::Taken { start, end }),
            }
        } else {
            items.push(SlotItem::Free {
                start,
                now: start == current,
                usable: matches!(fit(start, shortest, now, rules, busy, mine), Fit::Ends(_)),
            });
        }
        start = end;
    }
    items
}

/// How many starts a day shows before "more times": two rows of four on a phone, so that the
/// duration and the confirm stay near the seat.
pub const QUICK_STARTS: usize = 8;

/// Where the short list of a day begins: today, the current slot ("now"); another day, the same
/// time of day (whoever books tomorrow at 21:40 most likely means tomorrow evening).
pub fn anchor(day: NaiveDate, now: DateTime<FixedOffset>, rules: &Rules) -> DateTime<FixedOffset> {
    let current = slot_floor(now, rules.slot_minutes);
    let offset = *now.offset();
    day_start(day, offset) + (current - day_start(now.date_naive(), offset))
}

/// Which of a day's items show before "more times": [`QUICK_STARTS`] of them from the one at
/// `anchor`, moved back near the day's end so the rows stay full. A list only a little longer
/// than that is shown whole: a button to reveal two more chips would cost more than it saves.
pub fn quick_range(items: &[SlotItem], anchor: DateTime<FixedOffset>) -> std::ops::Range<usize> {
    let n = items.len();
    if n <= QUICK_STARTS + 2 {
        return 0..n;
    }
    let at = items.iter().rposition(|i| i.start() <= anchor).unwrap_or(0);
    let first = at.min(n - QUICK_STARTS);
    first..first + QUICK_STARTS
}

/// `2026-11-26`, for `?date=`. Written out by hand: chrono's `format` brings its whole strftime
/// interpreter into the wasm for this one pattern.
pub fn date_param(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
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
    fn a_duration_from_now_is_at_least_that_long_and_ends_on_the_grid() {
        let rules = Rules::default();
        let now = at8("2026-11-26T10:40:00");
        let current = slot_floor(now, 30);
        assert_eq!(current, at8("2026-11-26T10:30:00"));
        // "Now" + 1 h at 10:40: until 11:40 at least, so the first boundary after it, 12:00.
        assert_eq!(end_for(current, 60, now, 30), at8("2026-11-26T12:00:00"));
        assert_eq!(
            fit(current, 60, now, &rules, &[], &[]),
            Fit::Ends(at8("2026-11-26T12:00:00"))
        );
        // On a quarter-hour grid the same hour ends at 11:45.
        let quarter = slot_floor(now, 15);
        assert_eq!(end_for(quarter, 60, now, 15), at8("2026-11-26T11:45:00"));
        // Exactly on a boundary, nothing is rounded.
        let sharp = at8("2026-11-26T10:30:00");
        assert_eq!(end_for(sharp, 60, sharp, 30), at8("2026-11-26T11:30:00"));
        // A later start gets exactly what it asks for.
        let later = at8("2026-11-26T11:00:00");
        assert_eq!(end_for(later, 120, now, 30), at8("2026-11-26T13:00:00"));
        assert_eq!(
            slot_ceil(at8("2026-11-26T23:40:00"), 30),
            at8("2026-11-27T00:00:00")
        );
    }

    #[test]
    fn four_hours_from_now_can_pass_the_rooms_limit() {
        let rules = Rules::default();
        let now = at8("2026-11-26T10:40:00");
        let current = at8("2026-11-26T10:30:00");
        // 10:30–15:00 would be 4 h 30 min: more than the 4 h the room allows.
        assert_eq!(fit(current, 240, now, &rules, &[], &[]), Fit::TooLong);
        assert_eq!(
            fit(current, 180, now, &rules, &[], &[]),
            Fit::Ends(at8("2026-11-26T14:00:00"))
        );
        // Booked at the very start of the slot, the full four hours fit.
        assert_eq!(
            fit(current, 240, current, &rules, &[], &[]),
            Fit::Ends(at8("2026-11-26T14:30:00"))
        );
    }

    #[test]
    fn today_starts_with_now_and_taken_slots_merge_into_one_range() {
        let rules = Rules::default();
        let now = at8("2026-11-26T21:40:00");
        let taken = [busy("2026-11-26T22:30:00", "2026-11-26T23:30:00")];
        let items = slot_items(day(26), now, &rules, &taken, &[]);
        assert_eq!(
            items,
            vec![
                // An hour from 21:40 runs into 22:30: neither "now" nor 22:00 has an hour.
                SlotItem::Free {
                    start: at8("2026-11-26T21:30:00"),
                    now: true,
                    usable: false
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
        let roomy = slot_items(day(26), at8("2026-11-26T21:30:00"), &rules, &taken, &[]);
        assert_eq!(
            roomy[0],
            SlotItem::Free {
                start: at8("2026-11-26T21:30:00"),
                now: true,
                usable: true
            }
        );
    }

    #[test]
    fn my_own_booking_shows_as_mine_on_any_seat_and_blocks_its_time() {
        let rules = Rules::default();
        let now = at8("2026-11-26T20:40:00");
        let mine = [Mine {
            start: at8("2026-11-26T22:00:00"),
            end: at8("2026-11-27T01:00:00"),
            seat_label: "A3".into(),
        }];
        // This seat's busy list has the same booking when it is this seat: it is still "mine".
        let taken = [busy("2026-11-26T22:00:00", "2026-11-27T01:00:00")];
        for busy in [&taken[..], &[]] {
            let items = slot_items(day(26), now, &rules, busy, &mine);
            assert_eq!(items.len(), 4);
            assert_eq!(
                items[3],
                SlotItem::Mine {
                    start: at8("2026-11-26T22:00:00"),
                    end: at8("2026-11-27T00:00:00"),
                    seat_label: "A3".into()
                }
            );
            // 21:30 has only half an hour before 22:00.
            assert!(matches!(items[2], SlotItem::Free { usable: false, .. }));
        }
        assert_eq!(
            fit(at8("2026-11-26T21:00:00"), 120, now, &rules, &[], &mine),
            Fit::Mine
        );
        assert_eq!(
            fit(at8("2026-11-27T01:00:00"), 60, now, &rules, &[], &mine),
            Fit::Ends(at8("2026-11-27T02:00:00"))
        );
    }

    #[test]
    fn only_live_bookings_that_have_not_ended_are_mine() {
        use studyroom_api::BookingState;
        let now = at8("2026-11-26T21:40:00");
        let b = |state, start: &str, end: &str| Booking {
            id: start.into(),
            room_id: "r".into(),
            seat_id: "s".into(),
            seat_label: "A3".into(),
            start: at8(start),
            end: at8(end),
            state,
            checked_in_at: None,
            away_until: None,
            check_in_by: None,
        };
        let list = [
            b(
                BookingState::Upcoming,
                "2026-11-26T22:00:00",
                "2026-11-26T23:00:00",
            ),
            b(
                BookingState::Cancelled,
                "2026-11-26T23:00:00",
                "2026-11-26T23:30:00",
            ),
            b(BookingState::Active, "2026-11-26T19:00:00", "2026-11-26T21:30:00"),
        ];
        let mine = mine_of(&list, now);
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].start, at8("2026-11-26T22:00:00"));
    }

    #[test]
    fn the_short_list_starts_now_today_and_at_this_time_on_other_days() {
        let rules = Rules::default();
        let now = at8("2026-11-26T09:40:00");
        let today = slot_items(day(26), now, &rules, &[], &[]);
        assert_eq!(today.len(), 29); // 09:30 … 23:30
        let range = quick_range(&today, anchor(day(26), now, &rules));
        assert_eq!(range, 0..QUICK_STARTS);
        assert!(matches!(today[0], SlotItem::Free { now: true, .. }));

        let tomorrow = slot_items(day(27), now, &rules, &[], &[]);
        let from = anchor(day(27), now, &rules);
        assert_eq!(from, at8("2026-11-27T09:30:00"));
        let range = quick_range(&tomorrow, from);
        assert_eq!(tomorrow[range.start].start(), from);
        assert_eq!(range.len(), QUICK_STARTS);

        // The last bookable day ends at this time: the short list is its last eight starts.
        let last = slot_items(day(29), now, &rules, &[], &[]);
        let range = quick_range(&last, anchor(day(29), now, &rules));
        assert_eq!(range.end, last.len());
        assert_eq!(range.len(), QUICK_STARTS);

        // Late at night the day has few starts left: all of them show.
        let late = at8("2026-11-26T21:40:00");
        let tonight = slot_items(day(26), late, &rules, &[], &[]);
        assert_eq!(quick_range(&tonight, anchor(day(26), late, &rules)), 0..5);

        // A taken range that covers the anchor is the list's first item.
        let taken = [busy("2026-11-27T09:00:00", "2026-11-27T11:00:00")];
        let items = slot_items(day(27), now, &rules, &taken, &[]);
        let range = quick_range(&items, from);
        assert!(matches!(items[range.start], SlotItem::Taken { .. }));
    }

    #[test]
    fn the_last_day_stops_where_booking_ahead_ends() {
        let rules = Rules {
            advance_days: 1,
            ..Rules::default()
        };
        let now = at8("2026-11-26T10:10:00");
        let items = slot_items(day(27), now, &rules, &[], &[]);
        assert_eq!(items.len(), 21); // 00:00 … 10:00 tomorrow
        assert!(
            matches!(items.last(), Some(SlotItem::Free { start, .. }) if *start == at8("2026-11-27T10:00:00"))
        );
    }

    #[test]
    fn a_booking_may_run_past_midnight_unless_tomorrow_is_taken() {
        let rules = Rules::default();
        let now = at8("2026-11-26T20:00:00");
        let night = at8("2026-11-26T22:00:00");
        assert_eq!(
            fit(night, 240, now, &rules, &[], &[]),
            Fit::Ends(at8("2026-11-27T02:00:00"))
        );
        let tomorrow = [busy("2026-11-27T01:30:00", "2026-11-27T03:00:00")];
        assert_eq!(
            fit(night, 180, now, &rules, &tomorrow, &[]),
            Fit::Ends(at8("2026-11-27T01:00:00"))
        );
        assert_eq!(fit(night, 240, now, &rules, &tomorrow, &[]), Fit::Taken);
        // Touching ends are not overlaps.
        assert!(matches!(
            fit(at8("2026-11-27T03:00:00"), 60, now, &rules, &tomorrow, &[]),
            Fit::Ends(_)
        ));
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
