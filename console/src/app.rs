//! The console's frame and router. Everything here needs a manager: until the server has said
//! who is signed in, a skeleton; nobody, the login form; a member, a plain refusal.

use crate::components::console_bar::ConsoleBar;
use crate::components::login_form::LoginForm;
use crate::pages::audit::AuditPage;
use crate::pages::live::LivePage;
use crate::pages::not_found::NotFound;
use crate::pages::people::PeoplePage;
use crate::pages::person::PersonPage;
use crate::pages::room::RoomPage;
use crate::pages::rooms::RoomsPage;
use crate::pages::stats::StatsPage;
use crate::state::{Auth, Clock, Locale, tr};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use ui::components::offline_banner::OfflineBanner;
use ui::components::skeleton::Skeleton;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Locale::init());
    let auth = Auth::init();
    provide_context(auth);
    provide_context(Clock::init());
    view! {
        <Router>
            <ConsoleBar/>
            <OfflineBanner/>
            <main class="page console-page">
                <Show when=move || auth.checked.get() fallback=|| view! { <Skeleton lines=5/> }>
                    {move || match (auth.user.with(Option::is_some), auth.is_manager()) {
                        (false, _) => view! { <LoginForm/> }.into_any(),
                        (true, false) => view! {
                            <section class="card empty" id="not-manager">
                                <h1>{tr(|t| t.not_manager_title)}</h1>
                                <p>{tr(|t| t.not_manager_body)}</p>
                                <a class="button secondary" href="/" rel="external">{tr(|t| t.to_phone_app)}</a>
                            </section>
                        }.into_any(),
                        (true, true) => view! {
                            <Routes fallback=NotFound>
                                <Route path=path!("/admin") view=PeoplePage/>
                                <Route path=path!("/admin/people/:id") view=PersonPage/>
                                <Route path=path!("/admin/live") view=LivePage/>
                                <Route path=path!("/admin/live/:id") view=LivePage/>
                                <Route path=path!("/admin/rooms") view=RoomsPage/>
                                <Route path=path!("/admin/rooms/new") view=RoomPage/>
                                <Route path=path!("/admin/rooms/:id") view=RoomPage/>
                                <Route path=path!("/admin/stats") view=StatsPage/>
                                <Route path=path!("/admin/audit") view=AuditPage/>
                            </Routes>
                        }.into_any(),
                    }}
                </Show>
            </main>
        </Router>
    }
}
