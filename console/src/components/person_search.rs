//! Finding someone: the last four digits of their phone, or their name (full, part of it, or
//! masked like 张*明). The results lead to each person's page.

use crate::i18n::fill;
use crate::people::{date_time, status_word};
use crate::state::{tr, use_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::AdminUser;
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[derive(Clone, Debug, PartialEq)]
enum Found {
    Idle,
    Looking,
    People(Vec<AdminUser>),
    Failed(String),
}

#[component]
pub fn PersonSearch() -> impl IntoView {
    let t = use_texts();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Found::Idle);
    let look = move || {
        let q = query.get_untracked().trim().to_owned();
        if q.is_empty() {
            found.set(Found::Idle);
            return;
        }
        found.set(Found::Looking);
        spawn_local(async move {
            let result = api::users(None, Some(&q), None).await;
            found.try_set(match result {
                Ok(list) => Found::People(list.users),
                Err(e) => Found::Failed(e.text(t())),
            });
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        look();
    };
    view! {
        <form class="search" role="search" on:submit=submit>
            <label for="people-search">{tr(|t| t.search_label)}</label>
            <div class="field-row">
                <input id="people-search" type="search" maxlength="30" autocomplete="off"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <button type="submit" class="button secondary" id="people-search-submit">{tr(|t| t.search_button)}</button>
            </div>
        </form>
        {move || match found.get() {
            Found::Idle => ().into_any(),
            Found::Looking => view! { <Skeleton lines=2/> }.into_any(),
            Found::Failed(message) => view! { <ErrorCard message=message on_retry=move |()| look()/> }.into_any(),
            Found::People(people) if people.is_empty() => view! {
                <p class="card empty" id="search-empty">{tr(|t| t.search_empty)}</p>
            }.into_any(),
            Found::People(people) => view! {
                <section class="card search-results" id="search-results">
                    <h2>{fill(t().search_results, people.len())}</h2>
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(|t| t.col_name)}</th>
                            <th scope="col">{tr(|t| t.col_phone)}</th>
                            <th scope="col">{tr(|t| t.col_status)}</th>
                            <th scope="col">{tr(|t| t.col_signed_up)}</th>
                        </tr></thead>
                        <tbody>
                            {people.into_iter().map(|p| view! {
                                <tr data-user-id=p.user.id.clone()>
                                    <td><a href=format!("/admin/people/{}", p.user.id)>{p.real_name.clone()}</a></td>
                                    <td class="mono">{p.user.phone_masked.clone()}</td>
                                    <td>{move || status_word(p.user.status, t())}</td>
                                    <td>{date_time(p.user.created_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }.into_any(),
        }}
    }
}
