//! Dates in running text: a weekday written with a date must be that date's, and no date may be impossible.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::{DatedPhrase, Discrepancy, DiscrepancyKind, ImpossibleDate, Meeting};
use chrono::Datelike;

/// A date written with its weekday ("fredag den 24. januar 2020") must name the right weekday, and no date in a
/// text may be one no calendar has ("30. februar 2021"), in meetings, documents and pages alike. The parse stage
/// records every such phrase with its position; acknowledged ones (a `weekday` or `date` discrepancy whose
/// `printed` holds the phrase) are notes.
pub(super) fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let documents = site.documents.iter().map(|d| {
        (
            d.source.file.as_str(),
            d.front.discrepancies.iter().collect::<Vec<_>>(),
            d.weekday_dates.as_slice(),
            d.impossible_dates.as_slice(),
        )
    });
    let pages = site.pages.iter().map(|p| {
        (
            p.source.file.as_str(),
            p.front.discrepancies.iter().collect(),
            p.weekday_dates.as_slice(),
            p.impossible_dates.as_slice(),
        )
    });
    for (file, acks, dates, impossible) in documents.chain(pages) {
        in_file(file, &acks, dates, impossible, &mut diags);
    }
    diags
}

/// The dates in one meeting's text (those of the documents and pages are [`check`]'s).
pub(super) fn of_meeting(m: &Meeting) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::default();
    let acks: Vec<&Discrepancy> = m.discrepancies().collect();
    let file = &m.source.file;
    in_file(
        file,
        &acks,
        &m.weekday_dates,
        &m.impossible_dates,
        &mut diags,
    );
    diags.items
}

/// The weekday and impossible date phrases of one file, with its recorded discrepancies.
fn in_file(
    file: &str,
    acks: &[&Discrepancy],
    dates: &[DatedPhrase],
    impossible: &[ImpossibleDate],
    diags: &mut Diagnostics,
) {
    let acknowledged = |kind: DiscrepancyKind, phrase: &str| {
        (acks.iter()).find(|d| super::acknowledgements::quotes(d, kind, phrase))
    };
    for wd in dates.iter().filter(|w| w.written != w.date.weekday()) {
        let (written, actual, phrase) = (wd.written, wd.date.weekday(), wd.phrase.clone());
        let d = if let Some(ack) = acknowledged(DiscrepancyKind::Weekday, &wd.phrase) {
            Diagnostic::note(
                Code::AcknowledgedDiscrepancy,
                Msg::WeekdayInTextAcknowledged {
                    phrase,
                    actual,
                    written,
                },
            )
            .hint(ack.note.clone())
        } else {
            Diagnostic::error(
                Code::Weekday,
                Msg::WeekdayInText {
                    phrase,
                    actual,
                    written,
                },
            )
            .hint(Msg::HintWeekday)
        };
        diags.push(
            d.at(file, wd.pos.line, wd.pos.column)
                .expected(Msg::WeekdayName { day: actual })
                .found(Msg::WeekdayName { day: written }),
        );
    }
    for bad in impossible {
        let phrase = bad.phrase.clone();
        let d = if let Some(ack) = acknowledged(DiscrepancyKind::Date, &bad.phrase) {
            Diagnostic::note(
                Code::AcknowledgedDiscrepancy,
                Msg::ImpossibleDateAcknowledged { phrase },
            )
            .hint(ack.note.clone())
        } else {
            Diagnostic::error(Code::ImpossibleDate, Msg::ImpossibleDate { phrase })
                .expected(Msg::ExpectPossibleDay)
                .found(bad.phrase.clone())
                .hint(Msg::HintImpossibleDate)
        };
        diags.push(d.at(file, bad.pos.line, bad.pos.column));
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n;
    use chrono::Datelike;

    #[test]
    fn weekday_phrases_are_found() {
        let right = i18n::weekday_dates("Fredag den 24. januar 2020, kl. 10");
        assert_eq!(right.len(), 1);
        assert_eq!(right[0].written, right[0].date.weekday());
        let wrong = i18n::weekday_dates("Sagen blev behandlet torsdag den 17. januar 2020.");
        assert_eq!(wrong.len(), 1);
        assert_eq!(i18n::weekday_da(wrong[0].date.weekday()), "fredag");
        assert_eq!(wrong[0].phrase, "torsdag den 17. januar 2020");
        assert_eq!(wrong[0].offset, 21);
    }
}
