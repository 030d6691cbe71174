//! The example rule pack of an académie (`exemples/academie/`) stays valid
//! and its scenarios pass, with the embedded facts and questionnaires.

use cadria::base::{Base, Sources};
use cadria::diag;
use cadria::moteur::Moteur;
use cadria::scenario;
use cadria::scenario::fichiers as fichiers_scenarios;
use std::path::{Path, PathBuf};

#[test]
fn le_pack_d_exemple_est_valide_et_ses_scenarios_passent() {
    let (base, diags) = Base::charger(&Sources {
        regles: Some(PathBuf::from("exemples/academie/regles")),
        questionnaires: None,
    });
    assert!(diags.is_empty(), "{}", diag::rendre_texte(&diags));
    assert_eq!(base.version(), "academie-exemple-2026.1");
    let moteur = Moteur::new(&base).unwrap();
    let fichiers = fichiers_scenarios(Path::new("exemples/academie/scenarios")).unwrap();
    assert!(fichiers.len() >= 2 * base.regles().len());
    for f in fichiers {
        let nom = f.display().to_string();
        let d = scenario::verifier(&moteur, &nom, &std::fs::read_to_string(&f).unwrap());
        assert!(d.is_empty(), "{}", diag::rendre_texte(&d));
    }
}
