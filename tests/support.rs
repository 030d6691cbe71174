//! Ce que partagent les tests d'intégration.

use assert_cmd::Command;

/// Le binaire `cadria`, sans couleurs (sorties comparables d'un terminal à l'autre).
pub fn cadria() -> Command {
    let mut c = Command::cargo_bin("cadria").unwrap();
    c.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    c
}

/// Une date écrite `AAAA-MM-JJ` (valide : les tests n'en écrivent pas d'autres).
pub fn date(s: &str) -> cadria::date::Date {
    cadria::date::Date::depuis(s).expect("date de test valide")
}
