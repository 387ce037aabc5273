//! `/admin/audit`: the audit log, newest first, filtered by kind, by whom it is about (a person's
//! or a door's id) and by dates, a page at a time; and a check of the whole hash chain that says
//! where it breaks, if it does.

use crate::i18n::fill;
use crate::people::date_time;
use crate::state::{tr, use_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::audit::{AuditEntry, AuditVerdict};
use ui::api::{self, AuditQuery};
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[derive(Clone, Debug, PartialEq)]
enum Check {
    Idle,
    Running,
    Done(AuditVerdict),
    Failed(String),
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_texts();
    let kind = RwSignal::new(String::new());
    let about = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let entries = RwSignal::new(None::<Vec<AuditEntry>>);
    let next = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);
    let more_busy = RwSignal::new(false);
    let check = RwSignal::new(Check::Idle);
    let query = move |before: Option<i64>| AuditQuery {
        kind: kind.get_untracked(),
        about: about.get_untracked(),
        from: from.get_untracked(),
        to: to.get_untracked(),
        before,
    };
    // `before`: None reads the newest page afresh; Some adds the page before that entry.
    let load = move |before: Option<i64>| {
        let q = query(before);
        if before.is_none() {
            entries.set(None);
            error.set(None);
        } else {
            more_busy.set(true);
        }
        spawn_local(async move {
            let result = api::audit(&q).await;
            if more_busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(page) => {
                    next.set(page.next_before);
                    if before.is_some() {
                        entries.update(|e| e.get_or_insert_with(Vec::new).extend(page.entries));
                    } else {
                        entries.set(Some(page.entries));
                    }
                }
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    load(None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        load(None);
    };
    let clear = move |_| {
        for field in [kind, about, from, to] {
            field.set(String::new());
        }
        load(None);
    };
    let verify = move |_| {
        check.set(Check::Running);
        spawn_local(async move {
            let result = api::audit_verify().await;
            check.try_set(match result {
                Ok(v) => Check::Done(v),
                Err(e) => Check::Failed(e.text(t())),
            });
        });
    };
    let text_field = move |id: &'static str,
                           word: fn(&crate::i18n::Texts) -> &'static str,
                           value: RwSignal<String>,
                           kind_of: &'static str| {
        view! {
            <div class="field">
                <label for=id>{tr(word)}</label>
                <input id=id type=kind_of autocomplete="off" maxlength="64"
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <div class="page-head">
            <h1 class="page-title">{tr(|t| t.audit_title)}</h1>
            <button type="button" class="button secondary small" id="audit-verify"
                disabled=move || check.get() == Check::Running on:click=verify>{tr(|t| t.audit_verify)}</button>
        </div>
        {move || match check.get() {
            Check::Idle => ().into_any(),
            Check::Running => view! { <p class="banner notice" role="status">{tr(|t| t.audit_verifying)}</p> }.into_any(),
            Check::Failed(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
            Check::Done(v) => {
                let (state, text) = if v.ok {
                    ("ok", fill(t().audit_ok, v.entries))
                } else if v.truncated {
                    ("truncated", fill(t().audit_truncated, v.head_seq.unwrap_or_default()))
                } else {
                    ("broken", fill(t().audit_broken, v.first_bad_seq.unwrap_or_default()))
                };
                view! { <p class=format!("banner chain-{state}") role="status" id="audit-verdict" data-ok=v.ok.to_string()>{text}</p> }.into_any()
            }
        }}
        <form class="card range-form" id="audit-form" on:submit=submit>
            {text_field("audit-kind", |t| t.audit_kind, kind, "text")}
            {text_field("audit-about", |t| t.audit_about, about, "text")}
            {text_field("audit-from", |t| t.audit_from, from, "date")}
            {text_field("audit-to", |t| t.audit_to, to, "date")}
            <button type="submit" class="button primary" id="audit-search">{tr(|t| t.audit_search)}</button>
            <button type="button" class="button secondary" on:click=clear>{tr(|t| t.audit_clear)}</button>
        </form>
        {move || {
            if let Some(message) = error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load(None)/> }.into_any();
            }
            let Some(list) = entries.get() else {
                return view! { <Skeleton lines=8/> }.into_any();
            };
            if list.is_empty() {
                return view! { <p class="card empty" id="audit-empty">{tr(|t| t.audit_empty)}</p> }.into_any();
            }
            view! {
                <section class="card audit-card">
                    <div class="table-scroll">
                        <table id="audit-table">
                            <thead><tr>
                                <th scope="col">{tr(|t| t.audit_seq)}</th>
                                <th scope="col">{tr(|t| t.audit_at)}</th>
                                <th scope="col">{tr(|t| t.audit_kind_col)}</th>
                                <th scope="col">{tr(|t| t.audit_actor)}</th>
                                <th scope="col">{tr(|t| t.audit_detail)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|e| view! {
                                    <tr data-seq=e.seq>
                                        <td class="mono">{e.seq}</td>
                                        <td class="mono nowrap">{date_time(e.at)}</td>
                                        <td class="mono">{e.kind}</td>
                                        <td class="mono actor">{e.actor}</td>
                                        <td class="detail">{e.detail}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Show when=move || next.with(Option::is_some)>
                        <button type="button" class="button secondary" id="audit-more" disabled=move || more_busy.get()
                            on:click=move |_| load(next.get_untracked())>{tr(|t| t.audit_more)}</button>
                    </Show>
                </section>
            }.into_any()
        }}
    }
}
