//! The `kakor-log` binary: `serve`, `verify` and `bench` over the library.

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use kakor_log::{bench, start, Config, Store};
use std::io::Write;
use std::process::ExitCode;

/// kakor's consent log: receives the proofs kakor POSTs and keeps them,
/// hash-chained, in SQLite or PostgreSQL.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Receive proofs at POST /consent/proofs and serve the admin API.
    Serve(Config),
    /// Check the hash chain: exit 0 if intact, 1 if broken.
    Verify {
        #[command(flatten)]
        database: Database,
    },
    /// Load a receiver on loopback and print proofs/s and latency, on a fresh
    /// SQLite file and, with --postgres, on that (empty) database.
    Bench {
        /// How many proofs to send.
        #[arg(long, default_value_t = 20_000)]
        proofs: u64,
        /// How many concurrent clients send them.
        #[arg(long, default_value_t = 64)]
        clients: usize,
        /// An empty PostgreSQL database to measure too.
        #[arg(long)]
        postgres: Option<String>,
    },
}

#[derive(clap::Args)]
struct Database {
    /// sqlite://FILE (or a plain file path), or postgres://USER@HOST/DB.
    #[arg(long, env = "KAKOR_LOG_DATABASE", default_value = "sqlite://kakor-log.db")]
    database: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("kakor-log: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(config) => {
            let running = start(&config).await?;
            println!(
                "kakor-log: listening on http://{} ({}; origins: {}; admin API {})",
                running.addr,
                running.store.engine().name(),
                if config.origins.is_empty() { "none".to_string() } else { config.origins.join(", ") },
                if config.admin_token.is_some() { "on" } else { "off: no token" }
            );
            std::io::stdout().flush()?;
            shutdown_signal().await;
            running.stop().await.context("stopping the server")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { database } => {
            let store = Store::open(&database.database).await?;
            let verdict = store.verify().await?;
            store.close().await;
            match verdict {
                Ok(intact) => {
                    println!("{intact}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(broken) => {
                    println!("{broken}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Bench { proofs, clients, postgres } => {
            if clients == 0 || proofs == 0 {
                bail!("--proofs and --clients must be at least 1");
            }
            let dir = std::env::temp_dir().join(format!("kakor-log-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            let sqlite = format!("sqlite://{}", dir.join("bench.db").display());
            let mut runs =
                vec![bench::run(&sqlite, proofs, clients).await.map_err(|e| anyhow::anyhow!("SQLite: {e}"))?];
            std::fs::remove_dir_all(&dir).ok();
            if let Some(url) = postgres {
                runs.push(bench::run(&url, proofs, clients).await.map_err(|e| anyhow::anyhow!("PostgreSQL: {e}"))?);
            }
            println!("| engine | proofs sent | stored | clients | seconds | proofs/s | p50 (ms) | p99 (ms) |");
            println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for r in &runs {
                println!(
                    "| {} | {} | {} | {} | {:.2} | {:.0} | {:.2} | {:.2} |",
                    r.engine,
                    r.sent,
                    r.stored,
                    r.clients,
                    r.elapsed.as_secs_f64(),
                    r.per_second(),
                    r.p50.as_secs_f64() * 1e3,
                    r.p99.as_secs_f64() * 1e3
                );
            }
            if runs.iter().any(|r| r.stored != r.sent as i64) {
                bail!("the count stored differs from the count sent");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Ctrl-C or SIGTERM (systemd's stop).
async fn shutdown_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
    }
}
