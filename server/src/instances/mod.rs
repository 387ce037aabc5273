//! Several instances over one PostgreSQL (issue 10). Everything that must be shared is in the
//! database already (sessions, throttles, door counters, the audit chain's head); what is left per
//! process is told to the others here:
//!
//! - **Events and forgets** ([`Notice`]): every seat change, room edit, ended session and console
//!   event is sent with `pg_notify` on one channel ([`relay`]); every instance listens on it
//!   ([`listener`]), forgets what its seat-map cache held of that room and tells its own event
//!   streams. A phone connected to instance B sees an entry granted through instance A within
//!   milliseconds.
//! - **A dropped connection**: notifications sent while an instance was not listening are lost, so
//!   after it listens again it forgets its whole seat-map cache and resyncs its streams (a fresh
//!   snapshot to every seat map, the other streams end and their browsers read again).
//! - **The time rules** run on one instance at a time ([`leader`]): the one holding a session-level
//!   advisory lock, which PostgreSQL releases when that instance's connection dies.
//!
//! With SQLite there is one instance: nothing here runs, [`Instances::default`] always leads.

mod leader;
mod listener;
mod notice;
mod relay;

pub use listener::Listening;
pub use notice::Notice;

use crate::events::Events;
use leader::Leader;
use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;
use std::sync::Arc;

/// The one channel every instance of a database notifies and listens on.
const CHANNEL: &str = "studyroom_events";

/// This instance's place among the others.
#[derive(Clone, Default)]
pub struct Instances {
    /// `None`: the only instance (SQLite).
    leader: Option<Arc<Leader>>,
}

impl Instances {
    /// Whether this instance runs the time rules now: always when alone; with others, when it
    /// holds (or has just taken) the lock.
    pub async fn leads_time_rules(&self) -> bool {
        match &self.leader {
            None => true,
            Some(leader) => leader.hold().await,
        }
    }
}

/// An instance that joined the others of its database: its event hub relays, and it listens.
pub struct Joined {
    pub events: Events,
    pub instances: Instances,
    /// Started with the state ([`Listening::spawn`]).
    pub listening: Listening,
}

/// Joins the instances of the PostgreSQL database at `url`. Listening starts before this returns,
/// so nothing another instance tells after it can be missed.
pub async fn join(url: &str) -> Result<Joined, sqlx::Error> {
    let options = PgConnectOptions::from_str(url)?;
    // Every instance of this process needs its own name in what it relays (two test servers may
    // share one process).
    let id: u64 = rand::random();
    let listening = Listening::connect(&options, id).await?;
    let relay = relay::spawn(&options, id);
    Ok(Joined {
        events: Events::relaying(relay),
        instances: Instances {
            leader: Some(Arc::new(Leader::new(options))),
        },
        listening,
    })
}
