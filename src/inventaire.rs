//! Batch audit of an inventory (DESIGN §3, §4): every AI tool declared in an
//! establishment or an académie, read and evaluated one entry at a time, with
//! waivers, a summary, the entries that could not be read, and the changes
//! since a previous audit. JSON and CSV are written while entries are read
//! (memory stays flat on large inventories); text and Markdown gather the
//! reports first, for a table followed by the details.

mod csv;
mod decoupage;
mod evolution;
mod lecture;
mod synthese;

pub use csv::cellule;
pub use evolution::{Comparaison, Evolution, lire_precedent};
pub use lecture::{ErreurEntree, Lecteur, Lu, budget_document, budget_entree};
pub use synthese::{Cumul, Synthese};

use crate::date::Date;
use crate::diag::Diagnostic;
use crate::evaluation::Evaluation;
use crate::moteur::{Certitude, Moteur, Verdict};
use crate::rapport::{Rapport, Tampon, VERSION_SCHEMA};
use crate::regles::Gravite;
use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct, Serializer};
use std::cell::RefCell;
use std::io::{BufRead, Write};

/// Why an audit stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErreurAudit {
    /// The file could not be read (or stopped being readable).
    Lecture(Diagnostic),
    /// A rule condition or reasoning failed (a rule pack that was not validated).
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

/// An inventory being audited.
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
    /// Opens the inventory `source` (named `fichier` in messages) to audit at
    /// `date`, compared with a previous audit if given. `Err` when nothing
    /// can be read.
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
            cumul: Cumul::default(),
            erreurs: Vec::new(),
            comparaison,
        })
    }

    /// Evaluates the next entry that can be read and returns its report;
    /// entries that cannot be read are kept in [`Inventaire::erreurs`]. `None` at
    /// the end of the list.
    pub fn suivant(&mut self) -> Result<Option<Rapport>, ErreurAudit> {
        loop {
            let lu = self.lecteur.suivant().map_err(ErreurAudit::Lecture);
            self.erreurs.append(&mut self.lecteur.erreurs_entete);
            match lu? {
                None => return Ok(None),
                Some(Lu::Erreur(e)) => self.erreurs.push(e),
                Some(Lu::Reponses(reponses)) => {
                    let evaluation = Evaluation::des_reponses(self.moteur, &reponses, self.date)
                        .map_err(|e| ErreurAudit::Evaluation(e.to_string()))?;
                    let rapport = Rapport::construire(self.moteur, &reponses, &evaluation)
                        .map_err(|e| ErreurAudit::Evaluation(e.to_string()))?;
                    self.cumul.ajouter(&rapport);
                    if let Some(c) = &mut self.comparaison {
                        c.comparer(&rapport);
                    }
                    return Ok(Some(rapport));
                }
            }
        }
    }

    /// Entries (and header problems) that could not be read so far.
    pub fn erreurs(&self) -> &[ErreurEntree] {
        &self.erreurs
    }

    /// The running summary.
    pub fn cumul(&self) -> &Cumul {
        &self.cumul
    }

    /// `etablissement`, when the inventory gives it.
    pub fn etablissement(&self) -> Option<&str> {
        self.lecteur.etablissement.as_deref()
    }

    /// Changes since the previous audit, when one was given.
    pub fn evolution(&self) -> Option<Evolution> {
        self.comparaison.as_ref().map(|c| c.clone_evolution())
    }

    /// True when at least one tool's verdict is `seuil` or worse.
    pub fn echec(&self, seuil: Verdict) -> bool {
        self.cumul.pire().is_some_and(|v| v >= seuil)
    }

    /// True when not a single entry could be evaluated although some failed.
    pub fn rien_lu(&self) -> bool {
        self.cumul.outils() == 0 && !self.erreurs.is_empty()
    }

    fn tampon(&self) -> Tampon {
        let base = self.moteur.base();
        Tampon {
            version: base.version().to_string(),
            empreinte: base.empreinte().to_string(),
        }
    }
}

/// The inventory object of DESIGN §4, serialised while entries are evaluated.
struct FluxJson<'x, 'm, 'b, R: BufRead>(RefCell<&'x mut Inventaire<'m, 'b, R>>);

struct Evaluations<'y, 'x, 'm, 'b, R: BufRead>(&'y RefCell<&'x mut Inventaire<'m, 'b, R>>);

impl<R: BufRead> Serialize for Evaluations<'_, '_, '_, '_, R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        loop {
            let suivant = self.0.borrow_mut().suivant();
            match suivant {
                Ok(Some(r)) => seq.serialize_element(&r)?,
                Ok(None) => break,
                Err(e) => return Err(S::Error::custom(e.to_string())),
            }
        }
        seq.end()
    }
}

impl<R: BufRead> Serialize for FluxJson<'_, '_, '_, R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (fichier, date, tampon) = {
            let a = self.0.borrow();
            (a.fichier.clone(), a.date, a.tampon())
        };
        let mut m = s.serialize_struct("inventaire", 10)?;
        m.serialize_field("schema", &VERSION_SCHEMA)?;
        m.serialize_field("fichier", &fichier)?;
        m.serialize_field("date", &date)?;
        m.serialize_field("regles", &tampon)?;
        m.serialize_field("cadria", env!("CARGO_PKG_VERSION"))?;
        m.serialize_field("evaluations", &Evaluations(&self.0))?;
        let a = self.0.borrow();
        m.serialize_field("etablissement", &a.etablissement())?;
        m.serialize_field("synthese", &a.cumul.synthese(a.erreurs.len()))?;
        m.serialize_field("erreurs", &a.erreurs)?;
        if let Some(e) = a.evolution() {
            m.serialize_field("evolution", &e)?;
        }
        m.end()
    }
}

/// Why writing an output failed.
#[derive(Debug)]
pub enum ErreurSortie {
    /// The audit stopped.
    Inventaire(ErreurAudit),
    /// Writing failed (a closed pipe included: the caller decides).
    Ecriture(std::io::Error),
}

/// Writes the JSON object of DESIGN §4 to `w` while auditing (compact: an
/// inventory report is read by programs and can weigh gigabytes pretty-printed).
pub fn ecrire_json<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
) -> Result<(), ErreurSortie> {
    let flux = FluxJson(RefCell::new(audit));
    let mut ser = serde_json::Serializer::new(&mut *w);
    let r = flux.serialize(&mut ser);
    match r {
        Ok(()) => w.write_all(b"\n").map_err(ErreurSortie::Ecriture),
        Err(e) if e.is_io() => Err(ErreurSortie::Ecriture(std::io::Error::from(e))),
        Err(e) => Err(ErreurSortie::Inventaire(ErreurAudit::Evaluation(
            e.to_string(),
        ))),
    }
}

/// Writes the CSV table to `w` while auditing, cells separated by `sep`
/// (`,` or `;`, the latter after a UTF-8 byte order mark).
pub fn ecrire_csv<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
    sep: char,
) -> Result<(), ErreurSortie> {
    csv::entete(w, sep).map_err(ErreurSortie::Ecriture)?;
    while let Some(r) = audit.suivant().map_err(ErreurSortie::Inventaire)? {
        csv::rapport(w, sep, &r).map_err(ErreurSortie::Ecriture)?;
    }
    for e in audit.erreurs() {
        csv::erreur(w, sep, e).map_err(ErreurSortie::Ecriture)?;
    }
    Ok(())
}

/// One row of the text and Markdown table.
#[derive(Debug, Clone, Serialize)]
pub struct LigneOutil {
    /// Tool.
    pub outil: String,
    /// Who declared it.
    pub declare_par: Option<String>,
    /// Verdict.
    pub verdict: Verdict,
    /// Verdict in words.
    pub verdict_libelle: String,
    /// Verdict in one or two words, for a table column.
    pub verdict_court: &'static str,
    /// Findings per gravity (waived ones excluded).
    pub interdit: usize,
    /// `non_conforme` findings.
    pub non_conforme: usize,
    /// `vigilance` findings.
    pub vigilance: usize,
    /// `conseil` findings.
    pub conseil: usize,
    /// Findings that are only possible (answers missing).
    pub possibles: usize,
    /// Waived findings.
    pub derogees: usize,
}

impl From<&Rapport> for LigneOutil {
    fn from(r: &Rapport) -> Self {
        let compte = |g: Gravite| {
            r.constats
                .iter()
                .filter(|c| c.gravite == g && c.derogation.is_none())
                .count()
        };
        LigneOutil {
            outil: r.outil.clone(),
            declare_par: r.declare_par.clone(),
            verdict: r.verdict,
            verdict_libelle: r.verdict.libelle().to_string(),
            verdict_court: match r.verdict {
                Verdict::Interdit => "Interdit",
                Verdict::NonConforme => "Non conforme",
                Verdict::AVerifier => "À vérifier",
                Verdict::ConformeSousReserve => "Sous réserve",
                Verdict::Conforme => "Conforme",
            },
            interdit: compte(Gravite::Interdit),
            non_conforme: compte(Gravite::NonConforme),
            vigilance: compte(Gravite::Vigilance),
            conseil: compte(Gravite::Conseil),
            possibles: r
                .constats
                .iter()
                .filter(|c| c.certitude == Certitude::Possible && c.derogation.is_none())
                .count(),
            derogees: r.constats.iter().filter(|c| c.derogation.is_some()).count(),
        }
    }
}

/// What the text and Markdown templates receive.
#[derive(Serialize)]
pub struct VueInventaire<'a> {
    /// Inventory file.
    pub fichier: String,
    /// Establishment, when given.
    pub etablissement: Option<String>,
    /// Assessment date.
    pub date: String,
    /// The same, written out (« 1er décembre 2026 »).
    pub date_longue: String,
    /// Rule-set stamp.
    pub regles: Tampon,
    /// Tool version.
    pub cadria: &'static str,
    /// The table.
    pub outils: Vec<LigneOutil>,
    /// Full reports.
    pub evaluations: &'a [Rapport],
    /// Summary.
    pub synthese: Synthese<'a>,
    /// Entries that could not be read.
    pub erreurs: &'a [ErreurEntree],
    /// Changes since the previous audit.
    pub evolution: Option<Evolution>,
}

/// Audits every entry and gathers the reports, for text and Markdown.
pub fn rassembler<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
) -> Result<Vec<Rapport>, ErreurAudit> {
    let mut v = Vec::new();
    while let Some(r) = audit.suivant()? {
        v.push(r);
    }
    Ok(v)
}

impl<R: BufRead> Inventaire<'_, '_, R> {
    /// The template data for reports gathered by [`rassembler`].
    pub fn vue<'a>(&'a self, evaluations: &'a [Rapport]) -> VueInventaire<'a> {
        VueInventaire {
            fichier: self.fichier.clone(),
            etablissement: self.etablissement().map(str::to_string),
            date: self.date.to_string(),
            date_longue: self.date.en_lettres(),
            regles: self.tampon(),
            cadria: env!("CARGO_PKG_VERSION"),
            outils: evaluations.iter().map(LigneOutil::from).collect(),
            evaluations,
            synthese: self.cumul.synthese(self.erreurs.len()),
            erreurs: &self.erreurs,
            evolution: self.evolution(),
        }
    }
}
