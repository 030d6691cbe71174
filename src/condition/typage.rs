//! Typage des conditions contre le schéma des faits : chaque nom est résolu
//! (fait, notion ou `date_evaluation`), chaque comparaison vérifiée, et
//! l'arbre compilé en [`Noeud`], la forme que l'évaluation lit.

use super::syntaxe::{Expr, Operateur, Plage};
use crate::faits::{Schema, TypeFait};

/// Nom réservé : la date de l'évaluation, comparée à une date `"AAAA-MM-JJ"`.
pub const DATE_EVALUATION: &str = "date_evaluation";

/// Plus grand domaine d'un fait choix ou liste lisible par une condition
/// (les valeurs tiennent dans un mot de 64 bits).
pub const DOMAINE_MAX: usize = 64;

/// Comparaison d'ordre, pour les longueurs et les dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordre {
    /// `==`
    Egal,
    /// `!=`
    Different,
    /// `<`
    Inferieur,
    /// `<=`
    InferieurOuEgal,
    /// `>`
    Superieur,
    /// `>=`
    SuperieurOuEgal,
}

impl Ordre {
    /// Vrai quand `a OP b`.
    pub fn teste(self, a: u32, b: u32) -> bool {
        match self {
            Ordre::Egal => a == b,
            Ordre::Different => a != b,
            Ordre::Inferieur => a < b,
            Ordre::InferieurOuEgal => a <= b,
            Ordre::Superieur => a > b,
            Ordre::SuperieurOuEgal => a >= b,
        }
    }

    /// L'ordre vu de l'autre côté (`3 < x` devient `x > 3`).
    fn retourne(self) -> Ordre {
        match self {
            Ordre::Inferieur => Ordre::Superieur,
            Ordre::InferieurOuEgal => Ordre::SuperieurOuEgal,
            Ordre::Superieur => Ordre::Inferieur,
            Ordre::SuperieurOuEgal => Ordre::InferieurOuEgal,
            o => o,
        }
    }

    fn depuis(op: Operateur) -> Option<Ordre> {
        Some(match op {
            Operateur::Egal => Ordre::Egal,
            Operateur::Different => Ordre::Different,
            Operateur::Inferieur => Ordre::Inferieur,
            Operateur::InferieurOuEgal => Ordre::InferieurOuEgal,
            Operateur::Superieur => Ordre::Superieur,
            Operateur::SuperieurOuEgal => Ordre::SuperieurOuEgal,
            Operateur::Dans | Operateur::PasDans => return None,
        })
    }
}

/// Une condition compilée : les faits sont des indices du schéma, les valeurs
/// des rangs dans leur domaine (un choix est un entier, une liste un ensemble
/// de bits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Noeud {
    /// Vrai ou faux.
    Constante(bool),
    /// Un fait oui/non vaut oui.
    Booleen(usize),
    /// Deux faits oui/non ont la même réponse.
    MemeReponse(usize, usize),
    /// La valeur d'un fait choix est dans l'ensemble (bits des rangs).
    Choix {
        /// Indice du fait.
        fait: usize,
        /// Rangs acceptés.
        masque: u64,
    },
    /// Une liste contient la valeur de rang `rang`.
    Contient {
        /// Indice du fait.
        fait: usize,
        /// Rang de la valeur.
        rang: u32,
    },
    /// Le nombre de valeurs d'une liste comparé à un entier.
    Longueur {
        /// Indice du fait.
        fait: usize,
        /// Comparaison.
        ordre: Ordre,
        /// Entier comparé.
        n: u32,
    },
    /// La date de l'évaluation comparée à une date (`AAAAMMJJ`).
    Date {
        /// Comparaison.
        ordre: Ordre,
        /// Date, écrite `AAAAMMJJ`.
        jour: u32,
    },
    /// Négation.
    Non(Box<Noeud>),
    /// Conjonction.
    Et(Vec<Noeud>),
    /// Disjonction.
    Ou(Vec<Noeud>),
}

impl Noeud {
    /// Ajoute à `faits` les faits lus (sans doublon).
    pub fn faits_lus(&self, faits: &mut Vec<usize>) {
        let mut ajouter = |f: usize| {
            if !faits.contains(&f) {
                faits.push(f);
            }
        };
        match self {
            Noeud::Constante(_) | Noeud::Date { .. } => {}
            Noeud::Booleen(f)
            | Noeud::Choix { fait: f, .. }
            | Noeud::Contient { fait: f, .. }
            | Noeud::Longueur { fait: f, .. } => ajouter(*f),
            Noeud::MemeReponse(a, b) => {
                ajouter(*a);
                ajouter(*b);
            }
            Noeud::Non(n) => n.faits_lus(faits),
            Noeud::Et(v) | Noeud::Ou(v) => v.iter().for_each(|n| n.faits_lus(faits)),
        }
    }

    /// Vrai quand la condition lit la date.
    pub fn lit_date(&self) -> bool {
        match self {
            Noeud::Date { .. } => true,
            Noeud::Non(n) => n.lit_date(),
            Noeud::Et(v) | Noeud::Ou(v) => v.iter().any(Noeud::lit_date),
            _ => false,
        }
    }

    /// `a and b` (`et`) or `a or b`, flattened: `(a and b) and c` is one list.
    fn joindre(a: Noeud, b: Noeud, et: bool) -> Noeud {
        let mut v = Vec::new();
        for n in [a, b] {
            match n {
                Noeud::Et(w) if et => v.extend(w),
                Noeud::Ou(w) if !et => v.extend(w),
                autre => v.push(autre),
            }
        }
        if et { Noeud::Et(v) } else { Noeud::Ou(v) }
    }

    fn non(n: Noeud) -> Noeud {
        match n {
            Noeud::Non(m) => *m,
            Noeud::Constante(b) => Noeud::Constante(!b),
            autre => Noeud::Non(Box::new(autre)),
        }
    }
}

/// Une notion : une sous-condition nommée, utilisable comme un fait oui/non.
#[derive(Debug, Clone)]
pub struct Notion {
    /// Identifiant (`donnees_personnelles_traitees`).
    pub id: String,
    /// Ce qu'elle veut dire, en français.
    pub description: String,
    /// Le texte de la condition.
    pub quand: String,
    /// La condition compilée.
    pub noeud: Noeud,
    /// Les notions qu'elle emploie (indices dans la liste des notions).
    pub emploie: Vec<usize>,
    /// Où elle est définie.
    pub origine: crate::diag::Position,
}

/// Le genre d'un problème de typage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenreErreur {
    /// Nom qui n'est ni un fait ni une notion.
    NomInconnu,
    /// Valeur hors du domaine du fait.
    HorsDomaine,
    /// Fait texte lu par une condition.
    FaitTexte,
    /// Types incompatibles.
    Type,
}

/// Un problème de typage, à sa place dans le texte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErreurType {
    /// Genre.
    pub genre: GenreErreur,
    /// Où.
    pub plage: Plage,
    /// Quoi, en français.
    pub message: String,
    /// Quoi faire.
    pub aide: String,
}

/// Ce qu'un terme désigne une fois résolu.
enum Terme {
    FaitBooleen(usize),
    FaitChoix(usize),
    FaitListe(usize),
    Longueur(usize),
    Date,
    Chaine(String),
    Entier(u32),
    Litteral(bool),
    ListeLitterale(Vec<(String, Plage)>),
    /// Une expression booléenne (comparaison, notion, négation…).
    Condition(Noeud),
}

/// Le typage d'une condition : schéma, notions connues, erreurs relevées.
pub struct Typeur<'a> {
    schema: &'a Schema,
    notions: &'a [Notion],
    /// Problèmes relevés (tous, pas seulement le premier).
    pub erreurs: Vec<ErreurType>,
    /// Notions utilisées (indices dans `notions`).
    pub notions_utilisees: Vec<usize>,
}

fn nom_fait(schema: &Schema, i: usize) -> &str {
    schema.def(i).map(|d| d.id.as_str()).unwrap_or("?")
}

/// Distance d'édition (Levenshtein), pour « vouliez-vous dire ».
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut ligne: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut precedent = ligne[0];
        ligne[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let ancien = ligne[j + 1];
            ligne[j + 1] = if ca == *cb {
                precedent
            } else {
                1 + precedent.min(ligne[j]).min(ligne[j + 1])
            };
            precedent = ancien;
        }
    }
    ligne[b.len()]
}

/// Le nom le plus proche de `nom` parmi `candidats`, s'il est assez proche.
pub fn plus_proche<'c>(nom: &str, candidats: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    candidats
        .map(|c| (distance(nom, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `"AAAA-MM-JJ"` en `AAAAMMJJ`, si c'est une vraie date.
pub fn jour(s: &str) -> Option<u32> {
    if !crate::date::valide(s) {
        return None;
    }
    let chiffres: String = s.chars().filter(char::is_ascii_digit).collect();
    chiffres.parse().ok()
}

impl<'a> Typeur<'a> {
    /// Un typeur sur ce schéma et ces notions.
    pub fn new(schema: &'a Schema, notions: &'a [Notion]) -> Self {
        Typeur {
            schema,
            notions,
            erreurs: Vec::new(),
            notions_utilisees: Vec::new(),
        }
    }

    fn signaler(
        &mut self,
        genre: GenreErreur,
        plage: Plage,
        message: String,
        aide: impl Into<String>,
    ) {
        self.erreurs.push(ErreurType {
            genre,
            plage,
            message,
            aide: aide.into(),
        });
    }

    /// Type une condition en position booléenne. `None` si une erreur a été relevée.
    pub fn typer(&mut self, e: &Expr) -> Option<Noeud> {
        let avant = self.erreurs.len();
        let n = self.booleen(e);
        if self.erreurs.len() > avant {
            None
        } else {
            Some(n)
        }
    }

    fn booleen(&mut self, e: &Expr) -> Noeud {
        match e {
            Expr::Et(a, b) => {
                let (a, b) = (self.booleen(a), self.booleen(b));
                Noeud::joindre(a, b, true)
            }
            Expr::Ou(a, b) => {
                let (a, b) = (self.booleen(a), self.booleen(b));
                Noeud::joindre(a, b, false)
            }
            Expr::Non(a, _) => Noeud::non(self.booleen(a)),
            Expr::Comparaison(op, a, b, p) => self.comparaison(*op, a, b, *p),
            _ => {
                let t = self.terme(e);
                self.en_booleen(t, e.plage())
            }
        }
    }

    fn en_booleen(&mut self, t: Option<Terme>, plage: Plage) -> Noeud {
        let defaut = Noeud::Constante(false);
        let Some(t) = t else { return defaut };
        match t {
            Terme::FaitBooleen(i) => Noeud::Booleen(i),
            Terme::Condition(n) => n,
            Terme::Litteral(b) => Noeud::Constante(b),
            Terme::FaitChoix(i) => {
                let id = nom_fait(self.schema, i).to_string();
                let exemple = self
                    .schema
                    .def(i)
                    .and_then(|d| d.valeurs.first())
                    .map(|v| v.id.clone())
                    .unwrap_or_default();
                self.signaler(
                    GenreErreur::Type,
                    plage,
                    format!("`{id}` est un fait à choix : il ne vaut ni vrai ni faux à lui seul"),
                    format!("comparez-le à une valeur : `{id} == \"{exemple}\"`"),
                );
                defaut
            }
            Terme::FaitListe(i) => {
                let id = nom_fait(self.schema, i).to_string();
                self.signaler(
                    GenreErreur::Type,
                    plage,
                    format!("`{id}` est une liste : elle ne vaut ni vrai ni faux à elle seule"),
                    format!(
                        "écrivez `{id} | length > 0` (au moins une valeur) ou `\"valeur\" in {id}`"
                    ),
                );
                defaut
            }
            Terme::Longueur(_) | Terme::Entier(_) => {
                self.signaler(
                    GenreErreur::Type,
                    plage,
                    "un nombre ne vaut ni vrai ni faux".to_string(),
                    "comparez-le : `niveaux | length > 0`",
                );
                defaut
            }
            Terme::Chaine(_) | Terme::ListeLitterale(_) | Terme::Date => {
                self.signaler(
                    GenreErreur::Type,
                    plage,
                    "une valeur seule ne vaut ni vrai ni faux".to_string(),
                    "comparez un fait à cette valeur : `fait == \"valeur\"`",
                );
                defaut
            }
        }
    }

    fn terme(&mut self, e: &Expr) -> Option<Terme> {
        match e {
            Expr::Nom(n, p) => self.nom(n, *p),
            Expr::Chaine(s, _) => Some(Terme::Chaine(s.clone())),
            Expr::Entier(n, _) => Some(Terme::Entier(*n)),
            Expr::Booleen(b, _) => Some(Terme::Litteral(*b)),
            Expr::Liste(elements, _) => {
                let mut v = Vec::new();
                for el in elements {
                    match el {
                        Expr::Chaine(s, p) => v.push((s.clone(), *p)),
                        autre => {
                            self.signaler(
                                GenreErreur::Type,
                                autre.plage(),
                                "une liste de valeurs ne contient que des chaînes".to_string(),
                                "écrivez les valeurs entre guillemets : [\"encadre\", \"autonome\"]",
                            );
                            return None;
                        }
                    }
                }
                Some(Terme::ListeLitterale(v))
            }
            Expr::Longueur(x, p) => match self.terme(x)? {
                Terme::FaitListe(i) => Some(Terme::Longueur(i)),
                Terme::ListeLitterale(_) => {
                    self.signaler(
                        GenreErreur::Type,
                        *p,
                        "la longueur d'une liste écrite dans la condition est connue d'avance"
                            .to_string(),
                        "appliquez `| length` à un fait liste, par exemple `niveaux | length`",
                    );
                    None
                }
                _ => {
                    self.signaler(
                        GenreErreur::Type,
                        *p,
                        "`| length` ne s'applique qu'à un fait liste".to_string(),
                        "par exemple `niveaux | length > 0` ; un fait choix se compare avec ==",
                    );
                    None
                }
            },
            Expr::Et(..) | Expr::Ou(..) | Expr::Non(..) | Expr::Comparaison(..) => {
                Some(Terme::Condition(self.booleen(e)))
            }
        }
    }

    fn nom(&mut self, n: &str, p: Plage) -> Option<Terme> {
        if n == DATE_EVALUATION {
            return Some(Terme::Date);
        }
        if let Some(k) = self.notions.iter().position(|x| x.id == n) {
            if !self.notions_utilisees.contains(&k) {
                self.notions_utilisees.push(k);
            }
            return self
                .notions
                .get(k)
                .map(|x| Terme::Condition(x.noeud.clone()));
        }
        let Some(i) = self.schema.indice(n) else {
            let candidats = self
                .schema
                .faits()
                .iter()
                .map(|d| d.id.as_str())
                .chain(self.notions.iter().map(|x| x.id.as_str()))
                .chain([DATE_EVALUATION]);
            let aide = match plus_proche(n, candidats) {
                Some(s) => format!("vouliez-vous dire `{s}` ?"),
                None => "corrigez le nom, déclarez le fait dans questionnaires/faits*.yaml ou la notion dans questionnaires/notions.yaml".to_string(),
            };
            self.signaler(
                GenreErreur::NomInconnu,
                p,
                format!("`{n}` n'est ni un fait déclaré ni une notion"),
                aide,
            );
            return None;
        };
        let def = self.schema.def(i)?;
        if matches!(def.type_fait, TypeFait::Choix | TypeFait::Liste)
            && def.valeurs.len() > DOMAINE_MAX
        {
            self.signaler(
                GenreErreur::Type,
                p,
                format!(
                    "le fait `{n}` a {} valeurs possibles : une condition en lit {DOMAINE_MAX} au plus",
                    def.valeurs.len()
                ),
                "découpez ce fait en plusieurs faits plus petits",
            );
            return None;
        }
        Some(match def.type_fait {
            TypeFait::Booleen => Terme::FaitBooleen(i),
            TypeFait::Choix => Terme::FaitChoix(i),
            TypeFait::Liste => Terme::FaitListe(i),
            TypeFait::Texte => {
                self.signaler(
                    GenreErreur::FaitTexte,
                    p,
                    format!("la condition lit le fait texte `{n}`"),
                    "une condition ne lit que des faits oui/non, choix ou liste",
                );
                return None;
            }
        })
    }

    fn rang(&mut self, i: usize, valeur: &str, plage: Plage) -> Option<u32> {
        let def = self.schema.def(i)?;
        match def.valeurs.iter().position(|v| v.id == valeur) {
            Some(r) => u32::try_from(r).ok(),
            None => {
                let aide = match plus_proche(valeur, def.valeurs.iter().map(|v| v.id.as_str())) {
                    Some(s) => format!(
                        "vouliez-vous dire \"{s}\" ? valeurs possibles : {}",
                        def.domaine()
                    ),
                    None => format!("valeurs possibles : {}", def.domaine()),
                };
                let message = if valeur == "inconnu" {
                    format!(
                        "`{}` ne se compare pas à \"inconnu\" : cadria traite lui-même les réponses « je ne sais pas »",
                        def.id
                    )
                } else {
                    format!("\"{valeur}\" n'est pas une valeur possible de `{}`", def.id)
                };
                self.signaler(GenreErreur::HorsDomaine, plage, message, aide);
                None
            }
        }
    }

    fn comparaison(&mut self, op: Operateur, a: &Expr, b: &Expr, p: Plage) -> Noeud {
        let defaut = Noeud::Constante(false);
        let (ta, tb) = (self.terme(a), self.terme(b));
        let (Some(ta), Some(tb)) = (ta, tb) else {
            return defaut;
        };
        let negatif = matches!(op, Operateur::Different | Operateur::PasDans);
        let signe = |n: Noeud| if negatif { Noeud::non(n) } else { n };
        match op {
            Operateur::Dans | Operateur::PasDans => match (ta, tb) {
                (Terme::Chaine(s), Terme::FaitListe(i)) => match self.rang(i, &s, a.plage()) {
                    Some(rang) => signe(Noeud::Contient { fait: i, rang }),
                    None => defaut,
                },
                (Terme::FaitChoix(i), Terme::ListeLitterale(valeurs)) => {
                    let mut masque = 0u64;
                    for (v, pv) in &valeurs {
                        if let Some(r) = self.rang(i, v, *pv) {
                            masque |= 1u64 << r;
                        }
                    }
                    signe(Noeud::Choix { fait: i, masque })
                }
                (Terme::Chaine(s), Terme::FaitChoix(i)) => {
                    let id = nom_fait(self.schema, i);
                    self.signaler(
                        GenreErreur::Type,
                        p,
                        format!("`\"{s}\" in {id}` chercherait un morceau de texte : `{id}` est un fait à choix"),
                        format!("utilisez `{id} == \"{s}\"`"),
                    );
                    defaut
                }
                (Terme::FaitListe(i), Terme::ListeLitterale(_)) => {
                    let id = nom_fait(self.schema, i);
                    self.signaler(
                        GenreErreur::Type,
                        p,
                        format!("`{id}` est une liste : elle ne peut pas être « dans » une liste"),
                        format!("testez chaque valeur : `\"5e\" in {id} or \"4e\" in {id}`"),
                    );
                    defaut
                }
                (Terme::Chaine(s), Terme::ListeLitterale(_)) => {
                    self.signaler(
                        GenreErreur::Type,
                        p,
                        format!("`\"{s}\" in [...]` ne lit aucun fait : son résultat est connu d'avance"),
                        "comparez un fait à des valeurs : `categorie_outil in [\"institutionnel\", \"sous_contrat\"]`",
                    );
                    defaut
                }
                (g, d) => {
                    let (dg, dd) = (self.decrire(&g), self.decrire(&d));
                    self.signaler(
                        GenreErreur::Type,
                        p,
                        format!("`in` ne relie pas {dg} et {dd}"),
                        "utilisez `\"valeur\" in fait_liste` ou `fait_choix in [\"a\", \"b\"]`",
                    );
                    defaut
                }
            },
            _ => {
                let Some(ordre) = Ordre::depuis(op) else {
                    return defaut;
                };
                let egalite = matches!(ordre, Ordre::Egal | Ordre::Different);
                let (ta, tb, ordre) = match (&ta, &tb) {
                    (
                        Terme::Chaine(_) | Terme::Entier(_) | Terme::Litteral(_),
                        Terme::FaitChoix(_)
                        | Terme::FaitBooleen(_)
                        | Terme::Longueur(_)
                        | Terme::Date
                        | Terme::Condition(_),
                    ) => (tb, ta, ordre.retourne()),
                    _ => (ta, tb, ordre),
                };
                match (ta, tb) {
                    (Terme::FaitChoix(i), Terme::Chaine(s)) if egalite => {
                        let pv = if matches!(a, Expr::Chaine(..)) {
                            a.plage()
                        } else {
                            b.plage()
                        };
                        match self.rang(i, &s, pv) {
                            Some(r) => signe(Noeud::Choix {
                                fait: i,
                                masque: 1u64 << r,
                            }),
                            None => defaut,
                        }
                    }
                    (Terme::FaitBooleen(i), Terme::Litteral(v)) if egalite => {
                        let n = if v {
                            Noeud::Booleen(i)
                        } else {
                            Noeud::non(Noeud::Booleen(i))
                        };
                        signe(n)
                    }
                    (Terme::Condition(n), Terme::Litteral(v)) if egalite => {
                        signe(if v { n } else { Noeud::non(n) })
                    }
                    (Terme::FaitBooleen(x), Terme::FaitBooleen(y)) if egalite => {
                        signe(Noeud::MemeReponse(x, y))
                    }
                    (Terme::Longueur(i), Terme::Entier(n)) => Noeud::Longueur { fait: i, ordre, n },
                    (Terme::Date, Terme::Chaine(s)) => match jour(&s) {
                        Some(jour) => Noeud::Date { ordre, jour },
                        None => {
                            self.signaler(
                                GenreErreur::Type,
                                b.plage().jusqua(a.plage()),
                                format!("\"{s}\" n'est pas une date valide"),
                                "écrivez la date sous la forme \"AAAA-MM-JJ\", par exemple \"2026-08-02\"",
                            );
                            defaut
                        }
                    },
                    (Terme::FaitChoix(x), Terme::FaitChoix(y)) => {
                        let (ix, iy) = (nom_fait(self.schema, x), nom_fait(self.schema, y));
                        self.signaler(
                            GenreErreur::Type,
                            p,
                            format!("`{ix}` et `{iy}` sont deux faits à choix différents : les comparer entre eux n'a pas de sens"),
                            "comparez chaque fait à ses propres valeurs",
                        );
                        defaut
                    }
                    (Terme::FaitListe(i), _) => {
                        let id = nom_fait(self.schema, i);
                        self.signaler(
                            GenreErreur::Type,
                            p,
                            format!("la liste `{id}` ne se compare pas avec `{}`", op.texte()),
                            format!(
                                "utilisez `\"valeur\" in {id}` ou `{id} | length {} N`",
                                op.texte()
                            ),
                        );
                        defaut
                    }
                    (g, d) => {
                        let (dg, dd) = (self.decrire(&g), self.decrire(&d));
                        let aide = if egalite {
                            "comparez un fait à une de ses valeurs : `categorie_outil == \"grand_public\"`, `contrat_dpa == false`"
                        } else {
                            "seules une longueur de liste (`niveaux | length > 0`) et `date_evaluation` (`date_evaluation >= \"2026-08-02\"`) se comparent avec < > <= >="
                        };
                        self.signaler(
                            GenreErreur::Type,
                            p,
                            format!("`{}` ne compare pas {dg} et {dd}", op.texte()),
                            aide,
                        );
                        defaut
                    }
                }
            }
        }
    }

    fn decrire(&self, t: &Terme) -> String {
        match t {
            Terme::FaitBooleen(i) => format!("le fait oui/non `{}`", nom_fait(self.schema, *i)),
            Terme::FaitChoix(i) => format!("le fait à choix `{}`", nom_fait(self.schema, *i)),
            Terme::FaitListe(i) => format!("la liste `{}`", nom_fait(self.schema, *i)),
            Terme::Longueur(i) => format!("la longueur de `{}`", nom_fait(self.schema, *i)),
            Terme::Date => "la date de l'évaluation".to_string(),
            Terme::Chaine(s) => format!("la chaîne \"{s}\""),
            Terme::Entier(n) => format!("le nombre {n}"),
            Terme::Litteral(b) => format!("`{b}`"),
            Terme::ListeLitterale(_) => "une liste de valeurs".to_string(),
            Terme::Condition(_) => "une condition".to_string(),
        }
    }
}
