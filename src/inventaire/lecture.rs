//! Reading an inventory (DESIGN §3): the optional `etablissement` header and
//! the list of answers documents, entry by entry. Each entry is parsed and
//! typed on its own, exactly as `cadria evaluer` reads an answers file, so a
//! broken entry is reported with its position and the others still count.

use super::decoupage::{self, Debut, Decoupage, Element, Morceau, Probleme};
use crate::base::Base;
use crate::diag::{self, Code, Diagnostic, Position};
use crate::reponses::{Reponses, ReponsesBrutes};
use crate::yaml;
use serde::Serialize;
use serde_saphyr::{Budget, Options};
use std::io::BufRead;

/// An entry (or the header) that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErreurEntree {
    /// Rank of the entry in the list, from 1 (none for the header).
    pub entree: Option<usize>,
    /// The tool's name, when it could be read.
    pub outil: Option<String>,
    /// Where the entry starts.
    pub position: Position,
    /// Every problem found in it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parser budget for one entry: an answers document is small, so a few
/// thousand nodes and a shallow nesting are plenty; alias bombs and absurd
/// nesting are refused.
pub fn budget_entree() -> Budget {
    let mut b = Budget::default();
    b.max_nodes = 20_000;
    b.max_events = 80_000;
    b.max_depth = 16;
    b.max_aliases = 1_000;
    b.max_anchors = 1_000;
    b.max_recorded_anchor_events = 20_000;
    b.max_total_scalar_bytes = OCTETS_SCALAIRES_MAX;
    b
}

/// Most bytes of scalars read in one entry ([`budget_entree`]).
pub const OCTETS_SCALAIRES_MAX: usize = 4 << 20;

/// Parser budget for a whole inventory read at once (a flow list, or the
/// benchmark's floor): node and event caps grow with the size of the text
/// (an inventory entry costs about one node per 8 bytes), while depth,
/// aliases and anchor copies stay capped, so a large inventory passes and a
/// billion-laughs document or a thousand-deep nesting does not.
pub fn budget_document(octets: usize) -> Budget {
    let noeuds = octets.saturating_div(4).max(250_000);
    let mut b = Budget::default();
    b.max_nodes = noeuds;
    b.max_events = noeuds.saturating_mul(3);
    b.max_depth = 16;
    b.max_aliases = 10_000;
    b.max_anchors = 10_000;
    b.max_recorded_anchor_events = 200_000;
    b.max_total_scalar_bytes = octets.saturating_add(1 << 20);
    b.max_documents = 1;
    b
}

fn options(budget: Budget) -> Options {
    let mut o = Options::default();
    o.budget = Some(budget);
    o
}

/// The result of reading one entry.
pub enum Lu {
    /// Typed answers, ready to evaluate.
    Reponses(Box<Reponses>),
    /// The entry could not be read.
    Erreur(ErreurEntree),
}

/// Reads an inventory entry by entry.
pub struct Lecteur<'b, R: BufRead> {
    base: &'b Base,
    fichier: String,
    decoupage: Box<Decoupage<R>>,
    rang: usize,
    position: (u64, u64),
    /// `etablissement`, when given.
    pub etablissement: Option<String>,
    /// Problems of the header (unknown key, text after the list...).
    pub erreurs_entete: Vec<ErreurEntree>,
}

fn diagnostic(fichier: &str, p: &Probleme) -> Diagnostic {
    let code = if p.lecture { Code::Lecture } else { Code::Yaml };
    let d = Diagnostic::erreur(
        code,
        Position::new(fichier, p.ligne, p.colonne),
        p.message.clone(),
    );
    if p.aide.is_empty() {
        d
    } else {
        d.aide(p.aide.clone())
    }
}

impl<'b, R: BufRead> Lecteur<'b, R> {
    /// Opens the inventory. `Err` when nothing can be read at all (unreadable
    /// file, empty, a document that is not an inventory).
    pub fn ouvrir(lecteur: R, fichier: &str, base: &'b Base) -> Result<Self, Diagnostic> {
        match decoupage::ouvrir(lecteur) {
            Debut::Refus(p) => Err(diagnostic(fichier, &p)),
            Debut::Liste(d) => Ok(Lecteur {
                base,
                fichier: fichier.to_string(),
                decoupage: d,
                rang: 0,
                position: (0, 0),
                etablissement: None,
                erreurs_entete: Vec::new(),
            }),
        }
    }

    /// The next entry, `None` at the end.
    pub fn suivant(&mut self) -> Result<Option<Lu>, Diagnostic> {
        loop {
            let element = self.decoupage.suivant();
            if self.etablissement.is_none() {
                self.etablissement = self.decoupage.etablissement.clone();
            }
            let m = match element {
                None => return Ok(None),
                Some(Element::Probleme(p)) if p.entree => {
                    self.rang += 1;
                    return Ok(Some(Lu::Erreur(ErreurEntree {
                        entree: Some(self.rang),
                        outil: None,
                        position: Position::new(&self.fichier, p.ligne, p.colonne),
                        diagnostics: vec![diagnostic(&self.fichier, &p)],
                    })));
                }
                Some(Element::Probleme(p)) => {
                    let d = diagnostic(&self.fichier, &p);
                    self.erreurs_entete.push(ErreurEntree {
                        entree: None,
                        outil: None,
                        position: d.position.clone(),
                        diagnostics: vec![d],
                    });
                    continue;
                }
                Some(Element::Entree(m)) => m,
            };
            self.rang += 1;
            self.position = (m.ligne, m.colonne + 1);
            return Ok(Some(self.lire(m)));
        }
    }

    /// Rang (à partir de 1) de la dernière entrée rendue par [`Lecteur::suivant`].
    pub fn rang(&self) -> usize {
        self.rang
    }

    /// Ligne et colonne (à partir de 1) où commence la dernière entrée lue.
    pub fn position(&self) -> (u64, u64) {
        self.position
    }

    fn lire(&self, mut m: Morceau) -> Lu {
        let rang = self.rang;
        let position = Position::new(&self.fichier, m.ligne, m.colonne + 1);
        let erreur = |outil: Option<String>, diagnostics: Vec<Diagnostic>| {
            Lu::Erreur(ErreurEntree {
                entree: Some(rang),
                outil,
                position: position.clone(),
                diagnostics,
            })
        };
        let decalage = m.ligne.saturating_sub(1);
        // Built while splitting: typed at once; any error is reported from a
        // second reading of the text, which knows every position.
        if let Some(brut) = m.brut.take() {
            let mut diags = Vec::new();
            let reponses = Reponses::depuis_brut(*brut, &self.fichier, self.base, &mut diags);
            if !diag::contient_erreur(&diags) {
                return Lu::Reponses(Box::new(reponses));
            }
        }
        let vide = m.texte.trim();
        if vide.is_empty() || vide == "~" || vide == "null" {
            return erreur(
                None,
                vec![
                    Diagnostic::erreur(Code::Yaml, position.clone(), "entrée vide")
                        .aide("chaque entrée commence par `- outil: ...` suivie de ses `reponses`"),
                ],
            );
        }
        let brut: ReponsesBrutes =
            match serde_saphyr::from_str_with_options(&m.texte, options(budget_entree())) {
                Ok(b) => b,
                Err(e) => {
                    let mut d = yaml::erreur_yaml(&e, &self.fichier);
                    decaler(std::slice::from_mut(&mut d), decalage);
                    return erreur(None, vec![d]);
                }
            };
        let outil = brut.outil.as_ref().map(|o| o.value.clone());
        let mut diags = Vec::new();
        let reponses = Reponses::depuis_brut(brut, &self.fichier, self.base, &mut diags);
        if diag::contient_erreur(&diags) {
            decaler(&mut diags, decalage);
            return erreur(outil, diags);
        }
        Lu::Reponses(Box::new(reponses))
    }
}

/// Moves positions found in an entry's own text to the file's lines.
fn decaler(diags: &mut [Diagnostic], lignes: u64) {
    for d in diags {
        if d.position.ligne > 0 {
            d.position.ligne += lignes;
        }
    }
}
