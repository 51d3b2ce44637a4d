//! Stage times on standard error when `PROTOKOL_TIMING` is set: one line per stage, milliseconds since the run
//! started (cumulative), the same for `protokol build`, `check` and every rebuild of `serve`.

use std::time::Instant;

pub(crate) struct Laps {
    started: Instant,
    on: bool,
}

impl Laps {
    pub fn start() -> Laps {
        Laps {
            started: Instant::now(),
            on: std::env::var_os("PROTOKOL_TIMING").is_some(),
        }
    }

    pub fn lap(&self, what: &str) {
        if self.on {
            eprintln!(
                "[timing] {what}: {:.1} ms",
                self.started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
