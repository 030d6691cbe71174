//! Les scénarios (DESIGN §7) : des réponses (éventuellement à partir d'un
//! profil de `profils.yaml`), une date d'évaluation, le verdict et les règles
//! attendus. Les tests les rejouent, comme `cadria scenarios` pour les
//! académies qui écrivent leur propre jeu de règles.

use crate::base::Base;
use crate::date::Date;
use crate::diag::{Code, Diagnostic, Position};
use crate::evaluation::Evaluation;
use crate::moteur::{Certitude, Moteur, Verdict};
use crate::yaml::{self, Brut, Paires};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};

/// Assessment date used when a scenario gives none.
pub const DATE_PAR_DEFAUT: Date = match Date::du_calendrier(2026, 11, 28) {
    Some(d) => d,
    None => panic!("date par défaut invalide"),
};

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
    /// Le profil de départ (`profils.yaml`), que `reponses` complète ou modifie.
    #[serde(default)]
    base: Option<Spanned<String>>,
    #[serde(default)]
    reponses: Paires<Spanned<Brut>>,
    attendu: Attendu,
}

/// Un profil de `profils.yaml` : un jeu de réponses nommé dont partent les
/// scénarios (`base: enseignant-conforme`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilBrut {
    #[serde(rename = "description")]
    _description: String,
    reponses: Paires<Spanned<Brut>>,
}

/// Nom du fichier des profils, dans le dossier d'un scénario ou un dossier parent.
pub const FICHIER_PROFILS: &str = "profils.yaml";

/// Le `profils.yaml` le plus proche de `fichier` (son dossier, puis les parents).
fn chemin_profils(fichier: &str) -> Option<PathBuf> {
    let mut dossier = Path::new(fichier).parent();
    while let Some(d) = dossier {
        let p = d.join(FICHIER_PROFILS);
        if p.is_file() {
            return Some(p);
        }
        dossier = d.parent();
    }
    None
}

/// Les faits de départ du profil `nom`, lus dans le `profils.yaml` le plus
/// proche de `fichier` ; `None` (diagnostics ajoutés) s'il manque ou est faux.
fn profil(
    base: &Base,
    fichier: &str,
    nom: &Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<crate::faits::Faits> {
    let Some(chemin) = chemin_profils(fichier) else {
        diags.push(
            Diagnostic::erreur(
                Code::Scenario,
                yaml::position(fichier, nom),
                format!("profil `{}` introuvable : aucun {FICHIER_PROFILS} dans ce dossier ni au-dessus", nom.value),
            )
            .aide(format!("écrivez les profils dans un fichier {FICHIER_PROFILS} à côté des scénarios")),
        );
        return None;
    };
    let nom_profils = chemin.display().to_string();
    let texte = match crate::limites::lire_fichier(&chemin) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::erreur(
                Code::Lecture,
                Position::new(&nom_profils, 0, 0),
                format!("profils illisibles : {}", crate::diag::erreur_io(&e)),
            ));
            return None;
        }
    };
    let profils: Paires<ProfilBrut> = match yaml::lire(&texte, &nom_profils) {
        Ok(p) => p,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let Some((_, p)) = profils.0.iter().find(|(k, _)| k.value == nom.value) else {
        let connus: Vec<&str> = profils.0.iter().map(|(k, _)| k.value.as_str()).collect();
        diags.push(
            Diagnostic::erreur(
                Code::Scenario,
                yaml::position(fichier, nom),
                format!("profil `{}` inconnu dans {nom_profils}", nom.value),
            )
            .aide(format!("profils connus : {}", connus.join(", "))),
        );
        return None;
    };
    let avant = diags.len();
    let faits = base
        .schema()
        .typer_reponses(&nom_profils, &p.reponses, diags);
    (diags.len() == avant).then_some(faits)
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

/// Les faits d'un scénario : ceux de son profil (`base:`), puis ses propres
/// réponses, qui l'emportent (`inconnu` compris).
fn faits_de(
    base: &Base,
    fichier: &str,
    s: &ScenarioBrut,
    diags: &mut Vec<Diagnostic>,
) -> Option<crate::faits::Faits> {
    let propres = base.schema().typer_reponses(fichier, &s.reponses, diags);
    let Some(nom) = &s.base else {
        return Some(propres);
    };
    let mut faits = profil(base, fichier, nom, diags)?;
    for (cle, _) in &s.reponses.0 {
        if let Some(i) = base.schema().indice(&cle.value) {
            faits.set(i, propres.get(i).cloned());
        }
    }
    Some(faits)
}

/// Les faits que décrit un fichier de scénario (profil compris), sans le
/// rejouer ; les problèmes du fichier sinon.
pub fn faits(
    base: &Base,
    fichier: &str,
    texte: &str,
) -> Result<crate::faits::Faits, Vec<Diagnostic>> {
    let s: ScenarioBrut = yaml::lire(texte, fichier).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    match faits_de(base, fichier, &s, &mut diags) {
        Some(f) if diags.is_empty() => Ok(f),
        _ => Err(diags),
    }
}

/// Runs one scenario file; returns every unmet expectation (empty = passed).
pub fn verifier(moteur: &Moteur<'_>, fichier: &str, texte: &str) -> Vec<Diagnostic> {
    let base: &Base = moteur.base();
    let s: ScenarioBrut = match yaml::lire(texte, fichier) {
        Ok(s) => s,
        Err(d) => return vec![d],
    };
    let mut diags = Vec::new();
    let Some(faits) = faits_de(base, fichier, &s, &mut diags) else {
        return diags;
    };
    let date = match s.date.as_ref().map(|d| (d, Date::depuis(&d.value))) {
        Some((_, Some(date))) => date,
        Some((d, None)) => {
            diags.push(
                Diagnostic::erreur(
                    Code::Yaml,
                    yaml::position(fichier, d),
                    format!("date `{}` invalide", d.value),
                )
                .aide("écrivez la date sous la forme AAAA-MM-JJ"),
            );
            DATE_PAR_DEFAUT
        }
        None => DATE_PAR_DEFAUT,
    };
    let eval = match Evaluation::calculer(moteur, &faits, &[], date) {
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
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                && p.file_name().is_none_or(|n| n != FICHIER_PROFILS)
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Sources;

    fn essai(profils: Option<&str>, scenario: &str) -> Vec<String> {
        let (base, _) = Base::charger(&Sources::default());
        let moteur = Moteur::new(&base).unwrap();
        let dir = tempfile::tempdir().unwrap();
        if let Some(p) = profils {
            std::fs::write(dir.path().join(FICHIER_PROFILS), p).unwrap();
        }
        let sous = dir.path().join("regles");
        std::fs::create_dir(&sous).unwrap();
        let f = sous.join("s.yaml");
        std::fs::write(&f, scenario).unwrap();
        assert_eq!(
            fichiers(dir.path()).unwrap(),
            vec![f.clone()],
            "profils.yaml n'est pas un scénario"
        );
        verifier(&moteur, &f.display().to_string(), scenario)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    const PROFILS: &str = "p:\n  description: d\n  reponses: { role: enseignant, niveaux: [5e], usage_eleves: encadre, type_ia: generative, categorie_outil: grand_public, compte_eleve: personnel }\n";

    #[test]
    fn un_scenario_part_de_son_profil_et_l_emporte_sur_lui() {
        // Le profil seul : interdit.
        let vu = essai(
            Some(PROFILS),
            "description: s\nbase: p\nattendu: { verdict: interdit, declenchees: [ELEVE-NIV-02] }\n",
        );
        assert!(vu.is_empty(), "{vu:?}");
        // Le scénario efface une réponse du profil (`inconnu`) ou la remplace ; le reste vient du profil.
        let (base, _) = Base::charger(&Sources::default());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FICHIER_PROFILS), PROFILS).unwrap();
        let f = dir.path().join("s.yaml").display().to_string();
        let schema = base.schema();
        let i = |id: &str| schema.indice(id).unwrap();
        let efface = faits(&base, &f, "description: s\nbase: p\nreponses: { niveaux: inconnu }\nattendu: { verdict: interdit }\n").unwrap();
        assert_eq!(efface.get(i("niveaux")), None);
        assert_eq!(
            efface.get(i("role")),
            Some(&crate::faits::Valeur::Texte("enseignant".into()))
        );
        let remplace = faits(&base, &f, "description: s\nbase: p\nreponses: { niveaux: [lycee] }\nattendu: { verdict: interdit }\n").unwrap();
        assert_eq!(
            remplace.get(i("niveaux")),
            Some(&crate::faits::Valeur::Liste(vec!["lycee".into()]))
        );
        let vu = essai(
            Some(PROFILS),
            "description: s\nbase: p\nreponses: { niveaux: [lycee] }\nattendu: { verdict: interdit, absentes: [ELEVE-NIV-02] }\n",
        );
        assert!(!vu.iter().any(|m| m.contains("ELEVE-NIV-02")), "{vu:?}");
    }

    #[test]
    fn profil_inconnu_ou_introuvable_signale() {
        let vu = essai(
            Some(PROFILS),
            "description: s\nbase: q\nattendu: { verdict: interdit }\n",
        );
        assert!(
            vu.iter().any(|m| m.contains("profil `q` inconnu")),
            "{vu:?}"
        );
        let vu = essai(
            None,
            "description: s\nbase: p\nattendu: { verdict: interdit }\n",
        );
        assert!(vu.iter().any(|m| m.contains("introuvable")), "{vu:?}");
        let faux = "p:\n  description: d\n  reponses: { role: astronaute }\n";
        let vu = essai(
            Some(faux),
            "description: s\nbase: p\nattendu: { verdict: interdit }\n",
        );
        assert!(!vu.is_empty());
    }
}
