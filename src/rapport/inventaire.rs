//! Les formats d'un inventaire audité (DESIGN §4) : le JSON au schéma 2
//! (textes des règles et des questions une fois, par outil ce qui lui est
//! propre), le CSV, le SARIF 2.1.0 et les rapports à lire (texte, Markdown,
//! HTML). Tous s'écrivent au fil de l'audit : un outil est évalué, écrit puis
//! oublié ; la synthèse, faite de comptes, vient à la fin (JSON, CSV) ou les
//! parties qui grandissent avec l'inventaire passent par un fichier
//! temporaire (texte, Markdown, HTML), si bien que la mémoire reste la même
//! quelle que soit la taille de l'inventaire.

mod csv;
mod json;
mod lisible;

pub use csv::cellule;
pub use json::{VERSION_SCHEMA_INVENTAIRE, ecrire_json};
pub use lisible::ecrire_lisible;

use crate::evaluation::Evaluation;
use crate::faits::Faits;
use crate::inventaire::{ErreurAudit, Inventaire};
use crate::moteur::{ErreurEvaluation, Moteur};
use crate::regles::contexte::{self, Lectures};
use crate::reponses::Reponses;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::rc::Rc;

/// Les raisonnements d'un outil, par constat (dans l'ordre de
/// `evaluation.constats()`).
pub(crate) type Textes = Rc<[String]>;

/// Les raisonnements déjà rendus, réutilisés règle par règle : un rendu ne
/// dépend que des faits que le gabarit a lus (noté pendant le rendu,
/// [`crate::regles::contexte`]) et, s'il l'affiche, du nom de l'outil. Quand
/// le gabarit ne fait qu'afficher ce nom, il est rendu une fois avec une
/// sentinelle, remplacée ensuite par chaque nom : deux outils qui répondent
/// pareil aux quelques faits qu'une règle cite partagent son texte. La
/// réserve de chaque règle est bornée à [`Raisonnements::CAPACITE`] textes,
/// vidée quand elle est pleine : la mémoire ne grandit pas avec l'inventaire.
#[derive(Default)]
pub(crate) struct Raisonnements {
    par_regle: Vec<Reserve>,
}

/// Ce qui est gardé pour une règle.
#[derive(Default)]
struct Reserve {
    /// Le gabarit n'affiche le nom de l'outil que tel quel (calculé au
    /// premier rendu).
    nom_seulement_affiche: Option<bool>,
    /// Par ensemble de faits lus (un gabarit à branches en lit plusieurs) :
    /// les textes, rangés sous l'empreinte de leur clé.
    tables: Vec<(Lectures, Table)>,
    textes: usize,
}

/// Les textes rendus d'un ensemble de faits lus, sous l'empreinte de leur clé.
type Table = HashMap<u64, Vec<(Cle, Rendu)>>;

/// Un texte rendu est gardé sous le nom de l'outil (quand il est lu et ne
/// peut pas être remplacé) et les valeurs des faits lus.
type Cle = (Option<String>, Vec<Option<crate::faits::Valeur>>);

/// Un texte gardé, et où y est la sentinelle (positions en octets).
struct Rendu {
    texte: String,
    sentinelles: Vec<usize>,
}

impl Rendu {
    /// `sentinelle` : rendu avec la sentinelle à la place du nom (sinon, un
    /// nom qui la contiendrait reste tel quel).
    fn new(texte: String, sentinelle: bool) -> Rendu {
        let sentinelles = if sentinelle {
            texte
                .match_indices(contexte::SENTINELLE)
                .map(|(i, _)| i)
                .collect()
        } else {
            Vec::new()
        };
        Rendu { texte, sentinelles }
    }

    /// Le texte, le nom de l'outil à la place de la sentinelle.
    fn avec(&self, outil: &str) -> String {
        if self.sentinelles.is_empty() {
            return self.texte.clone();
        }
        let mut s = String::with_capacity(self.texte.len() + self.sentinelles.len() * outil.len());
        let mut depuis = 0;
        for &i in &self.sentinelles {
            s.push_str(self.texte.get(depuis..i).unwrap_or_default());
            s.push_str(outil);
            depuis = i + contexte::SENTINELLE.len();
        }
        s.push_str(self.texte.get(depuis..).unwrap_or_default());
        s
    }
}

/// L'empreinte de la clé d'un outil, calculée sans rien copier.
fn empreinte(lus: &Lectures, faits: &Faits, nom: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    nom.filter(|_| lus.outil).hash(&mut h);
    for i in &lus.faits {
        faits.get(*i).hash(&mut h);
    }
    h.finish()
}

/// Vrai quand la clé gardée `c` est celle de l'outil.
fn meme_cle(c: &Cle, lus: &Lectures, faits: &Faits, nom: Option<&str>) -> bool {
    c.0.as_deref() == nom.filter(|_| lus.outil)
        && c.1.len() == lus.faits.len()
        && c.1
            .iter()
            .zip(&lus.faits)
            .all(|(v, i)| v.as_ref() == faits.get(*i))
}

fn cle(lus: &Lectures, faits: &Faits, nom: Option<&str>) -> Cle {
    (
        nom.filter(|_| lus.outil).map(str::to_string),
        lus.faits.iter().map(|i| faits.get(*i).cloned()).collect(),
    )
}

impl Raisonnements {
    /// Nombre de textes gardés au plus par règle.
    pub(crate) const CAPACITE: usize = 512;

    /// Les raisonnements des constats de `evaluation`, l'évaluation de `reponses`.
    pub(crate) fn de(
        &mut self,
        moteur: &Moteur<'_>,
        reponses: &Reponses,
        evaluation: &Evaluation,
    ) -> Result<Textes, ErreurEvaluation> {
        let regles = moteur.base().regles();
        if self.par_regle.len() < regles.len() {
            self.par_regle.resize_with(regles.len(), Reserve::default);
        }
        let faits = &reponses.faits;
        let outil = reponses.outil.as_str();
        let remplacable = contexte::nom_remplacable(outil);
        // The tool's two contexts (with its name, with the sentinel), made
        // on the first render that needs them.
        let mut contextes: [Option<contexte::Suivi>; 2] = [None, None];
        let mut textes = Vec::with_capacity(evaluation.constats().len());
        for c in evaluation.constats() {
            let (Some(reserve), Some(regle)) =
                (self.par_regle.get_mut(c.regle), regles.get(c.regle))
            else {
                let suivi = moteur.contexte_suivi(faits, Some(outil));
                textes.push(moteur.raisonnement_lu(c.regle, &suivi)?.0);
                continue;
            };
            let sentinelle = remplacable
                && *reserve
                    .nom_seulement_affiche
                    .get_or_insert_with(|| contexte::outil_seulement_affiche(&regle.raisonnement));
            // The name counts in the key unless the sentinel stands for it.
            let nom = (!sentinelle).then_some(outil);
            let trouve = reserve.tables.iter().find_map(|(lus, table)| {
                table
                    .get(&empreinte(lus, faits, nom))?
                    .iter()
                    .find(|(k, _)| meme_cle(k, lus, faits, nom))
            });
            if let Some((_, rendu)) = trouve {
                textes.push(rendu.avec(outil));
                continue;
            }
            let suivi = contextes[usize::from(sentinelle)]
                .get_or_insert_with(|| moteur.contexte_suivi(faits, nom));
            let (texte, lus) = moteur.raisonnement_lu(c.regle, suivi)?;
            let rendu = Rendu::new(texte, sentinelle);
            textes.push(rendu.avec(outil));
            if reserve.textes >= Self::CAPACITE {
                reserve.tables.clear();
                reserve.textes = 0;
            }
            let h = empreinte(&lus, faits, nom);
            let k = cle(&lus, faits, nom);
            reserve.textes += 1;
            let table = match reserve.tables.iter().position(|(l, _)| *l == lus) {
                Some(p) => &mut reserve.tables[p].1,
                None => {
                    reserve.tables.push((lus, HashMap::new()));
                    let dernier = reserve.tables.len() - 1;
                    &mut reserve.tables[dernier].1
                }
            };
            table.entry(h).or_default().push((k, rendu));
        }
        Ok(textes.into())
    }
}

/// Pourquoi l'écriture d'un inventaire a échoué.
#[derive(Debug)]
pub enum ErreurSortie {
    /// L'audit s'est arrêté.
    Inventaire(ErreurAudit),
    /// L'écriture a échoué (tube fermé compris : l'appelant décide).
    Ecriture(std::io::Error),
}

impl From<std::io::Error> for ErreurSortie {
    fn from(e: std::io::Error) -> Self {
        ErreurSortie::Ecriture(e)
    }
}

impl From<ErreurAudit> for ErreurSortie {
    fn from(e: ErreurAudit) -> Self {
        ErreurSortie::Inventaire(e)
    }
}

impl From<serde_json::Error> for ErreurSortie {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            ErreurSortie::Ecriture(std::io::Error::from(e))
        } else {
            ErreurSortie::Inventaire(ErreurAudit::Evaluation(e.to_string()))
        }
    }
}

/// Écrit le tableau CSV dans `w` pendant l'audit, cellules séparées par
/// `sep` (`,` ou `;`, ce dernier après une marque d'ordre UTF-8).
pub fn ecrire_csv<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
    sep: char,
) -> Result<(), ErreurSortie> {
    csv::entete(w, sep)?;
    let base = audit.moteur().base();
    let regles = csv::CellulesRegles::new(base, sep);
    while let Some(e) = audit.suivant()? {
        regles.outil(w, base, &e)?;
    }
    for e in audit.erreurs() {
        csv::erreur(w, sep, e)?;
    }
    Ok(())
}

/// Écrit le SARIF 2.1.0 de l'inventaire dans `w` pendant l'audit : un
/// résultat par constat, situé à l'entrée de l'outil dans l'inventaire.
pub fn ecrire_sarif<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
) -> Result<(), ErreurSortie> {
    let moteur = audit.moteur();
    let mut s = super::sarif::Sarif::ouvrir(w, moteur.base(), audit.fichier())?;
    let mut raisonnements = Raisonnements::default();
    while let Some(e) = audit.suivant()? {
        let textes = raisonnements
            .de(moteur, &e.reponses, &e.evaluation)
            .map_err(|x| ErreurAudit::Evaluation(x.to_string()))?;
        s.resultats(
            moteur,
            &e.reponses,
            &e.evaluation,
            &textes,
            e.ligne,
            e.colonne,
        )?;
    }
    s.fermer(audit.erreurs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::{Base, Sources};

    /// Over many generated tools (random answers, names that can or cannot
    /// stand in for the sentinel), every reused text equals the text
    /// rendered directly, and texts are reused.
    #[test]
    fn raisonnements_reutilises_identiques_au_rendu_direct() {
        use crate::faits::{TypeFait, Valeur};
        let (base, _) = Base::charger(&Sources::default());
        let m = Moteur::new(&base).unwrap();
        let schema = base.schema();
        let date = crate::date::Date::depuis("2026-12-01").unwrap();
        let mut alea = crate::alea::Alea(11);
        let mut hasard = |n: usize| alea.indice(n);
        let noms = [
            "Outil A",
            "Outil B",
            " espacé",
            "",
            "deux  espaces",
            "Outil A",
        ];
        let mut cache = Raisonnements::default();
        let mut textes = 0;
        for n in 0..300 {
            let mut faits = Faits::inconnus(schema);
            for (i, d) in schema.faits().iter().enumerate() {
                if hasard(8) == 0 {
                    continue;
                }
                let v = match d.type_fait {
                    TypeFait::Booleen => Some(Valeur::Booleen(hasard(2) == 0)),
                    TypeFait::Choix => d
                        .valeurs
                        .get(hasard(d.valeurs.len()))
                        .map(|v| Valeur::Texte(v.id.clone())),
                    TypeFait::Liste => Some(Valeur::Liste(
                        d.valeurs
                            .iter()
                            .filter(|_| hasard(3) == 0)
                            .map(|v| v.id.clone())
                            .collect(),
                    )),
                    _ => None,
                };
                faits.set(i, v);
            }
            let texte = std::fs::read_to_string("exemples/chatgpt-5e.yaml").unwrap();
            let mut r = Reponses::lire(&texte, "r.yaml", &base).unwrap();
            r.faits = faits;
            r.outil = noms[n % noms.len()].to_string();
            let e = Evaluation::des_reponses(&m, &r, date).unwrap();
            let a = cache.de(&m, &r, &e).unwrap();
            let contexte = m.contexte_raisonnement(&r.faits, &r.outil);
            for (k, c) in e.constats().iter().enumerate() {
                assert_eq!(
                    a[k],
                    m.raisonnement(c.regle, &contexte).unwrap(),
                    "{}",
                    r.outil
                );
                textes += 1;
            }
        }
        let gardes: usize = cache.par_regle.iter().map(|r| r.textes).sum();
        assert!(
            textes > 1000 && gardes < textes * 3 / 4,
            "{gardes} rendus pour {textes} textes"
        );
    }
}
