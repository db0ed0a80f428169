//! whmcs-sim: serve a simulated WHMCS shop (and Keliweb's API over it) with two clients.

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
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.bind).await?;
    println!("whmcs-sim listening on http://{}/includes/api.php", listener.local_addr()?);
    whmcs_sim::Sim::demo(&args.identifier, &args.secret).serve(listener).await
}
