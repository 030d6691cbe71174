//! Reading an inventory (DESIGN §3): the optional `etablissement` header and
//! the list of answers documents, entry by entry. Each entry is parsed and
//! typed on its own, exactly as `cadria evaluer` reads an answers file, so a
//! broken entry is reported with its position and the others still count.

use super::decoupage::{self, Decoupage, Morceau, Ouverture};
use crate::base::Base;
use crate::diag::{self, Code, Diagnostic, Position};
use crate::reponses::{Reponses, ReponsesBrutes};
use crate::yaml;
use serde::{Deserialize, Serialize};
use serde_saphyr::{Budget, Options, Spanned};
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
    b.max_total_scalar_bytes = 4 << 20;
    b
}

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

/// The mapping around the list.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entete {
    #[serde(default)]
    etablissement: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    outils: Option<serde::de::IgnoredAny>,
}

/// A whole inventory, for documents that are not a block list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Entier {
    Liste(Vec<Spanned<ReponsesBrutes>>),
    Enveloppe(EnveloppeEntiere),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnveloppeEntiere {
    #[serde(default)]
    etablissement: Option<String>,
    #[serde(default)]
    outils: Vec<Spanned<ReponsesBrutes>>,
}

/// Where entries come from.
enum Source<R> {
    Bloc(Decoupage<R>),
    Entier(std::vec::IntoIter<Spanned<ReponsesBrutes>>),
}

/// The result of reading one entry.
pub enum Lu {
    /// Typed answers, ready to evaluate.
    Reponses(Box<Reponses>),
    /// The entry could not be read.
    Erreur(ErreurEntree),
}

/// Reads an inventory entry by entry.
pub struct Lecteur<'b, R> {
    base: &'b Base,
    fichier: String,
    source: Source<R>,
    rang: usize,
    /// `etablissement`, when given.
    pub etablissement: Option<String>,
    /// Problems of the header (unknown key, text after the list...).
    pub erreurs_entete: Vec<ErreurEntree>,
}

fn erreur_entete(fichier: &str, diagnostics: Vec<Diagnostic>) -> ErreurEntree {
    let position = diagnostics
        .first()
        .map(|d| d.position.clone())
        .unwrap_or_else(|| Position::new(fichier, 0, 0));
    ErreurEntree {
        entree: None,
        outil: None,
        position,
        diagnostics,
    }
}

impl<'b, R: BufRead> Lecteur<'b, R> {
    /// Opens the inventory. `Err` when nothing can be read at all (unreadable
    /// file, no list, a document that is not an inventory).
    pub fn ouvrir(lecteur: R, fichier: &str, base: &'b Base) -> Result<Self, Diagnostic> {
        let lecture = |e: std::io::Error| {
            Diagnostic::erreur(
                Code::Lecture,
                Position::new(fichier, 0, 0),
                format!("fichier illisible : {}", crate::diag::erreur_io(&e)),
            )
            .aide("le fichier doit être un texte UTF-8 lisible")
        };
        let mut l = match decoupage::ouvrir(lecteur).map_err(lecture)? {
            Ouverture::Bloc(d) => Lecteur {
                base,
                fichier: fichier.to_string(),
                source: Source::Bloc(d),
                rang: 0,
                etablissement: None,
                erreurs_entete: Vec::new(),
            },
            Ouverture::Entier(texte) => return Self::entier(&texte, fichier, base),
        };
        if let Source::Bloc(d) = &l.source
            && !d.liste_nue()
        {
            l.lire_entete(d.entete().to_string());
        }
        Ok(l)
    }

    fn entier(texte: &str, fichier: &str, base: &'b Base) -> Result<Self, Diagnostic> {
        if texte.trim().is_empty()
            || texte
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Err(Diagnostic::erreur(Code::Yaml, Position::new(fichier, 0, 0), "l'inventaire est vide").aide("listez les outils sous `outils:`, un document de réponses par outil (voir exemples/inventaire.yaml)"));
        }
        let entier: Entier = serde_saphyr::from_str_with_options(texte, options(budget_document(texte.len()))).map_err(|e| {
            let d = yaml::erreur_yaml(&e, fichier);
            if texte.lines().any(|l| l.starts_with("reponses:")) && !texte.lines().any(|l| l.starts_with("outils:")) {
                d.aide("ce fichier ressemble à un fichier de réponses pour un seul outil : évaluez-le avec `cadria evaluer`, ou placez-le dans une liste `outils:`")
            } else {
                d
            }
        })?;
        let (etablissement, outils) = match entier {
            Entier::Liste(v) => (None, v),
            Entier::Enveloppe(e) => (e.etablissement, e.outils),
        };
        Ok(Lecteur {
            base,
            fichier: fichier.to_string(),
            source: Source::Entier(outils.into_iter()),
            rang: 0,
            etablissement,
            erreurs_entete: Vec::new(),
        })
    }

    fn lire_entete(&mut self, texte: String) {
        match serde_saphyr::from_str_with_options::<Option<Entete>>(
            &texte,
            options(budget_entree()),
        ) {
            Ok(e) => self.etablissement = e.unwrap_or_default().etablissement,
            Err(e) => self.erreurs_entete.push(erreur_entete(
                &self.fichier,
                vec![yaml::erreur_yaml(&e, &self.fichier)],
            )),
        }
    }

    /// The next entry, `None` at the end. An I/O error in the middle of the
    /// file ends the reading with an error.
    pub fn suivant(&mut self) -> Result<Option<Lu>, Diagnostic> {
        let brut = match &mut self.source {
            Source::Entier(it) => match it.next() {
                None => return Ok(None),
                Some(s) => {
                    self.rang += 1;
                    let pos = yaml::position(&self.fichier, &s);
                    (pos, Ok(s.value))
                }
            },
            Source::Bloc(d) => {
                let m = d.suivant().map_err(|e| {
                    Diagnostic::erreur(
                        Code::Lecture,
                        Position::new(&self.fichier, 0, 0),
                        format!("lecture interrompue : {}", crate::diag::erreur_io(&e)),
                    )
                })?;
                let Some(m) = m else {
                    if d.suite() {
                        let texte = d.entete().to_string();
                        self.lire_entete(texte);
                    }
                    return Ok(None);
                };
                self.rang += 1;
                let pos = Position::new(&self.fichier, m.ligne, 1 + colonne(&m));
                (pos, lire_morceau(&m, &self.fichier))
            }
        };
        let (position, brut) = brut;
        let rang = self.rang;
        let brut = match brut {
            Ok(b) => b,
            Err(diagnostics) => {
                return Ok(Some(Lu::Erreur(ErreurEntree {
                    entree: Some(rang),
                    outil: None,
                    position,
                    diagnostics,
                })));
            }
        };
        let decalage = position.ligne.saturating_sub(1);
        let outil = brut.outil.as_ref().map(|o| o.value.clone());
        let mut diags = Vec::new();
        let reponses = Reponses::depuis_brut(brut, &self.fichier, self.base, &mut diags);
        if diag::contient_erreur(&diags) {
            if matches!(self.source, Source::Bloc(_)) {
                decaler(&mut diags, decalage);
            }
            return Ok(Some(Lu::Erreur(ErreurEntree {
                entree: Some(rang),
                outil,
                position,
                diagnostics: diags,
            })));
        }
        Ok(Some(Lu::Reponses(Box::new(reponses))))
    }
}

fn colonne(m: &Morceau) -> u64 {
    u64::try_from(m.texte.len() - m.texte.trim_start_matches(' ').len()).unwrap_or(0)
}

/// Moves positions found in an entry's own text to the file's lines.
fn decaler(diags: &mut [Diagnostic], lignes: u64) {
    for d in diags {
        if d.position.ligne > 0 {
            d.position.ligne += lignes;
        }
    }
}

/// Parses one entry's text (a one-element block list).
fn lire_morceau(m: &Morceau, fichier: &str) -> Result<ReponsesBrutes, Vec<Diagnostic>> {
    let decalage = m.ligne.saturating_sub(1);
    let en_erreur = |mut d: Diagnostic| {
        decaler(std::slice::from_mut(&mut d), decalage);
        vec![d]
    };
    let v: Vec<ReponsesBrutes> =
        serde_saphyr::from_str_with_options(&m.texte, options(budget_entree()))
            .map_err(|e| en_erreur(yaml::erreur_yaml(&e, fichier)))?;
    let mut it = v.into_iter();
    match (it.next(), it.next()) {
        (Some(b), None) => Ok(b),
        _ => Err(vec![
            Diagnostic::erreur(
                Code::Yaml,
                Position::new(fichier, m.ligne, 1 + colonne(m)),
                "entrée vide ou mal découpée",
            )
            .aide("chaque entrée commence par `- outil: ...` suivi de ses `reponses`"),
        ]),
    }
}
