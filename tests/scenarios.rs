//! The rule base against its scenarios (DESIGN §7), and meta-tests on the
//! embedded rules: clean validation, French texts and sources, and for every
//! rule at least one scenario where it fires and one where it stays silent.

use cadria::base::{Base, Sources};
use cadria::diag;
use cadria::moteur::Moteur;
use cadria::scenario;
use cadria::scenario::fichiers as fichiers_scenarios;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

fn base() -> Base {
    let (base, diags) = Base::charger(&Sources::default());
    assert!(
        diags.is_empty(),
        "les règles intégrées doivent être propres :\n{}",
        diag::rendre_texte(&diags)
    );
    base
}

#[test]
fn tous_les_scenarios_passent() {
    let base = base();
    let moteur = Moteur::new(&base).unwrap();
    let fichiers = fichiers_scenarios(Path::new("tests/scenarios")).unwrap();
    assert!(
        fichiers.len() >= 2 * base.regles().len(),
        "au moins deux scénarios par règle"
    );
    let mut echecs = Vec::new();
    for f in &fichiers {
        let nom = f.display().to_string();
        let diags = scenario::verifier(&moteur, &nom, &std::fs::read_to_string(f).unwrap());
        if !diags.is_empty() {
            echecs.push(diag::rendre_texte(&diags));
        }
    }
    assert!(
        echecs.is_empty(),
        "{} scénario(s) en échec sur {} :\n{}",
        echecs.len(),
        fichiers.len(),
        echecs.join("\n")
    );
}

#[derive(Deserialize)]
struct Attendu {
    #[serde(default)]
    declenchees: Vec<String>,
    #[serde(default)]
    possibles: Vec<String>,
    #[serde(default)]
    absentes: Vec<String>,
}

#[derive(Deserialize)]
struct Scenario {
    attendu: Attendu,
}

#[test]
fn chaque_regle_a_un_scenario_qui_declenche_et_un_silencieux() {
    let base = base();
    let mut declenche: BTreeMap<String, usize> = BTreeMap::new();
    let mut silence: BTreeMap<String, usize> = BTreeMap::new();
    for f in fichiers_scenarios(Path::new("tests/scenarios")).unwrap() {
        let s: Scenario = serde_saphyr::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for id in s.attendu.declenchees.iter().chain(&s.attendu.possibles) {
            *declenche.entry(id.clone()).or_default() += 1;
        }
        for id in &s.attendu.absentes {
            *silence.entry(id.clone()).or_default() += 1;
        }
    }
    let manquants: Vec<String> = base
        .regles()
        .iter()
        .filter(|r| !declenche.contains_key(&r.id) || !silence.contains_key(&r.id))
        .map(|r| {
            format!(
                "{} (déclenchée : {}, silencieuse : {})",
                r.id,
                declenche.get(&r.id).unwrap_or(&0),
                silence.get(&r.id).unwrap_or(&0)
            )
        })
        .collect();
    assert!(
        manquants.is_empty(),
        "règles sans scénario déclencheur ou silencieux : {manquants:?}"
    );
}

#[test]
fn identifiants_uniques_textes_francais_et_sources() {
    let base = base();
    let mut ids: Vec<&str> = base.regles().iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    let avant = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), avant, "identifiants de règle uniques");
    for r in base.regles() {
        for (champ, texte) in [
            ("titre", &r.titre),
            ("pourquoi", &r.pourquoi),
            ("remediation", &r.remediation),
            ("raisonnement", &r.raisonnement),
        ] {
            assert!(
                texte.chars().count() > 10,
                "{} : `{champ}` trop court",
                r.id
            );
        }
        assert!(!r.references.is_empty(), "{} sans référence", r.id);
        assert!(
            !r.publics.is_empty(),
            "{} n'est atteinte par aucun questionnaire",
            r.id
        );
    }
}

#[test]
fn identifiants_stables_du_catalogue() {
    // Rule ids come from the research catalogue and are never renamed: the
    // first rule set of the engine issue must stay present.
    let base = base();
    for id in [
        "DONNEES-01",
        "DONNEES-03",
        "DONNEES-06",
        "DONNEES-09",
        "ELEVE-NIV-01",
        "ELEVE-NIV-02",
        "ELEVE-NIV-03",
        "ELEVE-NIV-04",
        "DEVOIR-01",
        "DEVOIR-06",
        "AIACT-01",
        "ADM-04",
        "ENV-01",
        "TRANSP-01",
        "GEN-01",
    ] {
        assert!(base.regle(id).is_some(), "{id} a disparu");
    }
}
