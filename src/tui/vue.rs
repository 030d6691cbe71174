//! Drawing: one function per screen, from the state only. Everything is
//! reachable at 80×24 and at 60×18: the question text stays on screen, long
//! choice lists scroll with markers (« ↓ 2 autres choix »), the verdict panel
//! takes two fifths of a wide terminal and moves under the question below
//! 80 columns. The cursor is `>` and reverse video, ticks are `[x]`, the
//! chosen answer `(x)`, gravities and verdicts are words. Every text of a
//! questionnaire or rule pack is neutralised before it is drawn (control
//! characters and bidirectional overrides made visible).

use super::app::{App, Dialogue, Ecran};
use super::theme::Theme;
use crate::questionnaire::flux::{Flux, Reponse, Saisie, profils};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Lines above the main area.
pub const HAUT: u16 = 2;
/// Lines below the main area.
pub const BAS: u16 = 3;
/// Narrowest side panel (verdict or help).
const PANNEAU_MIN: u16 = 32;
/// Widest side panel.
const PANNEAU_MAX: u16 = 60;
/// From this width on the panel sits beside the question; below, under it.
const LARGEUR_PANNEAU: u16 = 80;
/// Height of the panel when it sits under the question.
const HAUTEUR_PANNEAU_BAS: u16 = 6;

/// Wraps `texte` to `largeur` columns (words longer than a line are cut),
/// after neutralising it.
pub fn plier(texte: &str, largeur: usize) -> Vec<String> {
    let texte = crate::neutralisation::texte(texte);
    let texte = texte.as_ref();
    let largeur = largeur.max(8);
    let mut lignes = Vec::new();
    for paragraphe in texte.split('\n') {
        let mut ligne = String::new();
        let mut n = 0usize;
        for mot in paragraphe.split_whitespace() {
            let mut mot: Vec<char> = mot.chars().collect();
            while mot.len() > largeur {
                if n > 0 {
                    lignes.push(std::mem::take(&mut ligne));
                    n = 0;
                }
                lignes.push(mot.drain(..largeur).collect());
            }
            if n > 0 && n + 1 + mot.len() > largeur {
                lignes.push(std::mem::take(&mut ligne));
                n = 0;
            }
            if n > 0 {
                ligne.push(' ');
                n += 1;
            }
            ligne.extend(mot.iter());
            n += mot.len();
        }
        lignes.push(ligne);
    }
    lignes
}

/// Wraps one line of the text report that is wider than the screen,
/// continuation lines indented two spaces deeper than the line itself.
pub fn replier(ligne: &str, largeur: usize) -> Vec<String> {
    if ligne.chars().count() <= largeur || largeur < 20 {
        return vec![ligne.to_string()];
    }
    let tete = ligne.len() - ligne.trim_start().len();
    let retrait = (tete + 2).min(largeur / 2);
    let mut out = Vec::new();
    let mut courante = " ".repeat(tete);
    let mut n = tete;
    let mut vide = true;
    for mot in ligne.split_whitespace() {
        let m = mot.chars().count();
        if !vide && n + 1 + m > largeur {
            out.push(std::mem::replace(&mut courante, " ".repeat(retrait)));
            n = retrait;
            vide = true;
        }
        if !vide {
            courante.push(' ');
            n += 1;
        }
        courante.push_str(mot);
        n += m;
        vide = false;
    }
    out.push(courante);
    out
}

fn tronquer(texte: &str, largeur: usize) -> String {
    let texte = crate::neutralisation::une_ligne(texte);
    let texte = texte.as_ref();
    if texte.chars().count() <= largeur {
        return texte.to_string();
    }
    let mut s: String = texte.chars().take(largeur.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Draws the whole screen.
pub fn dessiner(f: &mut Frame<'_>, app: &App<'_>) {
    let t = app.theme();
    let zone = f.area();
    f.render_widget(Block::new().style(t.normal()), zone);
    let [haut, milieu, bas] = Layout::vertical([
        Constraint::Length(HAUT),
        Constraint::Min(1),
        Constraint::Length(BAS),
    ])
    .areas(zone);
    let (entete, touches) = match app.ecran() {
        Ecran::Accueil => accueil(f, milieu, app),
        Ecran::Profils => choix_profil(f, milieu, app),
        Ecran::Question(k) => question(f, milieu, app, k),
        Ecran::Revue => revue(f, milieu, app),
        Ecran::Rapport => rapport(f, milieu, app),
    };
    let largeur = usize::from(zone.width);
    let entete: Vec<Line<'_>> = entete
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Line::styled(
                tronquer(l, largeur),
                if i == 0 { t.titre() } else { t.normal() },
            )
        })
        .collect();
    f.render_widget(Paragraph::new(entete), haut);
    let mut pied = Vec::new();
    let message = app.message().unwrap_or("");
    let alerte = message.starts_with("ATTENTION")
        || message.starts_with("Réponse refusée")
        || message.contains("erreur");
    pied.push(Line::styled(
        tronquer(message, largeur),
        if alerte { t.alerte() } else { t.normal() },
    ));
    for l in touches {
        pied.push(Line::styled(tronquer(&l, largeur), t.discret()));
    }
    f.render_widget(Paragraph::new(pied), bas);
    match app.dialogue() {
        Some(Dialogue::Quitter) => confirmation(f, zone, app),
        Some(Dialogue::Supprimer(i)) => suppression(f, zone, app, i),
        None => {}
    }
    // Last guard: nothing that could drive the terminal reaches a cell.
    let buf = f.buffer_mut();
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(crate::neutralisation::dangereux) {
            cell.set_symbol("\u{FFFD}");
        }
    }
}

const ENTETE_ACCUEIL: [&str; 2] = [
    "cadria · l'usage d'un outil d'IA à l'école est-il conforme ?",
    "Cadre d'usage de l'IA en éducation (juin 2025), RGPD, règlement européen sur l'IA",
];

fn accueil(f: &mut Frame<'_>, zone: Rect, app: &App<'_>) -> (Vec<String>, Vec<String>) {
    let t = app.theme();
    let largeur = usize::from(zone.width).saturating_sub(1);
    let mut tete: Vec<Line<'_>> = plier(
        &format!("Vos évaluations, dans {} :", app.dossier().display()),
        largeur,
    )
    .into_iter()
    .map(|l| Line::styled(l, t.titre()))
    .collect();
    tete.push(Line::from(""));
    let mut items: Vec<Vec<Line<'_>>> = Vec::new();
    let sous = |i: usize| i == app.curseur_accueil();
    let style = |i: usize| if sous(i) { t.selection() } else { t.normal() };
    items.push(vec![Line::styled(
        format!("{} Nouvelle évaluation", if sous(0) { ">" } else { " " }),
        style(0),
    )]);
    for (i, fiche) in app.fiches().iter().enumerate() {
        let etat = if fiche.terminee {
            "terminée"
        } else {
            "en cours"
        };
        let verdict = fiche
            .verdict
            .map(|v| v.court())
            .unwrap_or("verdict inconnu");
        let mut lignes = vec![Line::styled(
            tronquer(
                &format!("{} {}", if sous(i + 1) { ">" } else { " " }, fiche.outil),
                largeur,
            ),
            style(i + 1),
        )];
        lignes.push(Line::styled(
            tronquer(
                &format!("    {} · {} · {etat} · {verdict}", fiche.profil, fiche.date),
                largeur,
            ),
            style(i + 1),
        ));
        items.push(lignes);
    }
    liste_defilante(
        f,
        zone,
        t,
        tete,
        items,
        app.curseur_accueil(),
        "évaluation",
        "évaluations",
    );
    (
        ENTETE_ACCUEIL.iter().map(|s| s.to_string()).collect(),
        vec![
            "↑↓ choisir · Entrée ouvrir (nouvelle ou reprendre) · s supprimer".into(),
            "q ou Ctrl-C quitter".into(),
        ],
    )
}

fn choix_profil(f: &mut Frame<'_>, zone: Rect, app: &App<'_>) -> (Vec<String>, Vec<String>) {
    let t = app.theme();
    let largeur = usize::from(zone.width).saturating_sub(1);
    let tete = vec![
        Line::from(tronquer(
            "Choisissez le questionnaire qui correspond à votre situation :",
            largeur,
        )),
        Line::from(""),
    ];
    let mut items = Vec::new();
    for (i, q) in profils(app.base()).iter().enumerate() {
        let choisi = i == app.curseur_profils();
        let titre = format!(
            "{} {}. {} ({})",
            if choisi { ">" } else { " " },
            i + 1,
            q.titre,
            q.id
        );
        let mut lignes = vec![Line::styled(
            tronquer(&titre, largeur),
            if choisi { t.selection() } else { t.titre() },
        )];
        let mut description = q.description.clone();
        if let Some(n) = app.promesse(i) {
            description.push_str(&format!(
                " Au plus {}, moins selon vos réponses.",
                crate::typographie::accorder(n as i64, "question", None)
            ));
        }
        for l in plier(&description, largeur.saturating_sub(5)) {
            lignes.push(Line::from(format!("     {l}")));
        }
        items.push(lignes);
    }
    liste_defilante(
        f,
        zone,
        t,
        tete,
        items,
        app.curseur_profils(),
        "questionnaire",
        "questionnaires",
    );
    (
        ENTETE_ACCUEIL.iter().map(|s| s.to_string()).collect(),
        vec![
            "↑↓ choisir · Entrée commencer · 1 à 9 aller au numéro".into(),
            if app.fiches().is_empty() {
                "q ou Ctrl-C quitter".into()
            } else {
                "← vos évaluations · q ou Ctrl-C quitter".into()
            },
        ],
    )
}

/// Draws `tete` (always visible), then the items, scrolled so that item
/// `curseur` shows, with « ↑ n autres … » / « ↓ n autres … » where items are
/// out of sight.
#[allow(clippy::too_many_arguments)]
fn liste_defilante(
    f: &mut Frame<'_>,
    zone: Rect,
    t: Theme,
    tete: Vec<Line<'_>>,
    items: Vec<Vec<Line<'_>>>,
    curseur: usize,
    nom: &str,
    noms: &str,
) {
    let h = usize::from(zone.height);
    // The head keeps at least three lines for the list.
    let tete_h = tete.len().min(h.saturating_sub(3));
    let mut lignes: Vec<Line<'_>> = tete.into_iter().take(tete_h).collect();
    let place = h - tete_h;
    let mut corps: Vec<Line<'_>> = Vec::new();
    let mut debuts = Vec::new();
    let (mut debut, mut fin) = (0, 0);
    for (i, item) in items.into_iter().enumerate() {
        debuts.push(corps.len());
        if i == curseur {
            debut = corps.len();
        }
        corps.extend(item);
        if i == curseur {
            fin = corps.len();
        }
    }
    if corps.len() <= place {
        lignes.extend(corps);
    } else {
        let interieur = place.saturating_sub(2).max(1);
        // The first line shown is the start of an item: the first one from
        // which the cursor's item fits, else the cursor's item itself.
        let decalage = if fin > interieur {
            debuts
                .iter()
                .copied()
                .find(|d| *d + interieur >= fin)
                .unwrap_or(debut)
                .min(debut)
        } else {
            0
        };
        let avant = debuts.iter().filter(|d| **d < decalage).count();
        let apres = debuts
            .iter()
            .filter(|d| **d >= decalage + interieur)
            .count();
        let marque = |fleche: &str, n: usize| {
            if n == 0 {
                Line::from("")
            } else {
                Line::styled(
                    format!(
                        "  {fleche} {} {}",
                        n,
                        if n == 1 {
                            format!("autre {nom}")
                        } else {
                            format!("autres {noms}")
                        }
                    ),
                    t.discret(),
                )
            }
        };
        lignes.push(marque("↑", avant));
        lignes.extend(corps.into_iter().skip(decalage).take(interieur));
        lignes.push(marque("↓", apres));
    }
    f.render_widget(Paragraph::new(lignes), zone);
}

/// Splits the main area into the content and the panel: beside it from 80
/// columns on (two fifths of the width, 32 to 60 columns), under it below.
fn colonnes(zone: Rect) -> (Rect, Option<Rect>, bool) {
    if zone.width >= LARGEUR_PANNEAU {
        let l = (zone.width * 2 / 5).clamp(PANNEAU_MIN, PANNEAU_MAX);
        let [g, d] = Layout::horizontal([Constraint::Min(30), Constraint::Length(l)]).areas(zone);
        (g, Some(d), false)
    } else if zone.height >= 10 {
        let [g, d] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(HAUTEUR_PANNEAU_BAS)])
                .areas(zone);
        (g, Some(d), true)
    } else {
        (zone, None, false)
    }
}

/// Shows `lignes` scrolled so that lines `debut..fin` (the cursor) are visible.
fn afficher_defile(f: &mut Frame<'_>, zone: Rect, lignes: Vec<Line<'_>>, debut: usize, fin: usize) {
    let h = usize::from(zone.height);
    let decalage = if fin > h { (fin - h).min(debut) } else { 0 };
    f.render_widget(
        Paragraph::new(lignes).scroll((decalage.min(usize::from(u16::MAX)) as u16, 0)),
        zone,
    );
}

fn question(f: &mut Frame<'_>, zone: Rect, app: &App<'_>, k: usize) -> (Vec<String>, Vec<String>) {
    let Some(flux) = app.flux() else {
        return (Vec::new(), Vec::new());
    };
    let t = app.theme();
    let Some(q) = flux.question(k) else {
        return (Vec::new(), Vec::new());
    };
    let (gauche, droite, dessous) = colonnes(zone);
    let largeur = usize::from(gauche.width).saturating_sub(1);
    let saisie = flux.saisie(k);
    let choix = flux.choix(k);
    let entree = app.saisie();
    let mut tete: Vec<Line<'_>> = plier(&q.texte, largeur)
        .into_iter()
        .map(|l| Line::styled(l, t.titre()))
        .collect();
    if let Some(s) = app.session().and_then(|s| s.source_pre_remplie(k)) {
        for l in plier(&s, largeur).into_iter().take(2) {
            tete.push(Line::styled(l, t.discret()));
        }
    }
    tete.push(Line::from(""));
    let mut items: Vec<Vec<Line<'_>>> = Vec::new();
    let mut curseur = 0;
    if saisie == Saisie::Texte {
        tete.push(Line::from("Votre réponse :"));
        let mut l: Vec<Line<'_>> = plier(&format!("> {}_", entree.texte), largeur)
            .into_iter()
            .map(|l| Line::styled(l, t.selection()))
            .collect();
        // A long answer shows its end, where the typing goes.
        let garde = usize::from(gauche.height)
            .saturating_sub(tete.len() + 3)
            .max(1);
        if l.len() > garde {
            l.drain(..l.len() - garde);
        }
        items.push(l);
        if q.je_ne_sais_pas {
            items.push(vec![
                Line::from(""),
                Line::from("(Entrée sur un champ vide : « je ne sais pas »)"),
            ]);
        }
    } else {
        let mut libelles: Vec<(String, String)> = Vec::new();
        for (i, c) in choix.iter().enumerate() {
            let coche = match saisie {
                Saisie::Multiple => entree.coches.get(i).copied().unwrap_or(false),
                _ => flux.reponse(k).is_some_and(|r| matches!(r, Reponse::Valeur(v) if flux.valeur_choisie(k, &c.id).as_ref() == Some(v))),
            };
            let marque = match (saisie, coche) {
                (Saisie::Multiple, true) => "[x]",
                (Saisie::Multiple, false) => "[ ]",
                (_, true) => "(x)",
                (_, false) => "( )",
            };
            libelles.push((format!("{marque} {}.", i + 1), c.libelle.clone()));
        }
        if q.je_ne_sais_pas {
            let marque = if flux.reponse(k) == Some(&Reponse::Inconnu) {
                "(x)"
            } else {
                "( )"
            };
            libelles.push((format!("{marque} 0."), "Je ne sais pas".into()));
        }
        curseur = entree.curseur;
        for (i, (marque, libelle)) in libelles.iter().enumerate() {
            let sous = i == entree.curseur;
            let retrait = marque.chars().count() + 3;
            let style = if sous { t.selection() } else { t.normal() };
            let lignes = plier(libelle, largeur.saturating_sub(retrait))
                .into_iter()
                .enumerate()
                .map(|(j, l)| {
                    let texte = if j == 0 {
                        format!("{} {marque} {l}", if sous { ">" } else { " " })
                    } else {
                        format!("{}{l}", " ".repeat(retrait))
                    };
                    Line::styled(texte, style)
                })
                .collect();
            items.push(lignes);
        }
        if saisie == Saisie::Multiple {
            let n = entree.coches.iter().filter(|c| **c).count();
            tete.push(Line::styled(
                tronquer(
                    &if n == 0 {
                        "Rien de coché : Entrée répond « aucun ».".to_string()
                    } else {
                        format!(
                            "{} : Entrée pour valider.",
                            crate::typographie::accorder(n as i64, "coché", None)
                        )
                    },
                    largeur,
                ),
                t.discret(),
            ));
        }
    }
    let aide_large = app.aide_visible()
        && droite.is_none_or(|d| {
            dessous
                || plier(&q.aide, usize::from(d.width).saturating_sub(3)).len() + 3
                    > usize::from(d.height)
        });
    if aide_large {
        panneau_aide(f, zone, t, &q.aide);
    } else {
        liste_defilante(f, gauche, t, tete, items, curseur, "choix", "choix");
        if let Some(d) = droite {
            if app.aide_visible() {
                panneau_aide(f, d, t, &q.aide);
            } else {
                panneau_verdict(f, d, t, app, dessous);
            }
        }
    }
    let p = flux.progression();
    let section = flux
        .section(k)
        .map(|s| s.titre.as_str())
        .unwrap_or_default();
    let entete = vec![
        format!(
            "cadria · {} · section {} sur {} : {section}",
            flux.questionnaire().titre,
            p.rang_section,
            p.sections
        ),
        format!(
            "Question {} · encore au plus {} · {}",
            p.rang,
            crate::typographie::accorder(p.restantes as i64, "question", None),
            crate::typographie::accorder(p.repondues as i64, "réponse", None),
        ),
    ];
    let jnsp = if q.je_ne_sais_pas {
        " · 0 je ne sais pas"
    } else {
        ""
    };
    let touches = match saisie {
        Saisie::Texte => vec![
            format!(
                "Tapez votre réponse · Entrée valider{}",
                if q.je_ne_sais_pas {
                    " (vide : je ne sais pas)"
                } else {
                    ""
                }
            ),
            "Échap question précédente · Tab revue · F1 aide · Ctrl-C quitter".into(),
        ],
        Saisie::Unique => vec![
            format!("↑↓ ou 1-9 choisir · Entrée valider{jnsp}"),
            "← question précédente · Tab revue · ? aide · q quitter".into(),
        ],
        Saisie::Multiple => vec![
            format!("↑↓ se déplacer · Espace cocher/décocher · Entrée valider{jnsp}"),
            "← question précédente · Tab revue · ? aide · q quitter".into(),
        ],
    };
    (entete, touches)
}

fn panneau(f: &mut Frame<'_>, zone: Rect, t: Theme, titre: &str, lignes: Vec<Line<'_>>) {
    panneau_bord(f, zone, t, titre, lignes, Borders::LEFT);
}

fn panneau_bord(
    f: &mut Frame<'_>,
    zone: Rect,
    t: Theme,
    titre: &str,
    lignes: Vec<Line<'_>>,
    bord: Borders,
) {
    let bloc = Block::new()
        .borders(bord)
        .title(Line::styled(format!(" {titre}"), t.titre()))
        .style(t.normal());
    let interieur = bloc.inner(zone);
    f.render_widget(bloc, zone);
    let interieur = Rect {
        x: interieur.x + 1,
        width: interieur.width.saturating_sub(1),
        ..interieur
    };
    f.render_widget(Paragraph::new(lignes), interieur);
}

fn panneau_aide(f: &mut Frame<'_>, zone: Rect, t: Theme, aide: &str) {
    let largeur = usize::from(zone.width).saturating_sub(3);
    let mut lignes: Vec<Line<'_>> = plier(
        if aide.trim().is_empty() {
            "Pas d'aide pour cette question."
        } else {
            aide
        },
        largeur,
    )
    .into_iter()
    .map(Line::from)
    .collect();
    lignes.push(Line::from(""));
    lignes.push(Line::styled("? : revenir au verdict", t.discret()));
    panneau(f, zone, t, "Aide", lignes);
}

/// The lines of the verdict panel, `largeur` columns wide: the verdict, the
/// counts by gravity, the titles of what blocks the use, then what the last
/// answer changed, in words. Before any answer: an invitation only.
pub fn lignes_verdict(app: &App<'_>, t: Theme, largeur: usize) -> Vec<Line<'static>> {
    let Some(a) = app.apercu() else {
        return vec![Line::from("indisponible")];
    };
    let debut = app.flux().is_none_or(|f| f.reponses_retenues().is_empty());
    if debut {
        return plier(
            "Répondez aux questions : le verdict se précise à chaque réponse.",
            largeur,
        )
        .into_iter()
        .map(Line::from)
        .collect();
    }
    let mut lignes: Vec<Line<'static>> = plier(&a.verdict.court().to_uppercase(), largeur)
        .into_iter()
        .map(|l| Line::styled(l, t.verdict(a.verdict)))
        .collect();
    for l in plier(&a.comptes().phrase(), largeur) {
        lignes.push(Line::from(l));
    }
    let puce = |lignes: &mut Vec<Line<'static>>, texte: &str, style| {
        for (j, l) in plier(texte, largeur.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let tete = if j == 0 { "• " } else { "  " };
            lignes.push(Line::styled(format!("{tete}{l}"), style));
        }
    };
    let bloquants: Vec<_> = a.bloquants().collect();
    if !bloquants.is_empty() {
        lignes.push(Line::styled("Ce qui bloque :", t.titre()));
        for c in &bloquants {
            puce(&mut lignes, &c.titre, t.gravite(c.gravite));
        }
    }
    if !a.changements.is_empty() {
        lignes.push(Line::styled("Dernière réponse :", t.titre()));
        let montres = if a.changements.len() > 3 {
            2
        } else {
            a.changements.len()
        };
        for c in a.changements.iter().take(montres) {
            puce(
                &mut lignes,
                &format!("{} : {}", c.libelle(), c.titre),
                t.normal(),
            );
        }
        if montres < a.changements.len() {
            lignes.push(Line::from(format!(
                "  … et {}",
                crate::typographie::accorder(
                    (a.changements.len() - montres) as i64,
                    "autre changement",
                    Some("autres changements")
                )
            )));
        }
    }
    lignes
}

fn panneau_verdict(f: &mut Frame<'_>, zone: Rect, t: Theme, app: &App<'_>, dessous: bool) {
    let largeur = usize::from(zone.width).saturating_sub(3);
    let lignes = lignes_verdict(app, t, largeur);
    let bord = if dessous { Borders::TOP } else { Borders::LEFT };
    panneau_bord(f, zone, t, "Verdict provisoire", lignes, bord);
}

fn ligne_revue(flux: &Flux<'_>, k: usize) -> String {
    match flux.reponse_texte(k) {
        Some(r) => format!("→ {r}"),
        None => "→ (pas encore de réponse)".to_string(),
    }
}

fn revue(f: &mut Frame<'_>, zone: Rect, app: &App<'_>) -> (Vec<String>, Vec<String>) {
    let Some(flux) = app.flux() else {
        return (Vec::new(), Vec::new());
    };
    let t = app.theme();
    let (gauche, droite, dessous) = colonnes(zone);
    let largeur = usize::from(gauche.width).saturating_sub(1);
    let mut lignes = Vec::new();
    let (mut debut, mut fin) = (0, 0);
    let mut section = None;
    for (rang, k) in flux.visibles().into_iter().enumerate() {
        if flux.rang_section(k) != section {
            section = flux.rang_section(k);
            lignes.push(Line::styled(
                tronquer(
                    flux.section(k)
                        .map(|s| s.titre.as_str())
                        .unwrap_or_default(),
                    largeur,
                ),
                t.titre(),
            ));
        }
        let sous = rang == app.curseur_revue();
        let style = if sous { t.selection() } else { t.normal() };
        if sous {
            debut = lignes.len();
        }
        let texte = flux
            .question(k)
            .map(|q| q.texte.as_str())
            .unwrap_or_default();
        lignes.push(Line::styled(
            tronquer(
                &format!("{} {:>2}. {texte}", if sous { ">" } else { " " }, rang + 1),
                largeur,
            ),
            style,
        ));
        lignes.push(Line::styled(
            tronquer(&format!("      {}", ligne_revue(flux, k)), largeur),
            style,
        ));
        if sous {
            fin = lignes.len();
        }
    }
    afficher_defile(f, gauche, lignes, debut, fin);
    if let Some(d) = droite {
        if app.aide_visible() {
            panneau_aide(
                f,
                d,
                t,
                "Chaque ligne montre une question et votre réponse. Entrée rouvre la question : changez la réponse, les questions qui en dépendent apparaissent ou disparaissent. « r » affiche le rapport complet, avec le « parce que » de chaque constat.",
            );
        } else {
            panneau_verdict(f, d, t, app, dessous);
        }
    }
    let p = flux.progression();
    let etat = if flux.terminee() {
        "questionnaire complet".to_string()
    } else {
        format!(
            "{} sans réponse",
            crate::typographie::accorder((p.total - p.repondues) as i64, "question", None)
        )
    };
    (
        vec![
            format!(
                "cadria · {} · revue des réponses",
                flux.questionnaire().titre
            ),
            format!(
                "{} sur {} questions · {etat}",
                crate::typographie::accorder(p.repondues as i64, "réponse", None),
                p.total
            ),
        ],
        vec![
            "↑↓ choisir · Entrée modifier la réponse · r voir le rapport".into(),
            "← reprendre les questions · ? aide · q quitter".into(),
        ],
    )
}

fn rapport(f: &mut Frame<'_>, zone: Rect, app: &App<'_>) -> (Vec<String>, Vec<String>) {
    let t = app.theme();
    let (lignes, debut) = app.rapport();
    let h = usize::from(zone.height);
    let montrees: Vec<Line<'_>> = lignes
        .iter()
        .skip(debut)
        .take(h)
        .map(|l| Line::styled(l.as_str(), t.normal()))
        .collect();
    f.render_widget(Paragraph::new(montrees), zone);
    let verdict = app
        .apercu()
        .map(|a| a.verdict.libelle().to_uppercase())
        .unwrap_or_default();
    let fin = (debut + h).min(lignes.len());
    (
        vec![
            format!("cadria · rapport · verdict : {verdict}"),
            format!(
                "Lignes {} à {fin} sur {}",
                (debut + 1).min(fin),
                lignes.len()
            ),
        ],
        vec![
            "↑↓ PgPréc PgSuiv défiler · exporter : t texte, m Markdown, j JSON, h HTML".into(),
            "← revue des réponses · q quitter".into(),
        ],
    )
}

/// A centred box titled `titre` holding `lignes` (wrapped to its width).
fn boite(f: &mut Frame<'_>, zone: Rect, t: Theme, titre: &str, lignes: &[(String, bool)]) {
    let largeur = zone.width.min(66);
    let interieur_l = usize::from(largeur.saturating_sub(2));
    let mut pliees: Vec<Line<'_>> = Vec::new();
    for (texte, fort) in lignes {
        for l in plier(texte, interieur_l) {
            pliees.push(if *fort {
                Line::styled(l, t.titre())
            } else {
                Line::from(l)
            });
        }
    }
    let hauteur = (pliees.len() as u16 + 2).min(zone.height);
    let r = Rect {
        x: zone.x + (zone.width - largeur) / 2,
        y: zone.y + (zone.height - hauteur) / 2,
        width: largeur,
        height: hauteur,
    };
    f.render_widget(Clear, r);
    let bloc = Block::bordered()
        .title(Line::styled(format!(" {titre} "), t.titre()))
        .style(t.normal());
    let interieur = bloc.inner(r);
    f.render_widget(bloc, r);
    f.render_widget(Paragraph::new(pliees), interieur);
}

fn confirmation(f: &mut Frame<'_>, zone: Rect, app: &App<'_>) {
    let t = app.theme();
    let mut lignes: Vec<(String, bool)> = Vec::new();
    match (app.session(), app.chemin_brouillon()) {
        (Some(_), Some(c)) => {
            lignes.push(("Vos réponses sont dans :".into(), false));
            lignes.push((
                c.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
                true,
            ));
            if let Some(d) = c.parent().filter(|d| !d.as_os_str().is_empty()) {
                lignes.push((format!("dans {}", d.display()), false));
            }
            lignes.push(("".into(), false));
            lignes.push(("Entrée ou e : enregistrer et quitter".into(), false));
            lignes.push((
                if app.session().is_some_and(|s| s.reprise()) {
                    "s : quitter sans enregistrer (le fichier revient à son état d'avant)".into()
                } else {
                    "s : quitter sans enregistrer (le fichier est effacé)".into()
                },
                false,
            ));
        }
        (Some(s), None) => {
            lignes.push((
                format!(
                    "Rien n'est encore enregistré : l'évaluation le sera dans {} dès que l'outil sera nommé.",
                    s.dossier().display()
                ),
                false,
            ));
            lignes.push(("".into(), false));
            lignes.push(("Entrée ou e : quitter".into(), false));
        }
        (None, _) => {
            lignes.push(("Aucune évaluation ouverte.".into(), false));
            lignes.push(("".into(), false));
            lignes.push(("Entrée ou e : quitter".into(), false));
        }
    }
    lignes.push(("c ou Échap : continuer".into(), false));
    boite(f, zone, t, "Quitter le questionnaire ?", &lignes);
}

fn suppression(f: &mut Frame<'_>, zone: Rect, app: &App<'_>, i: usize) {
    let t = app.theme();
    let Some(fiche) = app.fiches().get(i) else {
        return;
    };
    let lignes = vec![
        (
            format!(
                "L'évaluation de {} ({}, {}) sera effacée :",
                fiche.outil, fiche.profil, fiche.date
            ),
            false,
        ),
        (fiche.chemin.display().to_string(), true),
        ("".into(), false),
        ("o : supprimer · n, Entrée ou Échap : garder".into(), false),
    ];
    boite(f, zone, t, "Supprimer cette évaluation ?", &lignes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plier_coupe_aux_mots_et_les_mots_trop_longs() {
        assert_eq!(
            plier("un deux trois quatre", 9),
            vec!["un deux", "trois", "quatre"]
        );
        assert_eq!(plier("abcdefghijkl", 8), vec!["abcdefgh", "ijkl"]);
        assert_eq!(tronquer("abcdef", 4), "abc…");
    }

    #[test]
    fn replier_garde_le_retrait() {
        let l = "  À faire  : passez par un outil institutionnel accessible avec l'identifiant ENT";
        let r = replier(l, 40);
        assert!(r.iter().all(|x| x.chars().count() <= 40), "{r:?}");
        assert!(r[0].starts_with("  À faire"));
        assert!(r[1].starts_with("    ") && !r[1].starts_with("     "));
        assert_eq!(
            r.join(" ").split_whitespace().collect::<Vec<_>>(),
            l.split_whitespace().collect::<Vec<_>>()
        );
    }
}
