//! How the statistics read: percentages, stays in hours and minutes, the busiest hour, weekday
//! names, how dark a heatmap cell is, and the default date range. Plain functions, tested
//! natively; the page draws them as SVG without a chart library.

use crate::i18n::Texts;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use ui::i18n::fill;

/// `37%` (a fraction 0–1), rounded; never below 0 or above 100.
pub fn percent(fraction: f64) -> String {
    format!("{}%", (fraction.clamp(0.0, 1.0) * 100.0).round() as u32)
}

/// A heatmap cell's number: whole percent, empty for nothing at all.
pub fn cell_number(fraction: f64) -> String {
    let p = (fraction.clamp(0.0, 1.0) * 100.0).round() as u32;
    if fraction <= 0.0 {
        String::new()
    } else {
        p.max(1).to_string()
    }
}

/// Five shades, 0 (none) to 4 (busiest): the colour repeats what the number says.
pub fn heat_level(fraction: f64) -> u8 {
    match fraction {
        f if f <= 0.0 => 0,
        f if f < 0.25 => 1,
        f if f < 0.5 => 2,
        f if f < 0.75 => 3,
        _ => 4,
    }
}

/// `1 小时 25 分` / `1 h 25 min`, or minutes alone under an hour.
pub fn stay(minutes: f64, t: &Texts) -> String {
    let m = minutes.max(0.0).round() as u64;
    if m < 60 {
        fill(t.stats_minutes, m)
    } else {
        fill(&fill(t.stats_hours_minutes, m / 60), m % 60)
    }
}

/// `21:00–22:00`.
pub fn hour_span(hour: u32) -> String {
    format!("{:02}:00–{:02}:00", hour % 24, (hour + 1) % 24)
}

/// Monday first, as the heatmap's rows.
pub fn weekday(i: usize, t: &Texts) -> &'static str {
    [
        t.weekday_1,
        t.weekday_2,
        t.weekday_3,
        t.weekday_4,
        t.weekday_5,
        t.weekday_6,
        t.weekday_7,
    ][i % 7]
}

/// The range a manager sees first: the last seven days, today included (on the display clock).
pub fn last_week(now: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    let today = now.with_timezone(&crate::people::display_offset()).date_naive();
    (today - TimeDelta::days(6), today)
}

/// The top of a bar chart's scale: the largest value, at least 1.
pub fn scale_top(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(1.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};
    use chrono::TimeZone;

    #[test]
    fn fractions_read_as_whole_percent() {
        assert_eq!(percent(0.374), "37%");
        assert_eq!(percent(1.7), "100%");
        assert_eq!(cell_number(0.0), "");
        assert_eq!(cell_number(0.001), "1", "a little use is not shown as nothing");
        assert_eq!(cell_number(0.5), "50");
    }

    #[test]
    fn shades_rise_with_use() {
        let levels: Vec<u8> = [0.0, 0.1, 0.3, 0.6, 0.9].into_iter().map(heat_level).collect();
        assert_eq!(levels, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn stays_and_hours_read_plainly() {
        assert_eq!(stay(85.4, &ZH), "1 小时 25 分");
        assert_eq!(stay(45.0, &EN), "45 min");
        assert_eq!(hour_span(21), "21:00–22:00");
        assert_eq!(hour_span(23), "23:00–00:00");
        assert_eq!(weekday(0, &ZH), "周一");
        assert_eq!(weekday(6, &EN), "Sun");
    }

    #[test]
    fn the_first_range_is_the_last_seven_days() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 13, 40, 0).unwrap();
        let (from, to) = last_week(now);
        assert_eq!(from.to_string(), "2026-11-16");
        assert_eq!(to.to_string(), "2026-11-22");
        assert_eq!(scale_top([0.0, 3.0, 2.0]), 3.0);
        assert_eq!(scale_top([]), 1.0);
    }
}
