//! Times as people read them: 24-hour, with the day spelled out when it is not today
//! ("01:00（明天）", "01:00 tomorrow", "明天 08:45"); countdowns only while they are short (under
//! an hour), a clock time with its day beyond; and which phase a booking is in. Plain functions
//! of an explicit `now`, so they are tested natively without a clock.

use crate::i18n::{Texts, fill};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use studyroom_api::{Booking, BookingState};

/// `21:45`.
pub fn hm(t: DateTime<FixedOffset>) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `11月29日` / `Nov 29`.
pub fn month_day(day: NaiveDate, t: &Texts) -> String {
    fill(&fill(t.month_day, t.months[day.month0() as usize]), day.day())
}

/// How a day is called from `today`: `None` for today itself, then 明天/tomorrow, 后天 (Chinese
/// only: English has no short word), 昨天/yesterday, else the date.
pub fn day_word(day: NaiveDate, today: NaiveDate, t: &Texts) -> Option<String> {
    match (day - today).num_days() {
        0 => None,
        1 => Some(t.day_tomorrow.to_owned()),
        -1 => Some(t.day_yesterday.to_owned()),
        2 if t.day_after_tomorrow.is_some() => t.day_after_tomorrow.map(str::to_owned),
        _ => Some(month_day(day, t)),
    }
}

/// A day's name on a chip: 今天 / Today, 明天 / Tomorrow, …
pub fn day_chip(day: NaiveDate, today: NaiveDate, t: &Texts) -> String {
    capitalized(day_word(day, today, t).unwrap_or_else(|| t.day_today.to_owned()))
}

/// `text` with its first letter a capital, for a word that begins a line. ASCII only: Chinese has
/// no capitals, and Unicode's full case table would cost the wasm some 10 KB for English alone.
pub fn capitalized(mut text: String) -> String {
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

fn with_day(time: String, day: Option<String>, t: &Texts) -> String {
    match day {
        None => time,
        Some(day) => fill(&fill(t.time_on_day, time), day),
    }
}

/// One moment: `21:45`, or `01:00（明天）` / `01:00 tomorrow` when it is not today.
pub fn at(time: DateTime<FixedOffset>, today: NaiveDate, t: &Texts) -> String {
    with_day(hm(time), day_word(time.date_naive(), today, t), t)
}

/// One moment as it is said aloud, for a sentence around it: `08:45` today, else with its day
/// in the language's order: `明天 08:45`, `08:45 tomorrow`, `11月29日 08:45`.
pub fn moment(time: DateTime<FixedOffset>, today: NaiveDate, t: &Texts) -> String {
    match day_word(time.date_naive(), today, t) {
        None => hm(time),
        Some(day) if t.day_before_time => format!("{day} {}", hm(time)),
        Some(day) => format!("{} {day}", hm(time)),
    }
}

/// A span: `21:45 – 01:00（明天）`; a span that starts on another day names that day first
/// (`明天 22:00 – 01:00（次日）`), and the end says its day only when it differs.
pub fn range(
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    today: NaiveDate,
    t: &Texts,
) -> String {
    span(start, end, today, false, t)
}

/// A span that names its day even when it is today (`今天 22:00 – 01:00（明天）`), for a line
/// that stands alone, such as "you have booked A3, today 22:00 – 01:00".
pub fn range_with_day(
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    today: NaiveDate,
    t: &Texts,
) -> String {
    span(start, end, today, true, t)
}

/// The start and end of a span as [`range`] words them.
pub fn range_ends(
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    today: NaiveDate,
    t: &Texts,
) -> (String, String) {
    ends(start, end, today, false, t)
}

fn span(
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    today: NaiveDate,
    name_today: bool,
    t: &Texts,
) -> String {
    let (start_text, end_text) = ends(start, end, today, name_today, t);
    format!("{start_text} – {end_text}")
}

fn ends(
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    today: NaiveDate,
    name_today: bool,
    t: &Texts,
) -> (String, String) {
    let (start_day, end_day) = (start.date_naive(), end.date_naive());
    let start_word = day_word(start_day, today, t).or_else(|| name_today.then(|| t.day_today.to_owned()));
    let start_text = match start_word {
        None => hm(start),
        Some(day) => format!("{day} {}", hm(start)),
    };
    let end_word = if end_day == today || end_day == start_day {
        None
    } else if start_day == today {
        day_word(end_day, today, t)
    } else if start_day.succ_opt() == Some(end_day) {
        Some(t.next_day.to_owned())
    } else {
        day_word(end_day, today, t)
    };
    (start_text, with_day(hm(end), end_word, t))
}

/// Up to this far off, a moment is counted down; beyond it, it is told as a clock time.
pub const COUNTDOWN_SECS: i64 = 3600;

/// How far off a moment is, said as people would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Until {
    /// Under an hour away: a countdown (`12:04`).
    Countdown(String),
    /// Further: the clock time with its day (`明天 08:45`), since nobody counts 22 hours down to
    /// the second.
    At(String),
}

pub fn until(
    target: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    today: NaiveDate,
    t: &Texts,
) -> Until {
    let seconds = (target - now).num_seconds();
    if seconds < COUNTDOWN_SECS {
        Until::Countdown(countdown(seconds))
    } else {
        Until::At(moment(target, today, t))
    }
}

/// A countdown: `1:05:03`, `12:04`, `0:59`; never negative.
pub fn countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, s % 3600 / 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Where a booking stands now, for the words and the countdown of its screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Booked; the code opens the door from then on.
    Opens(DateTime<FixedOffset>),
    /// The code works; the booking ends then.
    Open(DateTime<FixedOffset>),
    /// Stepped out; the seat is held until then.
    Held(DateTime<FixedOffset>),
    /// Ended one way or another.
    Over,
}

impl Phase {
    /// What the countdown counts to.
    pub fn target(self) -> Option<DateTime<FixedOffset>> {
        match self {
            Phase::Opens(t) | Phase::Open(t) | Phase::Held(t) => Some(t),
            Phase::Over => None,
        }
    }
}

/// `valid_from` is the code's (start less the early-entry minutes); without a code, the start.
pub fn phase(
    booking: &Booking,
    valid_from: Option<DateTime<FixedOffset>>,
    now: DateTime<FixedOffset>,
) -> Phase {
    if now >= booking.end {
        return Phase::Over;
    }
    match booking.state {
        BookingState::Upcoming => {
            let opens = valid_from.unwrap_or(booking.start);
            if now < opens {
                Phase::Opens(opens)
            } else {
                Phase::Open(booking.end)
            }
        }
        BookingState::Active => Phase::Open(booking.end),
        BookingState::Away => Phase::Held(booking.away_until.map_or(booking.end, |t| t.min(booking.end))),
        BookingState::Completed | BookingState::Cancelled | BookingState::NoShow => Phase::Over,
    }
}

/// The booking that is the app's home right now: one in the room (active or away) first, else the
/// soonest upcoming one. Ended ones never, even if the server has not marked them yet.
pub fn live_booking(bookings: &[Booking], now: DateTime<FixedOffset>) -> Option<&Booking> {
    let live = || bookings.iter().filter(|b| b.state.is_live() && b.end > now);
    live()
        .find(|b| b.state != BookingState::Upcoming)
        .or_else(|| live().min_by_key(|b| b.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    fn at8(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn booking(state: BookingState, start: &str, end: &str) -> Booking {
        Booking {
            id: format!("b-{start}"),
            room_id: "r".into(),
            seat_id: "s".into(),
            seat_label: "A3".into(),
            start: at8(start),
            end: at8(end),
            state,
            checked_in_at: None,
            away_until: None,
            check_in_by: None,
        }
    }

    #[test]
    fn a_time_names_its_day_only_when_it_is_not_today() {
        assert_eq!(at(at8("2026-11-26T21:45:00"), today(), &ZH), "21:45");
        assert_eq!(at(at8("2026-11-27T01:00:00"), today(), &ZH), "01:00（明天）");
        assert_eq!(at(at8("2026-11-27T01:00:00"), today(), &EN), "01:00 tomorrow");
        assert_eq!(at(at8("2026-11-28T09:00:00"), today(), &ZH), "09:00（后天）");
        assert_eq!(at(at8("2026-11-28T09:00:00"), today(), &EN), "09:00 Nov 28");
        assert_eq!(at(at8("2026-11-29T09:00:00"), today(), &ZH), "09:00（11月29日）");
    }

    #[test]
    fn a_span_across_midnight_says_so() {
        let (s, e) = (at8("2026-11-26T21:45:00"), at8("2026-11-27T01:00:00"));
        assert_eq!(range(s, e, today(), &ZH), "21:45 – 01:00（明天）");
        assert_eq!(range(s, e, today(), &EN), "21:45 – 01:00 tomorrow");
        let (s, e) = (at8("2026-11-27T22:00:00"), at8("2026-11-28T01:00:00"));
        assert_eq!(range(s, e, today(), &ZH), "明天 22:00 – 01:00（次日）");
        assert_eq!(range(s, e, today(), &EN), "tomorrow 22:00 – 01:00 next day");
        // After midnight, last night's booking reads from yesterday to today.
        let (s, e) = (at8("2026-11-25T22:00:00"), at8("2026-11-26T01:00:00"));
        assert_eq!(range(s, e, today(), &ZH), "昨天 22:00 – 01:00");
        let (s, e) = (at8("2026-11-27T09:00:00"), at8("2026-11-27T11:00:00"));
        assert_eq!(range(s, e, today(), &EN), "tomorrow 09:00 – 11:00");
    }

    #[test]
    fn a_moment_in_a_sentence_names_its_day_in_the_languages_order() {
        assert_eq!(moment(at8("2026-11-26T21:55:00"), today(), &ZH), "21:55");
        assert_eq!(moment(at8("2026-11-27T08:45:00"), today(), &ZH), "明天 08:45");
        assert_eq!(moment(at8("2026-11-27T08:45:00"), today(), &EN), "08:45 tomorrow");
        assert_eq!(moment(at8("2026-11-29T08:45:00"), today(), &ZH), "11月29日 08:45");
        assert_eq!(moment(at8("2026-11-28T08:45:00"), today(), &EN), "08:45 Nov 28");
    }

    #[test]
    fn a_standalone_span_names_today_too() {
        let (s, e) = (at8("2026-11-26T22:00:00"), at8("2026-11-27T01:00:00"));
        assert_eq!(range_with_day(s, e, today(), &ZH), "今天 22:00 – 01:00（明天）");
        assert_eq!(range_with_day(s, e, today(), &EN), "today 22:00 – 01:00 tomorrow");
        let (s, e) = (at8("2026-11-27T09:00:00"), at8("2026-11-27T10:00:00"));
        assert_eq!(range_with_day(s, e, today(), &ZH), "明天 09:00 – 10:00");
        assert_eq!(range(s, e, today(), &ZH), "明天 09:00 – 10:00");
        assert_eq!(
            range_ends(at8("2026-11-26T23:00:00"), e, today(), &ZH),
            ("23:00".to_owned(), "10:00（明天）".to_owned())
        );
    }

    #[test]
    fn a_short_wait_is_counted_down_and_a_long_one_told_as_a_time() {
        let now = at8("2026-11-26T10:45:00");
        assert_eq!(
            until(at8("2026-11-26T11:30:00"), now, today(), &ZH),
            Until::Countdown("45:00".into())
        );
        assert_eq!(
            until(at8("2026-11-26T11:44:59"), now, today(), &ZH),
            Until::Countdown("59:59".into())
        );
        assert_eq!(
            until(at8("2026-11-26T11:45:00"), now, today(), &ZH),
            Until::At("11:45".into())
        );
        // The door opens tomorrow morning: a time, not "22:00:00".
        assert_eq!(
            until(at8("2026-11-27T08:45:00"), now, today(), &ZH),
            Until::At("明天 08:45".into())
        );
        assert_eq!(
            until(at8("2026-11-27T08:45:00"), now, today(), &EN),
            Until::At("08:45 tomorrow".into())
        );
    }

    #[test]
    fn day_chips_are_capitalised_in_english() {
        assert_eq!(day_chip(today(), today(), &EN), "Today");
        assert_eq!(day_chip(today().succ_opt().unwrap(), today(), &EN), "Tomorrow");
        assert_eq!(day_chip(today().succ_opt().unwrap(), today(), &ZH), "明天");
        assert_eq!(
            capitalized("tomorrow 09:00 until 10:00".into()),
            "Tomorrow 09:00 until 10:00"
        );
        assert_eq!(capitalized("明天 09:00 至 10:00".into()), "明天 09:00 至 10:00");
        assert_eq!(capitalized(String::new()), "");
        assert_eq!(month_day(today(), &ZH), "11月26日");
    }

    #[test]
    fn countdowns_read_like_a_clock() {
        assert_eq!(countdown(3903), "1:05:03");
        assert_eq!(countdown(724), "12:04");
        assert_eq!(countdown(59), "0:59");
        assert_eq!(countdown(-5), "0:00");
    }

    #[test]
    fn an_upcoming_booking_opens_early_then_runs_to_its_end() {
        let b = booking(
            BookingState::Upcoming,
            "2026-11-26T22:00:00",
            "2026-11-27T01:00:00",
        );
        let from = Some(at8("2026-11-26T21:45:00"));
        assert_eq!(
            phase(&b, from, at8("2026-11-26T21:40:00")),
            Phase::Opens(at8("2026-11-26T21:45:00"))
        );
        assert_eq!(phase(&b, from, at8("2026-11-26T21:50:00")), Phase::Open(b.end));
        assert_eq!(phase(&b, None, at8("2026-11-26T21:50:00")), Phase::Opens(b.start));
        assert_eq!(phase(&b, from, at8("2026-11-27T01:00:00")), Phase::Over);
    }

    #[test]
    fn the_hold_of_an_away_booking_never_outlasts_it() {
        let mut b = booking(BookingState::Away, "2026-11-26T22:00:00", "2026-11-26T23:00:00");
        b.away_until = Some(at8("2026-11-26T22:40:00"));
        assert_eq!(
            phase(&b, None, at8("2026-11-26T22:20:00")),
            Phase::Held(at8("2026-11-26T22:40:00"))
        );
        b.away_until = Some(at8("2026-11-26T23:20:00"));
        assert_eq!(phase(&b, None, at8("2026-11-26T22:50:00")), Phase::Held(b.end));
        b.state = BookingState::Completed;
        assert_eq!(phase(&b, None, at8("2026-11-26T22:50:00")), Phase::Over);
    }

    #[test]
    fn the_live_booking_is_the_one_in_the_room_else_the_soonest() {
        let now = at8("2026-11-26T21:00:00");
        let later = booking(
            BookingState::Upcoming,
            "2026-11-27T09:00:00",
            "2026-11-27T10:00:00",
        );
        let sooner = booking(
            BookingState::Upcoming,
            "2026-11-26T22:00:00",
            "2026-11-26T23:00:00",
        );
        let done = booking(
            BookingState::Completed,
            "2026-11-26T18:00:00",
            "2026-11-26T22:00:00",
        );
        let stale = booking(
            BookingState::Upcoming,
            "2026-11-26T18:00:00",
            "2026-11-26T20:00:00",
        );
        let list = [later.clone(), sooner.clone(), done, stale];
        assert_eq!(live_booking(&list, now), Some(&sooner));
        let inside = booking(BookingState::Active, "2026-11-26T20:00:00", "2026-11-26T23:30:00");
        let list = [later, sooner, inside.clone()];
        assert_eq!(live_booking(&list, now), Some(&inside));
        assert_eq!(live_booking(&[], now), None);
    }
}
