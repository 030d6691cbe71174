//! Les fichiers de réponses (DESIGN §3) : ce que le questionnaire enregistre,
//! ce que lit `cadria evaluer` et ce qu'énumère un inventaire. Le YAML brut
//! est typé contre le schéma des faits ; chaque problème est signalé avec sa
//! position.

use crate::base::Base;
use crate::derogations::{Derogation, DerogationBrute};
use crate::diag::{Code, Diagnostic};
use crate::faits::{Faits, Valeur};
use crate::yaml::{self, Brut, Paires};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Who asks for the assessment (filing block of the reports), as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandeurBrut {
    /// Name.
    #[serde(default)]
    pub nom: Option<String>,
    /// Role (« professeure de lettres », « CPE »).
    #[serde(default)]
    pub fonction: Option<String>,
}

/// One answers document as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReponsesBrutes {
    /// Tool name.
    #[serde(default)]
    pub outil: Option<Spanned<String>>,
    /// Questionnaire used (optional).
    #[serde(default)]
    pub questionnaire: Option<Spanned<String>>,
    /// Who declared it (inventories).
    #[serde(default)]
    pub declare_par: Option<String>,
    /// Establishment (filing block, optional).
    #[serde(default)]
    pub etablissement: Option<String>,
    /// Who asks for the assessment (filing block, optional).
    #[serde(default)]
    pub demandeur: Option<DemandeurBrut>,
    /// fact → value.
    #[serde(default)]
    pub reponses: Paires<Spanned<Brut>>,
    /// Waivers.
    #[serde(default)]
    pub derogations: Vec<DerogationBrute>,
}

/// One typed assessment input.
#[derive(Debug, Clone)]
pub struct Reponses {
    /// Tool name (« outil non nommé » when absent).
    pub outil: String,
    /// Questionnaire id, if given.
    pub questionnaire: Option<String>,
    /// Who declared it, if given.
    pub declare_par: Option<String>,
    /// Establishment, if given.
    pub etablissement: Option<String>,
    /// Requester's name, if given.
    pub demandeur: Option<String>,
    /// Requester's role, if given.
    pub fonction: Option<String>,
    /// Typed facts.
    pub faits: Faits,
    /// Facts answered in the file, « je ne sais pas » included (schema
    /// indices, in the order written).
    pub repondus: Vec<usize>,
    /// Waivers as written.
    pub derogations: Vec<Derogation>,
}

/// Longest free text accepted in an answers document (tool name, who
/// declared it, a waiver's justification or approver), in characters: a
/// longer one is an input error, not a report hundreds of megabytes long.
pub const LONGUEUR_TEXTE_MAX: usize = 1_000;

/// Reports a free text longer than [`LONGUEUR_TEXTE_MAX`].
fn verifier_longueur(
    champ: &str,
    texte: &str,
    position: crate::diag::Position,
    diags: &mut Vec<Diagnostic>,
) {
    let n = texte.chars().count();
    if n > LONGUEUR_TEXTE_MAX {
        diags.push(
            Diagnostic::erreur(
                Code::Limite,
                position,
                format!("`{champ}` trop long : {n} caractères, {LONGUEUR_TEXTE_MAX} au plus"),
            )
            .aide(
                "abrégez ce texte ; les détails ont leur place dans un document joint au dossier",
            ),
        );
    }
}

/// True when `texte` holds nothing but blanks, comments and document markers.
pub fn sans_contenu(texte: &str) -> bool {
    texte.lines().all(|l| {
        let l = l.trim_start_matches('\u{feff}').trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Name used when a document gives no tool name.
pub const OUTIL_NON_NOMME: &str = "outil non nommé";

impl Reponses {
    /// Types a raw document read from `fichier`. Problems are pushed to
    /// `diags`; facts with a problem stay unknown.
    pub fn depuis_brut(
        brut: ReponsesBrutes,
        fichier: &str,
        base: &Base,
        diags: &mut Vec<Diagnostic>,
    ) -> Reponses {
        let schema = base.schema();
        for (cle, valeur) in &brut.reponses.0 {
            if let Brut::Texte(t) = &valeur.value {
                verifier_longueur(&cle.value, t, yaml::position(fichier, valeur), diags);
            }
        }
        if let Some(o) = &brut.outil {
            verifier_longueur("outil", &o.value, yaml::position(fichier, o), diags);
        }
        if let Some(d) = &brut.declare_par {
            verifier_longueur(
                "declare_par",
                d,
                crate::diag::Position::new(fichier, 0, 0),
                diags,
            );
        }
        for d in &brut.derogations {
            for (champ, v) in [
                ("justification", &d.justification),
                ("approuve_par", &d.approuve_par),
            ] {
                if let Some(v) = v {
                    verifier_longueur(champ, &v.value, yaml::position(fichier, v), diags);
                }
            }
        }
        let mut faits = schema.typer_reponses(fichier, &brut.reponses, diags);
        let repondus = brut
            .reponses
            .0
            .iter()
            .filter_map(|(cle, _)| schema.indice(&cle.value))
            .collect();
        if let Some(q) = &brut.questionnaire
            && base.questionnaire(&q.value).is_none()
        {
            let ids: Vec<&str> = base
                .questionnaires()
                .iter()
                .map(|q| q.id.as_str())
                .collect();
            diags.push(
                Diagnostic::erreur(
                    Code::QuestionnaireInconnu,
                    yaml::position(fichier, q),
                    format!("questionnaire `{}` inconnu", q.value),
                )
                .aide(format!(
                    "{}questionnaires possibles : {}",
                    crate::diag::vouliez_vous_dire(&q.value, ids.iter().copied()),
                    ids.join(", ")
                )),
            );
        }
        let derogations = crate::derogations::verifier(&brut.derogations, fichier, base, diags);
        let outil = match (&brut.outil, schema.indice("outil")) {
            (Some(o), Some(i)) => {
                if faits.get(i).is_none() {
                    faits.set(i, Some(Valeur::Texte(o.value.clone())));
                }
                o.value.clone()
            }
            (Some(o), None) => o.value.clone(),
            (None, Some(i)) => match faits.get(i) {
                Some(Valeur::Texte(t)) => t.clone(),
                _ => OUTIL_NON_NOMME.to_string(),
            },
            (None, None) => OUTIL_NON_NOMME.to_string(),
        };
        Reponses {
            outil,
            questionnaire: brut.questionnaire.map(|q| q.value),
            declare_par: brut.declare_par,
            etablissement: brut.etablissement,
            demandeur: brut.demandeur.as_ref().and_then(|d| d.nom.clone()),
            fonction: brut.demandeur.and_then(|d| d.fonction),
            faits,
            repondus,
            derogations,
        }
    }

    /// Reads and types one answers file's contents.
    pub fn lire(texte: &str, fichier: &str, base: &Base) -> Result<Reponses, Vec<Diagnostic>> {
        if sans_contenu(texte) {
            return Err(vec![
                Diagnostic::erreur(
                    Code::Yaml,
                    crate::diag::Position::new(fichier, 0, 0),
                    "le fichier de réponses est vide (ou ne contient que des commentaires)",
                )
                .aide("écrivez au moins `outil:` et `reponses:` (voir exemples/chatgpt-5e.yaml), ou remplissez le questionnaire : `cadria questionnaire`"),
            ]);
        }
        let mut brut: ReponsesBrutes = yaml::lire(texte, fichier).map_err(|d| vec![d])?;
        yaml::nombres_tels_qu_ecrits(&mut brut.reponses, texte);
        let mut diags = Vec::new();
        let r = Reponses::depuis_brut(brut, fichier, base, &mut diags);
        crate::diag::joindre_source(&mut diags, fichier, texte);
        if diags.is_empty() { Ok(r) } else { Err(diags) }
    }
}
