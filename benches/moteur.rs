//! Engine benchmark: evaluates the embedded rule set against generated answer
//! sets, with every fact known and with about a quarter unknown, and prints
//! evaluations per second (the engine's memo helps repeated answer sets; the
//! cold case is measured apart). Run with `cargo bench --bench moteur`.

use cadria::base::{Base, Sources};
use cadria::engine::Moteur;
use cadria::facts::{Faits, Schema, TypeFait, Valeur};
use std::hint::black_box;
use std::time::Instant;

/// A small deterministic generator (no dependency needed).
struct Alea(u64);

impl Alea {
    fn suivant(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn sous(&mut self, n: usize) -> usize {
        (self.suivant() % n.max(1) as u64) as usize
    }
}

fn generer(schema: &Schema, alea: &mut Alea, part_inconnue: u64) -> Faits {
    let mut f = Faits::inconnus(schema);
    for (i, def) in schema.faits().iter().enumerate() {
        if alea.suivant() % 100 < part_inconnue {
            continue;
        }
        let v = match def.type_fait {
            TypeFait::Texte => Valeur::Texte(format!("outil {}", alea.suivant())),
            TypeFait::Booleen => Valeur::Booleen(alea.suivant().is_multiple_of(2)),
            TypeFait::Choix => Valeur::Texte(def.valeurs[alea.sous(def.valeurs.len())].id.clone()),
            TypeFait::Liste => Valeur::Liste(
                def.valeurs
                    .iter()
                    .filter(|_| alea.suivant().is_multiple_of(4))
                    .map(|p| p.id.clone())
                    .collect(),
            ),
        };
        f.set(i, Some(v));
    }
    f
}

fn mesurer(moteur: &Moteur<'_>, jeux: &[Faits], nom: &str) {
    let debut = Instant::now();
    let mut constats = 0usize;
    for f in jeux {
        constats += black_box(moteur.evaluer(f, "2026-11-28").expect("évaluation"))
            .constats
            .len();
    }
    let duree = debut.elapsed().as_secs_f64();
    let regles = moteur.base().regles().len();
    println!(
        "{nom:<28} {:>6} évaluations en {:>7.3} s : {:>9.0} évaluations/s ({:>10.0} règles/s), {:.1} constats en moyenne",
        jeux.len(),
        duree,
        jeux.len() as f64 / duree,
        (jeux.len() * regles) as f64 / duree,
        constats as f64 / jeux.len() as f64
    );
}

fn main() {
    let (base, diags) = Base::charger(&Sources::default());
    assert!(diags.is_empty(), "règles intégrées invalides");
    let moteur = Moteur::new(&base).expect("compilation des conditions");
    let n: usize = std::env::var("CADRIA_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    println!(
        "cadria — banc du moteur : {} règles, {} faits, {n} jeux de réponses par cas",
        base.regles().len(),
        base.schema().faits().len()
    );
    let mut alea = Alea(42);
    let connus: Vec<Faits> = (0..n)
        .map(|_| generer(base.schema(), &mut alea, 0))
        .collect();
    let partiels: Vec<Faits> = (0..n)
        .map(|_| generer(base.schema(), &mut alea, 25))
        .collect();
    let vides: Vec<Faits> = (0..n / 10)
        .map(|_| Faits::inconnus(base.schema()))
        .collect();
    mesurer(&moteur, &connus, "tous les faits connus");
    mesurer(&moteur, &partiels, "25 % de faits inconnus");
    mesurer(&moteur, &vides, "aucun fait connu (mémo)");
    // The engine remembers outcomes per rule: measure the cold case too, one
    // fresh engine per evaluation (compilation not timed).
    let mut duree = 0.0;
    let froids = 20;
    for _ in 0..froids {
        let neuf = Moteur::new(&base).expect("compilation des conditions");
        let debut = Instant::now();
        black_box(
            neuf.evaluer(&Faits::inconnus(base.schema()), "2026-11-28")
                .expect("évaluation"),
        );
        duree += debut.elapsed().as_secs_f64();
    }
    println!(
        "{:<28} {froids:>6} évaluations à froid : {:>7.2} ms chacune",
        "aucun fait connu (sans mémo)",
        duree / froids as f64 * 1000.0
    );
}
