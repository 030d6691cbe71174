//! The summary of an inventory (DESIGN §4 `synthese`): counts per verdict,
//! per rule the tools that break it, and every waiver with its status. Built
//! one report at a time; tool names are stored once and referred to by
//! number so that a 100 000-entry inventory stays small in memory.

use crate::derogations::{BilanDerogation, EtatDerogation};
use crate::moteur::{Certitude, Verdict};
use crate::rapport::Rapport;
use crate::regles::Gravite;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// Tools that fired one rule.
#[derive(Debug, Clone)]
struct ParRegle {
    regle: String,
    titre: String,
    gravite: Gravite,
    certains: Vec<u32>,
    possibles: Vec<u32>,
    deroges: Vec<u32>,
}

/// One waiver of one tool.
#[derive(Debug, Clone)]
struct DerogationOutil {
    outil: u32,
    bilan: BilanDerogation,
}

/// Running summary.
#[derive(Debug, Clone, Default)]
pub struct Cumul {
    noms: Vec<String>,
    verdicts: [usize; 5],
    regles: Vec<ParRegle>,
    derogations: Vec<DerogationOutil>,
    pire: Option<Verdict>,
}

fn rang_verdict(v: Verdict) -> usize {
    Verdict::TOUS.iter().position(|x| *x == v).unwrap_or(0)
}

impl Cumul {
    /// Adds one tool's report.
    pub fn ajouter(&mut self, r: &Rapport) {
        let outil = u32::try_from(self.noms.len()).unwrap_or(u32::MAX);
        self.noms.push(r.outil.clone());
        if let Some(n) = self.verdicts.get_mut(rang_verdict(r.verdict)) {
            *n += 1;
        }
        self.pire = Some(self.pire.map_or(r.verdict, |p| p.max(r.verdict)));
        for c in &r.constats {
            let k = match self.regles.iter().position(|p| p.regle == c.regle) {
                Some(k) => k,
                None => {
                    self.regles.push(ParRegle {
                        regle: c.regle.clone(),
                        titre: c.titre.clone(),
                        gravite: c.gravite,
                        certains: Vec::new(),
                        possibles: Vec::new(),
                        deroges: Vec::new(),
                    });
                    self.regles.len() - 1
                }
            };
            if let Some(p) = self.regles.get_mut(k) {
                match (&c.derogation, c.certitude) {
                    (Some(_), _) => p.deroges.push(outil),
                    (None, Certitude::Certain) => p.certains.push(outil),
                    (None, Certitude::Possible) => p.possibles.push(outil),
                }
            }
        }
        self.derogations
            .extend(r.derogations.iter().map(|b| DerogationOutil {
                outil,
                bilan: b.clone(),
            }));
    }

    /// The worst verdict seen, if any tool was evaluated.
    pub fn pire(&self) -> Option<Verdict> {
        self.pire
    }

    /// Number of tools evaluated.
    pub fn outils(&self) -> usize {
        self.noms.len()
    }

    /// Number of tools with verdict `v`.
    pub fn nombre(&self, v: Verdict) -> usize {
        self.verdicts.get(rang_verdict(v)).copied().unwrap_or(0)
    }

    /// Waivers of tools, for the diff between audits: (tool, waiver).
    pub fn derogations(&self) -> impl Iterator<Item = (&str, &BilanDerogation)> {
        self.derogations
            .iter()
            .map(|d| (self.nom(d.outil), &d.bilan))
    }

    fn nom(&self, i: u32) -> &str {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.noms.get(i))
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The serialisable summary.
    pub fn synthese(&self, erreurs: usize) -> Synthese<'_> {
        let mut regles: Vec<&ParRegle> = self.regles.iter().collect();
        regles.sort_by_key(|p| {
            (
                std::cmp::Reverse(p.gravite),
                std::cmp::Reverse(p.certains.len()),
                std::cmp::Reverse(p.possibles.len()),
                p.regle.clone(),
            )
        });
        Synthese {
            cumul: self,
            regles,
            erreurs,
        }
    }
}

/// Tool names by number, serialised as a list of names.
struct Noms<'a>(&'a Cumul, &'a [u32]);

impl Serialize for Noms<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|i| self.0.nom(*i)))
    }
}

/// The summary as reports show it.
pub struct Synthese<'a> {
    cumul: &'a Cumul,
    regles: Vec<&'a ParRegle>,
    erreurs: usize,
}

#[derive(Serialize)]
struct RegleVue<'a> {
    regle: &'a str,
    titre: &'a str,
    gravite: Gravite,
    gravite_libelle: &'a str,
    outils: Noms<'a>,
    possibles: Noms<'a>,
    derogees: Noms<'a>,
}

#[derive(Serialize)]
struct DerogationVue<'a> {
    outil: &'a str,
    #[serde(flatten)]
    bilan: &'a BilanDerogation,
    expire_bientot: bool,
}

struct Comptes<'a>(&'a Cumul);

impl Serialize for Comptes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("verdicts", 5)?;
        for v in Verdict::TOUS {
            m.serialize_field(v.id(), &self.0.nombre(v))?;
        }
        m.end()
    }
}

struct SyntheseDerogations<'a>(&'a Cumul);

impl Serialize for SyntheseDerogations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = &self.0.derogations;
        let compte = |e: EtatDerogation| d.iter().filter(|x| x.bilan.etat == e).count();
        let mut m = s.serialize_struct("derogations", 7)?;
        m.serialize_field("total", &d.len())?;
        m.serialize_field("appliquees", &compte(EtatDerogation::Appliquee))?;
        m.serialize_field("expirees", &compte(EtatDerogation::Expiree))?;
        m.serialize_field("refusees", &compte(EtatDerogation::Refusee))?;
        m.serialize_field("inutilisees", &compte(EtatDerogation::Inutilisee))?;
        m.serialize_field(
            "expirent_bientot",
            &d.iter().filter(|x| x.bilan.expire_bientot()).count(),
        )?;
        let liste: Vec<DerogationVue<'_>> = d
            .iter()
            .map(|x| DerogationVue {
                outil: self.0.nom(x.outil),
                bilan: &x.bilan,
                expire_bientot: x.bilan.expire_bientot(),
            })
            .collect();
        m.serialize_field("liste", &liste)?;
        m.end()
    }
}

impl Serialize for Synthese<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.cumul;
        let mut m = s.serialize_struct("synthese", 5)?;
        m.serialize_field("outils", &c.outils())?;
        m.serialize_field("entrees_en_erreur", &self.erreurs)?;
        m.serialize_field("verdicts", &Comptes(c))?;
        let regles: Vec<RegleVue<'_>> = self
            .regles
            .iter()
            .map(|p| RegleVue {
                regle: &p.regle,
                titre: &p.titre,
                gravite: p.gravite,
                gravite_libelle: p.gravite.libelle(),
                outils: Noms(c, &p.certains),
                possibles: Noms(c, &p.possibles),
                derogees: Noms(c, &p.deroges),
            })
            .collect();
        m.serialize_field("regles", &regles)?;
        m.serialize_field("derogations", &SyntheseDerogations(c))?;
        m.end()
    }
}
