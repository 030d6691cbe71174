//! L'inventaire en JSON, schéma 2 (DESIGN §4) : l'en-tête (fichier, date,
//! tampon des règles), les textes des règles (`regles`, par identifiant) et
//! des questions (`questions`, par fait) une seule fois, puis `evaluations`,
//! par outil seulement ce qui lui est propre, écrites au fil de l'audit, et
//! enfin `etablissement`, `synthese`, `erreurs` et `evolution`. Compact : un
//! inventaire se lit par programme et peut peser des centaines de mégaoctets.

use super::{ErreurSortie, Raisonnements};
use crate::base::Base;
use crate::evaluation::Evaluation;
use crate::faits::Valeur;
use crate::inventaire::{ErreurAudit, Evaluee, Inventaire, ordre_constats};
use crate::moteur::{Certitude, Moteur, Verdict};
use crate::rapport::{ReferenceRapport, Tampon};
use crate::reponses::Reponses;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::io::{BufRead, Write};

/// Version du format JSON d'un inventaire.
pub const VERSION_SCHEMA_INVENTAIRE: u32 = 2;

/// Une réponse telle que le JSON la donne : booléen, texte, liste, ou
/// `"inconnu"`.
pub(crate) struct ValeurJson<'a>(pub Option<&'a Valeur>);

impl Serialize for ValeurJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_str("inconnu"),
            Some(Valeur::Booleen(b)) => s.serialize_bool(*b),
            Some(Valeur::Texte(t)) => s.serialize_str(t),
            Some(Valeur::Liste(l)) => s.collect_seq(l),
        }
    }
}

/// Les faits lus par une règle, avec leurs valeurs.
struct FaitsLus<'a> {
    base: &'a Base,
    reponses: &'a Reponses,
    trace: &'a [usize],
}

impl Serialize for FaitsLus<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let schema = self.base.schema();
        let mut m = s.serialize_map(Some(self.trace.len()))?;
        for i in self.trace {
            if let Some(d) = schema.def(*i) {
                m.serialize_entry(&d.id, &ValeurJson(self.reponses.faits.get(*i)))?;
            }
        }
        m.end()
    }
}

#[derive(Serialize)]
struct DerogationJson<'a> {
    justification: &'a str,
    approuve_par: &'a str,
    expire_le: crate::date::Date,
}

#[derive(Serialize)]
struct ConstatJson<'a> {
    regle: &'a str,
    certitude: Certitude,
    inconnus: Vec<&'a str>,
    faits: FaitsLus<'a>,
    raisonnement: &'a str,
    derogation: Option<DerogationJson<'a>>,
}

#[derive(Serialize)]
struct OutilJson<'a> {
    outil: &'a str,
    declare_par: Option<&'a str>,
    entree: usize,
    ligne: u64,
    colonne: u64,
    verdict: Verdict,
    meilleur_cas: Verdict,
    pire_cas: Verdict,
    cas_exacts: bool,
    constats: Vec<ConstatJson<'a>>,
    reponses_manquantes: Vec<&'a str>,
    derogations: &'a [crate::derogations::BilanDerogation],
}

/// La dérogation qui lève le `k`-ième constat de `e`, si elle existe.
fn derogation(e: &Evaluation, k: usize) -> Option<DerogationJson<'_>> {
    let b = e.derogations.du_constat(k)?;
    Some(DerogationJson {
        justification: &b.justification,
        approuve_par: &b.approuve_par,
        expire_le: b.expire_le,
    })
}

fn outil<'a>(moteur: &'a Moteur<'_>, e: &'a Evaluee, textes: &'a [String]) -> OutilJson<'a> {
    let base = moteur.base();
    let schema = base.schema();
    let ev = &e.evaluation;
    let id = |i: &usize| schema.def(*i).map(|d| d.id.as_str());
    let mut constats = Vec::with_capacity(ev.constats().len());
    for k in ordre_constats(base, ev) {
        let c = &ev.constats()[k];
        let Some(r) = base.regles().get(c.regle) else {
            continue;
        };
        let raisonnement = textes.get(k).map(String::as_str).unwrap_or_default();
        constats.push(ConstatJson {
            regle: &r.id,
            certitude: c.certitude,
            inconnus: c.inconnus.iter().filter_map(id).collect(),
            faits: FaitsLus {
                base,
                reponses: &e.reponses,
                trace: &c.trace,
            },
            raisonnement,
            derogation: derogation(ev, k),
        });
    }
    OutilJson {
        outil: &e.reponses.outil,
        declare_par: e.reponses.declare_par.as_deref(),
        entree: e.rang,
        ligne: e.ligne,
        colonne: e.colonne,
        verdict: ev.conjoint.verdict,
        meilleur_cas: ev.conjoint.meilleur_cas,
        pire_cas: ev.conjoint.pire_cas,
        cas_exacts: ev.conjoint.exact,
        constats,
        reponses_manquantes: ev.a_confirmer.iter().filter_map(|a| id(&a.fait)).collect(),
        derogations: &ev.derogations.bilans,
    }
}

#[derive(Serialize)]
struct RegleJson<'a> {
    titre: &'a str,
    theme: &'a str,
    gravite: crate::regles::Gravite,
    nature: &'a str,
    fiabilite: &'a str,
    remediation: &'a str,
    interpretation: Option<&'a str>,
    references: Vec<ReferenceRapport>,
}

/// Les règles de la base, par identifiant.
struct Regles<'a>(&'a Base);

impl Serialize for Regles<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let regles = self.0.regles();
        let mut m = s.serialize_map(Some(regles.len()))?;
        for r in regles {
            m.serialize_entry(
                &r.id,
                &RegleJson {
                    titre: &r.titre,
                    theme: &r.theme,
                    gravite: r.gravite,
                    nature: r.nature.id(),
                    fiabilite: r.fiabilite.id(),
                    remediation: &r.remediation,
                    interpretation: r.interpretation.as_deref(),
                    references: r
                        .references
                        .iter()
                        .map(|x| ReferenceRapport::de(x, self.0.contenu()))
                        .collect(),
                },
            )?;
        }
        m.end()
    }
}

/// Les valeurs d'un fait et leurs libellés.
struct Valeurs<'a>(&'a crate::faits::DefFait);

impl Serialize for Valeurs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.valeurs.len()))?;
        for v in &self.0.valeurs {
            m.serialize_entry(&v.id, &v.libelle)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    question: String,
    valeurs: Valeurs<'a>,
}

/// Les questions, par fait : leur libellé et ceux de leurs valeurs.
struct Questions<'a>(&'a Base);

impl Serialize for Questions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let faits = self.0.schema().faits();
        let mut m = s.serialize_map(Some(faits.len()))?;
        for d in faits {
            m.serialize_entry(
                &d.id,
                &QuestionJson {
                    question: self.0.question(&d.id, None),
                    valeurs: Valeurs(d),
                },
            )?;
        }
        m.end()
    }
}

fn champ<W: Write, T: Serialize + ?Sized>(
    w: &mut W,
    premier: bool,
    nom: &str,
    valeur: &T,
) -> Result<(), ErreurSortie> {
    if !premier {
        w.write_all(b",")?;
    }
    serde_json::to_writer(&mut *w, nom)?;
    w.write_all(b":")?;
    serde_json::to_writer(&mut *w, valeur)?;
    Ok(())
}

/// Écrit l'objet JSON de l'inventaire (schéma 2) dans `w` pendant l'audit.
pub fn ecrire_json<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
) -> Result<(), ErreurSortie> {
    let moteur = audit.moteur();
    let base = moteur.base();
    w.write_all(b"{")?;
    champ(w, true, "schema", &VERSION_SCHEMA_INVENTAIRE)?;
    champ(w, false, "fichier", audit.fichier())?;
    champ(w, false, "date", &audit.date())?;
    champ(
        w,
        false,
        "base",
        &Tampon {
            version: base.version().to_string(),
            empreinte: base.empreinte().to_string(),
        },
    )?;
    champ(w, false, "cadria", env!("CARGO_PKG_VERSION"))?;
    champ(w, false, "regles_verifiees", &base.regles().len())?;
    champ(w, false, "regles", &Regles(base))?;
    champ(w, false, "questions", &Questions(base))?;
    w.write_all(b",\"evaluations\":[")?;
    let mut premier = true;
    let mut raisonnements = Raisonnements::default();
    while let Some(e) = audit.suivant()? {
        if !premier {
            w.write_all(b",")?;
        }
        premier = false;
        let textes = raisonnements
            .de(moteur, &e.reponses, &e.evaluation)
            .map_err(|x| ErreurAudit::Evaluation(x.to_string()))?;
        serde_json::to_writer(&mut *w, &outil(moteur, &e, &textes))?;
    }
    w.write_all(b"]")?;
    champ(w, false, "etablissement", &audit.etablissement())?;
    champ(w, false, "synthese", &audit.synthese())?;
    champ(w, false, "erreurs", audit.erreurs())?;
    if let Some(e) = audit.evolution() {
        champ(w, false, "evolution", &e)?;
    }
    w.write_all(b"}\n")?;
    Ok(())
}
