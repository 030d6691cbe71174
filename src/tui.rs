//! The terminal questionnaire: a ratatui front end (state in `app`, keys in
//! `touches`, drawing in `vue`) and a plain line-by-line mode (`simple`) for
//! screen readers and scripts. Both drive the UI-free flow of
//! `questionnaire::session`.

mod app;
pub mod simple;
mod theme;
mod touches;
mod vue;

pub use app::{App, Ecran, EnCours, Message, Options};
pub use theme::Theme;
pub use touches::message;
pub use vue::{BAS, HAUT, dessiner, plier};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long to wait for more input before drawing: the keys of a paste
/// follow each other within this delay, a person's keys do not.
const SUITE_LOT: Duration = Duration::from_millis(8);

/// Longest time spent reading input between two drawings.
const LOT_MAX: Duration = Duration::from_millis(150);

/// Environment variable that lets the end-to-end tests make the app panic
/// (key F12) to check that the terminal is restored and the draft kept.
pub const VARIABLE_PANIQUE_TEST: &str = "CADRIA_TEST_PANIQUE";

/// Runs the full-screen questionnaire until the person leaves. The terminal
/// is restored on return, on a panic (ratatui's hook) and on SIGTERM,
/// SIGINT, SIGQUIT and SIGHUP (the answers are saved first; after a SIGHUP
/// whose terminal is gone, drawing fails and the loop ends with the error,
/// the draft having been written after the last answer).
pub fn lancer(app: &mut App<'_>) -> std::io::Result<()> {
    let interruption = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&interruption))?;
    }
    let panique_test = std::env::var_os(VARIABLE_PANIQUE_TEST).is_some();
    let mut terminal = ratatui::try_init()?;
    let r = boucle(&mut terminal, app, &interruption, panique_test);
    ratatui::restore();
    r
}

fn boucle(
    terminal: &mut DefaultTerminal,
    app: &mut App<'_>,
    interruption: &AtomicBool,
    panique_test: bool,
) -> std::io::Result<()> {
    while !app.fini() {
        let taille = terminal.size()?;
        app.fixer_taille(
            usize::from(taille.width),
            usize::from(taille.height.saturating_sub(HAUT + BAS)),
        );
        terminal.draw(|f| dessiner(f, app))?;
        if interruption.load(Ordering::Relaxed) {
            app.update(Message::Interrompre);
            break;
        }
        if event::poll(Duration::from_millis(200))? {
            // A paste arrives as many key events in bursts: everything that
            // follows within a few milliseconds is handled before the next
            // drawing (for at most a tenth of a second, so that the screen
            // still follows a flood of input).
            let debut = std::time::Instant::now();
            loop {
                if let Event::Key(touche) = event::read()? {
                    if panique_test && touche.code == KeyCode::F(12) {
                        panic!("panique de test demandée par {VARIABLE_PANIQUE_TEST}");
                    }
                    if let Some(m) = message(app, touche) {
                        app.update(m);
                    }
                }
                if app.fini()
                    || interruption.load(Ordering::Relaxed)
                    || debut.elapsed() > LOT_MAX
                    || !event::poll(SUITE_LOT)?
                {
                    break;
                }
            }
        }
    }
    Ok(())
}
