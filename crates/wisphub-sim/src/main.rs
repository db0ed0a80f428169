//! wisphub-sim: serve a simulated WispHub with the demo's zones, technicians and services.

use clap::Parser;

/// A simulated WispHub API on loopback, for trying the gateway without a WispHub account.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8790")]
    bind: std::net::SocketAddr,
    /// The key callers must send as `Authorization: Api-Key <key>`.
    #[arg(long, default_value = "sim-api-key")]
    api_key: String,
    /// Start with a few tickets of the demo's subscribers (one with a staff answer), as
    /// WispHub's staff would have opened them.
    #[arg(long)]
    with_tickets: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.bind).await?;
    println!("wisphub-sim listening on http://{}/api/ (key {:?})", listener.local_addr()?, args.api_key);
    let sim = wisphub_sim::Sim::demo(&args.api_key);
    if args.with_tickets {
        sim.state().seed_demo_tickets();
    }
    sim.serve(listener).await
}
