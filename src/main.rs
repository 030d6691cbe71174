//! The `cadria` binary: parse the command line, run, map the outcome to an
//! exit code (0 below the failure threshold, 1 at or above it, 2 usage or
//! input error).
#![forbid(unsafe_code)]

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cadria::cli::Cli::parse();
    ExitCode::from(cadria::commandes::executer(cli) as u8)
}
