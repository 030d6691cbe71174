//! SARIF 2.1.0 (`-f sarif`, DESIGN §4), pour que les outils d'analyse de code
//! (GitHub code scanning, GitLab, éditeurs) annotent l'inventaire ou le
//! fichier de réponses lui-même : une `rule` par règle de cadria (titre,
//! pourquoi, remédiation en aide, lien vers le texte officiel quand il est
//! connu), un `result` par constat avec son niveau (interdit et non conforme
//! → `error`, vigilance → `warning`, conseil → `note`), son message (le
//! raisonnement) et l'emplacement de l'entrée de l'outil (fichier, ligne,
//! colonne en caractères). Un constat levé par une dérogation est écrit avec
//! sa `suppression` ; une entrée illisible devient une notification
//! d'exécution, et l'exécution n'est alors pas réussie.

use super::inventaire::ErreurSortie;
use crate::base::Base;
use crate::evaluation::Evaluation;
use crate::inventaire::{ErreurEntree, ordre_constats};
use crate::moteur::{Certitude, ErreurEvaluation, Moteur};
use crate::neutralisation::une_ligne;
use crate::regles::{Gravite, Regle};
use crate::reponses::Reponses;
use serde_json::{Value, json};
use std::io::Write;

/// L'adresse du schéma SARIF 2.1.0 publié par OASIS.
pub const SCHEMA_SARIF: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Le niveau SARIF d'une gravité.
pub fn niveau(g: Gravite) -> &'static str {
    match g {
        Gravite::Interdit | Gravite::NonConforme => "error",
        Gravite::Vigilance => "warning",
        Gravite::Conseil => "note",
    }
}

/// Un chemin donné par l'utilisateur en référence d'URI : relatif tel quel,
/// absolu en `file://`, chaque octet hors des caractères sûrs en `%XX`.
pub fn uri(chemin: &str) -> String {
    let mut s = String::with_capacity(chemin.len() + 8);
    if chemin.starts_with('/') {
        s.push_str("file://");
    }
    for b in chemin.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn regle_sarif(r: &Regle, contenu: &crate::contenu::Contenu) -> Value {
    let mut v = json!({
        "id": r.id,
        "shortDescription": { "text": r.titre },
        "fullDescription": { "text": r.pourquoi.split_whitespace().collect::<Vec<_>>().join(" ") },
        "help": { "text": r.remediation.split_whitespace().collect::<Vec<_>>().join(" ") },
        "defaultConfiguration": { "level": niveau(r.gravite) },
        "properties": {
            "gravite": r.gravite.id(),
            "nature": r.nature.id(),
            "fiabilite": r.fiabilite.id(),
            "theme": r.theme,
            "tags": [r.theme.as_str(), r.gravite.id()],
            "references": r.references.iter().map(|x| format!("{} {}", contenu.nom_source(&x.source), x.reference)).collect::<Vec<_>>(),
        }
    });
    if let (Some(url), Some(o)) = (
        r.references
            .iter()
            .find_map(|x| crate::rapport::ReferenceRapport::de(x, contenu).url),
        v.as_object_mut(),
    ) {
        o.insert("helpUri".into(), Value::from(url));
    }
    v
}

fn emplacement(uri: &str, ligne: u64, colonne: u64) -> Value {
    let mut physique = json!({ "artifactLocation": { "uri": uri, "index": 0 } });
    if ligne > 0
        && let Some(o) = physique.as_object_mut()
    {
        o.insert(
            "region".into(),
            json!({ "startLine": ligne, "startColumn": colonne.max(1) }),
        );
    }
    json!({ "physicalLocation": physique })
}

/// Les résultats SARIF des constats d'une évaluation, le plus grave d'abord
/// (`textes` : le raisonnement de chaque constat, dans l'ordre de
/// `evaluation.constats()`).
fn resultats(
    moteur: &Moteur<'_>,
    reponses: &Reponses,
    evaluation: &Evaluation,
    textes: &[String],
    uri: &str,
    (ligne, colonne): (u64, u64),
) -> Vec<Value> {
    let base = moteur.base();
    let schema = base.schema();
    let ev = evaluation;
    let outil = une_ligne(&reponses.outil);
    let mut v = Vec::with_capacity(ev.constats().len());
    for k in ordre_constats(base, ev) {
        let c = &ev.constats()[k];
        let Some(r) = base.regles().get(c.regle) else {
            continue;
        };
        let inconnus: Vec<&str> = c
            .inconnus
            .iter()
            .filter_map(|i| schema.def(*i).map(|d| d.id.as_str()))
            .collect();
        let mut message = format!(
            "{outil} — {} : {}",
            r.titre,
            textes.get(k).map(String::as_str).unwrap_or_default()
        );
        if c.certitude == Certitude::Possible {
            message.push_str(&format!(
                " (à confirmer : la réponse manque pour {})",
                inconnus.join(", ")
            ));
        }
        let mut res = json!({
            "ruleId": r.id,
            "ruleIndex": c.regle,
            "level": niveau(r.gravite),
            "message": { "text": message },
            "locations": [emplacement(uri, ligne, colonne)],
            "partialFingerprints": { "outilRegle/v1": format!("{}:{}", reponses.outil, r.id) },
            "properties": {
                "outil": reponses.outil,
                "gravite": r.gravite.id(),
                "certitude": match c.certitude { Certitude::Certain => "certain", Certitude::Possible => "possible" },
                "inconnus": inconnus,
            }
        });
        let bilan = ev.derogations.du_constat(k);
        if let (Some(b), Some(o)) = (bilan, res.as_object_mut()) {
            o.insert(
                "suppressions".into(),
                json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!(
                        "dérogation approuvée par {} jusqu'au {} : {}",
                        une_ligne(&b.approuve_par),
                        b.expire_le,
                        une_ligne(&b.justification)
                    )
                }]),
            );
        }
        v.push(res);
    }
    v
}

/// Un journal SARIF écrit au fil de l'eau : l'en-tête et les règles, puis
/// les résultats outil par outil, puis l'invocation.
pub struct Sarif<'w, W: Write> {
    w: &'w mut W,
    uri: String,
    premier: bool,
}

impl<'w, W: Write> Sarif<'w, W> {
    /// Écrit l'en-tête (outil, règles de `base`, artefact `fichier`) et ouvre
    /// la liste des résultats.
    pub fn ouvrir(w: &'w mut W, base: &Base, fichier: &str) -> Result<Self, ErreurSortie> {
        let uri = uri(fichier);
        let regles: Vec<Value> = base
            .regles()
            .iter()
            .map(|r| regle_sarif(r, base.contenu()))
            .collect();
        let pilote = json!({
            "name": "cadria",
            "fullName": "cadria — usages de l'IA à l'école au regard du cadre d'usage, du RGPD et du règlement sur l'IA",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": regles,
            "properties": { "versionRegles": base.version(), "empreinteRegles": base.empreinte() },
        });
        write!(
            w,
            "{{\"$schema\":{},\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{}}},\"columnKind\":\"unicodeCodePoints\",\"artifacts\":[{{\"location\":{{\"uri\":{}}}}}],\"results\":[",
            Value::from(SCHEMA_SARIF),
            pilote,
            Value::from(uri.as_str()),
        )?;
        Ok(Sarif {
            w,
            uri,
            premier: true,
        })
    }

    /// Écrit les résultats d'un outil dont l'entrée commence à `ligne`,
    /// `colonne`, avec les raisonnements `textes` de ses constats.
    pub fn resultats(
        &mut self,
        moteur: &Moteur<'_>,
        reponses: &Reponses,
        evaluation: &Evaluation,
        textes: &[String],
        ligne: u64,
        colonne: u64,
    ) -> Result<(), ErreurSortie> {
        let v = resultats(
            moteur,
            reponses,
            evaluation,
            textes,
            &self.uri,
            (ligne, colonne),
        );
        for r in v {
            if !self.premier {
                self.w.write_all(b",")?;
            }
            self.premier = false;
            serde_json::to_writer(&mut *self.w, &r)?;
        }
        Ok(())
    }

    /// Ferme les résultats et écrit l'invocation, avec une notification par
    /// entrée illisible.
    pub fn fermer(self, erreurs: &[ErreurEntree]) -> Result<(), ErreurSortie> {
        let notifications: Vec<Value> = erreurs
            .iter()
            .map(|e| {
                let qui = match (e.entree, &e.outil) {
                    (Some(n), Some(o)) => format!("entrée n° {n} ({})", une_ligne(o)),
                    (Some(n), None) => format!("entrée n° {n}"),
                    (None, _) => "en-tête de l'inventaire".to_string(),
                };
                let quoi: Vec<String> = e
                    .diagnostics
                    .iter()
                    .map(|d| une_ligne(&d.message).into_owned())
                    .collect();
                json!({
                    "level": "error",
                    "message": { "text": format!("{qui} illisible, non évaluée : {}", quoi.join(" ; ")) },
                    "locations": [emplacement(&self.uri, e.position.ligne, e.position.colonne)],
                })
            })
            .collect();
        let invocation = json!({
            "executionSuccessful": erreurs.is_empty(),
            "toolExecutionNotifications": notifications,
        });
        writeln!(self.w, "],\"invocations\":[{invocation}]}}]}}")?;
        Ok(())
    }
}

/// Le SARIF d'un fichier de réponses (`cadria evaluer -f sarif`) : ses
/// constats situés au début du fichier `fichier`.
pub fn rendre_sarif(
    moteur: &Moteur<'_>,
    reponses: &Reponses,
    evaluation: &Evaluation,
    fichier: &str,
) -> Result<Vec<u8>, ErreurEvaluation> {
    let textes = super::inventaire::Raisonnements::default().de(moteur, reponses, evaluation)?;
    let mut octets = Vec::new();
    let ecrit = (|| {
        let mut s = Sarif::ouvrir(&mut octets, moteur.base(), fichier)?;
        s.resultats(moteur, reponses, evaluation, &textes, 1, 1)?;
        s.fermer(&[])
    })();
    match ecrit {
        Ok(()) => Ok(octets),
        Err(ErreurSortie::Inventaire(e)) => Err(ErreurEvaluation {
            regle: String::new(),
            message: e.to_string(),
        }),
        Err(ErreurSortie::Ecriture(e)) => Err(ErreurEvaluation {
            regle: String::new(),
            message: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chemins_en_references_d_uri() {
        assert_eq!(uri("exemples/inventaire.yaml"), "exemples/inventaire.yaml");
        assert_eq!(uri("mon dossier/é.yaml"), "mon%20dossier/%C3%A9.yaml");
        assert_eq!(uri("/tmp/a#b.yaml"), "file:///tmp/a%23b.yaml");
    }

    #[test]
    fn niveaux_par_gravite() {
        assert_eq!(niveau(Gravite::Interdit), "error");
        assert_eq!(niveau(Gravite::NonConforme), "error");
        assert_eq!(niveau(Gravite::Vigilance), "warning");
        assert_eq!(niveau(Gravite::Conseil), "note");
    }
}
