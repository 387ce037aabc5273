//! API tests: the real router on a real port over a fresh database, spoken to over HTTP: an SQLite
//! file, or with `STUDYROOM_TEST_BACKEND=postgres` a PostgreSQL database in the throwaway cluster
//! (`cargo xtask test` runs the suite both ways); and PostgreSQL's schema in plain SQL
//! (`postgres_schema`); moving an SQLite deployment to PostgreSQL (`migrate_to_postgres`).

mod helpers;

mod admin;
mod audit;
mod bad_input;
mod bookings;
mod connections;
mod console_api;
mod cross_site;
mod door_admin;
mod doors;
mod erasure;
mod events;
mod fairness;
mod instances;
mod login;
mod migrate_to_postgres;
mod paging;
mod postgres_schema;
mod presence;
mod reports;
mod rooms;
mod seat_map_fresh;
mod sessions;
mod signup;
mod standing;
mod stopping;
mod stream_connections;
mod time_rules;
mod waiting;
