//! Le contenu de référence que les règles et les faits citent, tenu en YAML
//! plutôt qu'en Rust pour qu'un auteur de règles puisse le changer :
//! les sources (`rules/sources.yaml` : nom et lien vers le texte officiel) et
//! les répondants (`questionnaires/repondants.yaml` : à qui demander une
//! réponse manquante).

use crate::diag::{Code, Diagnostic};
use crate::yaml;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Nom du fichier des sources, parmi les fichiers de règles.
pub const FICHIER_SOURCES: &str = "sources.yaml";
/// Nom du fichier des répondants, parmi les fichiers de questionnaires.
pub const FICHIER_REPONDANTS: &str = "repondants.yaml";

/// Un texte qu'une référence de règle peut citer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCitee {
    /// Identifiant cité par les règles (`rgpd`).
    pub id: String,
    /// Nom en français.
    pub nom: String,
    /// Lien vers le texte officiel, quand il existe (`https://…`).
    pub lien: Option<String>,
}

/// Une personne à qui demander une réponse manquante.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repondant {
    /// Identifiant employé par `qui_peut_repondre` (`dpo`).
    pub id: String,
    /// Libellé dans une phrase (« le délégué à la protection des données »).
    pub libelle: String,
}

/// Sources et répondants chargés et vérifiés.
#[derive(Debug, Clone, Default)]
pub struct Contenu {
    sources: Vec<SourceCitee>,
    repondants: Vec<Repondant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceBrute {
    id: Spanned<String>,
    nom: Spanned<String>,
    #[serde(default)]
    lien: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepondantBrut {
    id: Spanned<String>,
    libelle: Spanned<String>,
}

/// Vrai pour un lien qui peut aller dans un `href` : une adresse `https` ou
/// `http` absolue, sans espace ni caractère de contrôle (jamais `javascript:`).
pub fn lien_sur(url: &str) -> bool {
    let minuscule = url.to_ascii_lowercase();
    let reste = minuscule
        .strip_prefix("https://")
        .or_else(|| minuscule.strip_prefix("http://"));
    reste.is_some_and(|r| !r.is_empty())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn identifiant_valide(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Vérifie un identifiant (forme, unicité) ; vrai s'il peut être retenu.
fn verifier_id(
    nom: &str,
    id: &Spanned<String>,
    deja: &[&str],
    quoi: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if !identifiant_valide(&id.value) {
        diags.push(
            Diagnostic::erreur(
                Code::IdentifiantMalForme,
                yaml::position(nom, id),
                format!("identifiant de {quoi} `{}` mal formé", id.value),
            )
            .aide("lettres minuscules sans accent, chiffres et `_`, par exemple `code_education`"),
        );
        return false;
    }
    if deja.contains(&id.value.as_str()) {
        diags.push(
            Diagnostic::erreur(
                Code::IdentifiantDuplique,
                yaml::position(nom, id),
                format!("{quoi} `{}` déjà définie", id.value),
            )
            .aide("chaque identifiant n'apparaît qu'une fois, fichiers intégrés compris"),
        );
        return false;
    }
    true
}

fn texte_requis(nom: &str, t: &Spanned<String>, quoi: &str, diags: &mut Vec<Diagnostic>) -> bool {
    if t.value.trim().is_empty() {
        diags.push(
            Diagnostic::erreur(
                Code::TexteManquant,
                yaml::position(nom, t),
                format!("{quoi} vide"),
            )
            .aide("écrivez le texte en français"),
        );
        return false;
    }
    true
}

impl Contenu {
    /// Lit les fichiers de sources puis de répondants `(nom, contenu)`, dans
    /// l'ordre : les fichiers intégrés d'abord, ceux d'un jeu de règles
    /// ensuite (qui ajoutent, sans redéfinir). Tout problème est relevé.
    pub fn charger(
        sources: &[(String, String)],
        repondants: &[(String, String)],
        diags: &mut Vec<Diagnostic>,
    ) -> Contenu {
        let mut c = Contenu::default();
        for (nom, texte) in sources {
            let Ok(liste) = yaml::lire::<Vec<SourceBrute>>(texte, nom).map_err(|d| diags.push(d))
            else {
                continue;
            };
            for s in liste {
                let deja: Vec<&str> = c.sources.iter().map(|s| s.id.as_str()).collect();
                let mut bon = verifier_id(nom, &s.id, &deja, "source", diags);
                bon &= texte_requis(nom, &s.nom, "nom de source", diags);
                if let Some(l) = &s.lien
                    && !lien_sur(&l.value)
                {
                    diags.push(
                        Diagnostic::erreur(
                            Code::Reference,
                            yaml::position(nom, l),
                            format!("lien `{}` refusé", l.value),
                        )
                        .aide("donnez une adresse web complète, https://…"),
                    );
                    bon = false;
                }
                if bon {
                    c.sources.push(SourceCitee {
                        id: s.id.value,
                        nom: s.nom.value.trim().to_string(),
                        lien: s.lien.map(|l| l.value),
                    });
                }
            }
        }
        for (nom, texte) in repondants {
            let Ok(liste) = yaml::lire::<Vec<RepondantBrut>>(texte, nom).map_err(|d| diags.push(d))
            else {
                continue;
            };
            for r in liste {
                let deja: Vec<&str> = c.repondants.iter().map(|r| r.id.as_str()).collect();
                let bon = verifier_id(nom, &r.id, &deja, "répondante ou répondant", diags)
                    & texte_requis(nom, &r.libelle, "libellé de répondant", diags);
                if bon {
                    c.repondants.push(Repondant {
                        id: r.id.value,
                        libelle: r.libelle.value.trim().to_string(),
                    });
                }
            }
        }
        c
    }

    /// Les sources, dans l'ordre des fichiers.
    pub fn sources(&self) -> &[SourceCitee] {
        &self.sources
    }

    /// La source `id`, si elle est connue.
    pub fn source(&self, id: &str) -> Option<&SourceCitee> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Le nom français de la source `id` (l'identifiant lui-même si elle est inconnue).
    pub fn nom_source<'a>(&'a self, id: &'a str) -> &'a str {
        self.source(id).map(|s| s.nom.as_str()).unwrap_or(id)
    }

    /// Les répondants, dans l'ordre du fichier.
    pub fn repondants(&self) -> &[Repondant] {
        &self.repondants
    }

    /// Le libellé du répondant `id` (l'identifiant lui-même s'il est inconnu).
    pub fn libelle_repondant<'a>(&'a self, id: &'a str) -> &'a str {
        self.repondants
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.libelle.as_str())
            .unwrap_or(id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Le contenu intégré, pour les tests des autres modules.
    pub(crate) fn contenu() -> Contenu {
        let mut d = Vec::new();
        let c = Contenu::charger(
            &[(
                FICHIER_SOURCES.into(),
                include_str!("../rules/sources.yaml").into(),
            )],
            &[(
                FICHIER_REPONDANTS.into(),
                include_str!("../questionnaires/repondants.yaml").into(),
            )],
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        c
    }

    fn charger(sources: &str, repondants: &str) -> (Contenu, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let c = Contenu::charger(
            &[("s.yaml".into(), sources.into())],
            &[("r.yaml".into(), repondants.into())],
            &mut d,
        );
        (c, d)
    }

    #[test]
    fn sources_et_repondants_lus() {
        let (c, d) = charger(
            "- { id: rgpd, nom: RGPD, lien: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' }\n- { id: cnil, nom: CNIL }\n",
            "- { id: dpo, libelle: le DPO }\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.nom_source("rgpd"), "RGPD");
        assert_eq!(c.nom_source("inconnue"), "inconnue");
        assert!(c.source("cnil").is_some_and(|s| s.lien.is_none()));
        assert_eq!(c.libelle_repondant("dpo"), "le DPO");
        assert_eq!(c.libelle_repondant("x"), "x");
    }

    #[test]
    fn tous_les_problemes_relevés_avec_leur_position() {
        let (c, d) = charger(
            "- { id: rgpd, nom: RGPD }\n- { id: rgpd, nom: Autre }\n- { id: Mal-Forme, nom: x }\n- { id: vide, nom: ' ' }\n- { id: js, nom: J, lien: 'javascript:alert(1)' }\n",
            "- { id: dpo, libelle: '' }\n",
        );
        let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                Code::IdentifiantDuplique,
                Code::IdentifiantMalForme,
                Code::TexteManquant,
                Code::Reference,
                Code::TexteManquant
            ],
            "{d:?}"
        );
        assert!(d.iter().all(|d| d.position.ligne > 0), "{d:?}");
        assert_eq!(c.sources().len(), 1);
        assert!(c.repondants().is_empty());
    }

    #[test]
    fn liens_surs() {
        assert!(lien_sur("https://www.cnil.fr/fr"));
        assert!(!lien_sur("javascript:alert(1)"));
        assert!(!lien_sur("https://"));
        assert!(!lien_sur("https://a b"));
    }
}
