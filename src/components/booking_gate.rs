//! Above the seat map, for someone who may not book: why, until when, and where to go about it
//! (the account page). Said before they pick a seat rather than at "book it"; a tap on a seat
//! brings this card back into view.

use crate::i18n::{MapTexts, fill};
use crate::standing::Standing;
use crate::state::{map_tr, use_map_texts};
use chrono::NaiveDate;
use leptos::prelude::*;
use ui::when;

/// A word of the current language, as `tr` takes it.
type Word = fn(&MapTexts) -> &'static str;

/// The card's id: a tap on a seat focuses it.
pub const GATE_ID: &str = "booking-gate";

#[component]
pub fn BookingGate(
    /// Why not (never `MayBook`), with a suspension's end on the room's clock.
    standing: Standing,
    /// The room's today, to name the day a suspension ends.
    #[prop(into)]
    today: Signal<NaiveDate>,
) -> impl IntoView {
    let t = use_map_texts();
    let (kind, title, link): (&str, Word, Word) = match standing {
        Standing::Pending | Standing::MayBook => ("pending", |t| t.gate_pending_title, |t| t.to_account),
        Standing::Rejected => ("rejected", |t| t.gate_rejected_title, |t| t.gate_account),
        Standing::Suspended(_) => ("suspended", |t| t.gate_suspended_title, |t| t.gate_account),
    };
    let body = move || {
        let t = t();
        match standing {
            Standing::Pending | Standing::MayBook => t.gate_pending_body.to_owned(),
            Standing::Rejected => t.gate_rejected_body.to_owned(),
            Standing::Suspended(Some(until)) => format!(
                "{}{}",
                fill(t.gate_suspended_until, when::moment(until, today.get(), t)),
                t.gate_suspended_body
            ),
            Standing::Suspended(None) => t.gate_suspended_body.to_owned(),
        }
    };
    view! {
        <section class=format!("card gate gate-{kind}") id=GATE_ID data-standing=kind tabindex="-1"
            aria-labelledby="gate-title">
            <span class="gate-mark" aria-hidden="true">{if kind == "pending" { "◷" } else { "!" }}</span>
            <div>
                <h2 id="gate-title">{map_tr(title)}</h2>
                <p>{body}</p>
                <a class="button secondary small" href="/account" id="gate-account">{map_tr(link)}</a>
            </div>
        </section>
    }
}
