//! Qualité mesurée du repérage sur le corpus annoté `tests/scanner/*.txt` :
//! précision et rappel par catégorie, seuils de l'issue 15.

use cadria::scanner::{Categorie, Detecteur};
use std::collections::BTreeMap;

/// Une donnée balisée : ligne, début et fin (octets dans la ligne sans balises), catégorie.
type Attendu = (usize, usize, usize, Categorie);

/// Retire les balises `[[categorie|texte]]` d'une ligne et note leurs positions.
fn debaliser(ligne: &str, numero: usize, attendus: &mut Vec<Attendu>) -> String {
    let mut out = String::new();
    let mut reste = ligne;
    while let Some(i) = reste.find("[[") {
        out.push_str(&reste[..i]);
        let apres = &reste[i + 2..];
        let fin = apres.find("]]").expect("balise non fermée");
        let (cat, texte) = apres[..fin].split_once('|').expect("balise sans |");
        let categorie =
            Categorie::depuis(cat).unwrap_or_else(|| panic!("catégorie inconnue {cat}"));
        attendus.push((numero, out.len(), out.len() + texte.len(), categorie));
        out.push_str(texte);
        reste = &apres[fin + 2..];
    }
    out.push_str(reste);
    out
}

#[derive(Default, Debug, Clone, Copy)]
struct Compte {
    vrais: usize,
    faux_positifs: usize,
    manques: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn precision_et_rappel_sur_le_corpus() {
    let d = Detecteur::new().unwrap();
    let mut par_cat: BTreeMap<Categorie, Compte> = BTreeMap::new();
    let mut erreurs = Vec::new();
    let mut fichiers: Vec<_> = std::fs::read_dir("tests/scanner")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    fichiers.sort();
    assert!(fichiers.len() >= 6, "corpus incomplet");
    for f in &fichiers {
        let texte = std::fs::read_to_string(f).unwrap();
        for (n, brute) in texte.lines().enumerate() {
            let mut attendus = Vec::new();
            let ligne = debaliser(brute, n + 1, &mut attendus);
            let trouvees = d.analyser(&ligne);
            let mut vus = vec![false; attendus.len()];
            for t in &trouvees {
                let c = par_cat.entry(t.categorie).or_default();
                match attendus
                    .iter()
                    .position(|a| a.3 == t.categorie && t.debut < a.2 && a.1 < t.fin)
                {
                    Some(k) => {
                        c.vrais += 1;
                        vus[k] = true;
                    }
                    None => {
                        c.faux_positifs += 1;
                        erreurs.push(format!(
                            "faux positif {}:{} {} « {} »",
                            f.display(),
                            n + 1,
                            t.categorie.id(),
                            &ligne[t.debut..t.fin]
                        ));
                    }
                }
            }
            for (k, a) in attendus.iter().enumerate() {
                if !vus[k] {
                    par_cat.entry(a.3).or_default().manques += 1;
                    erreurs.push(format!(
                        "manqué {}:{} {} « {} »",
                        f.display(),
                        n + 1,
                        a.3.id(),
                        &ligne[a.1..a.2]
                    ));
                }
            }
        }
    }
    let mut table = String::from(
        "| catégorie | attendues | trouvées justes | faux positifs | précision | rappel |\n|---|---:|---:|---:|---:|---:|\n",
    );
    let mut total = Compte::default();
    for (cat, c) in &par_cat {
        total.vrais += c.vrais;
        total.faux_positifs += c.faux_positifs;
        total.manques += c.manques;
        table.push_str(&format!(
            "| {} | {} | {} | {} | {:.2} | {:.2} |\n",
            cat.id(),
            c.vrais + c.manques,
            c.vrais,
            c.faux_positifs,
            ratio(c.vrais, c.vrais + c.faux_positifs),
            ratio(c.vrais, c.vrais + c.manques)
        ));
    }
    let precision = ratio(total.vrais, total.vrais + total.faux_positifs);
    let rappel = ratio(total.vrais, total.vrais + total.manques);
    table.push_str(&format!(
        "| **ensemble** | {} | {} | {} | {precision:.2} | {rappel:.2} |\n",
        total.vrais + total.manques,
        total.vrais,
        total.faux_positifs
    ));
    println!("{table}");
    for e in &erreurs {
        println!("{e}");
    }
    for cat in [
        Categorie::Courriel,
        Categorie::Telephone,
        Categorie::Ine,
        Categorie::Nir,
        Categorie::Personne,
    ] {
        let c = par_cat.get(&cat).copied().unwrap_or_default();
        assert!(
            c.vrais + c.manques >= 3,
            "trop peu d'exemples de {}",
            cat.id()
        );
        let r = ratio(c.vrais, c.vrais + c.manques);
        assert!(r >= 0.95, "rappel {} = {r:.2} < 0,95", cat.id());
    }
    assert!(precision >= 0.9, "précision globale {precision:.2} < 0,9");
}
