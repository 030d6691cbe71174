//! The coverage matrix shows every criterion of the research catalogue; none
//! is silently dropped.

use cadria::base::{Base, Sources};
use cadria::couverture::{Statut, construire};
use std::path::Path;

#[test]
fn chaque_critere_du_catalogue_est_couvert_ou_explique() {
    let (base, diags) = Base::charger(&Sources::default());
    assert!(diags.is_empty());
    let m = construire(&base, Some(Path::new("tests/scenarios"))).expect("catalogue valide");
    // criteres.md §2 lists 67 criteria.
    assert_eq!(m.total, 67);
    assert_eq!(m.encodes + m.jugement_humain + m.non_encodes, m.total);
    assert!(
        m.regles_hors_catalogue.is_empty(),
        "{:?}",
        m.regles_hors_catalogue
    );
    for l in &m.lignes {
        match l.statut {
            Statut::Encode | Statut::JugementHumain if !l.regles.is_empty() => {
                assert!(
                    !l.scenarios_declenche.is_empty(),
                    "{} : aucun scénario ne la déclenche",
                    l.critere
                );
                assert!(
                    !l.scenarios_silence.is_empty(),
                    "{} : aucun scénario silencieux",
                    l.critere
                );
            }
            _ => assert!(
                l.raison.as_deref().is_some_and(|r| r.len() > 20),
                "{} non encodé sans raison",
                l.critere
            ),
        }
    }
    let non_encodes: Vec<&str> = m
        .lignes
        .iter()
        .filter(|l| l.statut == Statut::NonEncode)
        .map(|l| l.critere.as_str())
        .collect();
    assert_eq!(non_encodes, vec!["SCOPE-02"]);
}

#[test]
fn expliquer_montre_interpretation_et_sources() {
    let sortie = assert_cmd::Command::cargo_bin("cadria")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["regles", "expliquer", "ELEVE-NIV-03"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let texte = String::from_utf8(sortie).unwrap();
    for attendu in [
        "ELEVE-NIV-03",
        "Lecture retenue",
        "Sources",
        "Cadre d'usage",
        "Exemple conforme",
        "Exemple non conforme",
        "Que faire",
    ] {
        assert!(texte.contains(attendu), "« {attendu} » absent :\n{texte}");
    }
}
