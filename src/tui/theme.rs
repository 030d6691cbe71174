//! Styles of the terminal questionnaire. Meaning never rests on colour alone
//! (`>`, `[x]`, words carry it); colours only add to it, and disappear with
//! `NO_COLOR` or `--couleur jamais`. A high-contrast theme is available.

use crate::moteur::Verdict;
use crate::regles::Gravite;
use ratatui::style::{Color, Modifier, Style};

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Discreet colours.
    Couleur,
    /// No colour at all: bold and reverse video only.
    SansCouleur,
    /// White and yellow on black, bold.
    Contraste,
}

impl Theme {
    /// Chooses the theme: high contrast if asked, else no colour if asked
    /// (`--couleur jamais`, or `NO_COLOR` in auto mode).
    pub fn choisir(contraste: bool, sans_couleur: bool) -> Theme {
        if contraste {
            Theme::Contraste
        } else if sans_couleur {
            Theme::SansCouleur
        } else {
            Theme::Couleur
        }
    }

    /// Ordinary text.
    pub fn normal(self) -> Style {
        match self {
            Theme::Contraste => Style::new().fg(Color::White).bg(Color::Black),
            _ => Style::new(),
        }
    }

    /// Titles and headings.
    pub fn titre(self) -> Style {
        match self {
            Theme::Couleur => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Theme::SansCouleur => Style::new().add_modifier(Modifier::BOLD),
            Theme::Contraste => Style::new()
                .fg(Color::Yellow)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// The line under the cursor (also marked with `>`).
    pub fn selection(self) -> Style {
        match self {
            Theme::Contraste => Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            _ => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// Secondary text (key hints, hints).
    pub fn discret(self) -> Style {
        match self {
            Theme::Couleur => Style::new().fg(Color::Gray),
            Theme::SansCouleur => Style::new(),
            Theme::Contraste => Style::new().fg(Color::White).bg(Color::Black),
        }
    }

    /// A message about something that went wrong.
    pub fn alerte(self) -> Style {
        match self {
            Theme::Couleur => Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            Theme::SansCouleur => Style::new().add_modifier(Modifier::BOLD),
            Theme::Contraste => Style::new()
                .fg(Color::Yellow)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// A gravity (the word is always printed too).
    pub fn gravite(self, g: Gravite) -> Style {
        let couleur = match g {
            Gravite::Interdit => Color::LightRed,
            Gravite::NonConforme => Color::Red,
            Gravite::Vigilance => Color::Yellow,
            Gravite::Conseil => Color::Gray,
        };
        match self {
            Theme::Couleur => Style::new().fg(couleur),
            Theme::SansCouleur => Style::new(),
            Theme::Contraste => Style::new().fg(Color::White).bg(Color::Black),
        }
    }

    /// A verdict (the word is always printed too).
    pub fn verdict(self, v: Verdict) -> Style {
        let couleur = match v {
            Verdict::Interdit | Verdict::NonConforme => Color::LightRed,
            Verdict::AVerifier | Verdict::ConformeSousReserve => Color::Yellow,
            Verdict::Conforme => Color::LightGreen,
        };
        match self {
            Theme::Couleur => Style::new().fg(couleur).add_modifier(Modifier::BOLD),
            Theme::SansCouleur => Style::new().add_modifier(Modifier::BOLD),
            Theme::Contraste => Style::new()
                .fg(Color::Yellow)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
        }
    }
}
