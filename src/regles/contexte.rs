//! Le contexte des gabarits de raisonnement : `outil`, la valeur brute de
//! chaque fait (rien quand il est inconnu) et `reponse.FAIT`, le libellé
//! français de chaque réponse.
//!
//! Le contexte est un objet minijinja qui lit chaque fait à la demande :
//! aucune table n'est construite par outil. Il note aussi les faits que le
//! gabarit a lus ([`Lectures`]) : un rendu ne dépend que d'eux (le gabarit
//! suit le même chemin tant que ce qu'il lit ne change pas), si bien qu'un
//! raisonnement déjà rendu vaut pour tout outil qui a les mêmes réponses à
//! ces faits-là. Le nom de l'outil peut être remplacé par [`SENTINELLE`],
//! remise ensuite à sa place ([`nom_remplacable`], [`outil_seulement_affiche`]).

use crate::faits::{Faits, Schema};
use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr};
use std::sync::{Arc, Mutex};

/// Ce qui tient la place du nom de l'outil quand le rendu doit servir à
/// plusieurs outils (caractères d'usage privé, jamais dans un nom retenu).
pub const SENTINELLE: &str = "\u{E000}outil\u{E001}";

/// Ce qu'un rendu a lu.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lectures {
    /// Faits lus (indices du schéma, triés, sans doublon).
    pub faits: Vec<usize>,
    /// Le nom de l'outil a été lu.
    pub outil: bool,
}

/// Le contexte d'un outil.
#[derive(Debug)]
pub struct Contexte {
    schema: Arc<Schema>,
    faits: Faits,
    /// `None` : [`SENTINELLE`] à la place du nom.
    outil: Option<String>,
    lus: Mutex<Lectures>,
}

impl Contexte {
    fn noter(&self, fait: Option<usize>) {
        let mut l = self.lus.lock().unwrap_or_else(|e| e.into_inner());
        match fait {
            None => l.outil = true,
            Some(i) => {
                if let Err(p) = l.faits.binary_search(&i) {
                    l.faits.insert(p, i);
                }
            }
        }
    }
}

impl Object for Contexte {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, cle: &Value) -> Option<Value> {
        let nom = cle.as_str()?;
        match nom {
            "outil" => {
                self.noter(None);
                Some(Value::from(self.outil.as_deref().unwrap_or(SENTINELLE)))
            }
            "reponse" => Some(Value::from_object(Libelles(Arc::clone(self)))),
            _ => {
                let i = self.schema.indice(nom)?;
                self.noter(Some(i));
                Some(
                    self.faits
                        .get(i)
                        .map_or(Value::from(()), crate::faits::Valeur::vers_jinja),
                )
            }
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        cles(&self.schema, &["outil", "reponse"])
    }
}

/// Les clés d'un contexte, dans l'ordre : chaque fait, et `autres`.
fn cles(schema: &Schema, autres: &[&str]) -> Enumerator {
    let mut cles: Vec<Value> = schema
        .faits()
        .iter()
        .map(|d| Value::from(d.id.as_str()))
        .chain(autres.iter().map(|a| Value::from(*a)))
        .collect();
    cles.sort();
    cles.dedup();
    Enumerator::Values(cles)
}

/// `reponse` : le libellé de chaque réponse.
#[derive(Debug)]
struct Libelles(Arc<Contexte>);

impl Object for Libelles {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, cle: &Value) -> Option<Value> {
        let c = &self.0;
        let i = c.schema.indice(cle.as_str()?)?;
        c.noter(Some(i));
        Some(Value::from(c.schema.reponse_texte(i, c.faits.get(i))))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        cles(&self.0.schema, &[])
    }
}

/// Un contexte qui note ce qu'il a lu ; `outil` à `None` met la
/// [`SENTINELLE`] à la place du nom. La valeur se passe au gabarit, le
/// contexte dit ensuite ce qui a été lu ([`Contexte::lectures`]).
pub fn contexte_suivi(schema: &Arc<Schema>, faits: &Faits, outil: Option<&str>) -> Suivi {
    let c = Arc::new(Contexte {
        schema: Arc::clone(schema),
        faits: faits.clone(),
        outil: outil.map(str::to_string),
        lus: Mutex::new(Lectures::default()),
    });
    (Value::from_dyn_object(Arc::clone(&c)), c)
}

/// Un contexte à passer aux gabarits, et ce qui y note les lectures.
pub type Suivi = (Value, Arc<Contexte>);

impl Contexte {
    /// Oublie les lectures notées (avant le rendu suivant).
    pub fn effacer(&self) {
        *self.lus.lock().unwrap_or_else(|e| e.into_inner()) = Lectures::default();
    }

    /// Ce que le gabarit a lu jusqu'ici.
    pub fn lectures(&self) -> Lectures {
        self.lus.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Vrai quand un nom rendu à la place de la [`SENTINELLE`] donne le même
/// texte replié que le rendu direct : non vide, sans blanc en tête ni en fin
/// ni d'autre blanc qu'une espace seule, sans la sentinelle.
pub fn nom_remplacable(nom: &str) -> bool {
    !nom.is_empty()
        && !nom.contains(['\u{E000}', '\u{E001}'])
        && nom
            .split(' ')
            .all(|m| !m.is_empty() && !m.contains(char::is_whitespace))
}

/// Un morceau du texte d'un gabarit.
enum Morceau<'a> {
    /// Du texte fixe.
    Fixe(&'a str),
    /// Une balise entière (`{{ … }}`, `{% … %}`, `{# … #}`) : son texte et
    /// ce qu'il y a entre ses délimiteurs.
    Balise {
        texte: &'a str,
        dedans: &'a str,
        expression: bool,
    },
    /// Une balise jamais fermée, jusqu'à la fin.
    Ouverte(&'a str),
}

/// Le gabarit en morceaux, dans l'ordre.
fn morceaux(gabarit: &str) -> Vec<Morceau<'_>> {
    let mut v = Vec::new();
    let mut reste = gabarit;
    let mut fixe = 0;
    while let Some(debut) = reste
        .get(fixe..)
        .and_then(|r| r.find('{'))
        .map(|d| d + fixe)
    {
        let apres = &reste[debut..];
        let fin = match apres.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                fixe = debut + 1;
                continue;
            }
        };
        v.push(Morceau::Fixe(&reste[..debut]));
        let Some(longueur) = apres[2..].find(fin) else {
            v.push(Morceau::Ouverte(apres));
            return v;
        };
        let texte = &apres[..2 + longueur + 2];
        v.push(Morceau::Balise {
            texte,
            dedans: &apres[2..2 + longueur],
            expression: fin == "}}",
        });
        reste = &apres[texte.len()..];
        fixe = 0;
    }
    v.push(Morceau::Fixe(reste));
    v
}

/// Vrai quand le gabarit ne se sert du nom de l'outil que pour l'afficher
/// tel quel (`{{ outil }}`) : dans ses balises, le mot `outil` n'apparaît
/// nulle part ailleurs (ni `outil | upper`, ni `outil == …`, ni
/// `cite("outil")`, ni `reponse.outil`). Alors le rendu avec la
/// [`SENTINELLE`] puis le nom remis à sa place égale le rendu direct.
pub fn outil_seulement_affiche(gabarit: &str) -> bool {
    let (mut mentions, mut affichages) = (0, 0);
    for m in morceaux(gabarit) {
        match m {
            Morceau::Fixe(_) => {}
            Morceau::Ouverte(_) => return false,
            Morceau::Balise {
                dedans, expression, ..
            } => {
                mentions += dedans.matches("outil").count();
                if expression
                    && dedans.trim_matches(|c: char| c == '-' || c.is_whitespace()) == "outil"
                {
                    affichages += 1;
                }
            }
        }
    }
    mentions == affichages
}

/// Le gabarit avec son texte fixe replié (chaque suite de blancs hors des
/// balises devient une espace), une fois au chargement : le rendu, replié
/// ensuite de la même façon, ne change pas, et il est déjà replié le plus
/// souvent. Les balises (`{{ }}`, `{% %}`, `{# #}`) restent telles quelles.
pub fn replier_gabarit(gabarit: &str) -> String {
    let mut sortie = String::with_capacity(gabarit.len());
    let mut blanc = false;
    for m in morceaux(gabarit) {
        match m {
            Morceau::Fixe(texte) | Morceau::Ouverte(texte) => {
                for c in texte.chars() {
                    if !c.is_whitespace() {
                        sortie.push(c);
                    } else if !blanc {
                        sortie.push(' ');
                    }
                    blanc = c.is_whitespace();
                }
            }
            Morceau::Balise { texte, .. } => {
                sortie.push_str(texte);
                blanc = false;
            }
        }
    }
    sortie
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usages_du_nom() {
        assert!(outil_seulement_affiche(
            "Vous employez {{ outil }} ({{ cite(\"finalites\") }})."
        ));
        assert!(outil_seulement_affiche("« {{- outil -}} » et l'outil seul"));
        assert!(outil_seulement_affiche("sans nom"));
        for g in [
            "{{ outil | upper }}",
            "{% if outil == \"x\" %}a{% endif %}",
            "{{ cite(\"outil\") }}",
            "{{ reponse.outil }}",
            "{{ outil_x }}",
            "{# outil #}{{ outil }}",
            "{{ outil }",
        ] {
            assert!(!outil_seulement_affiche(g), "{g}");
        }
    }

    #[test]
    fn texte_fixe_replie_balises_intactes() {
        assert_eq!(
            replier_gabarit(
                "Vous  employez\n  {{ outil  }}\t:{% if a  ==  \"x  y\" %} oui {% endif %} {"
            ),
            "Vous employez {{ outil  }} :{% if a  ==  \"x  y\" %} oui {% endif %} {"
        );
        assert_eq!(replier_gabarit("a {{ b"), "a {{ b");
    }

    #[test]
    fn noms_remplacables() {
        assert!(nom_remplacable("Outil n° 3"));
        for n in ["", " X", "X ", "a  b", "a\tb", "a\nb", "\u{E000}"] {
            assert!(!nom_remplacable(n), "{n:?}");
        }
    }
}
