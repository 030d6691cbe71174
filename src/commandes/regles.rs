//! `cadria regles lister|expliquer`: the rule catalogue, documented like
//! clippy lints (what it checks, why, examples, fix, sources).

use super::{CodeSortie, Echec, Resultat, couleur, ecrire};
use crate::base::Base;
use crate::cli::{CommandeRegles, Communes};
use crate::rapport::{ReferenceRapport, rendre};
use crate::regles::Regle;
use serde::Serialize;

/// A fact read by a rule, with the question that sets it.
#[derive(Serialize)]
struct FaitLu {
    fait: String,
    question: String,
}

/// A notion a rule uses.
#[derive(Serialize)]
struct NotionVue {
    id: String,
    description: String,
    quand: String,
}

/// One answer of a generated example.
#[derive(Serialize)]
struct ReponseExemple {
    question: String,
    reponse: String,
}

/// A rule as shown to people.
#[derive(Serialize)]
struct VueRegle {
    id: String,
    titre: String,
    theme: String,
    gravite: String,
    gravite_libelle: String,
    nature: String,
    nature_libelle: String,
    fiabilite: String,
    fiabilite_libelle: String,
    publics: Vec<String>,
    quand: String,
    faits_lus: Vec<FaitLu>,
    notions: Vec<NotionVue>,
    /// Answers, generated and checked by evaluation, that make the rule fire.
    reponses_declenchantes: Option<Vec<ReponseExemple>>,
    /// Answers, generated and checked by evaluation, that keep it silent.
    reponses_silencieuses: Option<Vec<ReponseExemple>>,
    depend_de_la_date: bool,
    pourquoi: String,
    remediation: String,
    interpretation: Option<String>,
    exemple_conforme: String,
    exemple_non_conforme: String,
    references: Vec<ReferenceRapport>,
    origine: String,
}

/// Answers to the facts the rule reads for which its condition has value
/// `valeur` at `date`, found by search and checked by evaluation.
fn exemple(
    base: &Base,
    r: &Regle,
    valeur: bool,
    date: crate::date::Date,
) -> Option<Vec<ReponseExemple>> {
    let schema = base.schema();
    let faits = crate::base::analyse::exemple(&r.condition, schema, valeur, date.aaaammjj())?;
    Some(
        r.faits_lus
            .iter()
            .filter_map(|i| {
                let d = schema.def(*i)?;
                Some(ReponseExemple {
                    question: base.question(&d.id, r.publics.first().map(String::as_str)),
                    reponse: schema.reponse_texte(*i, faits.get(*i)),
                })
            })
            .collect(),
    )
}

fn vue(base: &Base, r: &Regle) -> VueRegle {
    let date = crate::date::Date::aujourdhui();
    VueRegle {
        notions: r
            .notions
            .iter()
            .filter_map(|k| base.notions().get(*k))
            .map(|n| NotionVue {
                id: n.id.clone(),
                description: n.description.clone(),
                quand: n.quand.clone(),
            })
            .collect(),
        reponses_declenchantes: exemple(base, r, true, date),
        reponses_silencieuses: exemple(base, r, false, date),
        id: r.id.clone(),
        titre: r.titre.clone(),
        theme: r.theme.clone(),
        gravite: r.gravite.id().to_string(),
        gravite_libelle: r.gravite.libelle().to_string(),
        nature: r.nature.id().to_string(),
        nature_libelle: r.nature.libelle().to_string(),
        fiabilite: r.fiabilite.id().to_string(),
        fiabilite_libelle: r.fiabilite.libelle().to_string(),
        publics: r.publics.clone(),
        quand: r.quand.clone(),
        faits_lus: r
            .faits_lus
            .iter()
            .filter_map(|i| base.schema().def(*i))
            .map(|d| FaitLu {
                fait: d.id.clone(),
                question: base.question(&d.id, r.publics.first().map(String::as_str)),
            })
            .collect(),
        depend_de_la_date: r.lit_date,
        pourquoi: r.pourquoi.clone(),
        remediation: r.remediation.clone(),
        interpretation: r.interpretation.clone(),
        exemple_conforme: r.exemple_conforme.clone(),
        exemple_non_conforme: r.exemple_non_conforme.clone(),
        references: r
            .references
            .iter()
            .map(|x| ReferenceRapport::de(x, base.contenu()))
            .collect(),
        origine: r.origine.to_string(),
    }
}

#[derive(Serialize)]
struct Liste {
    version: String,
    empreinte: String,
    regles: Vec<VueRegle>,
}

pub(super) fn executer(c: &Communes, commande: &CommandeRegles) -> Resultat {
    let base = super::base(c)?;
    let texte = match commande {
        CommandeRegles::Lister { rendu } => {
            let liste = Liste {
                version: base.version().to_string(),
                empreinte: base.empreinte().to_string(),
                regles: base.regles().iter().map(|r| vue(&base, r)).collect(),
            };
            rendre(&liste, "regles", rendu.format, couleur(c, false))
        }
        CommandeRegles::Expliquer { id, rendu } => {
            let cherche = id.trim().to_uppercase();
            if base.regle(&cherche).is_none()
                && let Some(retiree) = crate::couverture::retiree(&cherche)
            {
                ecrire(&texte_retiree(&base, &retiree, rendu.format), None)?;
                return Ok(CodeSortie::Succes);
            }
            let Some(r) = base.regle(&cherche) else {
                let proches: Vec<&str> = base
                    .regles()
                    .iter()
                    .map(|r| r.id.as_str())
                    .filter(|i| i.split('-').next() == cherche.split('-').next())
                    .collect();
                let suggestion = crate::diag::vouliez_vous_dire(
                    &cherche,
                    base.regles().iter().map(|r| r.id.as_str()),
                );
                let aide = if proches.is_empty() {
                    format!("{suggestion}`cadria regles lister` donne la liste complète")
                } else {
                    format!("{suggestion}règles proches : {}", proches.join(", "))
                };
                return Err(super::usage(format!("aucune règle `{id}`"), aide));
            };
            rendre(&vue(&base, r), "regle", rendu.format, couleur(c, false))
        }
        CommandeRegles::Couverture { rendu, scenarios } => {
            let defaut = std::path::Path::new("tests/scenarios");
            let dossier = scenarios
                .as_deref()
                .or_else(|| defaut.is_dir().then_some(defaut));
            let m = crate::couverture::construire(&base, dossier).map_err(Echec::diagnostics)?;
            rendre(&m, "couverture", rendu.format, couleur(c, false))
        }
    };
    let texte = texte.map_err(|e| super::interne(format!("mise en forme impossible : {e}")))?;
    ecrire(&texte, None)?;
    Ok(CodeSortie::Succes)
}

/// What `cadria regles expliquer` says of a retired rule id: why, and what
/// replaced it.
fn texte_retiree(
    base: &Base,
    r: &crate::couverture::RegleRetiree,
    format: crate::rapport::Format,
) -> String {
    let remplacantes: Vec<String> = r
        .remplacee_par
        .iter()
        .map(|id| match base.regle(id) {
            Some(regle) => format!("{id} ({})", regle.titre),
            None => id.clone(),
        })
        .collect();
    match format {
        crate::rapport::Format::Json => {
            let mut v = serde_json::to_string_pretty(&serde_json::json!({
                "id": r.id,
                "statut": "retiree",
                "raison": r.raison,
                "remplacee_par": r.remplacee_par,
            }))
            .unwrap_or_default();
            v.push('\n');
            v
        }
        _ => format!(
            "{} — règle retirée (identifiant jamais réutilisé)\n\nRemplacée par : {}\n\nPourquoi : {}\n\nVoir : cadria regles expliquer {}\n",
            r.id,
            remplacantes.join(", "),
            r.raison,
            r.remplacee_par
                .first()
                .map(String::as_str)
                .unwrap_or_default()
        ),
    }
}
