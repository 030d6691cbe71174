//! Keys → messages. What a key means depends on the screen: in a text
//! answer, letters are typed; elsewhere they are commands. Every key is
//! shown on screen (see `vue`).

use super::app::{App, Dialogue, Ecran, Message};
use crate::questionnaire::flux::Saisie;
use crate::rapport::Format;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The message a key press means in the current state, if any.
pub fn message(app: &App<'_>, touche: KeyEvent) -> Option<Message> {
    if touche.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = touche.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(touche.code, KeyCode::Char('c' | 'C')) {
        return Some(match app.dialogue() {
            // Ctrl-C never deletes anything: it closes the question.
            Some(Dialogue::Supprimer(_)) => Message::Annuler,
            Some(Dialogue::Quitter) => Message::Confirmer,
            None => Message::Quitter,
        });
    }
    match app.dialogue() {
        Some(Dialogue::Quitter) => {
            return match touche.code {
                KeyCode::Char('e' | 'E' | 'o' | 'O' | 'y' | 'Y') | KeyCode::Enter => {
                    Some(Message::Confirmer)
                }
                KeyCode::Char('s' | 'S') => Some(Message::QuitterSansEnregistrer),
                KeyCode::Char('c' | 'C' | 'n' | 'N') | KeyCode::Esc => Some(Message::Annuler),
                _ => None,
            };
        }
        Some(Dialogue::Supprimer(_)) => {
            return match touche.code {
                KeyCode::Char('o' | 'O' | 'y' | 'Y') => Some(Message::Confirmer),
                KeyCode::Char('n' | 'N') | KeyCode::Esc | KeyCode::Enter => Some(Message::Annuler),
                _ => None,
            };
        }
        None => {}
    }
    let texte = match app.ecran() {
        Ecran::Question(k) => app.flux().is_some_and(|f| f.saisie(k) == Saisie::Texte),
        _ => false,
    };
    if texte {
        return match touche.code {
            KeyCode::Enter => Some(Message::Valider),
            KeyCode::Backspace => Some(Message::Effacer),
            KeyCode::Esc | KeyCode::Up => Some(Message::Retour),
            KeyCode::Tab => Some(Message::Revue),
            KeyCode::F(1) => Some(Message::Aide),
            KeyCode::Char(c) if !ctrl => Some(Message::Caractere(c)),
            _ => None,
        };
    }
    let commun = match touche.code {
        KeyCode::Up => Some(Message::Haut),
        KeyCode::Down => Some(Message::Bas),
        KeyCode::Home => Some(Message::Debut),
        KeyCode::End => Some(Message::Fin),
        KeyCode::PageUp => Some(Message::PagePrecedente),
        KeyCode::PageDown => Some(Message::PageSuivante),
        KeyCode::Enter => Some(Message::Valider),
        KeyCode::Char(' ') => Some(Message::Cocher),
        KeyCode::Char('?') | KeyCode::F(1) => Some(Message::Aide),
        KeyCode::Char('q' | 'Q') => Some(Message::Quitter),
        KeyCode::Left | KeyCode::Backspace | KeyCode::Esc | KeyCode::Char('<') => {
            Some(Message::Retour)
        }
        KeyCode::Char(c @ '0'..='9') => c.to_digit(10).map(|d| Message::Numero(d as usize)),
        _ => None,
    };
    if commun.is_some() {
        return commun;
    }
    match (app.ecran(), touche.code) {
        (Ecran::Accueil, KeyCode::Char('s' | 'S') | KeyCode::Delete) => Some(Message::Supprimer),
        (Ecran::Question(_), KeyCode::Tab) => Some(Message::Revue),
        (Ecran::Revue, KeyCode::Char('r' | 'R')) => Some(Message::Rapport),
        (Ecran::Rapport, KeyCode::Char('t' | 'T')) => Some(Message::Exporter(Format::Texte)),
        (Ecran::Rapport, KeyCode::Char('m' | 'M')) => Some(Message::Exporter(Format::Markdown)),
        (Ecran::Rapport, KeyCode::Char('j' | 'J')) => Some(Message::Exporter(Format::Json)),
        (Ecran::Rapport, KeyCode::Char('h' | 'H')) => Some(Message::Exporter(Format::Html)),
        _ => None,
    }
}
