//! The seat map's geometry and words: where each seat sits on the CSS grid (from its x/y, one
//! cell per unit), where the window row and the table are, and how a seat state (and the
//! member's own seat) reads. A state
//! is always shape + word + colour, never colour alone: the words and the `data-state` names
//! live here, the shapes in style/main.css keyed on those names.

use crate::i18n::{Texts, fill};
use chrono::FixedOffset;
use studyroom_api::room::SeatStatus;
use studyroom_api::{Seat, SeatFeature, SeatState};

/// A seat as the map shows it: its state now, and, for a seat that is free now but booked later
/// in the room's day, the time that booking starts (drawn dotted, with the time on the seat).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatNow {
    pub state: SeatState,
    /// `22:00`, on the room's clock.
    pub later: Option<String>,
}

impl SeatNow {
    pub const FREE: SeatNow = SeatNow {
        state: SeatState::Free,
        later: None,
    };

    /// From the server's occupancy or event; `offset` is the room's clock (when not known yet, the
    /// time is told as the server wrote it).
    pub fn from_status(status: &SeatStatus, offset: Option<FixedOffset>) -> Self {
        let later = status
            .next_start
            .filter(|_| status.state == SeatState::Free)
            .map(|start| crate::when::hm(start.with_timezone(&offset.unwrap_or(*start.offset()))));
        Self {
            state: status.state,
            later,
        }
    }

    /// The short word printed on the seat: its state, or the time a free seat is booked from.
    pub fn word(&self, t: &Texts) -> String {
        match &self.later {
            Some(time) => fill(t.seat_later, time),
            None => state_word(self.state, t).to_owned(),
        }
    }
}

/// A rectangle of grid cells, in CSS grid terms (1-based lines, spans).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub col: i32,
    pub row: i32,
    pub cols: i32,
    pub rows: i32,
}

impl Area {
    /// The `style` that places an element on the grid.
    pub fn grid_style(self) -> String {
        format!(
            "grid-column:{} / span {};grid-row:{} / span {}",
            self.col, self.cols, self.row, self.rows
        )
    }
}

/// Where everything of a room goes on the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub cols: i32,
    pub rows: i32,
    /// One cell per seat, in the order of the seats given.
    pub cells: Vec<Area>,
    /// The window, drawn as a band along the edge of the window seats' row.
    pub window: Option<Area>,
    /// The empty middle that seats surround: the shared table.
    pub table: Option<Area>,
}

fn has_window(seat: &Seat) -> bool {
    seat.features.contains(&SeatFeature::Window)
}

/// Lays the seats out. The window band appears when the window seats make up the first or last row
/// (the common "window row"); the table when the other seats ring an empty middle.
pub fn layout(seats: &[Seat]) -> Layout {
    let (Some(min_x), Some(max_x), Some(min_y), Some(max_y)) = (
        seats.iter().map(|s| s.x).min(),
        seats.iter().map(|s| s.x).max(),
        seats.iter().map(|s| s.y).min(),
        seats.iter().map(|s| s.y).max(),
    ) else {
        return Layout {
            cols: 0,
            rows: 0,
            cells: Vec::new(),
            window: None,
            table: None,
        };
    };
    let window_rows: Vec<i32> = seats.iter().filter(|s| has_window(s)).map(|s| s.y).collect();
    let window_y = window_rows
        .first()
        .copied()
        .filter(|y| window_rows.iter().all(|w| w == y) && (*y == min_y || *y == max_y) && min_y < max_y);
    let top = window_y == Some(min_y);
    let shift = i32::from(top);
    let cols = max_x - min_x + 1;
    let rows = max_y - min_y + 1 + i32::from(window_y.is_some());
    let cell = |x: i32, y: i32| Area {
        col: x - min_x + 1,
        row: y - min_y + 1 + shift,
        cols: 1,
        rows: 1,
    };
    let window = window_y.map(|_| Area {
        col: 1,
        row: if top { 1 } else { rows },
        cols,
        rows: 1,
    });

    // The table: the inside of the box around the seats that are not in the window row. Seats
    // round a hexagonal or round table reach into that box's corners, so only its core (the box
    // less a cell on each side, where it is big enough) must be empty; the table is drawn with
    // its corners cut, under the seats.
    let ring: Vec<&Seat> = seats.iter().filter(|s| Some(s.y) != window_y).collect();
    let table = (ring.len() >= 3)
        .then(|| {
            let x0 = ring.iter().map(|s| s.x).min()? + 1;
            let x1 = ring.iter().map(|s| s.x).max()? - 1;
            let y0 = ring.iter().map(|s| s.y).min()? + 1;
            let y1 = ring.iter().map(|s| s.y).max()? - 1;
            let core = |a: i32, b: i32| if b - a >= 2 { (a + 1, b - 1) } else { (a, b) };
            let ((cx0, cx1), (cy0, cy1)) = (core(x0, x1), core(y0, y1));
            let empty = !seats
                .iter()
                .any(|s| (cx0..=cx1).contains(&s.x) && (cy0..=cy1).contains(&s.y));
            (x0 <= x1 && y0 <= y1 && empty).then(|| Area {
                cols: x1 - x0 + 1,
                rows: y1 - y0 + 1,
                ..cell(x0, y0)
            })
        })
        .flatten();

    Layout {
        cols,
        rows,
        cells: seats.iter().map(|s| cell(s.x, s.y)).collect(),
        window,
        table,
    }
}

/// The short word printed on a seat.
pub fn state_word(state: SeatState, t: &Texts) -> &'static str {
    match state {
        SeatState::Free => t.seat_free,
        SeatState::Booked => t.seat_booked,
        SeatState::Occupied => t.seat_occupied,
        SeatState::Away => t.seat_away,
    }
}

/// A small mark for a feature; its word is always beside it in the legend and the seat's label.
pub fn feature_mark(feature: SeatFeature) -> &'static str {
    match feature {
        SeatFeature::Window => "▥",
        SeatFeature::Power => "ϟ",
        SeatFeature::Accessible => "♿",
        SeatFeature::Quiet => "☾",
        SeatFeature::Lamp => "☼",
    }
}

pub fn feature_word(feature: SeatFeature, t: &Texts) -> &'static str {
    match feature {
        SeatFeature::Window => t.feature_window,
        SeatFeature::Power => t.feature_power,
        SeatFeature::Accessible => t.feature_accessible,
        SeatFeature::Quiet => t.feature_quiet,
        SeatFeature::Lamp => t.feature_lamp,
    }
}

/// What a screen reader says for a seat: "A3，靠窗、有插座，空闲", or "…，现在空闲，22:00 起有人预约".
pub fn seat_description(seat: &Seat, now: &SeatNow, t: &Texts) -> String {
    let mut text = seat.label.clone();
    if !seat.features.is_empty() {
        let words: Vec<&str> = seat.features.iter().map(|f| feature_word(*f, t)).collect();
        text.push_str(t.clause_sep);
        text.push_str(&words.join(t.list_sep));
    }
    text.push_str(t.clause_sep);
    match &now.later {
        Some(time) => text.push_str(&fill(t.seat_later_spoken, time)),
        None => text.push_str(state_word(now.state, t)),
    }
    text
}

/// What a seat shows under its label, with its mark: `★我的` on the member's own seat (whatever
/// its state: the frame still shows that), `◷暂离` for a seat whose person stepped out, else
/// the state or the time a free seat is booked from.
pub fn seat_word(now: &SeatNow, mine: bool, t: &Texts) -> String {
    if mine {
        format!("★{}", t.seat_mine)
    } else if now.state == SeatState::Away && now.later.is_none() {
        format!("◷{}", now.word(t))
    } else {
        now.word(t)
    }
}

/// The member's own seat, said first so that it is heard first: "A3，你订的座位，靠窗，空闲".
/// On the map it also carries a mark and the word [`Texts::seat_mine`].
pub fn my_seat_description(seat: &Seat, now: &SeatNow, t: &Texts) -> String {
    let rest = seat_description(seat, now, t);
    let tail = rest.strip_prefix(seat.label.as_str()).unwrap_or(&rest);
    format!("{}{}{}{tail}", seat.label, t.clause_sep, t.seat_mine_spoken)
}

/// The features present in a room, in a fixed order, for the legend.
pub fn features_in(seats: &[Seat]) -> Vec<SeatFeature> {
    SeatFeature::ALL
        .into_iter()
        .filter(|f| seats.iter().any(|s| s.features.contains(f)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    fn seat(label: &str, x: i32, y: i32, features: &[SeatFeature]) -> Seat {
        Seat {
            id: label.to_lowercase(),
            label: label.into(),
            x,
            y,
            features: features.to_vec(),
        }
    }

    /// A window row of four above six seats round a table two cells wide.
    fn room() -> Vec<Seat> {
        let w = [SeatFeature::Window];
        vec![
            seat("W1", 0, 0, &w),
            seat("W2", 1, 0, &w),
            seat("W3", 2, 0, &w),
            seat("W4", 3, 0, &w),
            seat("A1", 1, 2, &[]),
            seat("A2", 2, 2, &[SeatFeature::Power]),
            seat("A3", 3, 3, &[]),
            seat("A4", 2, 4, &[]),
            seat("A5", 1, 4, &[]),
            seat("A6", 0, 3, &[]),
        ]
    }

    #[test]
    fn seats_land_on_the_grid_by_their_coordinates() {
        let l = layout(&room());
        assert_eq!((l.cols, l.rows), (4, 6));
        // The window band takes the first grid row; seats move down one.
        assert_eq!(
            l.window,
            Some(Area {
                col: 1,
                row: 1,
                cols: 4,
                rows: 1
            })
        );
        assert_eq!(
            l.cells[0],
            Area {
                col: 1,
                row: 2,
                cols: 1,
                rows: 1
            }
        );
        assert_eq!(
            l.cells[6],
            Area {
                col: 4,
                row: 5,
                cols: 1,
                rows: 1
            }
        );
        assert_eq!(
            l.table,
            Some(Area {
                col: 2,
                row: 5,
                cols: 2,
                rows: 1
            })
        );
        assert_eq!(
            l.cells[6].grid_style(),
            "grid-column:4 / span 1;grid-row:5 / span 1"
        );
    }

    #[test]
    fn no_window_band_or_table_where_the_room_has_none() {
        let row = vec![
            seat("B1", 3, 5, &[]),
            seat("B2", 4, 5, &[SeatFeature::Window]),
            seat("B3", 6, 5, &[]),
        ];
        let l = layout(&row);
        assert_eq!((l.cols, l.rows), (4, 1));
        assert_eq!(l.window, None);
        assert_eq!(l.table, None);
        assert_eq!(l.cells[2].col, 4);
        assert_eq!(layout(&[]).cells.len(), 0);
        // A seat inside the ring means there is no table there.
        let mut full = room();
        full.push(seat("X", 2, 3, &[]));
        assert_eq!(layout(&full).table, None);
    }

    #[test]
    fn a_ring_round_a_hexagonal_table_leaves_the_table_in_its_middle() {
        // The demo room: four window seats on y = 0, twelve round the table below.
        let w = [SeatFeature::Window];
        let mut seats: Vec<Seat> = (0..4)
            .map(|i| seat(&format!("W{}", i + 1), 1 + 2 * i, 0, &w))
            .collect();
        let ring = [
            (3, 3),
            (5, 3),
            (6, 4),
            (7, 5),
            (7, 7),
            (6, 8),
            (5, 9),
            (3, 9),
            (2, 8),
            (1, 7),
            (1, 5),
            (2, 4),
        ];
        seats.extend(
            ring.iter()
                .enumerate()
                .map(|(i, (x, y))| seat(&format!("A{}", i + 1), *x, *y, &[])),
        );
        let l = layout(&seats);
        assert_eq!((l.cols, l.rows), (7, 11));
        assert_eq!(
            l.window,
            Some(Area {
                col: 1,
                row: 1,
                cols: 7,
                rows: 1
            })
        );
        // x 2–6, y 4–8, one row down for the window band.
        assert_eq!(
            l.table,
            Some(Area {
                col: 2,
                row: 6,
                cols: 5,
                rows: 5
            })
        );
        assert_eq!(
            l.cells[4],
            Area {
                col: 3,
                row: 5,
                cols: 1,
                rows: 1
            }
        );
    }

    #[test]
    fn a_window_row_at_the_bottom_gets_its_band_below() {
        let w = [SeatFeature::Window];
        let l = layout(&[seat("A", 0, 0, &[]), seat("B", 0, 1, &w), seat("C", 1, 1, &w)]);
        assert_eq!(
            l.window,
            Some(Area {
                col: 1,
                row: 3,
                cols: 2,
                rows: 1
            })
        );
        assert_eq!(l.cells[0].row, 1);
    }

    #[test]
    fn a_seat_free_now_but_booked_later_says_from_when() {
        use chrono::{DateTime, TimeZone};
        let shanghai = FixedOffset::east_opt(8 * 3600).unwrap();
        // The server may send any offset: the time is told on the room's clock.
        let start: DateTime<FixedOffset> = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 14, 0, 0)
            .unwrap()
            .fixed_offset();
        let status = |state| SeatStatus {
            seat_id: "w1".into(),
            state,
            next_start: Some(start),
        };
        let later = SeatNow::from_status(&status(SeatState::Free), Some(shanghai));
        assert_eq!(
            SeatNow::from_status(&status(SeatState::Free), None)
                .later
                .as_deref(),
            Some("14:00")
        );
        assert_eq!(later.later.as_deref(), Some("22:00"));
        assert_eq!(later.word(&ZH), "22:00起");
        assert_eq!(later.word(&EN), "22:00");
        let s = seat("W1", 0, 0, &[SeatFeature::Window]);
        assert_eq!(
            seat_description(&s, &later, &ZH),
            "W1，靠窗，现在空闲，22:00 起有人预约"
        );
        assert_eq!(
            seat_description(&s, &later, &EN),
            "W1, window, free now, booked from 22:00"
        );
        // A seat held now is shown as it is now, whatever comes later.
        let held = SeatNow::from_status(&status(SeatState::Occupied), Some(shanghai));
        assert_eq!(held.later, None);
        assert_eq!(held.word(&ZH), "有人");
    }

    #[test]
    fn a_seat_is_described_in_words_not_colour() {
        let s = seat("A3", 0, 0, &[SeatFeature::Window, SeatFeature::Power]);
        assert_eq!(
            seat_description(&s, &SeatNow::FREE, &ZH),
            "A3，靠窗、有插座，空闲"
        );
        let away = SeatNow {
            state: SeatState::Away,
            later: None,
        };
        assert_eq!(seat_description(&s, &away, &EN), "A3, window, power, away");
        assert_eq!(seat_word(&away, false, &ZH), "◷暂离");
        assert_eq!(seat_word(&away, true, &ZH), "★我的");
        assert_eq!(seat_word(&SeatNow::FREE, true, &EN), "★Mine");
        assert_eq!(seat_word(&SeatNow::FREE, false, &ZH), "空闲");
        assert_eq!(
            my_seat_description(&s, &SeatNow::FREE, &ZH),
            "A3，你订的座位，靠窗、有插座，空闲"
        );
        assert_eq!(
            my_seat_description(&s, &away, &EN),
            "A3, your booked seat, window, power, away"
        );
        assert_eq!(
            features_in(&room()),
            vec![SeatFeature::Window, SeatFeature::Power]
        );
    }
}
