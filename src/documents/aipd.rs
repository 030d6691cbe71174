//! Pré-analyse d'impact (AIPD) : les neuf critères des lignes directrices du
//! CEPD sur l'AIPD (WP248 rév. 01) et les types de traitement de la liste de
//! la CNIL, chacun « rempli », « non rempli » ou « inconnu » d'après les
//! réponses, avec la raison.

use super::Lecture;
use serde::Serialize;

/// L'état d'un critère.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Statut {
    /// Les réponses montrent que le critère est rempli.
    Rempli,
    /// Les réponses montrent qu'il ne l'est pas.
    NonRempli,
    /// Les réponses ne permettent pas de conclure.
    Inconnu,
}

impl Statut {
    /// Libellé pour une personne.
    pub fn libelle(self) -> &'static str {
        match self {
            Statut::Rempli => "rempli",
            Statut::NonRempli => "non rempli",
            Statut::Inconnu => "inconnu",
        }
    }
}

/// Un critère examiné.
#[derive(Debug, Clone, Serialize)]
pub struct Critere {
    /// Numéro ou code (1 à 9 pour WP248, `CNIL-…` pour la liste de la CNIL).
    pub code: String,
    /// Intitulé.
    pub intitule: &'static str,
    /// État.
    pub statut: Statut,
    /// État en mots.
    pub statut_libelle: &'static str,
    /// Pourquoi, d'après quelles réponses.
    pub raison: String,
}

fn critere(code: &str, intitule: &'static str, (statut, raison): (Statut, String)) -> Critere {
    Critere {
        code: code.to_string(),
        intitule,
        statut,
        statut_libelle: statut.libelle(),
        raison,
    }
}

use Statut::{Inconnu, NonRempli, Rempli};

fn inconnu(question: &str) -> (Statut, String) {
    (
        Inconnu,
        format!("réponse manquante : {question} (« je ne sais pas » ne vaut pas « non »)"),
    )
}

/// Les neuf critères WP248 rév. 01.
pub fn criteres_wp248(f: &Lecture<'_>) -> Vec<Critere> {
    let finalites = f.liste("finalites");
    let a_finalite = |v: &str| finalites.map(|l| l.iter().any(|x| x == v));
    let donnees = f.liste("donnees_personnelles");
    let sensibles = f.liste("fonctions_sensibles");
    let niveaux = f.liste("niveaux");
    let decision = f.booleen("decision_personnes");
    let controle = f.booleen("controle_humain");
    let type_ia = f.choix("type_ia");
    vec![
        critere(
            "1",
            "Évaluation ou notation de personnes (y compris profilage)",
            match (a_finalite("notation"), a_finalite("orientation_affectation"), a_finalite("differenciation")) {
                (Some(true), _, _) => (Rempli, "finalité déclarée : notation".into()),
                (_, Some(true), _) => (Rempli, "finalité déclarée : orientation ou affectation".into()),
                (_, _, Some(true)) if type_ia == Some("predictive") => (
                    Rempli,
                    "outil adaptatif qui ajuste les activités au profil de chaque élève (différenciation)".into(),
                ),
                (Some(false), _, _) => (NonRempli, "aucune finalité de notation, d'orientation ou de profilage déclarée".into()),
                _ => inconnu("finalités du traitement"),
            },
        ),
        critere(
            "2",
            "Décision automatisée produisant des effets juridiques ou similaires",
            match (decision, controle) {
                (Some(true), Some(false)) => (Rempli, "le résultat alimente une décision sur une personne sans contrôle humain réel".into()),
                (Some(true), Some(true)) => (NonRempli, "une décision est préparée, mais une personne qui en a le pouvoir la prend après examen".into()),
                (Some(true), None) => inconnu("contrôle humain avant la décision"),
                (Some(false), _) => (NonRempli, "le résultat n'alimente aucune décision sur une personne".into()),
                (None, _) => inconnu("le résultat alimente-t-il une décision sur une personne"),
            },
        ),
        critere(
            "3",
            "Surveillance systématique",
            match (a_finalite("surveillance_examens"), sensibles.map(|l| !l.is_empty())) {
                (Some(true), _) => (Rempli, "finalité déclarée : surveillance d'examens".into()),
                (_, Some(true)) => (Rempli, "fonctions d'analyse des personnes (émotions, biométrie, notation sociale, manipulation) déclarées".into()),
                (Some(false), Some(false)) => (NonRempli, "ni surveillance d'examens ni fonction d'analyse des personnes".into()),
                _ => inconnu("finalités et fonctions sensibles de l'outil"),
            },
        ),
        critere(
            "4",
            "Données sensibles ou à caractère hautement personnel",
            match donnees {
                Some(l) if l.iter().any(|d| d == "sante_handicap") => (Rempli, "données de santé ou de handicap".into()),
                Some(l) if l.iter().any(|d| d == "situation_familiale") => (Rempli, "situation familiale ou sociale".into()),
                Some(_) if sensibles.is_some_and(|s| s.iter().any(|x| x == "categorisation_biometrique" || x == "reconnaissance_emotions")) => {
                    (Rempli, "traitement biométrique ou des émotions".into())
                }
                Some(_) if sensibles.is_none() => inconnu("fonctions sensibles de l'outil"),
                Some(_) => (NonRempli, "ni santé, ni situation familiale, ni biométrie parmi les données déclarées".into()),
                None => inconnu("données personnelles saisies ou déposées"),
            },
        ),
        critere(
            "5",
            "Données traitées à grande échelle",
            (
                Inconnu,
                "le questionnaire ne demande pas le nombre de personnes concernées ni l'étendue géographique : à apprécier (un outil d'ENT régional ou académique touche souvent des milliers d'élèves)".into(),
            ),
        ),
        critere(
            "6",
            "Croisement ou combinaison d'ensembles de données",
            (
                Inconnu,
                "le questionnaire ne demande pas si l'outil croise ces données avec d'autres (comptes ENT, résultats, vie scolaire) : à demander à l'éditeur".into(),
            ),
        ),
        critere(
            "7",
            "Personnes vulnérables (élèves mineurs, agents en situation de subordination)",
            match (niveaux, donnees) {
                (Some(n), _) if !n.is_empty() => (Rempli, "des élèves sont concernés : ce sont des personnes vulnérables au sens du WP248".into()),
                (_, Some(d)) if d.iter().any(|x| x == "donnees_rh") => (Rempli, "données de personnels : des agents vis-à-vis de leur employeur".into()),
                (Some(_), Some(_)) => (NonRempli, "ni élève ni donnée de personnel".into()),
                (None, _) => inconnu("niveaux des élèves concernés"),
                (_, None) => inconnu("données personnelles saisies ou déposées"),
            },
        ),
        critere(
            "8",
            "Usage innovant ou nouvelle technologie",
            match type_ia {
                Some("generative" | "fonction_generative_integree" | "predictive") => (
                    Rempli,
                    "système d'intelligence artificielle (génératif ou prédictif) : la CNIL le range parmi les usages innovants".into(),
                ),
                Some(_) => (NonRempli, "système à règles écrites à la main, technologie éprouvée".into()),
                None => inconnu("type d'IA"),
            },
        ),
        critere(
            "9",
            "Traitement qui empêche d'exercer un droit ou de bénéficier d'un service",
            match a_finalite("orientation_affectation") {
                Some(true) => (Rempli, "orientation ou affectation : le résultat peut ouvrir ou fermer une formation".into()),
                Some(false) => (NonRempli, "aucune finalité d'orientation ou d'affectation".into()),
                None => inconnu("finalités du traitement"),
            },
        ),
    ]
}

/// Les types de traitement de la liste de la CNIL (AIPD obligatoire) qui
/// peuvent concerner un établissement scolaire, en substance.
pub fn liste_cnil(f: &Lecture<'_>) -> Vec<Critere> {
    let sensibles = f.liste("fonctions_sensibles");
    let donnees = f.liste("donnees_personnelles");
    let niveaux = f.liste("niveaux");
    let finalites = f.liste("finalites");
    let biometrie = sensibles.map(|s| s.iter().any(|x| x == "categorisation_biometrique"));
    let rh = donnees.map(|d| d.iter().any(|x| x == "donnees_rh"));
    let eleves = niveaux.map(|n| !n.is_empty());
    vec![
        critere(
            "CNIL-biometrie",
            "Données biométriques de personnes vulnérables (élèves) pour les reconnaître",
            match (biometrie, eleves) {
                (Some(true), Some(true)) => (
                    Rempli,
                    "fonction biométrique déclarée, élèves concernés".into(),
                ),
                (Some(false), _) | (_, Some(false)) => {
                    (NonRempli, "pas de biométrie sur des élèves".into())
                }
                _ => inconnu("fonctions sensibles et niveaux"),
            },
        ),
        critere(
            "CNIL-rh",
            "Profilage ou évaluation des personnels (gestion des ressources humaines)",
            match (
                rh,
                finalites.map(|l| l.iter().any(|x| x == "notation" || x == "synthese")),
            ) {
                (Some(true), Some(true)) => (
                    Rempli,
                    "données de personnels et finalité d'évaluation ou de synthèse".into(),
                ),
                (Some(false), _) => (NonRempli, "aucune donnée de personnel".into()),
                (Some(true), Some(false)) => (
                    NonRempli,
                    "données de personnels sans finalité d'évaluation".into(),
                ),
                _ => inconnu("données et finalités"),
            },
        ),
        critere(
            "CNIL-surveillance",
            "Surveillance constante de l'activité des personnes (personnels ou élèves)",
            match finalites.map(|l| l.iter().any(|x| x == "surveillance_examens")) {
                Some(true) => (Rempli, "surveillance d'examens (télésurveillance)".into()),
                Some(false) => (NonRempli, "aucune finalité de surveillance".into()),
                None => inconnu("finalités du traitement"),
            },
        ),
    ]
}

/// La conclusion : au moins deux critères WP248 remplis, ou un type de la liste de la CNIL.
pub fn conclusion(wp248: &[Critere], cnil: &[Critere]) -> String {
    let remplis = wp248.iter().filter(|c| c.statut == Rempli).count();
    let inconnus = wp248.iter().filter(|c| c.statut == Inconnu).count();
    let cnil_rempli = cnil.iter().any(|c| c.statut == Rempli);
    if cnil_rempli {
        format!(
            "{remplis} critère(s) rempli(s) et un type de traitement de la liste de la CNIL : une AIPD est obligatoire."
        )
    } else if remplis >= 2 {
        format!(
            "{remplis} critères remplis. Deux critères ou plus : une AIPD est très probablement requise."
        )
    } else if remplis + inconnus >= 2 {
        format!(
            "{remplis} critère(s) rempli(s), {inconnus} inconnu(s) : selon les réponses manquantes, deux critères ou plus pourraient être remplis ; une AIPD serait alors très probablement requise. Complétez les réponses avec le DPO."
        )
    } else {
        format!(
            "{remplis} critère rempli : une AIPD n'est a priori pas requise ; gardez trace de cette analyse et refaites-la si l'usage change."
        )
    }
}
