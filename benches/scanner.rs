//! Banc du repérage de données personnelles : un texte d'environ 1 Mo fait
//! du corpus annoté (balises retirées) répété, analysé ligne à ligne, puis
//! pseudonymisé. Lancer avec `cargo bench --bench scanner`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "un banc d'essai s'arrête au premier imprévu"
)]

use cadria::scanner::{Detecteur, Lignes, Pseudonymiseur};
use std::hint::black_box;
use std::time::Instant;

fn sans_balises(brut: &str) -> String {
    let mut out = String::new();
    let mut reste = brut;
    while let Some(i) = reste.find("[[") {
        out.push_str(&reste[..i]);
        let apres = &reste[i + 2..];
        let Some(fin) = apres.find("]]") else { break };
        out.push_str(apres[..fin].split_once('|').map_or("", |x| x.1));
        reste = &apres[fin + 2..];
    }
    out.push_str(reste);
    out
}

fn main() {
    let mut corpus = String::new();
    let mut fichiers: Vec<_> = std::fs::read_dir("tests/scanner")
        .expect("lancer depuis la racine du dépôt")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    fichiers.sort();
    for f in fichiers {
        corpus.push_str(&sans_balises(&std::fs::read_to_string(f).expect("corpus")));
    }
    let mut texte = String::new();
    while texte.len() < 1 << 20 {
        texte.push_str(&corpus);
    }
    let mo = texte.len() as f64 / (1 << 20) as f64;
    let detecteur = Detecteur::new().expect("motifs");
    let tours = 5;
    let mut meilleur = f64::MAX;
    let mut trouvees = 0;
    for _ in 0..tours {
        let debut = Instant::now();
        trouvees = 0;
        for l in Lignes::new(texte.as_bytes()) {
            let l = l.expect("texte");
            trouvees += black_box(detecteur.analyser(&l.texte)).len();
        }
        meilleur = meilleur.min(debut.elapsed().as_secs_f64());
    }
    println!(
        "analyse      : {mo:.2} Mo en {:.0} ms ({:.1} Mo/s), {trouvees} trouvailles (meilleur de {tours})",
        meilleur * 1000.0,
        mo / meilleur
    );
    let debut = Instant::now();
    let mut p = Pseudonymiseur::new();
    let mut taille = 0;
    for l in Lignes::new(texte.as_bytes()) {
        let l = l.expect("texte");
        let t = detecteur.analyser(&l.texte);
        taille += black_box(p.remplacer(&l.texte, &t)).len();
    }
    let duree = debut.elapsed().as_secs_f64();
    println!(
        "pseudonymise : {mo:.2} Mo en {:.0} ms ({:.1} Mo/s), copie de {taille} octets",
        duree * 1000.0,
        mo / duree
    );
}
