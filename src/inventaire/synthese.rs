//! La synthèse d'un inventaire (DESIGN §4 `synthese`) : des comptes par
//! verdict, par règle les outils qui l'enfreignent, et chaque dérogation avec
//! son état. Elle se construit une évaluation à la fois, sans rapport : les
//! noms d'outils sont rangés bout à bout dans une seule chaîne et désignés par
//! leur numéro, les règles par leur indice dans la base, si bien que la
//! mémoire d'un inventaire de 100 000 outils reste de quelques mégaoctets.

use crate::base::Base;
use crate::derogations::{BilanDerogation, EtatDerogation};
use crate::evaluation::Evaluation;
use crate::moteur::{Certitude, Verdict};
use crate::regles::Gravite;
use crate::reponses::Reponses;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// Des numéros d'outils croissants, rangés par écarts en octets variables
/// (7 bits par octet) : un octet par outil le plus souvent, au lieu de quatre.
#[derive(Debug, Clone, Default)]
pub struct Numeros {
    octets: Vec<u8>,
    dernier: u32,
    nombre: usize,
}

impl Numeros {
    /// Ajoute `n`, qui n'est pas plus petit que le dernier ajouté.
    pub fn ajouter(&mut self, n: u32) {
        let mut ecart = n.saturating_sub(self.dernier);
        self.dernier = n;
        self.nombre += 1;
        loop {
            let bas = (ecart & 0x7f) as u8;
            ecart >>= 7;
            if ecart == 0 {
                self.octets.push(bas);
                return;
            }
            self.octets.push(bas | 0x80);
        }
    }

    /// Combien de numéros.
    pub fn len(&self) -> usize {
        self.nombre
    }

    /// Vrai quand il n'y en a aucun.
    pub fn is_empty(&self) -> bool {
        self.nombre == 0
    }

    /// Les numéros, dans l'ordre.
    pub fn iter(&self) -> impl Iterator<Item = u32> + Clone + '_ {
        let mut k = 0;
        let mut courant = 0u32;
        std::iter::from_fn(move || {
            let mut ecart = 0u32;
            let mut decalage = 0;
            loop {
                let b = *self.octets.get(k)?;
                k += 1;
                ecart |= u32::from(b & 0x7f) << decalage;
                decalage += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            courant += ecart;
            Some(courant)
        })
    }
}

/// Les outils qui ont déclenché une règle (numéros d'outils).
#[derive(Debug, Clone, Default)]
pub struct ParRegle {
    /// Indice de la règle dans la base.
    pub regle: usize,
    /// Outils pour lesquels le constat est certain (hors dérogation).
    pub certains: Numeros,
    /// Outils pour lesquels il est à confirmer (hors dérogation).
    pub possibles: Numeros,
    /// Outils pour lesquels une dérogation le lève.
    pub deroges: Numeros,
}

impl ParRegle {
    fn vide(&self) -> bool {
        self.certains.is_empty() && self.possibles.is_empty() && self.deroges.is_empty()
    }
}

/// Une dérogation d'un outil.
#[derive(Debug, Clone)]
struct DerogationOutil {
    outil: u32,
    bilan: BilanDerogation,
}

/// La synthèse en cours.
#[derive(Debug, Clone, Default)]
pub struct Cumul {
    noms: String,
    fins: Vec<u32>,
    verdicts_outils: Vec<Verdict>,
    manquantes: Vec<u16>,
    verdicts: [usize; 5],
    regles: Vec<ParRegle>,
    derogations: Vec<DerogationOutil>,
    pire: Option<Verdict>,
}

fn rang_verdict(v: Verdict) -> usize {
    Verdict::TOUS.iter().position(|x| *x == v).unwrap_or(0)
}

fn numero(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Cumul {
    /// Une synthèse vide pour une base de `regles` règles.
    pub fn new(regles: usize) -> Cumul {
        Cumul {
            regles: (0..regles)
                .map(|regle| ParRegle {
                    regle,
                    ..ParRegle::default()
                })
                .collect(),
            ..Cumul::default()
        }
    }

    /// Ajoute l'évaluation d'un outil.
    pub fn ajouter(&mut self, base: &Base, reponses: &Reponses, e: &Evaluation) {
        let outil = numero(self.fins.len());
        self.noms.push_str(&reponses.outil);
        self.fins.push(numero(self.noms.len()));
        let v = e.verdict();
        self.verdicts_outils.push(v);
        self.manquantes
            .push(u16::try_from(e.a_confirmer.len()).unwrap_or(u16::MAX));
        if let Some(n) = self.verdicts.get_mut(rang_verdict(v)) {
            *n += 1;
        }
        self.pire = Some(self.pire.map_or(v, |p| p.max(v)));
        while self.regles.len() < base.regles().len() {
            let regle = self.regles.len();
            self.regles.push(ParRegle {
                regle,
                ..ParRegle::default()
            });
        }
        for (k, c) in e.constats().iter().enumerate() {
            if let Some(p) = self.regles.get_mut(c.regle) {
                match (e.est_deroge(k), c.certitude) {
                    (true, _) => p.deroges.ajouter(outil),
                    (false, Certitude::Certain) => p.certains.ajouter(outil),
                    (false, Certitude::Possible) => p.possibles.ajouter(outil),
                }
            }
        }
        self.derogations
            .extend(e.derogations.bilans.iter().map(|b| DerogationOutil {
                outil,
                bilan: b.clone(),
            }));
    }

    /// Le pire verdict vu, si un outil a été évalué.
    pub fn pire(&self) -> Option<Verdict> {
        self.pire
    }

    /// Nombre d'outils évalués.
    pub fn outils(&self) -> usize {
        self.fins.len()
    }

    /// Nombre d'outils de verdict `v`.
    pub fn nombre(&self, v: Verdict) -> usize {
        self.verdicts.get(rang_verdict(v)).copied().unwrap_or(0)
    }

    /// Les outils (numéro, nom) de verdict `v`, dans l'ordre de l'inventaire.
    pub fn de_verdict(&self, v: Verdict) -> impl Iterator<Item = (u32, &str)> {
        self.verdicts_outils
            .iter()
            .enumerate()
            .filter(move |(_, x)| **x == v)
            .map(|(i, _)| (numero(i), self.nom(numero(i))))
    }

    /// Nombre de réponses manquantes de l'outil numéro `i`.
    pub fn manquantes(&self, i: u32) -> usize {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.manquantes.get(i))
            .map_or(0, |n| usize::from(*n))
    }

    /// Les dérogations des outils : (outil, dérogation).
    pub fn derogations(&self) -> impl Iterator<Item = (&str, &BilanDerogation)> {
        self.derogations
            .iter()
            .map(|d| (self.nom(d.outil), &d.bilan))
    }

    /// Le nom de l'outil numéro `i`.
    pub fn nom(&self, i: u32) -> &str {
        let Ok(i) = usize::try_from(i) else {
            return "";
        };
        let debut = match i.checked_sub(1) {
            None => 0,
            Some(p) => self.fins.get(p).map_or(0, |f| *f as usize),
        };
        let fin = self.fins.get(i).map_or(debut, |f| *f as usize);
        self.noms.get(debut..fin).unwrap_or_default()
    }

    /// La synthèse telle que les rapports la montrent.
    pub fn synthese<'a>(&'a self, base: &'a Base, erreurs: usize) -> Synthese<'a> {
        let mut regles: Vec<&ParRegle> = self.regles.iter().filter(|p| !p.vide()).collect();
        let id = |p: &ParRegle| base.regles().get(p.regle).map(|r| r.id.as_str());
        regles.sort_by_key(|p| {
            (
                std::cmp::Reverse(base.regles().get(p.regle).map(|r| r.gravite)),
                std::cmp::Reverse(p.certains.len()),
                std::cmp::Reverse(p.possibles.len()),
                id(p),
            )
        });
        Synthese {
            cumul: self,
            base,
            regles,
            erreurs,
        }
    }
}

/// La synthèse telle que les rapports la montrent : ses champs JSON
/// (DESIGN §4) par `Serialize`, ses listes par ses méthodes.
pub struct Synthese<'a> {
    /// Les comptes.
    pub cumul: &'a Cumul,
    base: &'a Base,
    /// Les règles déclenchées, la plus grave et la plus fréquente d'abord.
    pub regles: Vec<&'a ParRegle>,
    /// Nombre d'entrées illisibles.
    pub erreurs: usize,
}

impl Synthese<'_> {
    /// La base des règles.
    pub fn base(&self) -> &Base {
        self.base
    }
}

/// Des numéros d'outils, écrits comme la liste de leurs noms.
struct Noms<'a>(&'a Cumul, &'a Numeros);

impl Serialize for Noms<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|i| self.0.nom(i)))
    }
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

/// Les comptes des dérogations (état par état).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ComptesDerogations {
    /// Toutes.
    pub total: usize,
    /// En vigueur.
    pub appliquees: usize,
    /// Expirées.
    pub expirees: usize,
    /// Refusées (un constat `interdit`).
    pub refusees: usize,
    /// Sans constat à lever.
    pub inutilisees: usize,
    /// En vigueur, expirant dans les 30 jours.
    pub expirent_bientot: usize,
}

impl Cumul {
    /// Les comptes des dérogations.
    pub fn comptes_derogations(&self) -> ComptesDerogations {
        let d = &self.derogations;
        let compte = |e: EtatDerogation| d.iter().filter(|x| x.bilan.etat == e).count();
        ComptesDerogations {
            total: d.len(),
            appliquees: compte(EtatDerogation::Appliquee),
            expirees: compte(EtatDerogation::Expiree),
            refusees: compte(EtatDerogation::Refusee),
            inutilisees: compte(EtatDerogation::Inutilisee),
            expirent_bientot: d.iter().filter(|x| x.bilan.expire_bientot()).count(),
        }
    }
}

struct SyntheseDerogations<'a>(&'a Cumul);

impl Serialize for SyntheseDerogations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0.comptes_derogations();
        let mut m = s.serialize_struct("derogations", 7)?;
        m.serialize_field("total", &c.total)?;
        m.serialize_field("appliquees", &c.appliquees)?;
        m.serialize_field("expirees", &c.expirees)?;
        m.serialize_field("refusees", &c.refusees)?;
        m.serialize_field("inutilisees", &c.inutilisees)?;
        m.serialize_field("expirent_bientot", &c.expirent_bientot)?;
        m.serialize_field(
            "liste",
            &Liste(self.0.derogations.iter().map(|x| DerogationVue {
                outil: self.0.nom(x.outil),
                bilan: &x.bilan,
                expire_bientot: x.bilan.expire_bientot(),
            })),
        )?;
        m.end()
    }
}

/// Une liste écrite au fil de l'eau, sans être rassemblée d'abord.
struct Liste<I>(I);

impl<I, T> Serialize for Liste<I>
where
    I: Iterator<Item = T> + Clone,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

impl Serialize for Synthese<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.cumul;
        let regles = self.base.regles();
        let mut m = s.serialize_struct("synthese", 5)?;
        m.serialize_field("outils", &c.outils())?;
        m.serialize_field("entrees_en_erreur", &self.erreurs)?;
        m.serialize_field("verdicts", &Comptes(c))?;
        m.serialize_field(
            "regles",
            &Liste(self.regles.iter().filter_map(|p| {
                let r = regles.get(p.regle)?;
                Some(RegleVue {
                    regle: &r.id,
                    titre: &r.titre,
                    gravite: r.gravite,
                    gravite_libelle: r.gravite.libelle(),
                    outils: Noms(c, &p.certains),
                    possibles: Noms(c, &p.possibles),
                    derogees: Noms(c, &p.deroges),
                })
            })),
        )?;
        m.serialize_field("derogations", &SyntheseDerogations(c))?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Sources;
    use crate::moteur::Moteur;

    #[test]
    fn numeros_par_ecarts() {
        let mut n = Numeros::default();
        let valeurs = [0, 0, 1, 127, 128, 300, 16_384, 2_000_000, u32::MAX];
        for v in valeurs {
            n.ajouter(v);
        }
        assert_eq!(n.len(), valeurs.len());
        assert_eq!(n.iter().collect::<Vec<_>>(), valeurs);
        let mut serres = Numeros::default();
        for v in 0..1000 {
            serres.ajouter(v);
        }
        assert_eq!(serres.octets.len(), 1000, "un octet par outil voisin");
        assert!(Numeros::default().is_empty());
    }

    #[test]
    fn noms_ranges_bout_a_bout_et_comptes() {
        let (base, _) = Base::charger(&Sources::default());
        let m = Moteur::new(&base).unwrap();
        let mut c = Cumul::new(base.regles().len());
        for (outil, fichier) in [
            ("Premier", "exemples/chatgpt-5e.yaml"),
            ("", "exemples/ent-assistant-lycee.yaml"),
            ("Troisième é", "exemples/chatgpt-5e.yaml"),
        ] {
            let texte = std::fs::read_to_string(fichier).unwrap();
            let mut r = Reponses::lire(&texte, fichier, &base).unwrap();
            r.outil = outil.to_string();
            let e =
                Evaluation::des_reponses(&m, &r, crate::date::Date::depuis("2026-12-01").unwrap())
                    .unwrap();
            c.ajouter(&base, &r, &e);
        }
        assert_eq!(c.outils(), 3);
        assert_eq!(
            (c.nom(0), c.nom(1), c.nom(2), c.nom(3)),
            ("Premier", "", "Troisième é", "")
        );
        assert_eq!(c.nombre(Verdict::Interdit), 2);
        let interdits: Vec<&str> = c.de_verdict(Verdict::Interdit).map(|x| x.1).collect();
        assert_eq!(interdits, ["Premier", "Troisième é"]);
        let s = serde_json::to_value(c.synthese(&base, 1)).unwrap();
        assert_eq!(s["outils"], 3);
        assert_eq!(s["entrees_en_erreur"], 1);
        let d3 = s["regles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["regle"] == "DONNEES-03")
            .unwrap();
        assert_eq!(d3["outils"], serde_json::json!(["Premier", "Troisième é"]));
    }
}
