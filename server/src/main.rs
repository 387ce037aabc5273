//! The `studyroom-server` command line: `serve`, `create-manager`, `backup` and
//! `migrate-to-postgres` (see the README).

use clap::{Args, Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use studyroom_api::{Password, Phone};
use studyroom_server::clock::{Clock, SystemClock};
use studyroom_server::crypto::SecretKey;
use studyroom_server::serve::Limits;
use studyroom_server::{ServerOptions, accounts, open, router};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "studyroom-server",
    version,
    about = "A self-service study room, open around the clock"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web app.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "STUDYROOM_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        #[command(flatten)]
        db: Database,
        /// Seed the demo room 阅心书斋 and its door, and print the door's (fresh) token.
        #[arg(long)]
        demo: bool,
        /// Let door webhooks reach loopback and private addresses (a lock controller on the
        /// room's own network). Cloud metadata addresses stay refused.
        #[arg(long, env = "STUDYROOM_ALLOW_PRIVATE_WEBHOOKS")]
        allow_private_webhooks: bool,
        /// The most live-update streams one person may hold open at once (a phone holds two a
        /// tab); one more is refused 429.
        #[arg(long, env = "STUDYROOM_STREAMS_PER_PERSON", default_value_t = studyroom_server::streams::DEFAULT_PER_PERSON)]
        streams_per_person: usize,
    },
    /// Create a manager account (or make an existing account a manager). The password is read from
    /// standard input, never from the command line, where other users could see it.
    CreateManager {
        #[arg(long)]
        phone: String,
        /// Read the password from standard input (required).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        db: Database,
    },
    /// For `cargo xtask bench`: fill a database with a large history (rooms of seats, verified
    /// members, a year of past bookings).
    #[command(hide = true)]
    BenchSeed {
        #[arg(long, default_value_t = 1000)]
        rooms: usize,
        #[arg(long, default_value_t = 50)]
        seats: usize,
        #[arg(long, default_value_t = 1_000_000)]
        bookings: usize,
        #[arg(long, default_value_t = 20_000)]
        members: usize,
        #[command(flatten)]
        db: Database,
    },
    /// For `cargo xtask bench`: how long a year of one room's statistics takes.
    #[command(hide = true)]
    BenchStats {
        #[command(flatten)]
        db: Database,
    },
    /// For `cargo xtask bench --load`: hold many subscribers to a room's event stream on a running
    /// server, then book a seat and time the change reaching them all.
    #[command(hide = true)]
    BenchSubscribers {
        #[arg(long)]
        base: String,
        #[arg(long)]
        room: String,
        #[arg(long)]
        seat: String,
        #[arg(long)]
        cookie: String,
        /// The booking to make, as the JSON body of `POST /api/bookings`.
        #[arg(long)]
        booking: String,
        #[arg(long)]
        server_pid: u32,
        #[arg(long, default_value_t = 20_000)]
        count: usize,
    },
    /// For `cargo xtask bench --load`: many members booking and cancelling at a fixed rate on a
    /// running server.
    #[command(hide = true)]
    BenchBookings {
        #[arg(long)]
        base: String,
        #[arg(long)]
        room: String,
        /// A manager's session cookie (`name=value`), to verify the members it makes.
        #[arg(long)]
        manager_cookie: String,
        #[arg(long, default_value_t = 1_000)]
        rate: u32,
        #[arg(long, default_value_t = 10)]
        seconds: u32,
        #[arg(long, default_value_t = 200)]
        members: usize,
    },
    /// Write a consistent copy of the SQLite database while the server runs (PostgreSQL: use
    /// `pg_dump` instead). The key is not in it: copy the key once to a safe place other than where
    /// the backups go.
    Backup(BackupArgs),
    /// Copy a whole SQLite deployment into a new, empty PostgreSQL database, in one transaction,
    /// checking counts and the audit chain. Stop the server first. The PostgreSQL servers must
    /// then run with the SQLite deployment's key in STUDYROOM_SECRET_KEY.
    MigrateToPostgres {
        /// The SQLite database (sqlite://path/to/studyroom.db); opened read-only.
        #[arg(long)]
        from: String,
        /// The PostgreSQL database (postgres://user@host/database); must hold no studyroom rows.
        #[arg(long)]
        to: String,
    },
}

#[derive(Args)]
struct BackupArgs {
    /// Where to write the copy (must not exist yet).
    #[arg(long)]
    to: PathBuf,
    #[command(flatten)]
    db: Database,
}

#[derive(Args)]
struct Database {
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/studyroom.db")]
    database_url: String,
}

type AnyError = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), AnyError> {
    match cli.command {
        Command::Serve {
            bind,
            db,
            demo,
            allow_private_webhooks,
            streams_per_person,
        } => {
            let options = ServerOptions {
                allow_private_webhooks,
                streams_per_person,
            };
            serve(&bind, &db.database_url, demo, options).await
        }
        Command::CreateManager { phone, db, .. } => create_manager(&phone, &db.database_url).await,
        Command::Backup(args) => backup(&args.to, &args.db.database_url).await,
        Command::MigrateToPostgres { from, to } => migrate_to_postgres(&from, &to).await,
        Command::BenchSeed {
            rooms,
            seats,
            bookings,
            members,
            db,
        } => {
            if studyroom_server::Backend::of(&db.database_url) != Some(studyroom_server::Backend::Sqlite) {
                return Err("bench-seed writes SQLite databases only".into());
            }
            let key = secret_key(&db.database_url)?;
            let chain = studyroom_server::audit::ChainKey::new(key.audit_key());
            let store = studyroom_server::store::SqliteStore::connect(&db.database_url, chain).await?;
            let vault = studyroom_server::crypto::Vault::new(&key);
            let started = std::time::Instant::now();
            let size = studyroom_server::store::SeedSize {
                rooms,
                seats,
                bookings,
            };
            studyroom_server::bench::seed(&store, &vault, size, members)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "seeded {rooms} rooms × {seats} seats, {members} members, {bookings} bookings in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::BenchSubscribers {
            base,
            room,
            seat,
            cookie,
            booking,
            server_pid,
            count,
        } => {
            let target = studyroom_server::bench_subscribers::Target {
                base,
                room,
                seat,
                cookie,
                booking,
                server_pid,
            };
            let o = studyroom_server::bench_subscribers::run(target, count).await?;
            println!(
                "subscribers {} connected {} rss_before_kib {} rss_after_kib {} reached {} p50_ms {:.1} p99_ms {:.1} max_ms {:.1} \
                 server_user_ms {:.0} server_system_ms {:.0} client_user_ms {:.0} client_system_ms {:.0}",
                o.subscribers,
                o.connected,
                o.rss_before_kib,
                o.rss_after_kib,
                o.reached,
                o.p50_ms,
                o.p99_ms,
                o.max_ms,
                o.server_cpu.user_ms,
                o.server_cpu.system_ms,
                o.client_cpu.user_ms,
                o.client_cpu.system_ms
            );
            Ok(())
        }
        Command::BenchBookings {
            base,
            room,
            manager_cookie,
            rate,
            seconds,
            members,
        } => {
            let target = studyroom_server::bench_bookings::Target {
                base,
                room,
                manager_cookie,
            };
            let o = studyroom_server::bench_bookings::run(target, rate, seconds, members).await?;
            println!(
                "sent {} not_sent {} seconds {:.2} ok {} conflicts {} other {} p50_ms {:.2} p99_ms {:.2} max_ms {:.2}",
                o.sent, o.not_sent, o.seconds, o.ok, o.conflicts, o.other, o.p50_ms, o.p99_ms, o.max_ms
            );
            for (status, count) in o.other_codes {
                println!("  other: {count} answered {status}");
            }
            Ok(())
        }
        Command::BenchStats { db } => {
            let state = open_state(&db.database_url, ServerOptions::default()).await?;
            let ms = studyroom_server::bench::time_stats(&state)
                .await
                .map_err(|e| e.to_string())?;
            println!("stats_year_ms {ms:.1}");
            Ok(())
        }
    }
}

/// The path of an SQLite database URL (`sqlite://data/x.db?mode=rwc` → `data/x.db`).
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// `STUDYROOM_SECRET_KEY`, or a key file beside the SQLite database, created on first start.
fn secret_key(database_url: &str) -> Result<SecretKey, AnyError> {
    if let Ok(hex) = std::env::var("STUDYROOM_SECRET_KEY") {
        return Ok(SecretKey::from_hex(&hex)?);
    }
    if studyroom_server::Backend::of(database_url) == Some(studyroom_server::Backend::Postgres) {
        // No file of ours sits beside a PostgreSQL database, and a key stored in it would be in
        // every dump of it.
        return Err(
            "with PostgreSQL, STUDYROOM_SECRET_KEY (64 hex characters) must be set: \
                    generate one once (`openssl rand -hex 32`) and keep it apart from the database's backups"
                .into(),
        );
    }
    let db =
        sqlite_path(database_url).ok_or("set STUDYROOM_SECRET_KEY (64 hex characters) for this database")?;
    let key_path = db.with_extension("key");
    let (key, created) = SecretKey::load_or_create(&key_path)?;
    if created {
        tracing::warn!(
            path = %key_path.display(),
            "STUDYROOM_SECRET_KEY is not set: created a key file. Copy it once to a safe place other than \
             where database backups go: without it no identity on record can be read"
        );
    }
    Ok(key)
}

async fn open_state(
    database_url: &str,
    options: ServerOptions,
) -> Result<studyroom_server::AppState, AnyError> {
    if let Some(dir) = sqlite_path(database_url)
        .as_deref()
        .and_then(std::path::Path::parent)
    {
        std::fs::create_dir_all(dir)?;
    }
    if let Some(path) = sqlite_path(database_url) {
        create_private(&path)?;
    }
    let key = secret_key(database_url)?;
    Ok(open(database_url, &key, Arc::new(SystemClock), options).await?)
}

async fn serve(bind: &str, database_url: &str, demo: bool, options: ServerOptions) -> Result<(), AnyError> {
    let state = open_state(database_url, options).await?;
    if demo {
        let (door, token) = studyroom_server::demo::seed(&state)
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "demo: room {} is ready. Its door: id {door}, token {token}\n      \
             (pair the kiosk at /door with these; a new token is made at every --demo start)",
            studyroom_server::demo::ROOM_NAME
        );
    }
    let ticker = studyroom_server::ticker::Ticker::resume(&state)
        .await
        .map_err(|e| e.to_string())?;
    studyroom_server::ticker::spawn(state.clone(), ticker, std::time::Duration::from_secs(5));
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let stop = stop_asked();
    tracing::info!("studyroom is serving on http://{addr}");
    let events = state.events.clone();
    studyroom_server::serve::serve(listener, router(state), Limits::default(), async move {
        stop.await;
        tracing::info!("shutting down");
        events.close();
    })
    .await;
    Ok(())
}

/// Ctrl-C in a terminal, or SIGTERM from systemd, `docker stop` or `kill`: either one stops the
/// server taking connections, ends the event streams and lets the requests in flight finish (a
/// door decision or a booking is answered only once committed, so none is cut in half).
///
/// The handlers are in place when this returns, before the server says it is serving: a signal
/// that came before the returned future was first polled (a busy machine) would otherwise kill
/// the process the default way.
fn stop_asked() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let handlers =
            signal(SignalKind::terminate()).and_then(|term| Ok((term, signal(SignalKind::interrupt())?)));
        async move {
            match handlers {
                Ok((mut term, mut interrupt)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!("no SIGTERM handler ({e}): only Ctrl-C stops the server gracefully");
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn create_manager(phone: &str, database_url: &str) -> Result<(), AnyError> {
    let phone = Phone::parse(phone).map_err(|_| "--phone must be an 11-digit mainland mobile number")?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let password = Password::parse(input.trim_end_matches(['\r', '\n']))
        .map_err(|_| "the password on standard input must have 8 to 128 characters")?;
    let state = open_state(database_url, ServerOptions::default()).await?;
    let created = accounts::create_manager(
        &*state.store,
        &state.vault,
        &state.hasher,
        &phone,
        &password,
        SystemClock.now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let what = if created { "created" } else { "made a manager" };
    println!(
        "manager {} {what}; log in at /login with this phone number",
        phone.masked()
    );
    Ok(())
}

/// Creates `path` empty and readable by its owner only, unless it exists. SQLite gives its WAL and
/// shared-memory files the same mode, so nobody else on the host reads even the ciphertext.
fn create_private(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Where the key of an existing SQLite deployment came from, to tell the operator without printing
/// the key itself.
enum KeySource {
    Env,
    File(PathBuf),
}

/// The key [`secret_key`] would find for an existing SQLite database, but never a new one: a
/// fresh key could read none of the database's identities nor verify its audit chain.
fn existing_sqlite_key(database_url: &str) -> Result<(SecretKey, KeySource), AnyError> {
    if let Ok(hex) = std::env::var("STUDYROOM_SECRET_KEY") {
        return Ok((SecretKey::from_hex(&hex)?, KeySource::Env));
    }
    let db = sqlite_path(database_url).ok_or("set STUDYROOM_SECRET_KEY to this database's key")?;
    let key_path = db.with_extension("key");
    if !key_path.is_file() {
        return Err(format!(
            "no key: STUDYROOM_SECRET_KEY is not set and there is no key file at {}; \
             set STUDYROOM_SECRET_KEY to the key this SQLite database was used with",
            key_path.display()
        )
        .into());
    }
    let (key, _) = SecretKey::load_or_create(&key_path)?;
    Ok((key, KeySource::File(key_path)))
}

async fn migrate_to_postgres(from: &str, to: &str) -> Result<(), AnyError> {
    use studyroom_server::migrate_to_postgres as m;
    // The URLs first: a mistyped one is the error worth reporting, not a missing key.
    m::check_urls(from, to)?;
    let (key, source) = existing_sqlite_key(from)?;
    let summary = m::migrate(from, to, &key).await?;
    println!("migrated the SQLite database to PostgreSQL (sessions included: nobody logs in again)");
    println!("{summary}");
    let which = match source {
        KeySource::Env => "the value of STUDYROOM_SECRET_KEY this command ran with".to_owned(),
        KeySource::File(path) => format!("the contents of the key file {}", path.display()),
    };
    println!(
        "\nIMPORTANT: every server on the PostgreSQL database must run with STUDYROOM_SECRET_KEY set \
         to this SQLite deployment's key: {which}. Without it no identity can be read and the audit \
         chain does not verify. Keep that key apart from the database's backups."
    );
    Ok(())
}

async fn backup(to: &std::path::Path, database_url: &str) -> Result<(), AnyError> {
    if studyroom_server::Backend::of(database_url) == Some(studyroom_server::Backend::Postgres) {
        return Err(
            "the backup command copies SQLite databases only; back up PostgreSQL with pg_dump \
                    (for example `pg_dump --format=custom --file=studyroom.dump \"$DATABASE_URL\"`)"
                .into(),
        );
    }
    if to.exists() {
        return Err(format!("{} exists already; choose a new file", to.display()).into());
    }
    create_private(to)?;
    let key = secret_key(database_url)?;
    let chain = studyroom_server::audit::ChainKey::new(key.audit_key());
    let store = studyroom_server::store::SqliteStore::connect(database_url, chain).await?;
    store.backup(to).await?;
    println!(
        "backed up to {} (the key is not in it: keep your one copy of the key apart from the backups)",
        to.display()
    );
    Ok(())
}
