//! Les textes de raisonnement disent vrai pour toute réponse (issue 12,
//! point 4). Pour chaque règle, chaque fait qu'elle lit (condition et
//! gabarit) et chaque valeur de ce fait, « je ne sais pas » et « non
//! demandé » compris (les deux sont un fait inconnu), le raisonnement est
//! rendu et doit :
//! - se rendre sans erreur ;
//! - ne jamais citer « je ne sais pas » comme une réponse : un fait inconnu
//!   peut n'avoir jamais été demandé (question masquée, entrée d'inventaire
//!   incomplète), et le texte ne peut pas affirmer qu'on l'a posée ;
//! - ne pas prendre, sur une réponse inconnue, la branche d'une réponse
//!   connue : si le texte change selon la valeur du fait, celui rendu pour
//!   l'inconnu doit différer de chacun des textes des valeurs connues.

use cadria::base::{Base, Sources};
use cadria::faits::{Faits, TypeFait, Valeur};
use cadria::moteur::Moteur;
use std::collections::{BTreeSet, HashMap};

/// Tournures qui font d'une réponse manquante une réponse donnée (« des élèves
/// de réponse manquante », « décrit comme réponse manquante »…) : le gabarit
/// doit dire autrement le cas inconnu.
const TOURNURES_FAUSSES: [&str; 6] = [
    " de réponse manquante",
    "comme réponse manquante",
    " est réponse manquante",
    "fonction réponse manquante",
    ", et réponse manquante",
    "répondu réponse manquante",
];

fn base() -> Base {
    let (base, diags) = Base::charger(&Sources::default());
    assert!(diags.is_empty(), "règles intégrées invalides");
    base
}

/// Les faits nommés dans un gabarit (`reponse.X`, `X`, `repondu("X")`).
fn faits_du_gabarit(base: &Base, gabarit: &str) -> BTreeSet<usize> {
    let mut ids = BTreeSet::new();
    let mut mot = String::new();
    for c in gabarit.chars().chain([' ']) {
        if c.is_ascii_alphanumeric() || c == '_' {
            mot.push(c);
        } else {
            if let Some(i) = base.schema().indice(&mot) {
                ids.insert(i);
            }
            mot.clear();
        }
    }
    ids
}

/// Les valeurs connues d'un fait (pour une liste : vide, chaque valeur seule, toutes).
fn valeurs(base: &Base, i: usize) -> Vec<Valeur> {
    let def = base.schema().def(i).unwrap();
    let ids: Vec<String> = def.valeurs.iter().map(|p| p.id.clone()).collect();
    match def.type_fait {
        TypeFait::Booleen => vec![Valeur::Booleen(false), Valeur::Booleen(true)],
        TypeFait::Choix => ids.into_iter().map(Valeur::Texte).collect(),
        TypeFait::Texte => vec![Valeur::Texte("Outil essai".into())],
        TypeFait::Liste => {
            let mut v = vec![Valeur::Liste(Vec::new())];
            v.extend(ids.iter().map(|s| Valeur::Liste(vec![s.clone()])));
            v.push(Valeur::Liste(ids));
            v
        }
    }
}

fn rendre(moteur: &Moteur<'_>, k: usize, faits: &Faits) -> String {
    let ctx = moteur.contexte_raisonnement(faits, "Outil essai");
    moteur
        .raisonnement(k, &ctx)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Fonds sur lesquels on fait varier un fait : tout inconnu, puis chacun
/// des scénarios de la base (des réponses réalistes), avec les règles que
/// le scénario attend déclenchées.
fn fonds(base: &Base) -> Vec<(String, Faits, Vec<String>)> {
    let mut v = vec![(
        "tout inconnu".to_string(),
        Faits::inconnus(base.schema()),
        Vec::new(),
    )];
    let fichiers =
        cadria::scenario::fichiers(std::path::Path::new("tests/scenarios")).expect("scénarios");
    #[derive(serde::Deserialize)]
    struct A {
        #[serde(default)]
        declenchees: Vec<String>,
        #[serde(default)]
        possibles: Vec<String>,
    }
    #[derive(serde::Deserialize)]
    struct S {
        attendu: A,
    }
    for f in fichiers {
        let texte = std::fs::read_to_string(&f).unwrap();
        let s: S = match serde_saphyr::from_str(&texte) {
            Ok(s) => s,
            Err(_) => continue,
        };
        // Profil compris (`base:`) : les faits que le scénario décrit vraiment.
        let faits = cadria::scenario::faits(base, &f.display().to_string(), &texte)
            .expect("scénario valide");
        let mut regles = s.attendu.declenchees;
        regles.extend(s.attendu.possibles);
        v.push((f.display().to_string(), faits, regles));
    }
    v
}

#[test]
fn chaque_raisonnement_dit_vrai_pour_chaque_reponse() {
    let base = base();
    let moteur = Moteur::new(&base).unwrap();
    let fonds = fonds(&base);
    let mut fautes: Vec<String> = Vec::new();
    // Les règles déclenchées pour chaque jeu de faits, calculées une fois.
    let mut memo: HashMap<Faits, Vec<usize>> = HashMap::new();
    for (k, r) in base.regles().iter().enumerate() {
        let mut lus: BTreeSet<usize> = r.faits_lus.iter().copied().collect();
        lus.extend(faits_du_gabarit(&base, &r.raisonnement));
        let mut declenche = |f: &Faits| {
            let regles = memo.entry(f.clone()).or_insert_with(|| {
                moteur
                    .evaluer(f, crate::support::date("2028-01-01"))
                    .unwrap()
                    .constats
                    .iter()
                    .map(|c| c.regle)
                    .collect()
            });
            regles.contains(&k)
        };
        for (nom_fond, fond, regles) in &fonds {
            if !(regles.is_empty() || regles.contains(&r.id)) {
                continue;
            }
            for &i in &lus {
                let fait = &base.schema().def(i).unwrap().id;
                if fait == "outil" {
                    continue;
                }
                let mut f = fond.clone();
                f.set(i, None);
                if !declenche(&f) {
                    continue;
                }
                let inconnu = rendre(&moteur, k, &f);
                if let Some(tournure) = TOURNURES_FAUSSES.iter().find(|m| inconnu.contains(*m)) {
                    fautes.push(format!(
                        "{} ({nom_fond}, {fait} inconnu) présente une réponse manquante comme une réponse (« {tournure} ») : {inconnu}",
                        r.id
                    ));
                }
                if inconnu.contains("je ne sais pas") {
                    fautes.push(format!(
                        "{} ({nom_fond}, {fait} inconnu) cite « je ne sais pas » : {inconnu}",
                        r.id
                    ));
                }
                let connus: Vec<(String, String)> = valeurs(&base, i)
                    .into_iter()
                    .filter_map(|v| {
                        let mut g = fond.clone();
                        let libelle = format!("{v:?}");
                        g.set(i, Some(v));
                        declenche(&g).then(|| (libelle, rendre(&moteur, k, &g)))
                    })
                    .collect();
                let distincts: BTreeSet<&String> = connus.iter().map(|(_, t)| t).collect();
                if distincts.len() > 1
                    && let Some((v, _)) = connus.iter().find(|(_, t)| *t == inconnu)
                {
                    fautes.push(format!(
                        "{} ({nom_fond}) : avec {fait} inconnu, le texte est celui de la réponse {v} : {inconnu}",
                        r.id
                    ));
                }
            }
        }
    }
    fautes.sort();
    fautes.dedup();
    assert!(
        fautes.is_empty(),
        "{} texte(s) de raisonnement affirment une réponse non donnée :\n{}",
        fautes.len(),
        fautes
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn le_test_voit_une_branche_prise_sur_un_inconnu() {
    // Le défaut de GEN-03 avant correction : `{% if accessible == false %}…{% else %}…`.
    let (b, d) = Base::depuis_fichiers(
        vec![(
            "r.yaml".into(),
            "- id: T-01\n  titre: t\n  theme: test\n  gravite: vigilance\n  nature: regle_du_cadre\n  fiabilite: confirme\n  quand: 'not accessible'\n  raisonnement: '{% if accessible == false %}Outil inaccessible.{% else %}Outil accessible.{% endif %} {{ repondu(\"accessible\") }}'\n  pourquoi: p\n  remediation: r\n  exemple_conforme: c\n  exemple_non_conforme: n\n  references: [{ source: cadre, ref: p. 8 }]\n".into(),
        )],
        vec![(
            "faits.yaml".into(),
            "- id: accessible\n  type: booleen\n  libelle: Accessible\n  aide: a\n  qui_peut_repondre: [editeur]\n".into(),
        )],
        false,
    );
    assert!(d.is_empty(), "{d:?}");
    let m = Moteur::new(&b).unwrap();
    let i = b.schema().indice("accessible").unwrap();
    let mut f = Faits::inconnus(b.schema());
    let inconnu = rendre(&m, 0, &f);
    f.set(i, Some(Valeur::Booleen(true)));
    let oui = rendre(&m, 0, &f);
    assert!(inconnu.starts_with("Outil accessible."), "{inconnu}");
    assert!(inconnu.ends_with("la réponse manque"), "{inconnu}");
    assert_eq!(oui, "Outil accessible. vous avez répondu « oui »");
    // Le texte de l'inconnu prend la branche « oui » : c'est ce que le test général refuse.
    assert!(inconnu.starts_with(oui.split(" vous").next().unwrap()));
}
