//! Le catalogue des fiches d'outils (`--catalogue FICHIER`) : pour un outil
//! connu, les réponses que fixe l'éditeur ou l'institution (hébergement,
//! réutilisation des données, contrat, compte, accès ENT/GAR…), chacune avec
//! sa source, et la date où la fiche a été vérifiée. Quand le nom de l'outil
//! donné au questionnaire correspond à une fiche (nom ou alias), ces
//! réponses sont préremplies et montrées « d'après la fiche … vérifiée le
//! … » ; une fiche vérifiée il y a plus d'un an est signalée.
//!
//! Format :
//!
//! ```yaml
//! fiches:
//!   - outil: MIA Seconde
//!     alias: [MIA 2de]
//!     verifiee_le: 2026-11-30
//!     faits:
//!       type_ia:
//!         valeur: predictive
//!         source: "cadre, tableau des outils institutionnels : remédiation adaptative"
//!     a_verifier: [hebergement, contrat_dpa]
//! ```

use super::dossier::nom_de_fichier;
use crate::date::Date;
use crate::diag::{Code, Diagnostic};
use crate::faits::{Schema, Valeur};
use crate::yaml::{self, Brut};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueBrut {
    fiches: Vec<FicheBrute>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FicheBrute {
    outil: Spanned<String>,
    #[serde(default)]
    alias: Vec<String>,
    verifiee_le: Spanned<String>,
    #[serde(default)]
    faits: yaml::Paires<Spanned<FaitBrut>>,
    #[serde(default)]
    a_verifier: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaitBrut {
    valeur: Spanned<Brut>,
    source: String,
}

/// Une réponse fixée par une fiche.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaitFiche {
    /// Indice du fait.
    pub fait: usize,
    /// La valeur.
    pub valeur: Valeur,
    /// D'où elle vient (document, page, lien).
    pub source: String,
}

/// La fiche d'un outil.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fiche {
    /// Le nom de l'outil.
    pub outil: String,
    /// D'autres noms sous lesquels on le désigne.
    pub alias: Vec<String>,
    /// Date de la dernière vérification, `AAAA-MM-JJ`.
    pub verifiee_le: String,
    /// Les réponses que la fiche fixe, avec leur source.
    pub faits: Vec<FaitFiche>,
    /// Les faits que la fiche ne peut pas fixer faute de source (à vérifier
    /// auprès de l'éditeur ou du DPO).
    pub a_verifier: Vec<usize>,
}

impl Fiche {
    /// Vrai quand la fiche a été vérifiée il y a plus d'un an à `date`.
    pub fn perimee(&self, date: Date) -> bool {
        match Date::depuis(&self.verifiee_le) {
            Some(v) => v.aaaammjj() + 10_000 <= date.aaaammjj(),
            None => true,
        }
    }

    /// « d'après la fiche « MIA Seconde » vérifiée le 30 novembre 2026 »,
    /// suivi d'un avertissement quand elle a plus d'un an.
    pub fn mention(&self, date: Date) -> String {
        let le = Date::depuis(&self.verifiee_le)
            .map(Date::en_lettres)
            .unwrap_or_else(|| self.verifiee_le.clone());
        let mut s = format!("d'après la fiche « {} » vérifiée le {le}", self.outil);
        if self.perimee(date) {
            s.push_str(" (plus d'un an : à revérifier)");
        }
        s
    }

    fn correspond(&self, outil: &str) -> bool {
        let cle = nom_de_fichier(outil);
        std::iter::once(&self.outil)
            .chain(&self.alias)
            .map(|n| nom_de_fichier(n))
            .any(|n| cle == n || cle.starts_with(&format!("{n}-")))
    }
}

/// Les fiches d'un catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    /// Les fiches, dans l'ordre du fichier.
    pub fiches: Vec<Fiche>,
}

impl Catalogue {
    /// Lit et vérifie un catalogue : chaque fait doit exister et sa valeur
    /// être permise, chaque fiche avoir une date valide et chaque fait une
    /// source non vide. Tous les problèmes sont rapportés d'un coup.
    pub fn lire(texte: &str, fichier: &str, schema: &Schema) -> Result<Catalogue, Vec<Diagnostic>> {
        let brut: CatalogueBrut = yaml::lire(texte, fichier).map_err(|d| vec![d])?;
        let mut diags = Vec::new();
        let mut fiches = Vec::new();
        for f in brut.fiches {
            if Date::depuis(&f.verifiee_le.value).is_none() {
                diags.push(
                    Diagnostic::erreur(
                        Code::Yaml,
                        yaml::position(fichier, &f.verifiee_le),
                        format!(
                            "date de vérification invalide pour la fiche « {} »",
                            f.outil.value
                        ),
                    )
                    .aide("écrivez la date sous la forme AAAA-MM-JJ"),
                );
            }
            let mut faits = Vec::new();
            for (cle, v) in &f.faits.0 {
                let pos = yaml::position(fichier, cle);
                match schema.typer(&cle.value, &v.value.valeur.value) {
                    Ok(Some(valeur)) if !v.value.source.trim().is_empty() => {
                        if let Some(i) = schema.indice(&cle.value) {
                            faits.push(FaitFiche {
                                fait: i,
                                valeur,
                                source: v.value.source.trim().to_string(),
                            });
                        }
                    }
                    Ok(Some(_)) => diags.push(
                        Diagnostic::erreur(
                            Code::Yaml,
                            pos,
                            format!("le fait `{}` de la fiche « {} » n'a pas de source", cle.value, f.outil.value),
                        )
                        .aide("citez le document (conditions d'utilisation, contrat, page du cadre) ou mettez le fait dans `a_verifier`"),
                    ),
                    Ok(None) => diags.push(
                        Diagnostic::erreur(
                            Code::Yaml,
                            pos,
                            format!("le fait `{}` de la fiche « {} » vaut « inconnu »", cle.value, f.outil.value),
                        )
                        .aide("une fiche ne fixe que ce qu'elle sait : mettez ce fait dans `a_verifier`"),
                    ),
                    Err((code, message, aide)) => {
                        diags.push(Diagnostic::erreur(code, pos, message).aide(aide))
                    }
                }
            }
            let mut a_verifier = Vec::new();
            for a in &f.a_verifier {
                match schema.indice(&a.value) {
                    Some(i) => a_verifier.push(i),
                    None => diags.push(
                        Diagnostic::erreur(
                            Code::FaitInconnu,
                            yaml::position(fichier, a),
                            format!("fait `{}` inconnu", a.value),
                        )
                        .aide("vérifiez l'orthographe ; `cadria schema reponses` liste les faits"),
                    ),
                }
            }
            fiches.push(Fiche {
                outil: f.outil.value,
                alias: f.alias,
                verifiee_le: f.verifiee_le.value,
                faits,
                a_verifier,
            });
        }
        if diags.is_empty() {
            Ok(Catalogue { fiches })
        } else {
            Err(diags)
        }
    }

    /// La fiche de l'outil nommé `outil` (nom ou alias, sans tenir compte
    /// des majuscules, accents et signes ; « MIA Seconde (ENT) » trouve la
    /// fiche « MIA Seconde »).
    pub fn trouver(&self, outil: &str) -> Option<&Fiche> {
        self.fiches.iter().find(|f| f.correspond(outil))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::{Base, Sources};

    fn schema() -> Base {
        Base::charger(&Sources::default()).0
    }

    #[test]
    fn l_exemple_livre_se_lit_et_chaque_fait_a_sa_source() {
        let b = schema();
        let texte = include_str!("../../exemples/catalogue.yaml");
        let c = Catalogue::lire(texte, "exemples/catalogue.yaml", b.schema()).unwrap();
        assert_eq!(c.fiches.len(), 2);
        assert!(c.fiches.iter().all(|f| !f.faits.is_empty()));
        assert!(
            c.fiches
                .iter()
                .flat_map(|f| &f.faits)
                .all(|f| f.source.len() > 10)
        );
        assert!(c.trouver("mia seconde (via l'ENT)").is_some());
        assert!(c.trouver("ChatGPT").is_none());
    }

    #[test]
    fn erreurs_toutes_rapportees_et_fiche_perimee() {
        let b = schema();
        let texte = "fiches:\n  - outil: X\n    verifiee_le: 2025-13-01\n    faits:\n      hebergement: { valeur: lune, source: s }\n      contrat_dpa: { valeur: oui, source: '' }\n    a_verifier: [hebergment]\n";
        let d = Catalogue::lire(texte, "c.yaml", b.schema()).unwrap_err();
        assert_eq!(d.len(), 4, "{d:?}");
        let f = Fiche {
            outil: "X".into(),
            alias: vec![],
            verifiee_le: "2025-11-30".into(),
            faits: vec![],
            a_verifier: vec![],
        };
        let d = |s: &str| Date::depuis(s).unwrap();
        assert!(f.perimee(d("2026-12-01")));
        assert!(!f.perimee(d("2026-11-29")));
        assert!(f.mention(d("2026-12-01")).contains("à revérifier"));
    }
}
