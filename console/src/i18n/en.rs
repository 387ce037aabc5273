//! English, written to read naturally rather than as a translation.

use super::Texts;

pub static EN: Texts = Texts {
    common: &ui::i18n::EN,
    queue_title: "Verification",
    queue_left: "{} waiting",
    queue_empty_title: "All done",
    queue_empty_body: "New sign-ups will show up here.",
    queue_signed_up: "Signed up",
    approve: "Approve",
    reject: "Reject",
    reject_reason_label: "Reason (they will see it)",
    reject_reasons: &[
        "Name doesn't match the ID card",
        "ID number is wrong",
        "Please come to the station with your ID card",
    ],
    reject_send: "Reject",
    shortcuts_hint: "Shortcuts: A approve, R reject",
    decided_approved: "Approved",
    decided_rejected: "Rejected",

    console_name: "Study room · Console",
    nav_label: "Console",
    tools_label: "More",
    nav_people: "People",
    to_phone_app: "Phone app",
    console_login_sub: "Managers log in with their phone number and password",
    not_manager_title: "For managers only",
    not_manager_body: "This account is not a manager's. To book a seat, use the phone app.",
};
