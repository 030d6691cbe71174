//! The `cadria` binary: parse the command line, run, print a stop once, and
//! map the outcome to an exit code (0 below the failure threshold, 1 at or
//! above it, 2 usage or input error).

use cadria::commandes::{self, Messages};
use clap::FromArgMatches;
use std::process::ExitCode;

/// mimalloc rather than the system's allocator: an inventory allocates a
/// little for every answer and finding, and mimalloc makes it 17 to 23 %
/// faster (benches/README.md).
#[global_allocator]
static ALLOCATEUR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The one channel for messages on stderr: neutralised, and a closed
    // stderr is ignored (there is nowhere left to report it; the exit code
    // still tells the outcome). No `eprint!`: it panics on a closed stderr.
    let mut stderr = std::io::stderr();
    let mut messages = Messages::new(&mut stderr);
    let cli = match cadria::cli::commande()
        .try_get_matches()
        .and_then(|m| cadria::cli::Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => {
            let aide = cadria::cli::aide_en_francais(&e.render().to_string());
            let mut out = std::io::stdout().lock();
            // A closed pipe (`cadria --help | head`) is not an error.
            let _ = std::io::Write::write_all(&mut out, aide.as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => e.exit(),
        Err(e) => {
            messages.ecrire(&cadria::cli::message_erreur(&e));
            return ExitCode::from(2);
        }
    };
    let code = match commandes::executer(cli, &mut messages) {
        Ok(code) => code,
        Err(echec) => {
            messages.ecrire(&echec.rendre());
            echec.code()
        }
    };
    ExitCode::from(code as u8)
}
