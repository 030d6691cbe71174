//! L'exactitude de l'évaluation avec des réponses manquantes, vérifiée et non
//! argumentée : le résultat de [`Condition::evaluer`] est comparé à une
//! énumération brute de **tout** le domaine des faits inconnus (chaque
//! sous-ensemble pour une liste), pour chaque règle livrée sur des milliers
//! de réponses partielles tirées au hasard, et pour des milliers de
//! conditions du langage engendrées au hasard.

use super::evaluation::{Codage, kleene};
use super::{Condition, Emplacement, Issue, compiler};
use crate::base::{Base, Sources};
use crate::diag::Position;
use crate::faits::{Faits, Schema, TypeFait, Valeur};

/// Générateur pseudo-aléatoire déterministe (xorshift64*).
struct Alea(u64);

impl Alea {
    fn suivant(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn sous(&mut self, n: usize) -> usize {
        (self.suivant() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, sur: u64) -> bool {
        self.suivant().is_multiple_of(sur)
    }
}

/// Nombre de valeurs possibles d'un fait (une liste : 2^n sous-ensembles).
fn cardinal(schema: &Schema, f: usize) -> usize {
    match schema.def(f) {
        Some(d) => match d.type_fait {
            TypeFait::Booleen => 2,
            TypeFait::Choix => d.valeurs.len(),
            TypeFait::Liste => 1usize << d.valeurs.len().min(20),
            TypeFait::Texte => 1,
        },
        None => 1,
    }
}

/// La `k`-ième valeur possible d'un fait.
fn valeur(schema: &Schema, f: usize, k: usize) -> Option<Valeur> {
    let d = schema.def(f)?;
    Some(match d.type_fait {
        TypeFait::Booleen => Valeur::Booleen(k == 1),
        TypeFait::Choix => Valeur::Texte(d.valeurs.get(k)?.id.clone()),
        TypeFait::Liste => Valeur::Liste(
            d.valeurs
                .iter()
                .enumerate()
                .filter(|(r, _)| k & (1 << r) != 0)
                .map(|(_, v)| v.id.clone())
                .collect(),
        ),
        TypeFait::Texte => return None,
    })
}

/// L'issue par énumération brute, ou `None` si elle serait trop longue.
fn brute(c: &Condition, schema: &Schema, faits: &Faits, date: u32) -> Option<Issue> {
    let codage = Codage::new(schema);
    let inconnus: Vec<usize> = c
        .faits_lus
        .iter()
        .copied()
        .filter(|f| faits.get(*f).is_none())
        .collect();
    let radix: Vec<usize> = inconnus.iter().map(|f| cardinal(schema, *f)).collect();
    let total = radix.iter().try_fold(1usize, |a, r| a.checked_mul(*r))?;
    if total > 1 << 12 {
        return None;
    }
    // Les états singletons de chaque valeur de chaque fait inconnu.
    let valeurs: Vec<Vec<_>> = inconnus
        .iter()
        .zip(&radix)
        .map(|(f, r)| {
            (0..*r)
                .map(|k| {
                    valeur(schema, *f, k)
                        .map(|v| codage.connu(schema, *f, &v))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let mut etats = codage.etats(schema, faits);
    let mut table = Vec::with_capacity(total);
    for i in 0..total {
        let mut reste = i;
        for ((f, r), vs) in inconnus.iter().zip(&radix).zip(&valeurs) {
            etats[*f] = vs[reste % r];
            reste /= r;
        }
        table.push(kleene(&c.noeud, &etats, &codage, date).expect("réponses complètes"));
    }
    let vrai = table.iter().any(|v| *v);
    let faux = table.iter().any(|v| !*v);
    if !vrai {
        return Some(Issue::Fausse);
    }
    if !faux {
        return Some(Issue::Vraie);
    }
    let mut determinants = Vec::new();
    let mut pas = 1;
    for (f, r) in inconnus.iter().zip(&radix) {
        let compte = (0..total).any(|i| {
            let chiffre = (i / pas) % r;
            chiffre == 0 && (1..*r).any(|d| table[i] != table[i + d * pas])
        });
        if compte {
            determinants.push(*f);
        }
        pas *= r;
    }
    determinants.sort_unstable();
    Some(Issue::Possible {
        inconnus: determinants,
        interrompue: false,
    })
}

/// Des réponses partielles au hasard pour les faits lus par `c`.
fn reponses_au_hasard(c: &Condition, schema: &Schema, alea: &mut Alea) -> Faits {
    let mut faits = Faits::inconnus(schema);
    let proportion = 1 + alea.sous(4) as u64;
    for f in &c.faits_lus {
        if !alea.chance(proportion) {
            let k = alea.sous(cardinal(schema, *f));
            faits.set(*f, valeur(schema, *f, k));
        }
    }
    faits
}

fn comparer(c: &Condition, schema: &Schema, faits: &Faits, date: u32) -> bool {
    let Some(attendu) = brute(c, schema, faits, date) else {
        return false;
    };
    let codage = Codage::new(schema);
    let mut etats = codage.etats(schema, faits);
    let obtenu = c.evaluer(&mut etats, &codage, date);
    assert_eq!(
        obtenu,
        attendu,
        "condition `{}` avec {:?}",
        c.texte,
        (0..faits.len())
            .filter_map(|i| faits
                .get(i)
                .map(|v| (schema.def(i).map(|d| d.id.clone()), v)))
            .collect::<Vec<_>>()
    );
    // La question « peut-elle être vraie ? » donne la même réponse.
    assert_eq!(
        c.peut_etre_vraie(schema, &Codage::new(schema), faits, date),
        attendu != Issue::Fausse,
        "{}",
        c.texte
    );
    true
}

#[test]
fn chaque_regle_livree_exacte_sur_des_reponses_partielles() {
    let (base, diags) = Base::charger(&Sources::default());
    assert!(!crate::diag::contient_erreur(&diags), "{diags:?}");
    let schema = base.schema();
    let mut alea = Alea(0x5eed_cad1);
    let mut comparees = 0;
    for regle in base.regles() {
        let mut pour_cette_regle = 0;
        let dates: &[u32] = if regle.condition.lit_date {
            &[20250101, 20260801, 20260802, 20271202]
        } else {
            &[20261201]
        };
        for essai in 0..1000 {
            let faits = if essai == 0 {
                Faits::inconnus(schema)
            } else {
                reponses_au_hasard(&regle.condition, schema, &mut alea)
            };
            let date = dates[essai % dates.len()];
            if comparer(&regle.condition, schema, &faits, date) {
                pour_cette_regle += 1;
            }
        }
        assert!(
            pour_cette_regle >= 300,
            "{} : seulement {pour_cette_regle} comparaisons faisables",
            regle.id
        );
        comparees += pour_cette_regle;
    }
    assert!(comparees >= 40_000, "{comparees}");
}

const SCHEMA_ALEATOIRE: &str = r#"
- { id: b1, type: booleen, libelle: b1 }
- { id: b2, type: booleen, libelle: b2 }
- id: c1
  type: choix
  libelle: c1
  valeurs: [{ id: a, libelle: a }, { id: b, libelle: b }, { id: c, libelle: c }, { id: d, libelle: d }]
- id: c2
  type: choix
  libelle: c2
  valeurs: [{ id: x, libelle: x }, { id: y, libelle: y }, { id: z, libelle: z }]
- id: l1
  type: liste
  libelle: l1
  valeurs: [{ id: p, libelle: p }, { id: q, libelle: q }, { id: r, libelle: r }, { id: s, libelle: s }, { id: t, libelle: t }]
- id: l2
  type: liste
  libelle: l2
  valeurs: [{ id: "5e", libelle: 5e }, { id: "4e", libelle: 4e }, { id: "3e", libelle: 3e }, { id: "6e", libelle: 6e }]
"#;

fn atome(alea: &mut Alea) -> String {
    const C1: [&str; 4] = ["a", "b", "c", "d"];
    const C2: [&str; 3] = ["x", "y", "z"];
    const L1: [&str; 5] = ["p", "q", "r", "s", "t"];
    const L2: [&str; 4] = ["5e", "4e", "3e", "6e"];
    const ORDRES: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];
    let liste = |alea: &mut Alea, valeurs: &[&str]| {
        let mut v: Vec<String> = valeurs
            .iter()
            .filter(|_| alea.chance(2))
            .map(|s| format!("\"{s}\""))
            .collect();
        if v.is_empty() {
            v.push(format!("\"{}\"", valeurs[0]));
        }
        format!("[{}]", v.join(", "))
    };
    match alea.sous(12) {
        0 => ["b1", "b2"][alea.sous(2)].to_string(),
        1 => format!("c1 {} \"{}\"", ["==", "!="][alea.sous(2)], C1[alea.sous(4)]),
        2 => format!("\"{}\" == c2", C2[alea.sous(3)]),
        3 => format!("c1 {} {}", ["in", "not in"][alea.sous(2)], liste(alea, &C1)),
        4 => format!("c2 in {}", liste(alea, &C2)),
        5 => format!(
            "\"{}\" {} l1",
            L1[alea.sous(5)],
            ["in", "not in"][alea.sous(2)]
        ),
        6 => format!("\"{}\" in l2", L2[alea.sous(4)]),
        7 => format!("l1 | length {} {}", ORDRES[alea.sous(6)], alea.sous(7)),
        8 => format!("{} {} l2 | length", alea.sous(5), ORDRES[alea.sous(6)]),
        9 => format!(
            "date_evaluation {} \"{}\"",
            ORDRES[alea.sous(6)],
            ["2026-08-02", "2026-12-02", "2027-12-02"][alea.sous(3)]
        ),
        10 => format!("b1 {} b2", ["==", "!="][alea.sous(2)]),
        _ => format!(
            "b{} == {}",
            1 + alea.sous(2),
            ["true", "false"][alea.sous(2)]
        ),
    }
}

fn condition_au_hasard(alea: &mut Alea, profondeur: usize) -> String {
    if profondeur == 0 || alea.chance(3) {
        return atome(alea);
    }
    match alea.sous(3) {
        0 => format!("not ({})", condition_au_hasard(alea, profondeur - 1)),
        1 => format!(
            "({}) and ({})",
            condition_au_hasard(alea, profondeur - 1),
            condition_au_hasard(alea, profondeur - 1)
        ),
        _ => format!(
            "{} or {}",
            condition_au_hasard(alea, profondeur - 1),
            condition_au_hasard(alea, profondeur - 1)
        ),
    }
}

fn compiler_texte(texte: &str, schema: &Schema) -> Condition {
    let mut diags = Vec::new();
    let ou = Emplacement {
        debut: Position::new("essai", 0, 0),
        source: "",
    };
    let c = compiler("l'essai", texte, &ou, schema, &[], &mut diags);
    assert!(diags.is_empty(), "{texte} : {diags:?}");
    c.expect("condition compilée").0
}

#[test]
fn dix_mille_conditions_au_hasard_exactes() {
    let mut d = Vec::new();
    let schema = Schema::charger(
        &[("faits.yaml".into(), SCHEMA_ALEATOIRE.into())],
        &crate::contenu::tests::contenu(),
        &mut d,
    );
    assert!(d.is_empty(), "{d:?}");
    let mut alea = Alea(0xc0ff_ee11);
    let mut comparees = 0;
    for _ in 0..10_000 {
        let texte = condition_au_hasard(&mut alea, 4);
        let c = compiler_texte(&texte, &schema);
        for _ in 0..2 {
            let faits = reponses_au_hasard(&c, &schema, &mut alea);
            let date = [20260801, 20261202, 20280101][alea.sous(3)];
            if comparer(&c, &schema, &faits, date) {
                comparees += 1;
            }
        }
    }
    assert!(comparees >= 19_000, "{comparees}");
}

#[test]
fn les_trois_conditions_qui_passaient_en_silence() {
    let (base, _) = Base::charger(&Sources::default());
    let schema = base.schema();
    // `niveaux | length == 2` : exacte, « possible » quand niveaux est inconnu.
    let c = compiler_texte("niveaux | length == 2", schema);
    let codage = Codage::new(schema);
    let mut etats = codage.etats(schema, &Faits::inconnus(schema));
    let niveaux = schema.indice("niveaux").expect("niveaux");
    assert_eq!(
        c.evaluer(&mut etats, &codage, 20261201),
        Issue::Possible {
            inconnus: vec![niveaux],
            interrompue: false
        }
    );
    assert!(comparer(&c, schema, &Faits::inconnus(schema), 20261201));
    // Cinq tests sur la même liste : exacte aussi.
    let c = compiler_texte(
        r#""5e" in niveaux and "4e" in niveaux and "3e" not in niveaux and "6e" not in niveaux and "lycee" not in niveaux"#,
        schema,
    );
    assert!(comparer(&c, schema, &Faits::inconnus(schema), 20261201));
    // `| upper`, `| select | list`, `| default` : refusées par la lecture.
    for texte in [
        r#"(categorie_outil | upper) == "SOUS_CONTRAT""#,
        "[formation] | select | list | length == 0",
        "not (formation | default(true))",
    ] {
        let mut diags = Vec::new();
        let ou = Emplacement {
            debut: Position::new("essai", 1, 1),
            source: texte,
        };
        assert!(compiler("l'essai", texte, &ou, schema, &[], &mut diags).is_none());
        assert_eq!(diags.len(), 1, "{texte}");
        assert_eq!(diags[0].code, crate::diag::Code::HorsLangage, "{texte}");
    }
}

#[test]
fn chaque_regle_livree_a_des_reponses_qui_la_declenchent_et_d_autres_non() {
    let (base, _) = Base::charger(&Sources::default());
    let schema = base.schema();
    let moteur = crate::moteur::Moteur::new(&base).expect("moteur");
    for (k, regle) in base.regles().iter().enumerate() {
        for valeur in [true, false] {
            if !valeur && regle.condition.noeud == super::Noeud::Constante(true) {
                continue;
            }
            let faits = crate::base::analyse::exemple(&regle.condition, schema, valeur, 20271202)
                .unwrap_or_else(|| panic!("{} : pas d'exemple {valeur}", regle.id));
            // Le moteur entier confirme : la règle est certaine, ou muette.
            let e = moteur
                .evaluer(&faits, crate::date::Date::depuis("2027-12-02").unwrap())
                .expect("évaluation");
            let certain = e
                .constats
                .iter()
                .any(|c| c.regle == k && c.certitude == crate::moteur::Certitude::Certain);
            assert_eq!(certain, valeur, "{}", regle.id);
            assert_eq!(e.non_declenchees.contains(&k), !valeur, "{}", regle.id);
        }
    }
}
