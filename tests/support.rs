//! Ce que partagent les tests d'intégration.

use assert_cmd::Command;

/// Le binaire `cadria`, sans couleurs (sorties comparables d'un terminal à l'autre).
pub fn cadria() -> Command {
    let mut c = Command::cargo_bin("cadria").unwrap();
    c.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    c
}
