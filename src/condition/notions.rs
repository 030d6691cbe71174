//! Les notions : des sous-conditions nommées (`questionnaires/notions.yaml`,
//! à côté du schéma des faits, et `notions*.yaml` d'un jeu de règles), qu'une
//! règle ou une question emploie comme un fait oui/non. Elles sont typées
//! comme toute condition et remplacées par leur définition à la compilation.

use super::{Emplacement, Notion, compiler};
use crate::diag::{Code, Diagnostic};
use crate::faits::Schema;
use crate::yaml;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Une notion telle qu'écrite.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotionBrute {
    id: Spanned<String>,
    #[serde(default)]
    description: Option<Spanned<String>>,
    quand: Spanned<String>,
}

/// Vrai pour un fichier de notions (`notions.yaml`, `notions-*.yaml`).
pub fn est_fichier_de_notions(nom: &str) -> bool {
    let court = nom.rsplit(['/', '\\']).next().unwrap_or(nom);
    court.starts_with("notions") && (court.ends_with(".yaml") || court.ends_with(".yml"))
}

fn forme_valide(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Lit les notions des fichiers `(nom, texte)`, dans l'ordre : une notion
/// peut employer celles définies avant elle. Chaque problème est relevé.
pub fn charger(
    fichiers: &[(String, String)],
    schema: &Schema,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Notion> {
    let mut notions: Vec<Notion> = Vec::new();
    for (nom, texte) in fichiers {
        let brutes: Vec<NotionBrute> = match yaml::lire(texte, nom) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        for b in brutes {
            let id = b.id.value.trim().to_string();
            let pos = yaml::position(nom, &b.id);
            let mut valide = true;
            if !forme_valide(&id) {
                diags.push(
                    Diagnostic::erreur(
                        Code::IdentifiantMalForme,
                        pos.clone(),
                        format!("identifiant de notion `{id}` mal formé"),
                    )
                    .aide("écrivez-le en minuscules, chiffres et `_`, par exemple `donnees_eleves_identifiantes`"),
                );
                valide = false;
            }
            if schema.indice(&id).is_some() || notions.iter().any(|n| n.id == id) {
                diags.push(
                    Diagnostic::erreur(
                        Code::IdentifiantDuplique,
                        pos.clone(),
                        format!("`{id}` est déjà le nom d'un fait ou d'une notion"),
                    )
                    .aide("donnez à la notion un nom qui lui est propre"),
                );
                valide = false;
            }
            let description = match &b.description {
                Some(d) if !d.value.trim().is_empty() => d.value.trim().to_string(),
                _ => {
                    diags.push(
                        Diagnostic::erreur(
                            Code::TexteManquant,
                            pos.clone(),
                            format!("la notion `{id}` n'a pas de `description`"),
                        )
                        .aide("dites en une phrase ce qu'elle veut dire, en français"),
                    );
                    valide = false;
                    String::new()
                }
            };
            let ou = Emplacement {
                debut: yaml::position(nom, &b.quand),
                source: texte,
            };
            let compilee = compiler(
                &format!("la notion `{id}`"),
                &b.quand.value,
                &ou,
                schema,
                &notions,
                diags,
            );
            if let (true, Some((c, emploie))) = (valide, compilee) {
                notions.push(Notion {
                    id,
                    description,
                    quand: c.texte,
                    noeud: c.noeud,
                    emploie,
                    origine: pos,
                });
            }
        }
    }
    notions
}
