//! Drawing: one function per screen, from the state only. Everything fits
//! in 80×24; the cursor is `>` and reverse video, ticks are `[x]`, the
//! chosen answer `(x)`, gravities and verdicts are words.

use super::app::{App, Ecran};
use super::theme::Theme;
use crate::moteur::Certitude;
use crate::questionnaire::apercu::Apercu;
use crate::questionnaire::flux::{Flux, Reponse, Saisie, profils};
use crate::regles::Gravite;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Lines above the main area.
pub const HAUT: u16 = 2;
/// Lines below the main area.
pub const BAS: u16 = 3;
/// Width of the side panel (verdict or help).
const PANNEAU: u16 = 32;
/// Below this width the side panel is hidden.
const LARGEUR_PANNEAU: u16 = 70;

/// Wraps `texte` to `largeur` columns (words longer than a line are cut).
pub fn plier(texte: &str, largeur: usize) -> Vec<String> {
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
    if app.confirmation_ouverte() {
        confirmation(f, zone, app);
    }
}

fn accueil(f: &mut Frame<'_>, zone: Rect, app: &App<'_>) -> (Vec<String>, Vec<String>) {
    let t = app.theme();
    let largeur = usize::from(zone.width).saturating_sub(1);
    let mut lignes = vec![
        Line::from("Choisissez le questionnaire qui correspond à votre situation :"),
        Line::from(""),
    ];
    let mut curseur_ligne = 0;
    for (i, q) in profils(app.base()).iter().enumerate() {
        let choisi = i == app.curseur_accueil();
        if choisi {
            curseur_ligne = lignes.len();
        }
        let titre = format!(
            "{} {}. {} ({})",
            if choisi { ">" } else { " " },
            i + 1,
            q.titre,
            q.id
        );
        lignes.push(Line::styled(
            tronquer(&titre, largeur),
            if choisi { t.selection() } else { t.titre() },
        ));
        for l in plier(&q.description, largeur.saturating_sub(5)) {
            lignes.push(Line::from(format!("     {l}")));
        }
        lignes.push(Line::from(""));
    }
    let decalage = curseur_ligne.saturating_sub(usize::from(zone.height).saturating_sub(4));
    f.render_widget(Paragraph::new(lignes).scroll((decalage as u16, 0)), zone);
    (
        vec![
            "cadria · l'usage d'un outil d'IA à l'école est-il conforme ?".into(),
            "Cadre d'usage de l'IA en éducation (juin 2025), RGPD, règlement européen sur l'IA"
                .into(),
        ],
        vec![
            "↑↓ choisir · Entrée commencer · 1 à 9 aller au numéro".into(),
            "q ou Ctrl-C quitter".into(),
        ],
    )
}

/// Splits the main area into the content and, if wide enough, the side panel.
fn colonnes(zone: Rect) -> (Rect, Option<Rect>) {
    if zone.width >= LARGEUR_PANNEAU {
        let [g, d] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(PANNEAU)]).areas(zone);
        (g, Some(d))
    } else {
        (zone, None)
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
    let (gauche, droite) = colonnes(zone);
    let largeur = usize::from(gauche.width).saturating_sub(1);
    let saisie = flux.saisie(k);
    let choix = flux.choix(k);
    let entree = app.saisie();
    let mut lignes: Vec<Line<'_>> = plier(&q.texte, largeur)
        .into_iter()
        .map(|l| Line::styled(l, t.titre()))
        .collect();
    lignes.push(Line::from(""));
    let (mut debut, mut fin) = (0, lignes.len());
    if saisie == Saisie::Texte {
        lignes.push(Line::from("Votre réponse :"));
        debut = lignes.len();
        for l in plier(&format!("> {}_", entree.texte), largeur) {
            lignes.push(Line::styled(l, t.selection()));
        }
        fin = lignes.len();
        if q.je_ne_sais_pas {
            lignes.push(Line::from(""));
            lignes.push(Line::from(
                "(Entrée sur un champ vide : « je ne sais pas »)",
            ));
        }
    } else {
        let mut items: Vec<(String, String)> = Vec::new();
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
            items.push((format!("{marque} {}.", i + 1), c.libelle.clone()));
        }
        if q.je_ne_sais_pas {
            let marque = if flux.reponse(k) == Some(&Reponse::Inconnu) {
                "(x)"
            } else {
                "( )"
            };
            items.push((format!("{marque} 0."), "Je ne sais pas".into()));
        }
        for (i, (tete, libelle)) in items.iter().enumerate() {
            let sous = i == entree.curseur;
            let retrait = tete.chars().count() + 3;
            let style = if sous { t.selection() } else { t.normal() };
            if sous {
                debut = lignes.len();
            }
            for (j, l) in plier(libelle, largeur.saturating_sub(retrait))
                .into_iter()
                .enumerate()
            {
                let texte = if j == 0 {
                    format!("{} {tete} {l}", if sous { ">" } else { " " })
                } else {
                    format!("{}{l}", " ".repeat(retrait))
                };
                lignes.push(Line::styled(texte, style));
            }
            if sous {
                fin = lignes.len();
            }
        }
        if saisie == Saisie::Multiple {
            let n = entree.coches.iter().filter(|c| **c).count();
            lignes.push(Line::from(""));
            lignes.push(Line::from(if n == 0 {
                "Rien de coché : Entrée répond « aucun ».".to_string()
            } else {
                format!(
                    "{} : Entrée pour valider.",
                    crate::typographie::accorder(n as i64, "coché", None)
                )
            }));
        }
    }
    let aide_large = app.aide_visible()
        && droite.is_none_or(|d| {
            plier(&q.aide, usize::from(d.width).saturating_sub(3)).len() + 3 > usize::from(d.height)
        });
    match droite {
        _ if aide_large => panneau_aide(f, zone, t, &q.aide),
        Some(d) => {
            afficher_defile(f, gauche, lignes, debut, fin);
            if app.aide_visible() {
                panneau_aide(f, d, t, &q.aide);
            } else {
                panneau_verdict(f, d, t, app.apercu());
            }
        }
        None => afficher_defile(f, gauche, lignes, debut, fin),
    }
    let p = flux.progression();
    let section = flux
        .section(k)
        .map(|s| s.titre.as_str())
        .unwrap_or_default();
    let rang_section = flux.rang_section(k).map(|r| r + 1).unwrap_or(0);
    let entete = vec![
        format!(
            "cadria · {} · section {} sur {} : {section}",
            flux.questionnaire().titre,
            rang_section,
            flux.questionnaire().sections.len()
        ),
        format!(
            "Question {} sur {} · {} · sections terminées : {} sur {}",
            p.rang,
            p.total,
            crate::typographie::accorder(p.repondues as i64, "réponse", None),
            p.sections_finies,
            p.sections
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
    let bloc = Block::new()
        .borders(Borders::LEFT)
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

fn gravite_courte(g: Gravite) -> &'static str {
    match g {
        Gravite::Interdit => "interdit",
        Gravite::NonConforme => "non conf.",
        Gravite::Vigilance => "vigilance",
        Gravite::Conseil => "conseil",
    }
}

fn panneau_verdict(f: &mut Frame<'_>, zone: Rect, t: Theme, apercu: Option<&Apercu>) {
    let largeur = usize::from(zone.width).saturating_sub(3);
    let hauteur = usize::from(zone.height).saturating_sub(1);
    let Some(a) = apercu else {
        panneau(
            f,
            zone,
            t,
            "Verdict provisoire",
            vec![Line::from("indisponible")],
        );
        return;
    };
    let mut lignes: Vec<Line<'_>> = plier(&a.verdict.libelle().to_uppercase(), largeur)
        .into_iter()
        .map(|l| Line::styled(l, t.verdict(a.verdict)))
        .collect();
    lignes.push(Line::from(""));
    if !a.changements.is_empty() {
        lignes.push(Line::styled("Depuis la dernière réponse :", t.titre()));
        let montres = if a.changements.len() > 6 {
            5
        } else {
            a.changements.len()
        };
        for c in a.changements.iter().take(montres) {
            let signe = if c.apres.is_none() { "-" } else { "+" };
            lignes.push(Line::from(tronquer(
                &format!("{signe} {} {}", c.regle, c.libelle()),
                largeur,
            )));
        }
        if montres < a.changements.len() {
            lignes.push(Line::from(format!(
                "… et {}",
                crate::typographie::accorder((a.changements.len() - montres) as i64, "autre", None)
            )));
        }
        lignes.push(Line::from(""));
    }
    let certains: Vec<_> = a
        .constats
        .iter()
        .filter(|c| c.certitude == Certitude::Certain)
        .collect();
    let possibles = a.constats.len() - certains.len();
    if certains.is_empty() {
        lignes.push(Line::from("Aucun constat certain."));
    } else {
        lignes.push(Line::styled(
            format!(
                "{} :",
                crate::typographie::accorder(
                    certains.len() as i64,
                    "constat certain",
                    Some("constats certains")
                )
            ),
            t.titre(),
        ));
        let place = hauteur.saturating_sub(lignes.len() + 2);
        let montres = if certains.len() > place {
            place.saturating_sub(1)
        } else {
            certains.len()
        };
        for c in certains.iter().take(montres) {
            lignes.push(Line::from(vec![
                Span::styled(
                    format!("{:<9}", gravite_courte(c.gravite)),
                    t.gravite(c.gravite),
                ),
                Span::raw(tronquer(
                    &format!(" {}", c.regle),
                    largeur.saturating_sub(9),
                )),
            ]));
        }
        if montres < certains.len() {
            lignes.push(Line::from(tronquer(
                &format!(
                    "… et {}",
                    crate::typographie::accorder((certains.len() - montres) as i64, "autre", None)
                ),
                largeur,
            )));
        }
    }
    if possibles > 0 {
        lignes.push(Line::from(tronquer(
            &format!("{possibles} à confirmer"),
            largeur,
        )));
    }
    panneau(f, zone, t, "Verdict provisoire", lignes);
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
    let (gauche, droite) = colonnes(zone);
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
            panneau_verdict(f, d, t, app.apercu());
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

fn confirmation(f: &mut Frame<'_>, zone: Rect, app: &App<'_>) {
    let t = app.theme();
    let largeur = zone.width.min(64);
    let hauteur = zone.height.min(8);
    let boite = Rect {
        x: zone.x + (zone.width - largeur) / 2,
        y: zone.y + (zone.height - hauteur) / 2,
        width: largeur,
        height: hauteur,
    };
    f.render_widget(Clear, boite);
    let bloc = Block::bordered()
        .title(Line::styled(" Quitter le questionnaire ? ", t.titre()))
        .style(t.normal());
    let interieur = bloc.inner(boite);
    f.render_widget(bloc, boite);
    let chemin = app
        .chemin_brouillon()
        .map(|c| c.display().to_string())
        .unwrap_or_else(|| "(aucun questionnaire commencé)".into());
    let mut lignes: Vec<Line<'_>> = vec![Line::from("Vos réponses seront enregistrées dans :")];
    for l in plier(&chemin, usize::from(interieur.width)) {
        lignes.push(Line::styled(l, t.titre()));
    }
    lignes.push(Line::from(
        "Reprise : cadria questionnaire --reprendre FICHIER",
    ));
    lignes.push(Line::from(""));
    lignes.push(Line::from(
        "o ou Entrée : enregistrer et quitter · n ou Échap : continuer",
    ));
    f.render_widget(Paragraph::new(lignes), interieur);
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
