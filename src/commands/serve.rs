//! `x1060 serve [--port N] [--open]`: the page and its API on this machine
//! only (see [`x1060::serve`]).

use anyhow::{Context, Result};

use x1060::catalogue::Lang;
use x1060::serve::{Options, http};

/// Arguments of `x1060 serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (and ::1); 0 picks a free one.
    #[arg(long, default_value_t = 8060)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Largest uploaded file accepted, in MB (the request limit scales with it).
    #[arg(long, value_name = "MB")]
    pub max_size: Option<u64>,
}

/// Runs `x1060 serve` until interrupted (Ctrl-C).
pub fn run(args: Args) -> Result<i32> {
    super::return_freed_memory_at_once();
    let limits = super::batch::limits(args.max_size);
    let (listeners, addr) = http::bind_loopback(args.port).with_context(|| {
        format!(
            "cannot listen on 127.0.0.1:{}; pick another port with --port N (0: any free port)",
            args.port
        )
    })?;
    let url = format!("http://127.0.0.1:{}/", addr.port());
    let lang = Lang::from_env();
    eprintln!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "x1060: {url} で待ち受けています (このコンピューターからのみ。アップロードされたファイルは保存しません)。Ctrl-C で終了"
            ),
            Lang::En => format!(
                "x1060: serving {url} (this computer only; uploads are not kept). Ctrl-C to stop"
            ),
        }
    );
    if args.open {
        open_browser(&url);
    }
    let app = x1060::serve::App {
        options: Options { limits },
        port: addr.port(),
    };
    http::serve(listeners, app);
    Ok(0)
}

/// Opens `url` in the default browser; a failure only prints the address.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    if cmd.arg(url).spawn().is_err() {
        eprintln!("x1060: cannot open a browser; open {url} yourself");
    }
}
