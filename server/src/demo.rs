//! `serve --demo`: the room 阅心书斋, twelve seats round a hexagonal table and a row of four window
//! seats, and one door. Seeding twice keeps the room and gives the door a fresh token, so the
//! token printed is always one that works.

use crate::doors;
use crate::error::ApiError;
use crate::state::AppState;
use studyroom_api::SeatFeature;
use studyroom_api::SeatFeature::{Accessible, Lamp, Power, Quiet, Window};
use studyroom_api::booking::NewDoor;
use studyroom_api::room::{NewRoom, NewSeat};

pub const ROOM_NAME: &str = "阅心书斋";

/// Twelve places round the table, clockwise from the top left, on a 9×7 grid, one empty row below the window row.
const RING: [(&str, i32, i32, &[SeatFeature]); 12] = [
    ("A1", 3, 2, &[Lamp]),
    ("A2", 5, 2, &[Lamp]),
    ("A3", 6, 3, &[Power]),
    ("A4", 7, 4, &[Power]),
    ("A5", 7, 6, &[Power, Quiet]),
    ("A6", 6, 7, &[Quiet]),
    ("A7", 5, 8, &[Accessible]),
    ("A8", 3, 8, &[Accessible]),
    ("A9", 2, 7, &[Quiet]),
    ("A10", 1, 6, &[Power, Quiet]),
    ("A11", 1, 4, &[Power]),
    ("A12", 2, 3, &[Power]),
];

fn room() -> NewRoom {
    let mut seats: Vec<NewSeat> = (0..4)
        .map(|i| NewSeat {
            id: None,
            label: format!("W{}", i + 1),
            x: 1 + 2 * i,
            y: 0,
            features: vec![Window, Power],
        })
        .collect();
    seats.extend(RING.iter().map(|(label, x, y, f)| NewSeat {
        id: None,
        label: (*label).into(),
        x: *x,
        y: *y,
        features: f.to_vec(),
    }));
    NewRoom {
        name: ROOM_NAME.into(),
        address: "上海市徐汇区社区服务站二楼".into(),
        verification: "社区服务站一楼服务台，周一至周五 9:00–17:00、周六 9:00–12:00，请带身份证原件".into(),
        utc_offset: Some("+08:00".into()),
        rules: None,
        seats,
    }
}

/// Seeds (or refreshes) the demo room; returns the door's id and a fresh token.
pub async fn seed(state: &AppState) -> Result<(String, String), ApiError> {
    let room = match state.store.room_by_name(ROOM_NAME).await? {
        Some(room) => room,
        None => crate::rooms::create(state, None, &room()).await?,
    };
    if let Some(door) = state.store.doors_of_room(&room.id).await?.into_iter().next() {
        let token = doors::rotate_token(state, None, &door.id).await?;
        return Ok((door.id, token));
    }
    let created = doors::create(
        state,
        None,
        &room.id,
        &NewDoor {
            name: "正门".into(),
            webhook_url: None,
            screen: true,
        },
    )
    .await?;
    Ok((created.door.id, created.token))
}
