//! Les documents que demandent les constats d'une évaluation, pré-remplis à
//! partir des réponses : consigne pour les élèves, note d'information aux
//! familles (RGPD art. 13), fiche du registre des traitements (art. 30),
//! pré-analyse d'impact (art. 35, WP248 rév. 01) et mention de transparence.
//!
//! Ce qui n'a pas été répondu n'est jamais affirmé : c'est un blanc visible
//! « [à compléter : …] ». Chaque document vient d'un gabarit de
//! `templates/documents/`, remplaçable par celui d'une académie (`--gabarits`).

pub mod aipd;
pub mod gabarits;
pub mod html;
pub mod pia;
pub mod registre;

use crate::base::Base;
use crate::date::Date;
use crate::evaluation::Evaluation;
use crate::faits::{Faits, Schema, Valeur};
use crate::moteur::{Certitude, Verdict};
use crate::rapport::{Rapport, ReferenceRapport};
use serde::Serialize;

/// Les documents que cadria sait écrire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "interface", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum TypeDocument {
    /// Consigne pour les élèves.
    Consigne,
    /// Note d'information aux familles (RGPD art. 13).
    NoteFamilles,
    /// Fiche du registre des traitements (RGPD art. 30).
    FicheRegistre,
    /// Pré-analyse d'impact (AIPD).
    Aipd,
    /// Mention de transparence.
    Mention,
}

impl TypeDocument {
    /// Tous, dans l'ordre d'écriture.
    pub const TOUS: [TypeDocument; 5] = [
        TypeDocument::Consigne,
        TypeDocument::NoteFamilles,
        TypeDocument::FicheRegistre,
        TypeDocument::Aipd,
        TypeDocument::Mention,
    ];

    /// Nom du gabarit et du fichier écrit (`note-familles`).
    pub fn id(self) -> &'static str {
        match self {
            TypeDocument::Consigne => "consigne",
            TypeDocument::NoteFamilles => "note-familles",
            TypeDocument::FicheRegistre => "fiche-registre",
            TypeDocument::Aipd => "aipd",
            TypeDocument::Mention => "mention",
        }
    }

    /// Titre pour une personne.
    pub fn titre(self) -> &'static str {
        match self {
            TypeDocument::Consigne => "Consigne pour les élèves",
            TypeDocument::NoteFamilles => "Note d'information aux familles",
            TypeDocument::FicheRegistre => "Fiche du registre des traitements",
            TypeDocument::Aipd => "Pré-analyse d'impact (AIPD)",
            TypeDocument::Mention => "Mention de transparence",
        }
    }

    /// Les règles dont le document cite les sources.
    fn regles(self) -> &'static [&'static str] {
        match self {
            TypeDocument::Consigne => &[
                "DEVOIR-01",
                "DEVOIR-02",
                "ELEVE-NIV-03",
                "ELEVE-NIV-04",
                "PI-03",
            ],
            TypeDocument::NoteFamilles => &["DONNEES-08", "AIACT-05"],
            TypeDocument::FicheRegistre => &["DONNEES-14", "DONNEES-06"],
            TypeDocument::Aipd => &["DONNEES-07", "DONNEES-10"],
            TypeDocument::Mention => &["TRANSP-01", "TRANSP-02", "PI-03"],
        }
    }
}

/// Lecture typée des réponses : `None` quand le fait est inconnu.
pub struct Lecture<'a> {
    schema: &'a Schema,
    faits: &'a Faits,
}

impl<'a> Lecture<'a> {
    /// Les réponses `faits`, selon `schema`.
    pub fn new(schema: &'a Schema, faits: &'a Faits) -> Self {
        Lecture { schema, faits }
    }

    fn valeur(&self, id: &str) -> Option<&'a Valeur> {
        self.faits.get(self.schema.indice(id)?)
    }

    /// Un choix (ou un texte).
    pub fn choix(&self, id: &str) -> Option<&'a str> {
        match self.valeur(id)? {
            Valeur::Texte(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Un booléen.
    pub fn booleen(&self, id: &str) -> Option<bool> {
        match self.valeur(id)? {
            Valeur::Booleen(b) => Some(*b),
            _ => None,
        }
    }

    /// Une liste.
    pub fn liste(&self, id: &str) -> Option<&'a [String]> {
        match self.valeur(id)? {
            Valeur::Liste(l) => Some(l.as_slice()),
            _ => None,
        }
    }

    /// La réponse en mots (libellés), `None` si inconnue ou liste vide.
    pub fn en_mots(&self, id: &str) -> Option<String> {
        let i = self.schema.indice(id)?;
        match self.faits.get(i)? {
            Valeur::Liste(l) if l.is_empty() => None,
            v => Some(une_ligne(&self.schema.reponse_texte(i, Some(v)))),
        }
    }
}

/// Un texte d'une ligne : caractères de contrôle, sauts de ligne et autres
/// caractères dangereux ([`crate::neutralisation::dangereux`] : contrôles
/// bidirectionnels, séparateurs Unicode…) remplacés par une espace.
pub fn une_ligne(s: &str) -> String {
    s.chars()
        .map(|c| {
            if crate::neutralisation::dangereux(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Une règle citée, avec ses sources.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Identifiant.
    pub regle: String,
    /// Titre.
    pub titre: String,
    /// Références.
    pub references: Vec<ReferenceRapport>,
}

/// Un constat qui interdit l'usage.
#[derive(Debug, Clone, Serialize)]
pub struct Bloquant {
    /// Règle.
    pub regle: String,
    /// Titre.
    pub titre: String,
}

/// Tout ce que les gabarits peuvent lire. Un champ `None` est une réponse
/// manquante : le gabarit écrit un blanc « [à compléter : …] ».
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    /// Nom de l'outil.
    pub outil: String,
    /// Date de l'évaluation.
    pub date: String,
    /// Verdict en mots.
    pub verdict: String,
    /// Constats certains de gravité « interdit ».
    pub bloquants: Vec<Bloquant>,
    /// `college`, `lycee` ou `primaire` (formulation de la consigne).
    pub cycle: Option<&'static str>,
    /// Niveaux des élèves, en mots.
    pub niveaux: Option<String>,
    /// `encadre` ou `autonome`.
    pub usage: Option<String>,
    /// Travail noté ou devoir.
    pub devoirs: Option<bool>,
    /// Usage autorisé explicitement pour ce travail.
    pub autorisation: Option<bool>,
    /// Travail d'appropriation demandé.
    pub appropriation: Option<bool>,
    /// Compte des élèves : `institutionnel`, `personnel`, `aucun`.
    pub compte: Option<String>,
    /// IA générative (annonce de l'AI Act art. 50).
    pub generative: Option<bool>,
    /// Responsable du traitement.
    pub responsable: Option<&'static str>,
    /// Finalités, en mots.
    pub finalites: Option<String>,
    /// Base légale, en mots.
    pub base_legale: Option<String>,
    /// L'éditeur est sous-traitant avec un contrat (art. 28).
    pub sous_traitant: Option<String>,
    /// Hébergement et transferts, en mots.
    pub transferts: Option<String>,
    /// Réutilisation des données par l'éditeur.
    pub reutilisation: Option<String>,
    /// Décision automatisée : ce que disent les réponses.
    pub decision: Option<String>,
    /// Catégories de données, en mots.
    pub donnees: Option<String>,
    /// Personnes concernées, en mots.
    pub personnes: Option<String>,
    /// AIPD déjà faite, registre, DPO, information : oui / non / inconnu.
    pub aipd_faite: Option<bool>,
    /// Inscription au registre.
    pub registre_fait: Option<bool>,
    /// DPO consulté.
    pub dpo_consulte: Option<bool>,
    /// Critères WP248.
    pub criteres: Vec<aipd::Critere>,
    /// Liste de la CNIL.
    pub liste_cnil: Vec<aipd::Critere>,
    /// Critères remplis.
    pub criteres_remplis: usize,
    /// Conclusion de la pré-analyse.
    pub conclusion_aipd: String,
    /// Sources citées par le document en cours.
    pub sources: Vec<Source>,
}

/// Le document applicable, ou pourquoi il ne l'est pas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Le document.
    pub document: TypeDocument,
    /// `None` : il s'applique ; sinon la raison.
    pub refus: Option<String>,
}

/// Des données d'élèves sont traitées sous la responsabilité de l'établissement :
/// données saisies (non anonymisées) sur des élèves, ou comptes d'élèves dans
/// un outil fourni ou contracté par l'institution.
fn traitement_eleves(f: &Lecture<'_>) -> bool {
    let eleves = f.liste("niveaux").is_some_and(|n| !n.is_empty());
    eleves && (donnees_saisies(f, true) || comptes_institution(f))
}

fn donnees_saisies(f: &Lecture<'_>, eleves_seulement: bool) -> bool {
    let anonyme = f.choix("anonymisation") == Some("anonymisation");
    !anonyme
        && f.liste("donnees_personnelles").is_some_and(|d| {
            d.iter()
                .any(|x| !eleves_seulement || x.as_str() != "donnees_rh")
        })
}

fn comptes_institution(f: &Lecture<'_>) -> bool {
    let manipulent = matches!(f.choix("usage_eleves"), Some("encadre" | "autonome"));
    let compte = match f.choix("compte_eleve") {
        Some("institutionnel") => true,
        Some("personnel") => f
            .choix("categorie_outil")
            .is_some_and(|c| c != "grand_public"),
        _ => false,
    };
    manipulent && compte
}

/// Les documents que demandent les constats et les réponses.
pub fn decisions(rapport: &Rapport, f: &Lecture<'_>) -> Vec<Decision> {
    let interdit = rapport.verdict == Verdict::Interdit;
    // Seuls les constats certains demandent un document : un constat « à confirmer » attend ses réponses.
    let a_tire = |prefixe: &str| {
        rapport
            .constats
            .iter()
            .any(|c| c.certitude == Certitude::Certain && c.regle.starts_with(prefixe))
    };
    let eleves = f.liste("niveaux").is_some_and(|n| !n.is_empty());
    let traitement = traitement_eleves(f) || donnees_saisies(f, false);
    let refus_interdit = || {
        Some(format!(
            "l'usage est interdit ({}) : un traitement interdit ne s'annonce pas et ne s'inscrit pas au registre, il s'arrête",
            bloquants(rapport)
                .iter()
                .map(|b| b.regle.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    };
    let pas_de_donnees = || {
        Some("aucune donnée personnelle n'est traitée d'après les réponses (ni donnée saisie, ni compte d'élève dans un outil de l'institution)".to_string())
    };
    TypeDocument::TOUS
        .into_iter()
        .map(|document| {
            let refus = match document {
                TypeDocument::Consigne => {
                    if eleves && matches!(f.choix("usage_eleves"), Some("encadre" | "autonome")) {
                        None
                    } else {
                        Some("les élèves n'utilisent pas eux-mêmes l'outil d'après les réponses".to_string())
                    }
                }
                TypeDocument::NoteFamilles if !traitement_eleves(f) => {
                    Some("aucune donnée d'élève n'est traitée sous la responsabilité de l'établissement d'après les réponses".to_string())
                }
                TypeDocument::FicheRegistre if !traitement => pas_de_donnees(),
                TypeDocument::NoteFamilles | TypeDocument::FicheRegistre if interdit => {
                    refus_interdit()
                }
                TypeDocument::NoteFamilles | TypeDocument::FicheRegistre => None,
                TypeDocument::Aipd if traitement => None,
                TypeDocument::Aipd => pas_de_donnees(),
                TypeDocument::Mention => {
                    let produit = f.liste("finalites").is_some_and(|l| {
                        l.iter().any(|x| {
                            matches!(
                                x.as_str(),
                                "redaction_administrative" | "communication_publique" | "synthese"
                            )
                        })
                    }) || f.choix("publication").is_some_and(|p| p != "non");
                    if a_tire("TRANSP-") || a_tire("PI-03") || produit {
                        None
                    } else {
                        Some("aucun document produit avec l'IA n'est diffusé d'après les réponses (ni règle TRANSP ni PI-03 déclenchée)".to_string())
                    }
                }
            };
            Decision { document, refus }
        })
        .collect()
}

fn bloquants(rapport: &Rapport) -> Vec<Bloquant> {
    rapport
        .constats
        .iter()
        .filter(|c| {
            c.certitude == Certitude::Certain
                && c.gravite == crate::regles::Gravite::Interdit
                && c.derogation.is_none()
        })
        .map(|c| Bloquant {
            regle: c.regle.clone(),
            titre: une_ligne(&c.titre),
        })
        .collect()
}

impl Dossier {
    /// Rassemble ce que disent le rapport et les réponses.
    pub fn construire(rapport: &Rapport, f: &Lecture<'_>) -> Dossier {
        let niveaux = f.liste("niveaux");
        let cycle = niveaux.and_then(|n| {
            if n.iter().any(|x| x == "lycee" || x == "post_bac") {
                Some("lycee")
            } else if n
                .iter()
                .any(|x| matches!(x.as_str(), "6e" | "5e" | "4e" | "3e"))
            {
                Some("college")
            } else if n.is_empty() {
                None
            } else {
                Some("primaire")
            }
        });
        let responsable = niveaux.and_then(|n| {
            if n.is_empty() {
                None
            } else if n.iter().all(|x| x == "maternelle" || x == "elementaire") {
                Some("le directeur académique des services de l'Éducation nationale (DASEN), pour l'école")
            } else {
                Some("le chef d'établissement")
            }
        });
        let outil = une_ligne(&rapport.outil);
        let sous_traitant = match (f.choix("categorie_outil"), f.booleen("contrat_dpa")) {
            (Some("grand_public"), _) => None,
            (Some(_), Some(true)) => Some(format!(
                "l'éditeur de « {outil} », sous-traitant lié par un contrat (RGPD art. 28)"
            )),
            _ => None,
        };
        let transferts = match f.choix("hebergement") {
            Some("ue") => Some("données hébergées dans l'Union européenne, sans transfert hors de l'Union déclaré".to_string()),
            Some("hors_ue_encadre") => Some("données transférées hors de l'Union européenne, avec des garanties (décision d'adéquation ou clauses contractuelles types)".to_string()),
            Some("hors_ue") => Some("données transférées hors de l'Union européenne sans garantie déclarée".to_string()),
            _ => None,
        };
        let decision = match (f.booleen("decision_personnes"), f.booleen("controle_humain")) {
            (Some(false), _) => Some("aucune décision concernant votre enfant n'est prise par l'outil : il ne sert pas à décider".to_string()),
            (Some(true), Some(true)) => Some("l'outil peut préparer une décision, mais c'est une personne habilitée qui décide, après examen ; aucune décision n'est prise sur le seul fondement d'un traitement automatisé".to_string()),
            _ => None,
        };
        let mut donnees: Vec<String> = Vec::new();
        if let Some(d) = f.en_mots("donnees_personnelles") {
            donnees.push(d);
        }
        if comptes_institution(f) {
            donnees.push(
                "identifiants de connexion des élèves et ce qu'ils saisissent dans l'outil"
                    .to_string(),
            );
        }
        let donnees = if donnees.is_empty() && f.liste("donnees_personnelles").is_none() {
            None
        } else if donnees.is_empty() {
            Some("aucune donnée personnelle déclarée".to_string())
        } else {
            Some(donnees.join(" ; "))
        };
        let personnes = match niveaux {
            Some([]) => f.liste("donnees_personnelles").map(|d| {
                if d.is_empty() {
                    "aucune (aucune donnée personnelle déclarée)".to_string()
                } else {
                    "personnels et personnes citées dans les documents traités".to_string()
                }
            }),
            Some(_) => f.en_mots("niveaux").map(|n| format!("élèves ({n})")),
            None => None,
        };
        let criteres = aipd::criteres_wp248(f);
        let liste_cnil = aipd::liste_cnil(f);
        let conclusion_aipd = aipd::conclusion(&criteres, &liste_cnil);
        Dossier {
            outil,
            date: rapport.date.clone(),
            verdict: rapport.verdict_libelle.clone(),
            bloquants: bloquants(rapport),
            cycle,
            niveaux: f.en_mots("niveaux"),
            usage: f.choix("usage_eleves").map(str::to_string),
            devoirs: f.booleen("devoirs"),
            autorisation: f.booleen("autorisation_explicite"),
            appropriation: f.booleen("appropriation"),
            compte: f.choix("compte_eleve").map(str::to_string),
            generative: f
                .choix("type_ia")
                .map(|t| t == "generative" || t == "fonction_generative_integree"),
            responsable,
            finalites: f.en_mots("finalites"),
            base_legale: f.en_mots("base_legale"),
            sous_traitant,
            transferts,
            reutilisation: f.en_mots("reutilisation_donnees"),
            decision,
            donnees,
            personnes,
            aipd_faite: f.booleen("aipd"),
            registre_fait: f.booleen("registre"),
            dpo_consulte: f.booleen("dpo_consulte"),
            criteres_remplis: criteres
                .iter()
                .filter(|c| c.statut == aipd::Statut::Rempli)
                .count(),
            criteres,
            liste_cnil,
            conclusion_aipd,
            sources: Vec::new(),
        }
    }

    /// Le dossier avec les sources du document `t`.
    pub fn pour(&self, base: &Base, t: TypeDocument) -> Dossier {
        let mut d = self.clone();
        d.sources = t
            .regles()
            .iter()
            .filter_map(|id| base.regle(id))
            .map(|r| Source {
                regle: r.id.clone(),
                titre: r.titre.clone(),
                references: r
                    .references
                    .iter()
                    .map(|x| ReferenceRapport::de(x, base.contenu()))
                    .collect(),
            })
            .collect();
        d
    }
}

/// L'évaluation d'un fichier de réponses, prête pour les documents.
pub fn rapport(
    base: &Base,
    reponses: &crate::reponses::Reponses,
    date: Date,
) -> Result<Rapport, crate::moteur::ErreurEvaluation> {
    let m = crate::moteur::Moteur::new(base)?;
    let evaluation = Evaluation::des_reponses(&m, reponses, date)?;
    Rapport::construire(&m, reponses, &evaluation)
}

/// Dossiers d'essai pour vérifier des gabarits : toutes les réponses
/// inconnues, puis toutes connues (première valeur de chaque choix, « oui »,
/// listes complètes).
pub fn dossiers_essai(
    base: &Base,
    date: Date,
) -> Result<Vec<Dossier>, crate::moteur::ErreurEvaluation> {
    use crate::faits::TypeFait;
    let schema = base.schema();
    let mut connus = Faits::inconnus(schema);
    for (i, def) in schema.faits().iter().enumerate() {
        let premier = def
            .valeurs
            .first()
            .map(|v| v.id.clone())
            .unwrap_or_default();
        let v = match def.type_fait {
            TypeFait::Booleen => Valeur::Booleen(true),
            TypeFait::Choix => Valeur::Texte(premier),
            TypeFait::Texte => Valeur::Texte("essai".to_string()),
            TypeFait::Liste => Valeur::Liste(def.valeurs.iter().map(|v| v.id.clone()).collect()),
        };
        connus.set(i, Some(v));
    }
    let mut v = Vec::new();
    for faits in [Faits::inconnus(schema), connus] {
        let reponses = crate::reponses::Reponses {
            outil: "Outil d'essai".to_string(),
            questionnaire: None,
            declare_par: None,
            etablissement: None,
            demandeur: None,
            fonction: None,
            faits,
            repondus: Vec::new(),
            derogations: Vec::new(),
        };
        let r = rapport(base, &reponses, date)?;
        let lecture = Lecture::new(schema, &reponses.faits);
        let d = Dossier::construire(&r, &lecture);
        for t in TypeDocument::TOUS {
            v.push(d.pour(base, t));
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::aipd::Statut;
    use super::*;
    use crate::base::Sources;

    fn evaluer(yaml: &str) -> (Base, crate::reponses::Reponses) {
        let (base, _) = Base::charger(&Sources::default());
        let r = crate::reponses::Reponses::lire(yaml, "essai.yaml", &base).unwrap();
        (base, r)
    }

    fn applicables(yaml: &str) -> Vec<TypeDocument> {
        let (base, r) = evaluer(yaml);
        let rapport = rapport(&base, &r, crate::date::Date::depuis("2026-12-01").unwrap()).unwrap();
        let f = Lecture::new(base.schema(), &r.faits);
        decisions(&rapport, &f)
            .into_iter()
            .filter(|d| d.refus.is_none())
            .map(|d| d.document)
            .collect()
    }

    fn criteres(yaml: &str) -> Vec<Statut> {
        let (base, r) = evaluer(yaml);
        let f = Lecture::new(base.schema(), &r.faits);
        aipd::criteres_wp248(&f).iter().map(|c| c.statut).collect()
    }

    #[test]
    fn consigne_quand_les_eleves_manipulent() {
        assert!(
            applicables("outil: X\nreponses: { niveaux: [lycee], usage_eleves: encadre }\n")
                .contains(&TypeDocument::Consigne)
        );
        assert!(
            !applicables("outil: X\nreponses: { niveaux: [lycee], usage_eleves: demonstration }\n")
                .contains(&TypeDocument::Consigne)
        );
        // Inconnu : pas de consigne affirmée.
        assert!(
            !applicables("outil: X\nreponses: { niveaux: [lycee] }\n")
                .contains(&TypeDocument::Consigne)
        );
    }

    #[test]
    fn note_familles_quand_des_donnees_d_eleves_sont_traitees() {
        let avec = "outil: X\nreponses: { niveaux: [6e], categorie_outil: sous_contrat, contrat_dpa: oui, donnees_personnelles: [travaux_eleves], anonymisation: aucune, reutilisation_donnees: non, hebergement: ue }\n";
        assert!(applicables(avec).contains(&TypeDocument::NoteFamilles));
        let anonyme = "outil: X\nreponses: { niveaux: [6e], donnees_personnelles: [travaux_eleves], anonymisation: anonymisation }\n";
        assert!(!applicables(anonyme).contains(&TypeDocument::NoteFamilles));
        let personnels = "outil: X\nreponses: { niveaux: [], categorie_outil: sous_contrat, donnees_personnelles: [donnees_rh], anonymisation: aucune }\n";
        let p = applicables(personnels);
        assert!(!p.contains(&TypeDocument::NoteFamilles));
        assert!(p.contains(&TypeDocument::FicheRegistre));
    }

    #[test]
    fn mention_quand_une_regle_de_transparence_se_declenche() {
        assert!(
            applicables("outil: X\nreponses: { transparence: non }\n")
                .contains(&TypeDocument::Mention)
        );
        assert!(
            !applicables("outil: X\nreponses: { transparence: oui, finalites: [preparation_cours], publication: non }\n")
                .contains(&TypeDocument::Mention)
        );
    }

    #[test]
    fn criteres_rempli_non_rempli_inconnu() {
        let tout_inconnu = criteres("outil: X\nreponses: {}\n");
        assert!(tout_inconnu.iter().all(|s| *s == Statut::Inconnu));
        let c = criteres(
            "outil: X\nreponses: { finalites: [notation], decision_personnes: oui, controle_humain: non, niveaux: [3e], type_ia: generative, donnees_personnelles: [sante_handicap], fonctions_sensibles: [] }\n",
        );
        assert_eq!(c[0], Statut::Rempli);
        assert_eq!(c[1], Statut::Rempli);
        assert_eq!(c[2], Statut::NonRempli);
        assert_eq!(c[3], Statut::Rempli);
        assert_eq!(c[4], Statut::Inconnu);
        assert_eq!(c[6], Statut::Rempli);
        assert_eq!(c[7], Statut::Rempli);
        assert_eq!(c[8], Statut::NonRempli);
        let sobre = criteres(
            "outil: X\nreponses: { finalites: [preparation_cours], decision_personnes: non, niveaux: [], type_ia: systeme_expert, donnees_personnelles: [], fonctions_sensibles: [] }\n",
        );
        assert_eq!(sobre[0], Statut::NonRempli);
        assert_eq!(sobre[6], Statut::NonRempli);
        assert_eq!(sobre[7], Statut::NonRempli);
    }

    #[test]
    fn conclusion_selon_le_nombre_de_criteres() {
        let (base, r) = evaluer("outil: X\nreponses: { niveaux: [3e], type_ia: generative }\n");
        let f = Lecture::new(base.schema(), &r.faits);
        let w = aipd::criteres_wp248(&f);
        let c = aipd::liste_cnil(&f);
        assert!(aipd::conclusion(&w, &c).contains("très probablement requise"));
    }
}
