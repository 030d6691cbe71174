//! Audit d'un inventaire (DESIGN §3, §4) : chaque outil d'IA déclaré par un
//! établissement ou une académie, lu et évalué une entrée à la fois, avec ses
//! dérogations, une synthèse faite de comptes, les entrées illisibles et les
//! changements depuis un audit précédent. Cette couche ne met rien en forme :
//! elle rend une [`Evaluee`] par outil et sa [`Synthese`] ; les formats
//! (JSON, CSV, texte, Markdown, HTML, SARIF) sont dans la couche des rapports.

mod construction;
mod decoupage;
mod evolution;
mod lecture;
mod synthese;

pub use evolution::{Comparaison, Evolution, lire_precedent};
pub use lecture::{ErreurEntree, Lecteur, Lu, budget_document, budget_entree};
pub use synthese::{ComptesDerogations, Cumul, Numeros, ParRegle, Synthese};

use crate::date::Date;
use crate::diag::Diagnostic;
use crate::evaluation::Evaluation;
use crate::moteur::{Certitude, Moteur, Verdict};
use crate::reponses::Reponses;
use std::io::BufRead;

/// Pourquoi un audit s'est arrêté avant la fin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErreurAudit {
    /// Le fichier n'a pas pu être lu (ou a cessé de l'être).
    Lecture(Diagnostic),
    /// Une condition ou un raisonnement a échoué (règles non validées).
    Evaluation(String),
}

impl std::fmt::Display for ErreurAudit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErreurAudit::Lecture(d) => write!(f, "{d}"),
            ErreurAudit::Evaluation(m) => write!(
                f,
                "erreur : {m}\n  = aide : lancez `cadria valider` sur ces règles"
            ),
        }
    }
}

/// Un outil de l'inventaire, lu et évalué.
#[derive(Debug)]
pub struct Evaluee {
    /// Rang de l'entrée dans la liste, à partir de 1.
    pub rang: usize,
    /// Ligne (à partir de 1) où l'entrée commence dans l'inventaire.
    pub ligne: u64,
    /// Colonne (à partir de 1, en caractères) où l'entrée commence.
    pub colonne: u64,
    /// Les réponses de l'entrée.
    pub reponses: Box<Reponses>,
    /// Leur évaluation.
    pub evaluation: Evaluation,
}

/// L'ordre dans lequel les rapports montrent les constats d'une évaluation :
/// le plus grave d'abord, les certains avant ceux à confirmer, puis l'ordre
/// des règles (indices dans `evaluation.constats()`).
pub fn ordre_constats(base: &crate::base::Base, evaluation: &Evaluation) -> Vec<usize> {
    let regles = base.regles();
    let mut ordre: Vec<usize> = (0..evaluation.constats().len()).collect();
    ordre.sort_by_key(|k| {
        let c = &evaluation.constats()[*k];
        (
            std::cmp::Reverse(regles.get(c.regle).map(|r| r.gravite)),
            c.certitude == Certitude::Possible,
        )
    });
    ordre
}

/// Un inventaire en cours d'audit.
pub struct Inventaire<'m, 'b, R: BufRead> {
    moteur: &'m Moteur<'b>,
    lecteur: Lecteur<'b, R>,
    fichier: String,
    date: Date,
    cumul: Cumul,
    erreurs: Vec<ErreurEntree>,
    comparaison: Option<Comparaison>,
}

impl<'m, 'b, R: BufRead> Inventaire<'m, 'b, R> {
    /// Ouvre l'inventaire `source` (nommé `fichier` dans les messages) pour
    /// l'auditer à `date`, comparé à un audit précédent s'il est donné.
    /// `Err` quand rien ne peut être lu.
    pub fn ouvrir(
        moteur: &'m Moteur<'b>,
        source: R,
        fichier: &str,
        date: Date,
        comparaison: Option<Comparaison>,
    ) -> Result<Self, Diagnostic> {
        let lecteur = Lecteur::ouvrir(source, fichier, moteur.base())?;
        Ok(Inventaire {
            moteur,
            lecteur,
            fichier: fichier.to_string(),
            date,
            cumul: Cumul::new(moteur.base().regles().len()),
            erreurs: Vec::new(),
            comparaison,
        })
    }

    /// Évalue la prochaine entrée lisible ; les entrées illisibles vont dans
    /// [`Inventaire::erreurs`]. `None` à la fin de la liste.
    pub fn suivant(&mut self) -> Result<Option<Evaluee>, ErreurAudit> {
        loop {
            let lu = self.lecteur.suivant().map_err(ErreurAudit::Lecture);
            self.erreurs.append(&mut self.lecteur.erreurs_entete);
            match lu? {
                None => return Ok(None),
                Some(Lu::Erreur(e)) => self.erreurs.push(e),
                Some(Lu::Reponses(reponses)) => {
                    let evaluation = Evaluation::des_reponses(self.moteur, &reponses, self.date)
                        .map_err(|e| ErreurAudit::Evaluation(e.to_string()))?;
                    let base = self.moteur.base();
                    self.cumul.ajouter(base, &reponses, &evaluation);
                    if let Some(c) = &mut self.comparaison {
                        c.comparer(base, &reponses, &evaluation);
                    }
                    let (ligne, colonne) = self.lecteur.position();
                    return Ok(Some(Evaluee {
                        rang: self.lecteur.rang(),
                        ligne,
                        colonne,
                        reponses,
                        evaluation,
                    }));
                }
            }
        }
    }

    /// Le moteur qui évalue.
    pub fn moteur(&self) -> &'m Moteur<'b> {
        self.moteur
    }

    /// Le nom du fichier audité.
    pub fn fichier(&self) -> &str {
        &self.fichier
    }

    /// La date de l'audit.
    pub fn date(&self) -> Date {
        self.date
    }

    /// Les entrées (et problèmes d'en-tête) illisibles jusqu'ici.
    pub fn erreurs(&self) -> &[ErreurEntree] {
        &self.erreurs
    }

    /// La synthèse en cours.
    pub fn cumul(&self) -> &Cumul {
        &self.cumul
    }

    /// La synthèse telle que les rapports la montrent.
    pub fn synthese(&self) -> Synthese<'_> {
        self.cumul.synthese(self.moteur.base(), self.erreurs.len())
    }

    /// `etablissement`, quand l'inventaire le donne.
    pub fn etablissement(&self) -> Option<&str> {
        self.lecteur.etablissement.as_deref()
    }

    /// Les changements depuis l'audit précédent, quand il est donné.
    pub fn evolution(&self) -> Option<Evolution> {
        self.comparaison.as_ref().map(|c| c.clone_evolution())
    }

    /// Vrai quand au moins un outil a le verdict `seuil` ou pire.
    pub fn echec(&self, seuil: Verdict) -> bool {
        self.cumul.pire().is_some_and(|v| v >= seuil)
    }

    /// Vrai quand aucune entrée n'a pu être évaluée alors que certaines ont échoué.
    pub fn rien_lu(&self) -> bool {
        self.cumul.outils() == 0 && !self.erreurs.is_empty()
    }
}
