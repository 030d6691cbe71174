//! Benchmark of `cadria inventaire` (see benches/README.md). For inventories
//! of 1 000, 10 000 and 100 000 generated entries, in one run:
//! - end to end: the release binary in each format (json, csv, texte, html,
//!   sarif), its output read through a pipe and counted, wall time and peak
//!   memory (GNU time), the median of several runs;
//! - the parse floor: the same file parsed by serde-saphyr into cadria's own
//!   answers structures, nothing else;
//! - rule evaluation alone: cadria's engine versus regorus (RVM) running the
//!   same rules, translated to Rego, over the same facts.
//!
//! With `--instructions`, the same comparison counted in instructions by
//! callgrind (repeatable whatever else the machine does) instead of seconds.
//!
//! Usage: cadria-banc CADRIA_BIN [--instructions] [TAILLE...]
//!        cadria-banc --plancher FICHIER (the floor alone, for callgrind)

mod rego;

use cadria::base::{Base, Sources};
use cadria::faits::{Faits, TypeFait, Valeur};
use cadria::moteur::{Certitude, Moteur};
use cadria::reponses::{Reponses, ReponsesBrutes};
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::vm::RegoVM;
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const DATE: &str = "2026-11-28";

/// A small deterministic generator (xorshift), so every run sees the same data.
struct Hasard(u64);

impl Hasard {
    fn suivant(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn sous(&mut self, n: usize) -> usize {
        (self.suivant() % n.max(1) as u64) as usize
    }
    fn pourcent(&mut self, p: u64) -> bool {
        self.suivant() % 100 < p
    }
}

/// Writes an inventory of `n` entries: every fact answered at random from its
/// domain, about 15 % unknown (absent or `inconnu`), a waiver on 5 % of the
/// tools and a misspelt fact on 0.1 % (reported, not evaluated).
fn generer(base: &Base, n: usize, chemin: &Path) -> std::io::Result<()> {
    let mut h = Hasard(0x9e37_79b9_7f4a_7c15);
    let ids: Vec<&str> = base.regles().iter().map(|r| r.id.as_str()).collect();
    let mut s = String::with_capacity(n * 900);
    s.push_str("# Inventaire généré pour le banc d'essai de cadria.\netablissement: Académie de démonstration\noutils:\n");
    for i in 0..n {
        let _ = writeln!(
            s,
            "  - outil: Outil n° {i}\n    declare_par: équipe {}\n    reponses:",
            i % 37
        );
        for def in base.schema().faits() {
            if def.type_fait == TypeFait::Texte {
                continue;
            }
            if h.pourcent(12) {
                continue;
            }
            if h.pourcent(3) {
                let _ = writeln!(s, "      {}: inconnu", def.id);
                continue;
            }
            let valeur = match def.type_fait {
                TypeFait::Booleen => (if h.pourcent(60) { "oui" } else { "non" }).to_string(),
                TypeFait::Choix => def.valeurs[h.sous(def.valeurs.len())].id.clone(),
                TypeFait::Liste => {
                    let mut v: Vec<&str> = Vec::new();
                    for _ in 0..h.sous(3) {
                        let x = def.valeurs[h.sous(def.valeurs.len())].id.as_str();
                        if !v.contains(&x) {
                            v.push(x);
                        }
                    }
                    format!("[{}]", v.join(", "))
                }
                TypeFait::Texte => String::new(),
            };
            let _ = writeln!(s, "      {}: {valeur}", def.id);
        }
        if i % 1000 == 999 {
            s.push_str("      fait_mal_orthographie: oui\n");
        }
        if h.pourcent(5) {
            let _ = write!(
                s,
                "    derogations:\n      - regle: {}\n        justification: validé en conseil pédagogique\n        approuve_par: chef d'établissement\n        expire_le: 2027-0{}-15\n",
                ids[h.sous(ids.len())],
                1 + h.sous(9)
            );
        }
    }
    std::fs::write(chemin, s)
}

#[derive(Deserialize)]
struct Plancher {
    #[allow(dead_code)]
    etablissement: Option<String>,
    outils: Vec<ReponsesBrutes>,
}

fn options_document(octets: usize) -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.budget = Some(cadria::inventaire::budget_document(octets));
    o
}

/// The formats measured end to end.
const FORMATS: [&str; 5] = ["json", "csv", "texte", "html", "sarif"];

/// End to end, as a user runs it, output read through a pipe and counted:
/// (seconds, peak resident KiB, bytes written).
fn bout_en_bout(
    cadria_bin: &Path,
    fichier: &Path,
    format: &str,
) -> Result<(f64, u64, u64), String> {
    use std::io::Read;
    let mut enfant = Command::new("/usr/bin/time")
        .args(["-f", "BANC %e %M"])
        .arg(cadria_bin)
        .args([
            "inventaire",
            "-f",
            format,
            "-q",
            "--couleur",
            "jamais",
            "--date",
            DATE,
        ])
        .arg(fichier)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("/usr/bin/time introuvable ou cadria non lancé : {e}"))?;
    let mut octets = 0u64;
    if let Some(mut sortie) = enfant.stdout.take() {
        let mut tampon = vec![0u8; 1 << 20];
        loop {
            match sortie.read(&mut tampon) {
                Ok(0) => break,
                Ok(n) => octets += n as u64,
                Err(e) => return Err(e.to_string()),
            }
        }
    }
    let out = enfant.wait_with_output().map_err(|e| e.to_string())?;
    let err = String::from_utf8_lossy(&out.stderr);
    let ligne = err
        .lines()
        .find(|l| l.starts_with("BANC "))
        .ok_or_else(|| format!("sortie inattendue : {err}"))?;
    let mut m = ligne.split_whitespace().skip(1);
    let s = m
        .next()
        .and_then(|x| x.parse().ok())
        .ok_or("temps illisible")?;
    let k = m
        .next()
        .and_then(|x| x.parse().ok())
        .ok_or("mémoire illisible")?;
    Ok((s, k, octets))
}

/// The median of `n` runs of `f` (each giving a duration first).
fn mediane<T: Clone>(
    n: usize,
    mut f: impl FnMut() -> Result<(f64, T), String>,
) -> Result<(f64, T), String> {
    let mut v = Vec::new();
    for _ in 0..n.max(1) {
        v.push(f()?);
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(v[v.len() / 2].clone())
}

fn valeur_json(v: &Valeur) -> serde_json::Value {
    match v {
        Valeur::Booleen(b) => serde_json::Value::from(*b),
        Valeur::Texte(t) => serde_json::Value::from(t.as_str()),
        Valeur::Liste(l) => serde_json::Value::from(l.clone()),
    }
}

/// One format end to end.
struct Format {
    nom: &'static str,
    duree: f64,
    memoire_kib: u64,
    octets: u64,
}

struct Mesures {
    taille: usize,
    octets: usize,
    outils: usize,
    formats: Vec<Format>,
    plancher: f64,
    budget_defaut_refuse: bool,
    eval_cadria: f64,
    eval_regorus: f64,
    comparees: usize,
    divergences: usize,
}

fn mesurer(
    base: &Base,
    cadria_bin: &Path,
    dossier: &Path,
    n: usize,
    politique: &str,
) -> Result<Mesures, String> {
    let fichier = dossier.join(format!("inventaire-{n}.yaml"));
    generer(base, n, &fichier).map_err(|e| e.to_string())?;
    let octets = std::fs::metadata(&fichier)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    // Medians of 3 runs up to 10 000 entries, one run above (the machine is
    // shared: keep the big runs few); CADRIA_BANC_REPETITIONS overrides.
    let repetitions = std::env::var("CADRIA_BANC_REPETITIONS")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(if n <= 10_000 { 3 } else { 1 });

    // CADRIA_BANC_FORMATS=json,csv restricts the formats (a 1 000 000-entry run).
    let choisis = std::env::var("CADRIA_BANC_FORMATS").unwrap_or_default();
    let mut formats = Vec::new();
    for nom in FORMATS
        .into_iter()
        .filter(|f| choisis.is_empty() || choisis.split(',').any(|c| c.trim() == *f))
    {
        let (duree, (memoire_kib, octets)) = mediane(repetitions, || {
            bout_en_bout(cadria_bin, &fichier, nom).map(|(d, k, o)| (d, (k, o)))
        })?;
        formats.push(Format {
            nom,
            duree,
            memoire_kib,
            octets,
        });
    }

    let texte = std::fs::read_to_string(&fichier).map_err(|e| e.to_string())?;
    let lire = || -> Result<(f64, ()), String> {
        let t = Instant::now();
        let texte = std::fs::read_to_string(&fichier).map_err(|e| e.to_string())?;
        let doc: Plancher =
            serde_saphyr::from_str_with_options(&texte, options_document(texte.len()))
                .map_err(|e| e.to_string())?;
        let d = t.elapsed().as_secs_f64();
        drop(doc);
        Ok((d, ()))
    };
    let (plancher, ()) = mediane(repetitions, lire)?;
    let plancher_doc: Plancher =
        serde_saphyr::from_str_with_options(&texte, options_document(texte.len()))
            .map_err(|e| e.to_string())?;
    let budget_defaut_refuse = serde_saphyr::from_str::<Plancher>(&texte).is_err();
    drop(texte);

    // Typed facts, as the inventory command evaluates them.
    let faits: Vec<Faits> = plancher_doc
        .outils
        .into_iter()
        .filter_map(|b| {
            let mut d = Vec::new();
            let r = Reponses::depuis_brut(b, "banc", base, &mut d);
            d.is_empty().then_some(r.faits)
        })
        .collect();

    let moteur = Moteur::new(base).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let mut evaluations = Vec::with_capacity(faits.len());
    for f in &faits {
        evaluations.push(
            moteur
                .evaluer(f, cadria::date::Date::depuis(DATE).ok_or("date invalide")?)
                .map_err(|e| e.to_string())?,
        );
    }
    let eval_cadria = t.elapsed().as_secs_f64();

    // regorus: same rules (translated), same facts (unknown ones left out).
    let schema = base.schema();
    let entrees: Vec<regorus::Value> = faits
        .iter()
        .map(|f| {
            let mut m = serde_json::Map::new();
            for (i, def) in schema.faits().iter().enumerate() {
                if let Some(v) = f.get(i) {
                    m.insert(def.id.clone(), valeur_json(v));
                }
            }
            m.insert("date_evaluation".into(), DATE.into());
            regorus::Value::from_json_str(&serde_json::Value::Object(m).to_string())
        })
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut engine = regorus::Engine::new();
    engine
        .add_policy("cadria.rego".into(), politique.to_string())
        .map_err(|e| e.to_string())?;
    let point: regorus::Rc<str> = "data.cadria.declenchees".into();
    let compilee = engine
        .compile_with_entrypoint(&point)
        .map_err(|e| e.to_string())?;
    let programme = Compiler::compile_from_policy(&compilee, &["data.cadria.declenchees"])
        .map_err(|e| e.to_string())?;
    let mut vm = RegoVM::new();
    vm.load_program(programme);
    vm.set_data(regorus::Value::new_object())
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    let mut resultats = Vec::with_capacity(entrees.len());
    for e in entrees {
        vm.set_input(e);
        resultats.push(vm.execute().map_err(|e| e.to_string())?);
    }
    let eval_regorus = t.elapsed().as_secs_f64();

    // Cross-check where both semantics agree: rules whose facts are all known.
    let (mut comparees, mut divergences) = (0, 0);
    for ((f, ev), res) in faits.iter().zip(&evaluations).zip(&resultats) {
        let ids: Vec<String> = res
            .as_set()
            .map(|s| {
                s.iter()
                    .filter_map(|v| v.as_string().ok().map(|x| x.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        for (k, r) in base.regles().iter().enumerate() {
            if r.faits_lus.iter().any(|i| f.get(*i).is_none()) {
                continue;
            }
            comparees += 1;
            let cadria_feu = ev
                .constats
                .iter()
                .any(|c| c.regle == k && c.certitude == Certitude::Certain);
            if cadria_feu != ids.contains(&r.id) {
                divergences += 1;
            }
        }
    }
    Ok(Mesures {
        taille: n,
        octets,
        outils: faits.len(),
        formats,
        plancher,
        budget_defaut_refuse,
        eval_cadria,
        eval_regorus,
        comparees,
        divergences,
    })
}

/// The floor alone, on one file (run under callgrind by `--instructions`).
fn plancher_seul(fichier: &str) -> ! {
    let texte = std::fs::read_to_string(fichier).unwrap_or_default();
    let lu = serde_saphyr::from_str_with_options::<Plancher>(&texte, options_document(texte.len()));
    std::process::exit(match lu {
        Ok(doc) => i32::from(doc.outils.is_empty()),
        Err(_) => 2,
    })
}

/// Instructions counted by callgrind for one command (`Collected : N`).
fn instructions(programme: &Path, args: &[&str]) -> Result<u64, String> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(programme)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("valgrind introuvable : {e}"))?;
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("sortie de callgrind inattendue : {err}"))
}

/// `--instructions`: floor and each format counted in instructions.
fn mesurer_instructions(base: &Base, cadria_bin: &Path, dossier: &Path, n: usize) -> Result<(), String> {
    let fichier = dossier.join(format!("inventaire-{n}.yaml"));
    generer(base, n, &fichier).map_err(|e| e.to_string())?;
    let chemin = fichier.to_string_lossy().to_string();
    let moi = std::env::current_exe().map_err(|e| e.to_string())?;
    let plancher = instructions(&moi, &["--plancher", &chemin])?;
    println!("| {n} | plancher | {:.0} M | 1.00× |", plancher as f64 / 1e6);
    for nom in FORMATS {
        let i = instructions(
            cadria_bin,
            &["inventaire", "-f", nom, "-q", "--couleur", "jamais", "--date", DATE, &chemin],
        )?;
        println!(
            "| {n} | {nom} | {:.0} M | {:.2}× |",
            i as f64 / 1e6,
            i as f64 / plancher as f64
        );
    }
    Ok(())
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--plancher") {
        plancher_seul(&args.nth(1).unwrap_or_default());
    }
    let cadria_bin = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/cadria".into()),
    );
    let args: Vec<String> = args.collect();
    let en_instructions = args.iter().any(|a| a == "--instructions");
    let tailles: Vec<usize> = {
        let v: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
        if v.is_empty() && en_instructions {
            vec![1_000]
        } else if v.is_empty() {
            vec![1_000, 10_000, 100_000]
        } else {
            v
        }
    };
    let (base, diags) = Base::charger(&Sources::default());
    if cadria::diag::contient_erreur(&diags) {
        eprintln!("règles intégrées invalides");
        std::process::exit(2);
    }
    // Notions are written out (in parentheses) so that Rego sees only facts.
    let deplier = |texte: &str| {
        let mut t = texte.to_string();
        for _ in 0..8 {
            let mut sortie = String::new();
            let mut mot = String::new();
            for c in t.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_alphanumeric() || c == '_' {
                    mot.push(c);
                    continue;
                }
                match base.notions().iter().find(|n| n.id == mot) {
                    Some(n) => sortie.push_str(&format!("({})", n.quand)),
                    None => sortie.push_str(&mot),
                }
                mot.clear();
                sortie.push(c);
            }
            sortie.pop();
            t = sortie;
        }
        t
    };
    let regles: Vec<(String, String)> = base
        .regles()
        .iter()
        .map(|r| (r.id.clone(), deplier(&r.quand)))
        .collect();
    let politique = match rego::politique(&regles) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("traduction en Rego impossible : {e}");
            std::process::exit(2);
        }
    };
    let dossier = std::env::temp_dir().join("cadria-banc");
    let _ = std::fs::create_dir_all(&dossier);
    let _ = std::fs::write(dossier.join("cadria.rego"), &politique);
    println!(
        "{} règles, date {DATE}, données dans {}",
        regles.len(),
        dossier.display()
    );
    println!();
    if en_instructions {
        println!("Instructions comptées par callgrind, rapportées au plancher :");
        println!();
        println!("| entrées | format | instructions | / plancher |");
        println!("|---:|---|---:|---:|");
        for n in tailles {
            if let Err(e) = mesurer_instructions(&base, &cadria_bin, &dossier, n) {
                println!("{n} entrées : erreur : {e}");
            }
        }
        return;
    }
    let mut mesures = Vec::new();
    for n in tailles {
        match mesurer(&base, &cadria_bin, &dossier, n, &politique) {
            Ok(m) => mesures.push(m),
            Err(e) => println!("{n} entrées : erreur : {e}"),
        }
    }
    println!("Bout en bout (sortie lue par un tube), rapporté au plancher de la même exécution :");
    println!();
    println!(
        "| entrées | fichier | plancher (analyse YAML) | format | durée | / plancher | mémoire max | sortie | par outil |"
    );
    println!("|---:|---:|---:|---|---:|---:|---:|---:|---:|");
    for m in &mesures {
        for f in &m.formats {
            println!(
                "| {} | {:.1} Mo | {:.2} s | {} | {:.2} s | {:.2}× | {:.0} Mio | {:.1} Mo | {:.1} Ko |",
                m.taille,
                m.octets as f64 / 1e6,
                m.plancher,
                f.nom,
                f.duree,
                f.duree / m.plancher,
                f.memoire_kib as f64 / 1024.0,
                f.octets as f64 / 1e6,
                f.octets as f64 / 1e3 / m.outils.max(1) as f64,
            );
        }
    }
    println!();
    println!("Évaluation seule (mêmes règles, mêmes faits) :");
    println!();
    println!(
        "| entrées | budget par défaut | éval. cadria | éval. regorus (RVM) | regorus / cadria | vérif. croisée |"
    );
    println!("|---:|---|---:|---:|---:|---|");
    for m in &mesures {
        println!(
            "| {} | {} | {:.3} s | {:.3} s | {:.1}× | {} règles·outils, {} divergence(s) |",
            m.taille,
            if m.budget_defaut_refuse {
                "refuse"
            } else {
                "accepte"
            },
            m.eval_cadria,
            m.eval_regorus,
            m.eval_regorus / m.eval_cadria,
            m.comparees,
            m.divergences
        );
    }
}
