//! `approves:` names minutes a meeting can approve: minutes (not an agenda) of the same body, of an earlier
//! date, whether the meeting is in the portal or only named by its id.

mod common;
use common::*;

const MEETING: &str = "content/moeder/2021-05-21-kd-net.md";

fn approving(to: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let (_d, site) = bundled_copy();
    edit(
        &site.join(MEETING),
        "approves: 2021-04-09-kd-net",
        &format!("approves: {to}"),
    );
    let r = json_check(site.to_str().unwrap());
    drop(_d);
    r
}

fn wrong(lines: &[serde_json::Value]) -> Option<&serde_json::Value> {
    lines
        .iter()
        .find(|d| d["code"] == "approves-wrong-meeting" && d["file"] == MEETING)
}

#[test]
fn earlier_minutes_of_the_same_body_are_approvable() {
    let (exit, lines) = approving("2020-01-24-kd-net");
    assert_eq!(exit, Some(0), "{lines:#?}");
    assert!(wrong(&lines).is_none());
}

#[test]
fn a_later_meeting_is_not() {
    let (exit, lines) = approving("2021-06-09-kd-net");
    assert_eq!(exit, Some(1));
    let d = wrong(&lines).expect("approves-wrong-meeting");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("ikke er et tidligere møde"),
        "{d}"
    );
    assert_eq!(d["found"], "2021-06-09-kd-net");
}

#[test]
fn another_bodys_meeting_is_not() {
    // Outside the portal: judged by the body its id names.
    let (exit, lines) = approving("2020-02-05-kkr-midtjylland");
    assert_eq!(exit, Some(1));
    let d = wrong(&lines).expect("approves-wrong-meeting");
    assert!(
        d["message"].as_str().unwrap().contains("andet organ"),
        "{d}"
    );
    // In the portal (an agenda of KKR Midtjylland): refused as well.
    let (exit, lines) = approving("2020-06-17-kkr-midtjylland");
    assert_eq!(exit, Some(1));
    assert!(wrong(&lines).is_some(), "{lines:#?}");
}

#[test]
fn an_agenda_is_not() {
    let (_d, site) = bundled_copy();
    edit(
        &site.join("content/moeder/2020-01-24-kd-net.md"),
        "kind: minutes",
        "kind: agenda",
    );
    edit(
        &site.join(MEETING),
        "approves: 2021-04-09-kd-net",
        "approves: 2020-01-24-kd-net",
    );
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(1));
    let d = wrong(&lines).expect("approves-wrong-meeting");
    assert!(d["message"].as_str().unwrap().contains("dagsorden"), "{d}");
}
