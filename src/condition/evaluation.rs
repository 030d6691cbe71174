//! Évaluation exacte des conditions avec des réponses manquantes.
//!
//! Ce qu'on sait d'un fait est un [`Etat`] : l'ensemble des valeurs encore
//! possibles (un seul élément quand la réponse est connue). Une liste est
//! vue valeur par valeur : chacune est sûrement dedans, sûrement dehors, ou
//! inconnue. Un ensemble d'états est un « pavé » de réponses possibles.
//!
//! Sur un pavé, l'évaluation à trois valeurs (vrai, faux, indécis) est sûre :
//! quand elle dit vrai, la condition est vraie pour toutes les réponses du
//! pavé. Quand elle est indécise, la recherche coupe le pavé en deux selon
//! un atome indécis et recommence sur chaque moitié ; les feuilles forment
//! une partition des réponses possibles, chacune de valeur constante. Le
//! résultat est donc exact par construction, et les faits dont la réponse
//! change le résultat se lisent sur les feuilles : deux feuilles de valeurs
//! opposées qui ne diffèrent que par un fait prouvent que ce fait compte, et
//! réciproquement.

use super::typage::{Noeud, Ordre};
use crate::facts::{Faits, Schema, TypeFait, Valeur};

/// Ce qu'on sait d'un fait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Etat {
    /// Oui/non et choix : les rangs encore possibles (oui/non : bit 0 = non,
    /// bit 1 = oui). Liste : les valeurs sûrement présentes.
    pub(crate) a: u64,
    /// Liste : les valeurs sûrement absentes.
    pub(crate) b: u64,
}

/// Le genre et la taille du domaine de chaque fait, pour coder les réponses.
#[derive(Debug, Clone, Default)]
pub struct Codage {
    domaines: Vec<(TypeFait, u32)>,
}

fn plein(taille: u32) -> u64 {
    if taille >= 64 {
        u64::MAX
    } else {
        (1u64 << taille) - 1
    }
}

impl Codage {
    /// Le codage des faits de `schema`.
    pub fn new(schema: &Schema) -> Self {
        Codage {
            domaines: schema
                .faits()
                .iter()
                .map(|d| {
                    let taille = match d.type_fait {
                        TypeFait::Booleen => 2,
                        _ => u32::try_from(d.valeurs.len()).unwrap_or(u32::MAX).min(64),
                    };
                    (d.type_fait, taille)
                })
                .collect(),
        }
    }

    /// L'état d'un fait dont on ne sait rien.
    pub fn inconnu(&self, fait: usize) -> Etat {
        match self.domaines.get(fait) {
            Some((TypeFait::Booleen, _)) => Etat { a: 0b11, b: 0 },
            Some((TypeFait::Choix, t)) => Etat { a: plein(*t), b: 0 },
            _ => Etat { a: 0, b: 0 },
        }
    }

    /// L'état d'un fait dont la réponse est `v` (rangs dans le domaine).
    /// Une valeur hors domaine (impossible après typage) compte comme inconnue.
    pub fn connu(&self, schema: &Schema, fait: usize, v: &Valeur) -> Etat {
        let Some((genre, taille)) = self.domaines.get(fait) else {
            return Etat { a: 0, b: 0 };
        };
        let rang = |s: &str| {
            schema
                .def(fait)
                .and_then(|d| d.valeurs.iter().position(|p| p.id == s))
                .filter(|r| *r < 64)
        };
        match (genre, v) {
            (TypeFait::Booleen, Valeur::Booleen(b)) => Etat {
                a: if *b { 0b10 } else { 0b01 },
                b: 0,
            },
            (TypeFait::Choix, Valeur::Texte(s)) => match rang(s) {
                Some(r) => Etat { a: 1 << r, b: 0 },
                None => self.inconnu(fait),
            },
            (TypeFait::Liste, Valeur::Liste(l)) => {
                let mut dedans = 0u64;
                for s in l {
                    match rang(s) {
                        Some(r) => dedans |= 1 << r,
                        None => return self.inconnu(fait),
                    }
                }
                Etat {
                    a: dedans,
                    b: plein(*taille) & !dedans,
                }
            }
            _ => self.inconnu(fait),
        }
    }

    /// Les états de toutes les réponses d'une évaluation.
    pub fn etats(&self, schema: &Schema, faits: &Faits) -> Vec<Etat> {
        (0..self.domaines.len())
            .map(|i| match faits.get(i) {
                Some(v) => self.connu(schema, i, v),
                None => self.inconnu(i),
            })
            .collect()
    }

    /// Vrai quand l'état ne laisse qu'une réponse possible.
    pub fn est_connu(&self, fait: usize, e: Etat) -> bool {
        match self.domaines.get(fait) {
            Some((TypeFait::Liste, t)) => (e.a | e.b) == plein(*t),
            Some((TypeFait::Booleen | TypeFait::Choix, _)) => e.a.count_ones() == 1,
            _ => true,
        }
    }

    fn taille(&self, fait: usize) -> u32 {
        self.domaines.get(fait).map(|d| d.1).unwrap_or(0)
    }

    fn est_liste(&self, fait: usize) -> bool {
        matches!(self.domaines.get(fait), Some((TypeFait::Liste, _)))
    }

    /// Vrai quand deux états ont une réponse commune.
    fn se_croisent(&self, fait: usize, x: Etat, y: Etat) -> bool {
        if self.est_liste(fait) {
            (x.a & y.b) | (x.b & y.a) == 0
        } else {
            x.a & y.a != 0
        }
    }

    /// Les réponses possibles d'un état, écrites comme dans les fichiers.
    pub fn decrire(&self, schema: &Schema, fait: usize, e: Etat) -> Vec<String> {
        let Some(def) = schema.def(fait) else {
            return Vec::new();
        };
        let nom = |r: u32| {
            def.valeurs
                .get(r as usize)
                .map(|v| v.libelle.clone())
                .unwrap_or_default()
        };
        match def.type_fait {
            TypeFait::Booleen => {
                let mut v = Vec::new();
                if e.a & 0b10 != 0 {
                    v.push("oui".to_string());
                }
                if e.a & 0b01 != 0 {
                    v.push("non".to_string());
                }
                v
            }
            TypeFait::Choix => (0..64).filter(|r| e.a & (1 << r) != 0).map(nom).collect(),
            TypeFait::Liste => {
                let mut v: Vec<String> = (0..64)
                    .filter(|r| e.a & (1 << r) != 0)
                    .map(|r| format!("avec « {} »", nom(r)))
                    .collect();
                v.extend(
                    (0..64)
                        .filter(|r| e.b & (1 << r) != 0)
                        .map(|r| format!("sans « {} »", nom(r))),
                );
                v
            }
            TypeFait::Texte => Vec::new(),
        }
    }
}

/// Évaluation à trois valeurs sur un pavé : `Some` quand la valeur est la
/// même pour toutes les réponses du pavé.
pub fn kleene(n: &Noeud, etats: &[Etat], codage: &Codage, date: u32) -> Option<bool> {
    let etat = |f: usize| etats.get(f).copied().unwrap_or(Etat { a: 0, b: 0 });
    match n {
        Noeud::Constante(b) => Some(*b),
        Noeud::Booleen(f) => match etat(*f).a {
            0b10 => Some(true),
            0b01 => Some(false),
            _ => None,
        },
        Noeud::MemeReponse(x, y) => match (etat(*x).a, etat(*y).a) {
            (a @ (0b01 | 0b10), b @ (0b01 | 0b10)) => Some(a == b),
            _ => None,
        },
        Noeud::Choix { fait, masque } => {
            let p = etat(*fait).a;
            if p & !masque == 0 {
                Some(true)
            } else if p & masque == 0 {
                Some(false)
            } else {
                None
            }
        }
        Noeud::Contient { fait, rang } => {
            let e = etat(*fait);
            let bit = 1u64 << rang;
            if e.a & bit != 0 {
                Some(true)
            } else if e.b & bit != 0 {
                Some(false)
            } else {
                None
            }
        }
        Noeud::Longueur { fait, ordre, n } => {
            let e = etat(*fait);
            let bas = e.a.count_ones();
            let haut = codage.taille(*fait).saturating_sub(e.b.count_ones());
            longueur(*ordre, *n, bas, haut)
        }
        Noeud::Date { ordre, jour } => Some(ordre.teste(date, *jour)),
        Noeud::Non(m) => kleene(m, etats, codage, date).map(|b| !b),
        Noeud::Et(v) => {
            let mut indecis = false;
            for m in v {
                match kleene(m, etats, codage, date) {
                    Some(false) => return Some(false),
                    None => indecis = true,
                    Some(true) => {}
                }
            }
            if indecis { None } else { Some(true) }
        }
        Noeud::Ou(v) => {
            let mut indecis = false;
            for m in v {
                match kleene(m, etats, codage, date) {
                    Some(true) => return Some(true),
                    None => indecis = true,
                    Some(false) => {}
                }
            }
            if indecis { None } else { Some(false) }
        }
    }
}

/// `k OP n` pour tout `k` de `bas..=haut` : `Some` quand c'est la même valeur.
fn longueur(ordre: Ordre, n: u32, bas: u32, haut: u32) -> Option<bool> {
    let (tous, aucun) = match ordre {
        Ordre::Egal => (bas == n && haut == n, n < bas || n > haut),
        Ordre::Different => (n < bas || n > haut, bas == n && haut == n),
        Ordre::Inferieur => (haut < n, bas >= n),
        Ordre::InferieurOuEgal => (haut <= n, bas > n),
        Ordre::Superieur => (bas > n, haut <= n),
        Ordre::SuperieurOuEgal => (bas >= n, haut < n),
    };
    if tous {
        Some(true)
    } else if aucun {
        Some(false)
    } else {
        None
    }
}

/// Un atome indécis sur ce pavé (le premier que l'évaluation rencontre).
fn atome_indecis<'n>(
    n: &'n Noeud,
    etats: &[Etat],
    codage: &Codage,
    date: u32,
) -> Option<&'n Noeud> {
    match n {
        Noeud::Non(m) => atome_indecis(m, etats, codage, date),
        Noeud::Et(v) | Noeud::Ou(v) => v
            .iter()
            .filter(|m| kleene(m, etats, codage, date).is_none())
            .find_map(|m| atome_indecis(m, etats, codage, date)),
        atome => kleene(atome, etats, codage, date)
            .is_none()
            .then_some(atome),
    }
}

/// Coupe le pavé en deux selon un atome indécis : (fait, moitié 1, moitié 2).
fn couper(atome: &Noeud, etats: &[Etat], codage: &Codage) -> Option<(usize, Etat, Etat)> {
    let etat = |f: usize| etats.get(f).copied();
    match atome {
        Noeud::Booleen(f) => Some((*f, Etat { a: 0b10, b: 0 }, Etat { a: 0b01, b: 0 })),
        Noeud::MemeReponse(x, y) => {
            let f = if etat(*x)?.a.count_ones() > 1 { *x } else { *y };
            Some((f, Etat { a: 0b10, b: 0 }, Etat { a: 0b01, b: 0 }))
        }
        Noeud::Choix { fait, masque } => {
            let e = etat(*fait)?;
            Some((
                *fait,
                Etat {
                    a: e.a & masque,
                    b: 0,
                },
                Etat {
                    a: e.a & !masque,
                    b: 0,
                },
            ))
        }
        Noeud::Contient { fait, rang } => {
            let e = etat(*fait)?;
            let bit = 1u64 << rang;
            Some((
                *fait,
                Etat {
                    a: e.a | bit,
                    b: e.b,
                },
                Etat {
                    a: e.a,
                    b: e.b | bit,
                },
            ))
        }
        Noeud::Longueur { fait, .. } => {
            let e = etat(*fait)?;
            let libres = plein(codage.taille(*fait)) & !(e.a | e.b);
            if libres == 0 {
                return None;
            }
            let bit = 1u64 << libres.trailing_zeros();
            Some((
                *fait,
                Etat {
                    a: e.a | bit,
                    b: e.b,
                },
                Etat {
                    a: e.a,
                    b: e.b | bit,
                },
            ))
        }
        _ => None,
    }
}

/// Une feuille de la recherche : un pavé sur lequel la condition est constante.
#[derive(Debug, Clone)]
pub struct Feuille {
    /// Les états des faits lus, dans l'ordre de `lus`.
    pub etats: Vec<Etat>,
    /// La valeur de la condition sur ce pavé.
    pub valeur: bool,
}

/// Le budget de la recherche a été épuisé : rien n'est prouvé.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetEpuise;

/// Une recherche sur les réponses possibles.
pub struct Recherche<'a> {
    /// Le codage des faits.
    pub codage: &'a Codage,
    /// Date de l'évaluation (`AAAAMMJJ`).
    pub date: u32,
    /// Nœuds qu'il reste le droit de visiter.
    pub budget: usize,
    /// Faits dont les feuilles gardent l'état (vide : aucune feuille gardée).
    pub lus: &'a [usize],
    /// Feuilles trouvées, quand `lus` n'est pas vide.
    pub feuilles: Vec<Feuille>,
    /// S'arrêter dès qu'une feuille de cette valeur est trouvée.
    pub arret: Option<bool>,
}

/// Quelles valeurs la condition atteint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Atteint {
    /// Vraie pour au moins une réponse.
    pub vrai: bool,
    /// Fausse pour au moins une réponse.
    pub faux: bool,
}

impl Recherche<'_> {
    /// Explore les réponses possibles du pavé `etats` (rendu intact).
    pub fn explorer(&mut self, n: &Noeud, etats: &mut [Etat]) -> Result<Atteint, BudgetEpuise> {
        if self.budget == 0 {
            return Err(BudgetEpuise);
        }
        self.budget -= 1;
        if let Some(v) = kleene(n, etats, self.codage, self.date) {
            if !self.lus.is_empty() {
                self.feuilles.push(Feuille {
                    etats: self
                        .lus
                        .iter()
                        .map(|f| etats.get(*f).copied().unwrap_or(Etat { a: 0, b: 0 }))
                        .collect(),
                    valeur: v,
                });
            }
            return Ok(Atteint { vrai: v, faux: !v });
        }
        let Some((fait, e1, e2)) = atome_indecis(n, etats, self.codage, self.date)
            .and_then(|a| couper(a, etats, self.codage))
        else {
            // Impossible pour une condition typée ; ne rien affirmer.
            return Err(BudgetEpuise);
        };
        let Some(ancien) = etats.get(fait).copied() else {
            return Err(BudgetEpuise);
        };
        let mut total = Atteint::default();
        for moitie in [e1, e2] {
            etats[fait] = moitie;
            let r = self.explorer(n, etats);
            etats[fait] = ancien;
            let r = r?;
            total.vrai |= r.vrai;
            total.faux |= r.faux;
            if (self.arret == Some(true) && total.vrai) || (self.arret == Some(false) && total.faux)
            {
                break;
            }
        }
        Ok(total)
    }
}

/// Les faits (parmi `lus`) dont la réponse peut changer la valeur de la
/// condition, lus sur les feuilles d'une recherche complète.
pub fn faits_determinants(feuilles: &[Feuille], lus: &[usize], codage: &Codage) -> Vec<usize> {
    let mut trouves = vec![false; lus.len()];
    let (vraies, fausses): (Vec<&Feuille>, Vec<&Feuille>) = feuilles.iter().partition(|f| f.valeur);
    for v in &vraies {
        for f in &fausses {
            let mut separe = None;
            let mut plusieurs = false;
            for (k, fait) in lus.iter().enumerate() {
                let (Some(x), Some(y)) = (v.etats.get(k), f.etats.get(k)) else {
                    continue;
                };
                if !codage.se_croisent(*fait, *x, *y) {
                    if separe.is_some() {
                        plusieurs = true;
                        break;
                    }
                    separe = Some(k);
                }
            }
            if let (Some(k), false) = (separe, plusieurs)
                && let Some(t) = trouves.get_mut(k)
            {
                *t = true;
            }
        }
        if trouves.iter().all(|t| *t) {
            break;
        }
    }
    lus.iter()
        .zip(trouves)
        .filter(|(_, t)| *t)
        .map(|(f, _)| *f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longueur_sur_un_intervalle() {
        assert_eq!(longueur(Ordre::Superieur, 0, 0, 8), None);
        assert_eq!(longueur(Ordre::Superieur, 0, 1, 8), Some(true));
        assert_eq!(longueur(Ordre::Egal, 2, 0, 1), Some(false));
        assert_eq!(longueur(Ordre::Egal, 2, 2, 2), Some(true));
        assert_eq!(longueur(Ordre::Different, 2, 2, 2), Some(false));
        assert_eq!(longueur(Ordre::InferieurOuEgal, 3, 0, 3), Some(true));
        assert_eq!(longueur(Ordre::SuperieurOuEgal, 3, 0, 2), Some(false));
    }
}
