//! whmcs-sim: serve a simulated WHMCS shop (and Keliweb's API over it) with two clients (and,
//! with `--with-tickets`, the helpdesk demo's subscriber and tickets).

use clap::Parser;

/// A simulated WHMCS `includes/api.php` and Keliweb API on loopback, for trying the gateway
/// without a WHMCS shop.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8791")]
    bind: std::net::SocketAddr,
    /// The API credential's identifier.
    #[arg(long, default_value = "sim-identifier")]
    identifier: String,
    /// The API credential's secret.
    #[arg(long, default_value = "sim-secret")]
    secret: String,
    /// Add the helpdesk demo's subscriber (client 100) with a few tickets.
    #[arg(long)]
    with_tickets: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.bind).await?;
    println!("whmcs-sim listening on http://{}/includes/api.php", listener.local_addr()?);
    let sim = whmcs_sim::Sim::demo(&args.identifier, &args.secret);
    if args.with_tickets {
        sim.state().seed_demo_tickets();
    }
    sim.serve(listener).await
}
