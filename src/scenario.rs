//! Scenario files (DESIGN §7): answers, an assessment date, and the expected
//! verdict and rule ids. Used by the test suite and by `cadria scenarios`
//! for académies that write their own rule packs.

use crate::base::Base;
use crate::diag::{Code, Diagnostic, Position};
use crate::evaluation::Evaluation;
use crate::moteur::{Certitude, Moteur, Verdict};
use crate::yaml::{self, Brut, Paires};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};

/// Assessment date used when a scenario gives none.
pub const DATE_PAR_DEFAUT: &str = "2026-11-28";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioBrut {
    description: String,
    /// Tool and questionnaire names are allowed for readability; the
    /// verdict does not depend on them.
    #[serde(default, rename = "outil")]
    _outil: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "questionnaire")]
    _questionnaire: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    reponses: Paires<Spanned<Brut>>,
    attendu: Attendu,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attendu {
    verdict: Spanned<String>,
    #[serde(default)]
    declenchees: Vec<Spanned<String>>,
    #[serde(default)]
    possibles: Vec<Spanned<String>>,
    #[serde(default)]
    absentes: Vec<Spanned<String>>,
}

/// Runs one scenario file; returns every unmet expectation (empty = passed).
pub fn verifier(moteur: &Moteur<'_>, fichier: &str, texte: &str) -> Vec<Diagnostic> {
    let base: &Base = moteur.base();
    let s: ScenarioBrut = match yaml::lire(texte, fichier) {
        Ok(s) => s,
        Err(d) => return vec![d],
    };
    let mut diags = Vec::new();
    let faits = base
        .schema()
        .typer_reponses(fichier, &s.reponses, &mut diags);
    let date = match &s.date {
        Some(d) if crate::date::valide(&d.value) => d.value.clone(),
        Some(d) => {
            diags.push(
                Diagnostic::erreur(
                    Code::Yaml,
                    yaml::position(fichier, d),
                    format!("date `{}` invalide", d.value),
                )
                .aide("écrivez la date sous la forme AAAA-MM-JJ"),
            );
            DATE_PAR_DEFAUT.to_string()
        }
        None => DATE_PAR_DEFAUT.to_string(),
    };
    let eval = match Evaluation::calculer(moteur, &faits, &[], &date) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::erreur(
                Code::EvaluationImpossible,
                Position::new(fichier, 0, 0),
                e.to_string(),
            ));
            return diags;
        }
    };
    let obtenu = eval.verdict();
    match Verdict::depuis(&s.attendu.verdict.value) {
        None => diags.push(
            Diagnostic::erreur(
                Code::HorsEchelle,
                yaml::position(fichier, &s.attendu.verdict),
                format!("verdict `{}` inconnu", s.attendu.verdict.value),
            )
            .aide("interdit, non_conforme, a_verifier, conforme_sous_reserve ou conforme"),
        ),
        Some(v) if v != obtenu => {
            let feu: Vec<String> = eval
                .constats()
                .iter()
                .map(|c| {
                    format!(
                        "{}{}",
                        base.regles()[c.regle].id,
                        if c.certitude == Certitude::Possible {
                            " (possible)"
                        } else {
                            ""
                        }
                    )
                })
                .collect();
            diags.push(
                Diagnostic::erreur(
                    Code::Scenario,
                    yaml::position(fichier, &s.attendu.verdict),
                    format!(
                        "« {} » : verdict attendu `{}`, obtenu `{}` (constats : {})",
                        s.description,
                        v.id(),
                        obtenu.id(),
                        feu.join(", ")
                    ),
                )
                .aide("corrigez les réponses du scénario, le verdict attendu ou la règle en cause"),
            );
        }
        Some(_) => {}
    }
    let etat = |id: &str| {
        eval.constats()
            .iter()
            .find(|c| base.regles()[c.regle].id == id)
            .map(|c| c.certitude)
    };
    let mut attendre = |liste: &[Spanned<String>], voulu: Option<Certitude>, mot: &str| {
        for id in liste {
            if base.regle(&id.value).is_none() {
                diags.push(
                    Diagnostic::erreur(
                        Code::Scenario,
                        yaml::position(fichier, id),
                        format!("règle `{}` inconnue", id.value),
                    )
                    .aide("vérifiez l'identifiant avec `cadria regles lister`"),
                );
                continue;
            }
            let e = etat(&id.value);
            if e != voulu {
                let vu = match e {
                    None => "silencieuse",
                    Some(Certitude::Certain) => "déclenchée (certaine)",
                    Some(Certitude::Possible) => "possible",
                };
                diags.push(
                    Diagnostic::erreur(
                        Code::Scenario,
                        yaml::position(fichier, id),
                        format!("la règle {} devait être {mot}, elle est {vu}", id.value),
                    )
                    .aide("corrigez les réponses du scénario ou la condition de la règle"),
                );
            }
        }
    };
    attendre(
        &s.attendu.declenchees,
        Some(Certitude::Certain),
        "déclenchée (certaine)",
    );
    attendre(&s.attendu.possibles, Some(Certitude::Possible), "possible");
    attendre(&s.attendu.absentes, None, "silencieuse");
    diags
}

/// Every `.yaml` file under `chemin` (or `chemin` itself), sorted.
pub fn fichiers(chemin: &Path) -> std::io::Result<Vec<PathBuf>> {
    if chemin.is_file() {
        return Ok(vec![chemin.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut pile = vec![chemin.to_path_buf()];
    while let Some(d) = pile.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                pile.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}
