//! Évaluation exacte des conditions avec des réponses manquantes.
//!
//! Ce qu'on sait d'un fait est un [`Etat`] : l'ensemble des valeurs encore
//! possibles (un seul élément quand la réponse est connue). Une liste est
//! vue valeur par valeur — chacune sûrement dedans, sûrement dehors, ou
//! inconnue — avec des bornes sur son nombre de valeurs. Un ensemble d'états
//! est un « pavé » de réponses possibles.
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
use crate::faits::{Faits, Schema, TypeFait, Valeur};

/// Ce qu'on sait d'un fait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Etat {
    /// Oui/non et choix : les rangs encore possibles (oui/non : bit 0 = non,
    /// bit 1 = oui). Liste : les valeurs sûrement présentes.
    pub(crate) a: u64,
    /// Liste : les valeurs sûrement absentes.
    pub(crate) b: u64,
    /// Liste : au moins ce nombre de valeurs.
    pub(crate) min: u8,
    /// Liste : au plus ce nombre de valeurs.
    pub(crate) max: u8,
}

impl Etat {
    const fn de(a: u64) -> Etat {
        Etat {
            a,
            b: 0,
            min: 0,
            max: 64,
        }
    }

    fn liste(a: u64, b: u64, min: u32, max: u32) -> Etat {
        Etat {
            a,
            b,
            min: min.min(64) as u8,
            max: max.min(64) as u8,
        }
    }
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
            Some((TypeFait::Booleen, _)) => Etat::de(0b11),
            Some((TypeFait::Choix, t)) => Etat::de(plein(*t)),
            Some((TypeFait::Liste, t)) => Etat::liste(0, 0, 0, *t),
            _ => Etat::de(0),
        }
    }

    /// L'état d'un fait dont la réponse est `v` (rangs dans le domaine).
    /// Une valeur hors domaine (impossible après typage) compte comme inconnue.
    pub fn connu(&self, schema: &Schema, fait: usize, v: &Valeur) -> Etat {
        let Some((genre, taille)) = self.domaines.get(fait) else {
            return Etat::de(0);
        };
        let rang = |s: &str| {
            schema
                .def(fait)
                .and_then(|d| d.valeurs.iter().position(|p| p.id == s))
                .filter(|r| *r < 64)
        };
        match (genre, v) {
            (TypeFait::Booleen, Valeur::Booleen(b)) => Etat::de(if *b { 0b10 } else { 0b01 }),
            (TypeFait::Choix, Valeur::Texte(s)) => match rang(s) {
                Some(r) => Etat::de(1 << r),
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
                let n = dedans.count_ones();
                Etat::liste(dedans, plein(*taille) & !dedans, n, n)
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
        if !self.est_liste(fait) {
            return x.a & y.a != 0;
        }
        let (dedans, dehors) = (x.a | y.a, x.b | y.b);
        if dedans & dehors != 0 {
            return false;
        }
        let libres = (plein(self.taille(fait)) & !(dedans | dehors)).count_ones();
        let bas = u32::from(x.min.max(y.min)).max(dedans.count_ones());
        let haut = u32::from(x.max.min(y.max)).min(dedans.count_ones() + libres);
        bas <= haut
    }

    /// Les bornes du nombre de valeurs d'une liste sur ce pavé.
    fn bornes(&self, fait: usize, e: Etat) -> (u32, u32) {
        let bas = u32::from(e.min).max(e.a.count_ones());
        let haut = u32::from(e.max).min(self.taille(fait).saturating_sub(e.b.count_ones()));
        (bas, haut)
    }

    /// Rend explicites les valeurs que les bornes imposent (toutes les
    /// valeurs libres dehors quand le minimum est atteint, dedans quand le
    /// maximum l'est) ; `None` quand l'état ne contient aucune liste.
    fn normaliser(&self, fait: usize, e: Etat) -> Option<Etat> {
        let (bas, haut) = self.bornes(fait, e);
        if bas > haut {
            return None;
        }
        let libres = plein(self.taille(fait)) & !(e.a | e.b);
        let mut n = Etat::liste(e.a, e.b, bas, haut);
        if haut == e.a.count_ones() {
            n.b |= libres;
        } else if bas == self.taille(fait).saturating_sub(e.b.count_ones()) {
            n.a |= libres;
        }
        Some(n)
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
                if !self.est_connu(fait, e) {
                    let (bas, haut) = self.bornes(fait, e);
                    let taille = self.taille(fait);
                    if haut == 0 {
                        v.push("aucune valeur".to_string());
                    } else if bas > e.a.count_ones() {
                        v.push(format!(
                            "au moins {bas} valeur{}",
                            if bas > 1 { "s" } else { "" }
                        ));
                    }
                    if haut > 0 && haut < taille.saturating_sub(e.b.count_ones()) {
                        v.push(format!(
                            "au plus {haut} valeur{}",
                            if haut > 1 { "s" } else { "" }
                        ));
                    }
                }
                v
            }
            TypeFait::Texte => Vec::new(),
        }
    }
}

/// Évaluation à trois valeurs sur un pavé : `Some` quand la valeur est la
/// même pour toutes les réponses du pavé.
pub fn kleene(n: &Noeud, etats: &[Etat], codage: &Codage, date: u32) -> Option<bool> {
    let etat = |f: usize| etats.get(f).copied().unwrap_or_default();
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
            let (bas, haut) = codage.bornes(*fait, etat(*fait));
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

/// Ce que l'évaluation à trois valeurs conclut sur un pavé.
enum Decision<'n> {
    /// Constante sur le pavé.
    Decide(bool),
    /// Indécise : le premier atome indécis rencontré.
    Indecis(&'n Noeud),
}

/// Évaluation à trois valeurs qui rend, si elle est indécise, un atome
/// indécis selon lequel couper (en une seule passe).
fn decider<'n>(n: &'n Noeud, etats: &[Etat], codage: &Codage, date: u32) -> Decision<'n> {
    match n {
        Noeud::Non(m) => match decider(m, etats, codage, date) {
            Decision::Decide(b) => Decision::Decide(!b),
            i => i,
        },
        Noeud::Et(v) | Noeud::Ou(v) => {
            let absorbant = matches!(n, Noeud::Ou(_));
            let mut indecis = None;
            for m in v {
                match decider(m, etats, codage, date) {
                    Decision::Decide(b) if b == absorbant => return Decision::Decide(b),
                    Decision::Decide(_) => {}
                    Decision::Indecis(a) => {
                        if indecis.is_none() {
                            indecis = Some(a);
                        }
                    }
                }
            }
            match indecis {
                Some(a) => Decision::Indecis(a),
                None => Decision::Decide(!absorbant),
            }
        }
        atome => match kleene(atome, etats, codage, date) {
            Some(b) => Decision::Decide(b),
            None => Decision::Indecis(atome),
        },
    }
}

/// Coupe le pavé en deux selon un atome indécis : (fait, moitié 1, moitié 2).
/// Les deux moitiés sont non vides et forment une partition.
fn couper(atome: &Noeud, etats: &[Etat], codage: &Codage) -> Option<(usize, Etat, Etat)> {
    let etat = |f: usize| etats.get(f).copied();
    let deux =
        |f: usize, x: Etat, y: Etat| Some((f, codage.normaliser(f, x)?, codage.normaliser(f, y)?));
    match atome {
        Noeud::Booleen(f) => Some((*f, Etat::de(0b10), Etat::de(0b01))),
        Noeud::MemeReponse(x, y) => {
            let f = if etat(*x)?.a.count_ones() > 1 { *x } else { *y };
            Some((f, Etat::de(0b10), Etat::de(0b01)))
        }
        Noeud::Choix { fait, masque } => {
            let e = etat(*fait)?;
            Some((*fait, Etat::de(e.a & masque), Etat::de(e.a & !masque)))
        }
        Noeud::Contient { fait, rang } => {
            let e = etat(*fait)?;
            let bit = 1u64 << rang;
            deux(
                *fait,
                Etat { a: e.a | bit, ..e },
                Etat { b: e.b | bit, ..e },
            )
        }
        Noeud::Longueur { fait, ordre, n } => {
            // Coupe selon le nombre de valeurs : au plus `t`, ou plus de `t`.
            let e = etat(*fait)?;
            let (bas, haut) = codage.bornes(*fait, e);
            let t = match ordre {
                Ordre::Superieur | Ordre::InferieurOuEgal => *n,
                Ordre::SuperieurOuEgal | Ordre::Inferieur => n.checked_sub(1)?,
                Ordre::Egal | Ordre::Different if *n < haut => *n,
                Ordre::Egal | Ordre::Different => n.checked_sub(1)?,
            };
            if t < bas || t >= haut {
                return None;
            }
            deux(
                *fait,
                Etat::liste(e.a, e.b, bas, t),
                Etat::liste(e.a, e.b, t + 1, haut),
            )
        }
        _ => None,
    }
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
    /// S'arrêter dès qu'une feuille de cette valeur est trouvée.
    pub arret: Option<bool>,
    /// États des faits de `lus` aux feuilles, feuille après feuille.
    etats_feuilles: Vec<Etat>,
    /// Valeur de la condition à chaque feuille.
    valeurs_feuilles: Vec<bool>,
    /// Faits déjà prouvés déterminants : coupés en deux moitiés de valeurs
    /// constantes et opposées.
    prouves: Vec<usize>,
}

/// Quelles valeurs la condition atteint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Atteint {
    /// Vraie pour au moins une réponse.
    pub vrai: bool,
    /// Fausse pour au moins une réponse.
    pub faux: bool,
}

impl<'a> Recherche<'a> {
    /// Une recherche à la date `date` (`AAAAMMJJ`) ; les feuilles gardent
    /// l'état des faits `lus` ; `arret` : s'arrêter à la première feuille de
    /// cette valeur.
    pub fn new(
        codage: &'a Codage,
        date: u32,
        budget: usize,
        lus: &'a [usize],
        arret: Option<bool>,
    ) -> Self {
        Recherche {
            codage,
            date,
            budget,
            lus,
            arret,
            etats_feuilles: Vec::new(),
            valeurs_feuilles: Vec::new(),
            prouves: Vec::new(),
        }
    }

    /// Les feuilles trouvées : états des faits de `lus` et valeur.
    pub fn feuilles(&self) -> impl Iterator<Item = (&[Etat], bool)> {
        self.etats_feuilles
            .chunks(self.lus.len().max(1))
            .zip(self.valeurs_feuilles.iter().copied())
    }

    /// Explore les réponses possibles du pavé `etats` (rendu intact).
    pub fn explorer(&mut self, n: &Noeud, etats: &mut [Etat]) -> Result<Atteint, BudgetEpuise> {
        if self.budget == 0 {
            return Err(BudgetEpuise);
        }
        self.budget -= 1;
        let atome = match decider(n, etats, self.codage, self.date) {
            Decision::Decide(v) => {
                if !self.lus.is_empty() {
                    self.etats_feuilles.extend(
                        self.lus
                            .iter()
                            .map(|f| etats.get(*f).copied().unwrap_or_default()),
                    );
                    self.valeurs_feuilles.push(v);
                }
                return Ok(Atteint { vrai: v, faux: !v });
            }
            Decision::Indecis(a) => a,
        };
        let Some((fait, e1, e2)) = couper(atome, etats, self.codage) else {
            // Impossible pour une condition typée ; ne rien affirmer.
            return Err(BudgetEpuise);
        };
        let Some(ancien) = etats.get(fait).copied() else {
            return Err(BudgetEpuise);
        };
        let mut total = Atteint::default();
        let mut moities = [Atteint::default(); 2];
        for (k, moitie) in [e1, e2].into_iter().enumerate() {
            etats[fait] = moitie;
            let r = self.explorer(n, etats);
            etats[fait] = ancien;
            let r = r?;
            moities[k] = r;
            total.vrai |= r.vrai;
            total.faux |= r.faux;
            if (self.arret == Some(true) && total.vrai) || (self.arret == Some(false) && total.faux)
            {
                return Ok(total);
            }
        }
        // Deux moitiés constantes et opposées : ce fait compte.
        let pure = |a: Atteint| a.vrai != a.faux;
        if pure(moities[0])
            && pure(moities[1])
            && moities[0].vrai != moities[1].vrai
            && !self.prouves.contains(&fait)
        {
            self.prouves.push(fait);
        }
        Ok(total)
    }

    /// Les faits (parmi `lus`) dont la réponse peut changer la valeur de la
    /// condition, lus sur les feuilles d'une recherche complète : deux
    /// feuilles de valeurs opposées que seul ce fait sépare.
    pub fn faits_determinants(&self) -> Vec<usize> {
        let lus = self.lus;
        let mut trouves: Vec<bool> = lus.iter().map(|f| self.prouves.contains(f)).collect();
        let largeur = lus.len().max(1);
        let feuilles: Vec<(&[Etat], bool)> = self.feuilles().collect();
        let vraies: Vec<&[Etat]> = feuilles.iter().filter(|f| f.1).map(|f| f.0).collect();
        let fausses: Vec<&[Etat]> = feuilles.iter().filter(|f| !f.1).map(|f| f.0).collect();
        'paires: for v in &vraies {
            for f in &fausses {
                if trouves.iter().all(|t| *t) {
                    break 'paires;
                }
                let mut separe = None;
                for k in 0..largeur.min(v.len()).min(f.len()) {
                    if !self.codage.se_croisent(lus[k], v[k], f[k]) {
                        if separe.is_some() {
                            separe = None;
                            break;
                        }
                        separe = Some(k);
                    }
                }
                if let Some(k) = separe
                    && let Some(t) = trouves.get_mut(k)
                {
                    *t = true;
                }
            }
        }
        lus.iter()
            .zip(trouves)
            .filter(|(_, t)| *t)
            .map(|(f, _)| *f)
            .collect()
    }
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
