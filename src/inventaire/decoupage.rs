//! Découpage d'un inventaire en entrées par un vrai analyseur YAML : les
//! événements de `granit-parser` (l'analyseur sous serde-saphyr) disent où
//! chaque entrée de la liste commence et finit, quel que soit le style (bloc,
//! flux, commentaires, ancres, scalaires sur plusieurs lignes) ; jamais
//! l'indentation. Le fichier est lu par morceaux : seule l'entrée en cours
//! est gardée en mémoire. Chaque entrée est rendue sous forme de texte (ses
//! colonnes et ses lignes sont celles du fichier) pour être lue seule, si
//! bien qu'une entrée fautive n'empêche pas de lire les autres.
//!
//! Un alias vers une ancre définie dans une autre entrée est remplacé par le
//! contenu de l'ancre, écrit en style flux.
//!
//! Après une erreur de syntaxe dans une liste en bloc, la lecture reprend à
//! la ligne suivante qui commence une entrée au même retrait (rattrapage
//! seulement : un YAML valide n'est jamais découpé ainsi) ; dans une liste en
//! flux, la suite du fichier est signalée comme non lue.

use super::construction::Construction;
use crate::reponses::ReponsesBrutes;
use serde_saphyr::granit_parser::{
    ErrorKind, Event, FallibleBufferedInput, Parser, ScalarStyle, Span, StructureStyle,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::BufRead;
use std::rc::Rc;

/// Plus longue ligne acceptée (en caractères) : au-delà, la lecture s'arrête
/// (un fichier d'une seule ligne de plusieurs Gio ne remplit pas la mémoire).
pub const LIGNE_MAX: usize = 1 << 20;
/// Plus grande entrée acceptée (en caractères).
pub const ENTREE_MAX: usize = 4 << 20;
/// Plus grand texte gardé pour une ancre (utilisée par un alias d'une autre entrée).
const ANCRE_MAX: usize = 64 << 10;

/// One entry of the list: where it starts (1-based line, 0-based column)
/// and its text, padded on its first line so that columns are those of the
/// file; its first line is line `ligne` of the file.
#[derive(Debug, Clone)]
pub struct Morceau {
    /// Line where the entry starts.
    pub ligne: u64,
    /// Column (from 0) where the entry starts.
    pub colonne: u64,
    /// The entry's text.
    pub texte: String,
    /// The raw answers built from the parser's events while splitting
    /// ([`super::construction`]), when the entry has a common shape; `None`
    /// means: read `texte`.
    pub brut: Option<Box<ReponsesBrutes>>,
}

/// A problem found while splitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probleme {
    /// The problem is an entry of the list (it counts as one).
    pub entree: bool,
    /// Line (1-based, 0 when unknown).
    pub ligne: u64,
    /// Column (1-based, 0 when unknown).
    pub colonne: u64,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub aide: String,
    /// An I/O error (rather than the YAML).
    pub lecture: bool,
}

/// What the splitter gives, in file order.
#[derive(Debug, Clone)]
pub enum Element {
    /// An entry to read.
    Entree(Morceau),
    /// Something that could not be read.
    Probleme(Probleme),
}

/// The characters read so far that may still be needed (from the start of
/// the entry being read).
#[derive(Default)]
struct Enregistrement {
    /// Index (in characters, for the current parser) of `texte[0]`.
    debut: usize,
    texte: Vec<char>,
    /// Something was not recorded (an entry far too large).
    sature: bool,
}

/// The file, read in chunks, shared between the parser's character source
/// and the splitter (which records what the parser read, and restarts a
/// parser after a syntax error).
struct Partage<R> {
    lecteur: R,
    attente: std::collections::VecDeque<char>,
    reste: Vec<u8>,
    colonne: usize,
    fini: bool,
    enregistrement: Enregistrement,
}

/// The parser's character source.
struct Caracteres<R>(Rc<RefCell<Partage<R>>>);

fn erreur_lecture(message: String) -> ErrorKind {
    ErrorKind::InputDecoding { message }
}

impl<R: BufRead> Partage<R> {
    fn remplir(&mut self) -> Result<(), ErrorKind> {
        let octets = self
            .lecteur
            .fill_buf()
            .map_err(|e| erreur_lecture(format!("lecture interrompue : {e}")))?;
        if octets.is_empty() {
            self.fini = true;
            if !self.reste.is_empty() {
                return Err(erreur_lecture(
                    "le fichier n'est pas un texte UTF-8 (octets invalides en fin de fichier)"
                        .into(),
                ));
            }
            return Ok(());
        }
        let n = octets.len();
        self.reste.extend_from_slice(octets);
        self.lecteur.consume(n);
        let valide = match std::str::from_utf8(&self.reste) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                return Err(erreur_lecture(
                    "le fichier n'est pas un texte UTF-8 (octets invalides)".into(),
                ));
            }
        };
        let texte = std::str::from_utf8(&self.reste[..valide]).unwrap_or_default();
        self.attente.extend(texte.chars());
        self.reste.drain(..valide);
        Ok(())
    }

    /// The next character, not recorded.
    fn caractere(&mut self) -> Option<Result<char, ErrorKind>> {
        while self.attente.is_empty() {
            if self.fini {
                return None;
            }
            if let Err(e) = self.remplir() {
                self.fini = true;
                self.attente.clear();
                return Some(Err(e));
            }
        }
        let c = self.attente.pop_front()?;
        if c == '\n' {
            self.colonne = 0;
        } else {
            self.colonne += 1;
            if self.colonne > LIGNE_MAX {
                self.fini = true;
                self.attente.clear();
                return Some(Err(erreur_lecture(format!(
                    "ligne de plus de {LIGNE_MAX} caractères : lecture arrêtée"
                ))));
            }
        }
        Some(Ok(c))
    }

    /// The next line, not recorded (`None` at the end or on an error).
    fn ligne(&mut self) -> Option<String> {
        let mut l = String::new();
        loop {
            match self.caractere() {
                Some(Ok(c)) => {
                    l.push(c);
                    if c == '\n' {
                        return Some(l);
                    }
                }
                _ => return if l.is_empty() { None } else { Some(l) },
            }
        }
    }
}

impl<R: BufRead> Iterator for Caracteres<R> {
    type Item = Result<char, ErrorKind>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut p = self.0.borrow_mut();
        let c = p.caractere()?;
        if let Ok(c) = c {
            if p.enregistrement.texte.len() < ENTREE_MAX + LIGNE_MAX {
                p.enregistrement.texte.push(c);
            } else {
                p.enregistrement.sature = true;
            }
        }
        Some(c)
    }
}

type Analyseur<R> = Parser<'static, FallibleBufferedInput<Caracteres<R>>>;

/// Where the reading is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the root node.
    Debut,
    /// In the root mapping, waiting for a key.
    Cle,
    /// In a list of entries.
    Liste,
    /// After the root node.
    Fin,
}

/// A flow-style copy of an anchored node, for aliases in other entries.
struct Ancre {
    id: usize,
    texte: String,
    /// Per open collection: (is a mapping, items written so far).
    pile: Vec<(bool, usize)>,
    trop_grande: bool,
}

/// Reads entries one at a time.
pub struct Decoupage<R: BufRead> {
    analyseur: Analyseur<R>,
    partage: Rc<RefCell<Partage<R>>>,
    phase: Phase,
    /// Depth of lists open in `Phase::Liste` (1: the list of entries).
    liste_nue: bool,
    /// `etablissement`, when given.
    pub etablissement: Option<String>,
    /// Keys of the root mapping already seen.
    cles: Vec<String>,
    /// Line offset of the current parser (after a restart).
    decalage: usize,
    /// Column of a block list's dashes (for recovery), if block.
    retrait: Option<usize>,
    ancres: HashMap<usize, String>,
    en_cours: Vec<Ancre>,
    fini: bool,
    documents: usize,
    /// Why `outils` could not be entered.
    probleme_outils: Option<Probleme>,
}

/// How the document starts, or why it cannot be an inventory.
pub enum Debut<R: BufRead> {
    /// A list of entries (bare or under `outils`).
    Liste(Box<Decoupage<R>>),
    /// Nothing to read: empty, or not an inventory.
    Refus(Probleme),
}

fn probleme(
    ligne: u64,
    colonne: u64,
    message: impl Into<String>,
    aide: impl Into<String>,
) -> Probleme {
    Probleme {
        entree: false,
        ligne,
        colonne,
        message: message.into(),
        aide: aide.into(),
        lecture: false,
    }
}

/// A scalar written in flow style.
fn scalaire_flux(valeur: &str, style: ScalarStyle) -> String {
    let simple = style == ScalarStyle::Plain
        && !valeur.is_empty()
        && !valeur.contains([',', '[', ']', '{', '}', '#', ':', '\n', '"', '\''])
        && !valeur.starts_with(['-', '?', '&', '*', '!', '|', '>', '%', '@', '`', ' '])
        && !valeur.ends_with(' ');
    if simple {
        return valeur.to_string();
    }
    let mut s = String::from("\"");
    for c in valeur.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            ' '..='~' => s.push(c),
            c if crate::neutralisation::dangereux(c) || u32::from(c) < 0xA0 => {
                s.push_str(&format!("\\U{:08x}", u32::from(c)))
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn etiquette(tag: &Option<std::borrow::Cow<'_, serde_saphyr::granit_parser::Tag>>) -> String {
    tag.as_ref()
        .map(|t| format!("{} ", t.original()))
        .unwrap_or_default()
}

impl Ancre {
    fn separer(&mut self) {
        if let Some((carte, n)) = self.pile.last_mut() {
            if *n > 0 {
                self.texte
                    .push_str(if *carte && *n % 2 == 1 { ": " } else { ", " });
            }
            *n += 1;
        }
    }

    fn ecrire(&mut self, morceau: &str) {
        if self.trop_grande {
            return;
        }
        self.texte.push_str(morceau);
        if self.texte.len() > ANCRE_MAX {
            self.trop_grande = true;
            self.texte = String::new();
        }
    }

    /// Writes event `e` (`ancres`: complete anchors, for aliases).
    fn noter(&mut self, e: &Event<'_>, ancres: &HashMap<usize, String>) {
        match e {
            Event::Scalar(v, style, _, tag) => {
                self.separer();
                self.ecrire(&format!("{}{}", etiquette(tag), scalaire_flux(v, *style)));
            }
            Event::SequenceStart(_, _, tag) | Event::MappingStart(_, _, tag) => {
                self.separer();
                let carte = matches!(e, Event::MappingStart(..));
                self.ecrire(&format!(
                    "{}{}",
                    etiquette(tag),
                    if carte { "{" } else { "[" }
                ));
                self.pile.push((carte, 0));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let carte = matches!(e, Event::MappingEnd);
                self.pile.pop();
                self.ecrire(if carte { "}" } else { "]" });
            }
            Event::Alias(id) => {
                self.separer();
                match ancres.get(id) {
                    Some(t) => {
                        let t = t.clone();
                        self.ecrire(&t)
                    }
                    None => self.trop_grande = true,
                }
            }
            _ => {}
        }
    }
}

/// Opens the inventory: reads up to its list of entries.
pub fn ouvrir<R: BufRead>(lecteur: R) -> Debut<R> {
    let partage = Rc::new(RefCell::new(Partage {
        lecteur,
        attente: std::collections::VecDeque::new(),
        reste: Vec::new(),
        colonne: 0,
        fini: false,
        enregistrement: Enregistrement::default(),
    }));
    let analyseur = Parser::new_from_fallible_iter(Caracteres(Rc::clone(&partage)));
    let mut d = Decoupage {
        analyseur,
        partage,
        phase: Phase::Debut,
        liste_nue: false,
        etablissement: None,
        cles: Vec::new(),
        decalage: 0,
        retrait: None,
        ancres: HashMap::new(),
        en_cours: Vec::new(),
        fini: false,
        documents: 0,
        probleme_outils: None,
    };
    // Read up to the root node.
    loop {
        match d.suivant_evenement() {
            None => {
                return Debut::Refus(probleme(0, 0, "l'inventaire est vide", AIDE_VIDE));
            }
            Some(Err(p)) => return Debut::Refus(p),
            Some(Ok((e, s))) => match e {
                Event::StreamStart | Event::DocumentStart(..) | Event::Comment(..) => {}
                Event::StreamEnd => {
                    return Debut::Refus(probleme(0, 0, "l'inventaire est vide", AIDE_VIDE));
                }
                Event::SequenceStart(style, _, _) => {
                    d.documents = 1;
                    d.liste_nue = true;
                    d.phase = Phase::Liste;
                    d.retrait = (style == StructureStyle::Block).then(|| s.start.col());
                    return Debut::Liste(Box::new(d));
                }
                Event::MappingStart(..) => {
                    d.documents = 1;
                    d.phase = Phase::Cle;
                    return Debut::Liste(Box::new(d));
                }
                Event::Scalar(v, ..) if v.trim().is_empty() || v == "~" || v == "null" => {
                    return Debut::Refus(probleme(0, 0, "l'inventaire est vide", AIDE_VIDE));
                }
                _ => {
                    let (l, c) = d.marque(&s);
                    return Debut::Refus(probleme(
                        l,
                        c,
                        "ce fichier n'est pas un inventaire (ni une liste, ni une table `outils:`)",
                        AIDE_VIDE,
                    ));
                }
            },
        }
    }
}

const AIDE_VIDE: &str = "listez les outils sous `outils:`, un document de réponses par outil (voir exemples/inventaire.yaml)";

impl<R: BufRead> Decoupage<R> {
    fn marque(&self, s: &Span) -> (u64, u64) {
        (
            (s.start.line() + self.decalage) as u64,
            s.start.col() as u64 + 1,
        )
    }

    fn suivant_evenement(&mut self) -> Option<Result<(Event<'static>, Span), Probleme>> {
        let decalage = self.decalage;
        let mut suivant = self.analyseur.next_event();
        while let Some(Ok((Event::Comment(..), _))) = &suivant {
            suivant = self.analyseur.next_event();
        }
        suivant.map(|r| {
            r.map_err(|e| {
                let m = e.marker();
                let lecture = matches!(e.kind(), ErrorKind::InputDecoding { .. });
                let message = if lecture {
                    e.kind().to_string()
                } else {
                    format!("YAML invalide : {}", crate::yaml::traduire(&e.kind().to_string()))
                };
                Probleme {
                    entree: false,
                    ligne: (m.line() + decalage) as u64,
                    colonne: m.col() as u64 + 1,
                    message,
                    aide: "la lecture s'arrête ici : la suite du fichier n'a pas été lue ; corrigez cet endroit puis relancez".into(),
                    lecture,
                }
            })
        })
    }

    /// Skips the rest of a node whose first event was `premier`.
    fn sauter(&mut self, premier: &Event<'_>) -> Result<(), Probleme> {
        let mut profondeur = match premier {
            Event::SequenceStart(..) | Event::MappingStart(..) => 1usize,
            _ => return Ok(()),
        };
        while profondeur > 0 {
            match self.suivant_evenement() {
                None => return Ok(()),
                Some(Err(p)) => return Err(p),
                Some(Ok((e, _))) => match e {
                    Event::SequenceStart(..) | Event::MappingStart(..) => profondeur += 1,
                    Event::SequenceEnd | Event::MappingEnd => profondeur -= 1,
                    _ => {}
                },
            }
        }
        Ok(())
    }

    fn oublier_jusqua(&mut self, index: usize) {
        let mut p = self.partage.borrow_mut();
        let e = &mut p.enregistrement;
        let n = index.saturating_sub(e.debut).min(e.texte.len());
        e.texte.drain(..n);
        e.debut += n;
    }

    /// The next entry or problem, `None` at the end.
    pub fn suivant(&mut self) -> Option<Element> {
        loop {
            if self.fini {
                return None;
            }
            let (e, s) = match self.suivant_evenement()? {
                Ok(x) => x,
                Err(mut p) => {
                    self.fini = true;
                    // In a list, what could not be read is the next entry.
                    p.entree = self.phase == Phase::Liste;
                    return Some(Element::Probleme(p));
                }
            };
            if !matches!(self.phase, Phase::Liste) {
                self.oublier_jusqua(s.end.index());
            }
            match (self.phase, e) {
                (_, Event::Comment(..)) => {}
                (_, Event::StreamEnd) => {
                    self.fini = true;
                    return None;
                }
                (Phase::Debut, Event::StreamStart) => {}
                (Phase::Debut | Phase::Fin, Event::DocumentStart(..)) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        let (l, c) = self.marque(&s);
                        self.fini = true;
                        return Some(Element::Probleme(probleme(
                            l,
                            c,
                            "un second document YAML (`---`) suit l'inventaire : il n'a pas été lu",
                            "un inventaire est un seul document : réunissez les listes sous une seule clé `outils:`",
                        )));
                    }
                }
                (Phase::Debut, Event::SequenceStart(style, _, _)) => {
                    // After a restart: the rest of a block list.
                    self.phase = Phase::Liste;
                    self.retrait = (style == StructureStyle::Block).then(|| s.start.col());
                }
                (Phase::Debut, Event::MappingStart(..)) => self.phase = Phase::Cle,
                (_, Event::DocumentEnd) => self.phase = Phase::Fin,
                (Phase::Liste, Event::SequenceEnd) => {
                    self.phase = if self.liste_nue {
                        Phase::Fin
                    } else {
                        Phase::Cle
                    };
                }
                (Phase::Liste, ev) => {
                    if self.partage.borrow().enregistrement.sature {
                        self.fini = true;
                    }
                    return Some(self.lire_entree(ev, s));
                }
                (Phase::Cle, Event::MappingEnd) => self.phase = Phase::Fin,
                (Phase::Cle, Event::Scalar(cle, ..)) => {
                    let (l, c) = self.marque(&s);
                    if self.cles.iter().any(|k| *k == cle) {
                        let p = probleme(
                            l,
                            c,
                            format!("clé `{cle}` en double dans l'en-tête de l'inventaire"),
                            "gardez une seule clé `outils:` et placez-y toutes les entrées",
                        );
                        self.cles.push(cle.to_string());
                        // The duplicate's value is still read (its entries count).
                        if cle == "outils" && self.ouvrir_liste() {
                            return Some(Element::Probleme(p));
                        }
                        return Some(Element::Probleme(p));
                    }
                    self.cles.push(cle.to_string());
                    match cle.as_ref() {
                        "outils" => {
                            if !self.ouvrir_liste() {
                                // Empty (`outils:` or `outils: []`) or not a list.
                                if let Some(p) = self.probleme_outils.take() {
                                    return Some(Element::Probleme(p));
                                }
                            }
                        }
                        "etablissement" => match self.suivant_evenement() {
                            Some(Ok((Event::Scalar(v, ..), _))) => {
                                self.etablissement = Some(v.to_string())
                            }
                            Some(Ok((autre, s2))) => {
                                let (l, c) = self.marque(&s2);
                                if let Err(p) = self.sauter(&autre) {
                                    self.fini = true;
                                    return Some(Element::Probleme(p));
                                }
                                return Some(Element::Probleme(probleme(
                                    l,
                                    c,
                                    "`etablissement` doit être un texte",
                                    "écrivez le nom de l'établissement sur une ligne",
                                )));
                            }
                            Some(Err(p)) => {
                                self.fini = true;
                                return Some(Element::Probleme(p));
                            }
                            None => {}
                        },
                        autre => {
                            let aide = if matches!(autre, "outil" | "reponses" | "questionnaire") {
                                "ce fichier ressemble à un fichier de réponses pour un seul outil : évaluez-le avec `cadria evaluer`, ou placez-le dans une liste `outils:`"
                            } else {
                                "champs possibles : etablissement, outils"
                            };
                            let p = probleme(
                                l,
                                c,
                                format!("champ inconnu `{autre}` dans l'en-tête de l'inventaire"),
                                aide,
                            );
                            match self.suivant_evenement() {
                                Some(Ok((v, _))) => {
                                    if let Err(p) = self.sauter(&v) {
                                        self.fini = true;
                                        return Some(Element::Probleme(p));
                                    }
                                }
                                Some(Err(p)) => {
                                    self.fini = true;
                                    return Some(Element::Probleme(p));
                                }
                                None => {}
                            }
                            return Some(Element::Probleme(p));
                        }
                    }
                }
                (Phase::Cle, autre) => {
                    let (l, c) = self.marque(&s);
                    if let Err(p) = self.sauter(&autre) {
                        self.fini = true;
                        return Some(Element::Probleme(p));
                    }
                    // Its value too.
                    if let Some(Ok((v, _))) = self.suivant_evenement()
                        && let Err(p) = self.sauter(&v)
                    {
                        self.fini = true;
                        return Some(Element::Probleme(p));
                    }
                    return Some(Element::Probleme(probleme(
                        l,
                        c,
                        "clé inattendue dans l'en-tête de l'inventaire",
                        "champs possibles : etablissement, outils",
                    )));
                }
                (_, ev) => {
                    let (l, c) = self.marque(&s);
                    if let Err(p) = self.sauter(&ev) {
                        self.fini = true;
                        return Some(Element::Probleme(p));
                    }
                    return Some(Element::Probleme(probleme(
                        l,
                        c,
                        "contenu inattendu après la liste des outils : il n'a pas été lu",
                        "un inventaire contient `etablissement` et `outils`, rien d'autre",
                    )));
                }
            }
        }
    }

    /// After `outils:`: enters its list. False when the value is empty or
    /// not a list (then `probleme_outils` may say why).
    fn ouvrir_liste(&mut self) -> bool {
        match self.suivant_evenement() {
            Some(Ok((Event::SequenceStart(style, _, _), s))) => {
                self.phase = Phase::Liste;
                self.retrait = (style == StructureStyle::Block).then(|| s.start.col());
                true
            }
            Some(Ok((Event::Scalar(v, ..), _)))
                if v.trim().is_empty() || v == "~" || v == "null" =>
            {
                false
            }
            Some(Ok((autre, s))) => {
                let (l, c) = self.marque(&s);
                let p = probleme(
                    l,
                    c,
                    "`outils` doit être une liste d'outils",
                    "écrivez chaque outil sur une ligne commençant par `- outil: ...`",
                );
                self.probleme_outils = Some(match self.sauter(&autre) {
                    Ok(()) => p,
                    Err(p2) => {
                        self.fini = true;
                        p2
                    }
                });
                false
            }
            Some(Err(p)) => {
                self.fini = true;
                self.probleme_outils = Some(p);
                false
            }
            None => false,
        }
    }

    /// Records `e` into every anchored node being copied, and stores those
    /// that are complete.
    fn noter_ancres(&mut self, e: &Event<'_>) {
        for a in &mut self.en_cours {
            a.noter(e, &self.ancres);
        }
    }

    /// Reads the entry whose first event is `premier` at `span`.
    fn lire_entree(&mut self, premier: Event<'static>, span: Span) -> Element {
        let debut = span.tag_start().unwrap_or(span.start);
        let (ligne, colonne) = ((debut.line() + self.decalage) as u64, debut.col() as u64);
        let index_debut = debut.index();
        self.oublier_jusqua(index_debut);
        let mut fin = span.end.index();
        let mut locales: Vec<usize> = Vec::new();
        let mut externes: Vec<(usize, usize, usize)> = Vec::new();
        let mut profondeur = 0usize;
        let mut construction = Construction::new();
        let mut evenement = Some((premier, span));
        loop {
            let (e, s) = match evenement.take() {
                Some(x) => x,
                None => match self.suivant_evenement() {
                    None => break,
                    Some(Ok(x)) => x,
                    Some(Err(p)) => return self.rattraper(p, ligne, colonne),
                },
            };
            fin = fin.max(s.end.index());
            let (ancre, ouvre, ferme) = match &e {
                Event::Scalar(_, _, a, _) => (*a, false, false),
                Event::SequenceStart(_, a, _) | Event::MappingStart(_, a, _) => (*a, true, false),
                Event::SequenceEnd | Event::MappingEnd => (0, false, true),
                _ => (0, false, false),
            };
            if let Event::Alias(id) = &e
                && !locales.contains(id)
            {
                externes.push((s.start.index(), s.end.index(), *id));
            }
            construction.noter(&e);
            self.noter_ancres(&e);
            if ancre != 0 {
                locales.push(ancre);
                let mut a = Ancre {
                    id: ancre,
                    texte: String::new(),
                    pile: Vec::new(),
                    trop_grande: false,
                };
                a.noter(&e, &self.ancres);
                self.en_cours.push(a);
            }
            self.fermer_ancres();
            if ouvre {
                profondeur += 1;
            }
            if ferme {
                profondeur = profondeur.saturating_sub(1);
            }
            if profondeur == 0 {
                break;
            }
        }
        let trop = {
            let p = self.partage.borrow();
            p.enregistrement.sature || fin.saturating_sub(index_debut) > ENTREE_MAX
        };
        if trop {
            self.fini = true;
            return Element::Probleme(Probleme {
                entree: true,
                ligne,
                colonne: colonne + 1,
                message: format!("entrée de plus de {ENTREE_MAX} caractères : ni elle ni la suite du fichier n'ont été lues"),
                aide: "une entrée décrit un seul outil : vérifiez qu'un guillemet ou un crochet n'est pas resté ouvert".into(),
                lecture: false,
            });
        }
        let texte = {
            let p = self.partage.borrow();
            let enr = &p.enregistrement;
            let rel = |i: usize| i.saturating_sub(enr.debut).min(enr.texte.len());
            let mut texte: String = " ".repeat(usize::try_from(colonne).unwrap_or(0));
            let mut curseur = rel(index_debut);
            for (a, b, id) in &externes {
                texte.extend(&enr.texte[curseur.min(rel(*a))..rel(*a)]);
                match self.ancres.get(id) {
                    Some(t) => texte.push_str(t),
                    None => texte.push_str("*ancre_introuvable_ou_trop_grande"),
                }
                curseur = rel(*b);
            }
            texte.extend(&enr.texte[curseur.min(rel(fin))..rel(fin)]);
            texte
        };
        self.oublier_jusqua(fin);
        Element::Entree(Morceau {
            ligne,
            colonne,
            texte,
            brut: construction.finir().map(Box::new),
        })
    }

    /// Stores the anchored nodes that are complete.
    fn fermer_ancres(&mut self) {
        while self.en_cours.last().is_some_and(|a| a.pile.is_empty()) {
            if let Some(a) = self.en_cours.pop() {
                let total: usize = self.ancres.values().map(String::len).sum();
                if !a.trop_grande && total < 16 * ANCRE_MAX {
                    self.ancres.insert(a.id, a.texte);
                } else {
                    self.ancres.remove(&a.id);
                }
            }
        }
    }

    /// After a syntax error inside the entry starting at `ligne`: in a block
    /// list, that entry runs to the next line that starts an entry at the
    /// same indentation, and reading starts again there (recovery only).
    /// The broken entry's text is returned as an entry, so that it is
    /// reported with the parser's message for that text alone.
    fn rattraper(&mut self, mut p: Probleme, ligne: u64, colonne: u64) -> Element {
        self.en_cours.clear();
        p.entree = true;
        let Some(retrait) = self.retrait.filter(|_| !p.lecture) else {
            p.aide = "la lecture s'arrête ici : cette entrée et la suite du fichier n'ont pas été lues ; corrigez cet endroit puis relancez".into();
            self.fini = true;
            return Element::Probleme(p);
        };
        let debut_entree = |l: &str| {
            let sans = l.trim_start_matches(' ');
            l.len() - sans.len() == retrait && (sans.starts_with("- ") || sans.trim_end() == "-")
        };
        let mut partage = self.partage.borrow_mut();
        let enr = std::mem::take(&mut partage.enregistrement);
        let deja: String = enr.texte.iter().collect();
        let mut suite: std::collections::VecDeque<String> =
            deja.split_inclusive('\n').map(str::to_string).collect();
        // The entry's text (its first line is padded: columns are the file's).
        let mut casse: String = " ".repeat(usize::try_from(colonne).unwrap_or(0));
        casse.push_str(&suite.pop_front().unwrap_or_default());
        let mut saute = 1u64;
        let mut reprise: Option<String> = None;
        loop {
            let l = match suite.pop_front() {
                Some(l) => Some(l),
                None => partage.ligne(),
            };
            let Some(l) = l else { break };
            if debut_entree(&l) {
                reprise = Some(l);
                break;
            }
            if casse.len() < ENTREE_MAX {
                casse.push_str(&l);
            }
            saute += 1;
        }
        p.aide = "corrigez cette entrée (indentation, deux-points, crochets, guillemets) ; les entrées suivantes ont été lues".into();
        match reprise {
            None => self.fini = true,
            Some(l) => {
                let mut avant: std::collections::VecDeque<char> = l.chars().collect();
                for r in suite {
                    avant.extend(r.chars());
                }
                avant.extend(partage.attente.drain(..));
                partage.attente = avant;
                partage.colonne = 0;
                drop(partage);
                self.decalage = usize::try_from(ligne + saute)
                    .unwrap_or(0)
                    .saturating_sub(1);
                self.analyseur =
                    Parser::new_from_fallible_iter(Caracteres(Rc::clone(&self.partage)));
                self.phase = Phase::Debut;
                self.documents = 0;
            }
        }
        if casse.trim().is_empty() || casse.len() >= ENTREE_MAX {
            return Element::Probleme(p);
        }
        Element::Entree(Morceau {
            ligne,
            colonne,
            texte: casse,
            brut: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Entries as the splitter sees them, each parsed alone.
    fn entrees(texte: &str) -> (Vec<Value>, Vec<Probleme>) {
        let mut d = match ouvrir(texte.as_bytes()) {
            Debut::Liste(d) => d,
            Debut::Refus(p) => return (Vec::new(), vec![p]),
        };
        let (mut v, mut p) = (Vec::new(), Vec::new());
        while let Some(e) = d.suivant() {
            match e {
                Element::Entree(m) => match serde_saphyr::from_str::<Value>(&m.texte) {
                    Ok(x) => v.push(x),
                    Err(_) => v.push(Value::from("ILLISIBLE")),
                },
                Element::Probleme(x) => p.push(x),
            }
        }
        (v, p)
    }

    /// The entries of a full parse of the document.
    fn complet(texte: &str) -> Vec<Value> {
        let v: Value = serde_saphyr::from_str(texte).unwrap_or_else(|e| panic!("{e}\n{texte}"));
        match v {
            Value::Array(a) => a,
            Value::Object(mut o) => match o.remove("outils") {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn meme_lecture(texte: &str) {
        let (v, p) = entrees(texte);
        assert!(p.is_empty(), "{p:?}\n{texte}");
        assert_eq!(v, complet(texte), "\n{texte}");
    }

    #[test]
    fn formes_valides_de_l_issue() {
        // Flow mapping over two lines, continuation at column 0.
        meme_lecture(
            "- {outil: A,\nreponses: {role: enseignant}}\n- outil: B\n- {outil: C, reponses: {}}\n",
        );
        // Multi-line quoted scalar, comments, blank lines.
        meme_lecture(
            "outils:\n  - outil: \"A\n  suite\"\n    # note\n    reponses: {}\n\n  - outil: 'B\n\n  c'\n",
        );
        // Over-indented entry.
        meme_lecture("outils:\n  - outil: A\n  -    outil: B\n       reponses: {}\n");
        // Tabs inside flow, literal block scalars.
        meme_lecture(
            "outils:\n- outil: A\n  reponses: {\trole:\tenseignant}\n- outil: |\n    B\n    x\n  reponses: {}\n",
        );
        // Anchors and aliases across entries.
        meme_lecture(
            "outils:\n  - &a {outil: A, reponses: &r {role: enseignant, niveaux: [5e, 4e]}}\n  - *a\n  - outil: C\n    reponses: *r\n",
        );
        meme_lecture(
            "outils:\n  - outil: &n \"Nom: x\"\n    reponses:\n      b: &l\n        - u\n        - v\n  - outil: *n\n    reponses: {b: *l}\n",
        );
        // Explicit document markers.
        meme_lecture("---\noutils:\n  - outil: A\n...\n");
        // Flow list of entries.
        meme_lecture("outils: [{outil: A}, {outil: B,\n  reponses: {}}]\netablissement: X\n");
    }

    #[test]
    fn ce_qui_ne_peut_pas_etre_une_entree_est_signale() {
        // `reponses: {}` at column 0 after the list: a header key, never swallowed.
        let (v, p) = entrees("outils:\n  - outil: A\n  - outil: B\nreponses: {}\n  ");
        assert_eq!(v.len(), 2);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("reponses"));
        // Duplicate `outils`: both lists are read, the duplicate is reported.
        let (v, p) = entrees("outils:\n  - outil: A\noutils:\n  - outil: B\n");
        assert_eq!(v.len(), 2);
        assert!(p[0].message.contains("en double"));
        // A second document.
        let (v, p) = entrees("outils:\n  - outil: A\n---\noutils:\n  - outil: B\n");
        assert_eq!(v.len(), 1);
        assert!(p[0].message.contains("second document"));
        // A syntax error in a block entry: reported as that entry, the next ones read.
        let (v, p) =
            entrees("outils:\n  - outil: A\n    reponses: { a: [1\n  - outil: B\n  - outil: C\n");
        assert_eq!(p.len(), 0);
        let noms: Vec<String> = v
            .iter()
            .map(|x| {
                x["outil"]
                    .as_str()
                    .unwrap_or(x.as_str().unwrap_or(""))
                    .to_string()
            })
            .collect();
        assert_eq!(
            noms,
            ["ILLISIBLE", "B", "C"],
            "l'entrée cassée est rendue pour être signalée, la suite relue"
        );
        // A syntax error in a flow list: where it stopped.
        let (v, p) = entrees("outils: [{outil: A}, {outil: B, reponses: {a: [}]\n");
        assert_eq!(v.len(), 1);
        assert_eq!(p.len(), 1);
        assert!(p[0].ligne >= 1 && p[0].colonne >= 1, "{p:?}");
    }

    use crate::alea::Alea;

    fn valeur(a: &mut Alea) -> String {
        match a.n(6) {
            0 => "oui".into(),
            1 => "\"texte: avec « deux-points »\"".into(),
            2 => "[5e, 4e]".into(),
            3 => "'cité ''ici'''".into(),
            4 => "inconnu".into(),
            _ => "grand_public".into(),
        }
    }

    fn inventaire(a: &mut Alea) -> String {
        let bloc = a.n(4) != 0;
        let enveloppe = a.n(3) != 0;
        let retrait = if enveloppe {
            " ".repeat(a.n(3) as usize)
        } else {
            String::new()
        };
        let mut s = String::new();
        if a.n(2) == 0 {
            s.push_str("# inventaire généré\n");
        }
        if enveloppe {
            if a.n(2) == 0 {
                s.push_str("etablissement: Collège\n");
            }
            s.push_str("outils:");
            s.push_str(if bloc { "\n" } else { " [\n" });
        } else if !bloc {
            s.push_str("[\n");
        }
        let n = 1 + a.n(8);
        let mut ancres = 0;
        for k in 0..n {
            let nom = format!("Outil {k}");
            if !bloc {
                let alias = ancres > 0 && a.n(4) == 0;
                if alias {
                    s.push_str(&format!("  *e{}", a.n(ancres)));
                } else {
                    let ancre = if a.n(3) == 0 {
                        ancres += 1;
                        format!("&e{} ", ancres - 1)
                    } else {
                        String::new()
                    };
                    s.push_str(&format!(
                        "  {ancre}{{outil: \"{nom}\",\n    reponses: {{a: {}, b: {}}}}}",
                        valeur(a),
                        valeur(a)
                    ));
                }
                s.push_str(if k + 1 < n { ",\n" } else { "\n" });
                continue;
            }
            if a.n(5) == 0 {
                s.push_str(&format!("{retrait}# commentaire {k}\n"));
            }
            if ancres > 0 && a.n(5) == 0 {
                s.push_str(&format!("{retrait}- *e{}\n", a.n(ancres)));
                continue;
            }
            let ancre = if a.n(4) == 0 {
                ancres += 1;
                format!("&e{} ", ancres - 1)
            } else {
                String::new()
            };
            match a.n(3) {
                0 => s.push_str(&format!(
                    "{retrait}- {ancre}{{outil: {nom}, reponses: {{a: {}}}}}\n",
                    valeur(a)
                )),
                1 => {
                    s.push_str(&format!(
                        "{retrait}- {ancre}\n{retrait}  outil: \"{nom}\"\n{retrait}  reponses:\n"
                    ));
                    for f in 0..a.n(4) {
                        s.push_str(&format!("{retrait}    f{f}: {}  # c\n", valeur(a)));
                    }
                    if a.n(2) == 0 {
                        s.push_str(&format!(
                            "{retrait}    liste:\n{retrait}    - x\n{retrait}    - y\n"
                        ));
                    }
                }
                _ => {
                    s.push_str(&format!("{retrait}- {ancre}outil: >\n{retrait}    {nom}\n{retrait}    suite\n\n{retrait}  reponses: {{a: {}}}\n", valeur(a)));
                }
            }
        }
        if !bloc {
            s.push_str("]\n");
        }
        s
    }

    #[test]
    fn inventaires_generes_lus_comme_par_une_lecture_complete() {
        let mut a = Alea(2026);
        for _ in 0..400 {
            let t = inventaire(&mut a);
            meme_lecture(&t);
        }
    }
}
