//! Export de la pré-analyse vers le logiciel PIA de la CNIL : un fichier
//! JSON que le logiciel importe (« Importer une analyse »). Format lu dans
//! le code source public du logiciel (dépôt LINCnil/pia, version 4.1.0,
//! `PiaService.importData`) : un objet `pia` (nom, statut, avis…), des
//! `answers` rattachées aux questions par `reference_to` (111 = « Quel est le
//! traitement qui fait l'objet de l'étude ? »…), et les listes `measures`,
//! `evaluations`, `comments` (vides ici : elles relèvent de l'analyse elle-même).

use super::Dossier;
use super::gabarits::blanc;
use serde::{Deserialize, Serialize};

/// Version du logiciel PIA dont le format d'import a été suivi.
pub const VERSION_PIA: &str = "4.1.0";

/// Les questions du logiciel PIA (sections 1 et 2, contexte et principes
/// fondamentaux) que cadria pré-remplit.
pub const QUESTIONS: [u32; 9] = [111, 112, 121, 211, 212, 215, 221, 226, 227];

/// L'en-tête d'une analyse PIA.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EnTete {
    /// Nom de l'analyse.
    pub name: String,
    /// Catégorie.
    pub category: String,
    /// 0 : en cours.
    pub status: u8,
    /// Rédacteur.
    pub author_name: String,
    /// Évaluateur.
    pub evaluator_name: String,
    /// Validateur.
    pub validator_name: String,
    /// Avis du DPO (`null` : pas encore donné).
    pub dpo_status: Option<u8>,
    /// Texte de l'avis du DPO.
    pub dpo_opinion: String,
    /// Noms des DPO.
    pub dpos_names: String,
    /// Avis des personnes concernées.
    pub concerned_people_opinion: String,
    /// État de cet avis.
    pub concerned_people_status: Option<u8>,
    /// L'avis a-t-il été recherché.
    pub concerned_people_searched_opinion: bool,
    /// Pourquoi il ne l'a pas été.
    pub concerned_people_searched_content: String,
    /// Noms des personnes consultées.
    pub people_names: String,
    /// Motif de refus.
    pub rejection_reason: String,
    /// Ajustements appliqués.
    pub applied_adjustments: String,
    /// Date de création (ISO 8601).
    pub created_at: String,
    /// Date de mise à jour.
    pub updated_at: String,
}

/// Le contenu d'une réponse.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Donnee {
    /// Texte (HTML : le logiciel l'affiche dans un éditeur riche).
    pub text: String,
    /// Jauge (questions de risque ; 0 ailleurs).
    pub gauge: u8,
    /// Liste (questions de risque ; vide ailleurs).
    pub list: Vec<String>,
}

/// Une réponse à une question du logiciel.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reponse {
    /// Identifiant de la question (section, élément, question : 111…).
    pub reference_to: u32,
    /// Contenu.
    pub data: Donnee,
    /// Date de création.
    pub created_at: String,
}

/// Le fichier d'export.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportPia {
    /// En-tête.
    pub pia: EnTete,
    /// Réponses.
    pub answers: Vec<Reponse>,
    /// Mesures (vides).
    pub measures: Vec<serde_json::Value>,
    /// Évaluations (vides).
    pub evaluations: Vec<serde_json::Value>,
    /// Commentaires (vides).
    pub comments: Vec<serde_json::Value>,
}

fn html(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn ou_blanc(v: &Option<String>, quoi: &str) -> String {
    v.clone().unwrap_or_else(|| blanc(quoi))
}

/// L'export PIA de la pré-analyse `d`.
pub fn exporter(d: &Dossier) -> ExportPia {
    let date = format!("{}T00:00:00.000Z", d.date);
    let criteres: String = d
        .criteres
        .iter()
        .chain(&d.liste_cnil)
        .map(|c| {
            format!(
                "<li><strong>{} — {}</strong> : {} ({})</li>",
                html(&c.code),
                html(c.intitule),
                html(c.statut_libelle),
                html(&c.raison)
            )
        })
        .collect();
    let responsable = match (&d.responsable, &d.sous_traitant) {
        (Some(r), Some(s)) => format!("Responsable du traitement : {r}. Sous-traitant : {s}."),
        (Some(r), None) => format!(
            "Responsable du traitement : {r}. Sous-traitant : {}.",
            blanc("éditeur et contrat de sous-traitance (RGPD art. 28)")
        ),
        (None, _) => format!(
            "Responsable du traitement : {}.",
            blanc("chef d'établissement, ou DASEN pour une école")
        ),
    };
    let textes: [(u32, String); 9] = [
        (
            111,
            format!(
                "<p>Usage de l'outil « {} » ; finalités : {}.</p><p>Pré-analyse cadria du {} : {}</p><ul>{criteres}</ul>",
                html(&d.outil),
                html(&ou_blanc(&d.finalites, "finalités")),
                html(&d.date),
                html(&d.conclusion_aipd)
            ),
        ),
        (112, format!("<p>{}</p>", html(&responsable))),
        (
            121,
            format!(
                "<p>Données : {}. Personnes concernées : {}.</p>",
                html(&ou_blanc(&d.donnees, "catégories de données")),
                html(&ou_blanc(&d.personnes, "personnes concernées"))
            ),
        ),
        (
            211,
            format!("<p>{}</p>", html(&ou_blanc(&d.finalites, "finalités"))),
        ),
        (
            212,
            format!(
                "<p>{}</p>",
                html(&ou_blanc(&d.base_legale, "base légale (RGPD art. 6)"))
            ),
        ),
        (
            215,
            format!("<p>{}</p>", html(&blanc("durée de conservation"))),
        ),
        (
            221,
            format!(
                "<p>Note d'information aux familles (RGPD art. 13) : {}.</p>",
                html(&blanc("date et moyen de diffusion de la note"))
            ),
        ),
        (
            226,
            format!(
                "<p>{}</p>",
                html(&ou_blanc(
                    &d.sous_traitant,
                    "contrat de sous-traitance (RGPD art. 28) : signé ou non"
                ))
            ),
        ),
        (
            227,
            format!(
                "<p>{}</p>",
                html(&ou_blanc(
                    &d.transferts,
                    "hébergement et transferts hors UE"
                ))
            ),
        ),
    ];
    ExportPia {
        pia: EnTete {
            name: format!("{} (pré-analyse cadria)", d.outil),
            category: "Éducation".to_string(),
            status: 0,
            author_name: String::new(),
            evaluator_name: String::new(),
            validator_name: String::new(),
            dpo_status: None,
            dpo_opinion: String::new(),
            dpos_names: String::new(),
            concerned_people_opinion: String::new(),
            concerned_people_status: None,
            concerned_people_searched_opinion: false,
            concerned_people_searched_content: String::new(),
            people_names: String::new(),
            rejection_reason: String::new(),
            applied_adjustments: String::new(),
            created_at: date.clone(),
            updated_at: date.clone(),
        },
        answers: textes
            .into_iter()
            .map(|(reference_to, text)| Reponse {
                reference_to,
                data: Donnee {
                    text,
                    gauge: 0,
                    list: Vec::new(),
                },
                created_at: date.clone(),
            })
            .collect(),
        measures: Vec::new(),
        evaluations: Vec::new(),
        comments: Vec::new(),
    }
}
