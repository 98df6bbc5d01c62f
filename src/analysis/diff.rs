//! Comparing two review cycles of one organisation's portfolio (§11).
//!
//! X.1060's evaluation process looks at the three things the build process
//! made: the service catalogue (§11.2, the recommendation levels), the
//! service profile (§11.3, who performs each service) and the service
//! portfolio (§11.4, the scores and their gaps). [`compare`] joins the
//! services of an older and a newer portfolio by their parsed ID and lists
//! every change of each kind, then sets the per-category figures of the two
//! cycles side by side. Pure: no I/O, no language; `write::diff` renders it.
//!
//! Conventions:
//!
//! - Services are joined by [`Parsed::id`]; rows with no usable ID are
//!   counted ([`Side::unmatched_rows`]) and left out; of two rows with one
//!   ID (X003) the first counts and the ID is listed in
//!   [`Side::duplicate_ids`].
//! - A level change to or from Unnecessary is [`ChangeKind::ToUnnecessary`]
//!   or [`ChangeKind::FromUnnecessary`], never also
//!   [`ChangeKind::LevelChanged`]; an assignment change to or from Unassigned
//!   is [`ChangeKind::UnassignedIntroduced`] or
//!   [`ChangeKind::UnassignedResolved`], never also
//!   [`ChangeKind::AssignmentChanged`].
//! - Scores are compared only for services that are not Unnecessary in
//!   either cycle (RULES.md leaves Unnecessary services out of every figure).

use std::collections::HashMap;

pub mod pairs;

use serde::Serialize;

use crate::analysis::{self, Stats, id_key};
use crate::catalogue::{Assignment, Level, catalogue};
use crate::model::{Parse, Parsed, Portfolio, Service, Value};
use crate::text::{Score, fold};

/// The evaluation a change belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// §11.2: the service catalogue (which services, at which level).
    Catalogue,
    /// §11.3: the service profile (assignment types and parties).
    Profile,
    /// §11.4: the service portfolio (As-Is and To-Be scores, gaps).
    Portfolio,
}

impl Section {
    /// The three sections, in the order of §11.
    pub const ALL: [Section; 3] = [Section::Catalogue, Section::Profile, Section::Portfolio];

    /// Stable machine key (`catalogue`, `profile`, `portfolio`).
    pub fn key(self) -> &'static str {
        match self {
            Section::Catalogue => "catalogue",
            Section::Profile => "profile",
            Section::Portfolio => "portfolio",
        }
    }

    /// The section of JT-X1060 it follows.
    pub fn source(self) -> &'static str {
        match self {
            Section::Catalogue => "§11.2",
            Section::Profile => "§11.3",
            Section::Portfolio => "§11.4",
        }
    }
}

/// What changed between the two cycles for one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A service listed only in the newer portfolio (`new`: its level).
    ServiceAdded,
    /// A service listed only in the older portfolio (`old`: its level).
    ServiceRemoved,
    /// The level changed, Unnecessary on neither side.
    LevelChanged,
    /// The level became Unnecessary.
    ToUnnecessary,
    /// The level was Unnecessary and is no longer.
    FromUnnecessary,
    /// The assignment type changed, Unassigned on neither side.
    AssignmentChanged,
    /// Unassigned became Insourcing, Outsourcing or Combination.
    UnassignedResolved,
    /// The service became Unassigned.
    UnassignedIntroduced,
    /// The named team or contractor changed.
    PartyChanged,
    /// The As-Is score rose.
    AsIsUp,
    /// The As-Is score fell.
    AsIsDown,
    /// The As-Is cell changed otherwise (to or from N/A, blank or invalid).
    AsIsChanged,
    /// The To-Be score rose (a higher target).
    ToBeRaised,
    /// The To-Be score fell (a lower target).
    ToBeLowered,
    /// The To-Be cell changed otherwise (to or from N/A, blank or invalid).
    ToBeChanged,
    /// A positive gap (To-Be − As-Is) became zero or less with the target
    /// kept or raised: the As-Is reached it.
    GapClosed,
    /// A positive gap became zero or less because the target was lowered:
    /// not a closed gap (a To-Be cut from 5 to 1 is not good news).
    TargetCut,
    /// A gap of zero or less became positive.
    GapOpened,
}

impl ChangeKind {
    /// Every kind, in report order.
    pub const ALL: [ChangeKind; 18] = [
        ChangeKind::ServiceAdded,
        ChangeKind::ServiceRemoved,
        ChangeKind::LevelChanged,
        ChangeKind::ToUnnecessary,
        ChangeKind::FromUnnecessary,
        ChangeKind::AssignmentChanged,
        ChangeKind::UnassignedResolved,
        ChangeKind::UnassignedIntroduced,
        ChangeKind::PartyChanged,
        ChangeKind::AsIsUp,
        ChangeKind::AsIsDown,
        ChangeKind::AsIsChanged,
        ChangeKind::ToBeRaised,
        ChangeKind::ToBeLowered,
        ChangeKind::ToBeChanged,
        ChangeKind::GapClosed,
        ChangeKind::TargetCut,
        ChangeKind::GapOpened,
    ];

    /// The section it belongs to.
    pub fn section(self) -> Section {
        use ChangeKind::*;
        match self {
            ServiceAdded | ServiceRemoved | LevelChanged | ToUnnecessary | FromUnnecessary => {
                Section::Catalogue
            }
            AssignmentChanged | UnassignedResolved | UnassignedIntroduced | PartyChanged => {
                Section::Profile
            }
            AsIsUp | AsIsDown | AsIsChanged | ToBeRaised | ToBeLowered | ToBeChanged
            | GapClosed | TargetCut | GapOpened => Section::Portfolio,
        }
    }

    /// Stable machine key (`service_added` …), as in the JSON.
    pub fn key(self) -> &'static str {
        use ChangeKind::*;
        match self {
            ServiceAdded => "service_added",
            ServiceRemoved => "service_removed",
            LevelChanged => "level_changed",
            ToUnnecessary => "to_unnecessary",
            FromUnnecessary => "from_unnecessary",
            AssignmentChanged => "assignment_changed",
            UnassignedResolved => "unassigned_resolved",
            UnassignedIntroduced => "unassigned_introduced",
            PartyChanged => "party_changed",
            AsIsUp => "as_is_up",
            AsIsDown => "as_is_down",
            AsIsChanged => "as_is_changed",
            ToBeRaised => "to_be_raised",
            ToBeLowered => "to_be_lowered",
            ToBeChanged => "to_be_changed",
            GapClosed => "gap_closed",
            TargetCut => "target_cut",
            GapOpened => "gap_opened",
        }
    }

    /// Whether it is bad news, good news or neither (see [`Direction`]).
    pub fn direction(self) -> Direction {
        use ChangeKind::*;
        match self {
            AsIsDown | ToBeLowered | TargetCut | UnassignedIntroduced | ToUnnecessary
            | ServiceRemoved => Direction::Regression,
            AsIsUp | GapClosed | UnassignedResolved | ToBeRaised | FromUnnecessary
            | ServiceAdded => Direction::Progress,
            LevelChanged | AssignmentChanged | PartyChanged | AsIsChanged | ToBeChanged
            | GapOpened => Direction::Other,
        }
    }
}

/// Whether a change is a step back, a step forward, or neither.
///
/// A **regression**: the As-Is fell, a target (To-Be) was lowered (also
/// when that closed a gap: [`ChangeKind::TargetCut`]), a service became
/// Unassigned, moved to Unnecessary or is no longer listed. **Progress**: the
/// As-Is rose, a gap closed with its target kept, an Unassigned service got
/// a form, a target was raised, a service came back from Unnecessary or was
/// added. Everything else (a level or form changed, a party renamed, a
/// score to or from N/A, a gap opened by a raised target) is neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A step back.
    Regression,
    /// A step forward.
    Progress,
    /// Neither.
    Other,
}

/// One change to one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    #[serde(rename = "change")]
    pub kind: ChangeKind,
    /// The service ID (`A-1`).
    pub service: String,
    /// The service's name as written (the newer cycle's, the older one's for
    /// a removed service).
    pub name: Option<String>,
    /// The value before: a level or assignment as its canonical English word,
    /// a score as `1`–`5` or `N/A`, a gap as a signed number, parties joined
    /// with ` / `; an invalid value as written; `None` for blank.
    pub old: Option<String>,
    /// The value after, written the same way.
    pub new: Option<String>,
}

/// One portfolio's side of the comparison.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Side {
    /// The organisation's name, when the workbook says it.
    pub organisation: Option<String>,
    /// The portfolio sheet.
    pub sheet: String,
    /// The assessment date the workbook states (ISO 8601), if any.
    pub assessment_date: Option<String>,
    /// Service rows.
    pub services: u32,
    /// Rows with no usable service ID, left out of the comparison.
    pub unmatched_rows: u32,
    /// IDs on more than one row (only the first row counts).
    pub duplicate_ids: Vec<String>,
}

/// A group's figures in one cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Snapshot {
    /// Services listed.
    pub listed: u32,
    /// Services selected (Basic … Optional).
    pub selected: u32,
    /// Mean As-Is.
    pub mean_as_is: Option<f64>,
    /// Mean To-Be.
    pub mean_to_be: Option<f64>,
    /// ΣAs-Is / ΣTo-Be.
    pub achievement: Option<f64>,
    /// Basic services scored below their To-Be.
    pub basic_below_target: u32,
}

impl Snapshot {
    fn of(stats: &Stats, basic_below: u32) -> Snapshot {
        Snapshot {
            listed: stats.listed,
            selected: stats.selected,
            mean_as_is: stats.mean_as_is,
            mean_to_be: stats.mean_to_be,
            achievement: stats.achievement,
            basic_below_target: basic_below,
        }
    }
}

/// New − old of the means, where both exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Delta {
    /// Change of the mean As-Is.
    pub mean_as_is: Option<f64>,
    /// Change of the mean To-Be.
    pub mean_to_be: Option<f64>,
    /// Change of the achievement.
    pub achievement: Option<f64>,
}

/// One group's figures, old and new.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDelta {
    /// `A` … `I`, `own` (IDs outside A–I) or `overall`.
    pub group: String,
    /// The older cycle.
    pub old: Snapshot,
    /// The newer cycle.
    pub new: Snapshot,
    /// New − old.
    pub change: Delta,
}

/// Everything that changed between two cycles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The older portfolio.
    pub old: Side,
    /// The newer portfolio.
    pub new: Side,
    /// Every change, by section (§11.2, §11.3, §11.4), then by service in
    /// X.1060 order (own services after, by ID), then by kind.
    pub changes: Vec<Change>,
    /// One row per changed service, the two cycles side by side, in the
    /// order of [`Diff::changes`]' services (X.1060 order, own services after).
    pub services: Vec<ServiceChange>,
    /// Categories A–I, `own` (when either cycle has such services) and
    /// `overall`.
    pub summary: Vec<GroupDelta>,
}

/// A score as shown: a number when it is one, else its text (`N/A`, or an
/// invalid value as written). Serialised as a JSON number or string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Shown {
    /// A score 1–5.
    Score(u8),
    /// `N/A`, or an invalid value as written.
    Text(String),
}

impl Shown {
    fn of(score: Score, raw: &Value) -> Option<Shown> {
        match score {
            Score::Value(v) => Some(Shown::Score(v)),
            _ => score_text(score, raw).map(Shown::Text),
        }
    }
}

/// One service's values in one cycle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct State {
    /// Level as its canonical English word (an invalid one as written).
    pub level: Option<String>,
    /// Assignment type as its canonical English word.
    pub assignment: Option<String>,
    /// The named team and contractor, joined with ` / `.
    pub parties: Option<String>,
    /// As-Is.
    pub as_is: Option<Shown>,
    /// To-Be.
    pub to_be: Option<Shown>,
    /// To-Be − As-Is, where both are numbers.
    pub gap: Option<i32>,
}

impl State {
    fn of(s: &Service, p: &Parsed) -> State {
        State {
            level: level_text(s, p),
            assignment: assignment_text(s, p),
            parties: Some(p.parties.joined()).filter(|s| !s.is_empty()),
            as_is: Shown::of(p.as_is, &s.as_is),
            to_be: Shown::of(p.to_be, &s.to_be),
            gap: p.gap(),
        }
    }
}

/// One changed service: its values in both cycles and what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceChange {
    /// The service ID.
    pub service: String,
    /// Its name as written (the newer cycle's when it has one).
    pub name: Option<String>,
    /// The older cycle's values (`None`: not listed then).
    pub old: Option<State>,
    /// The newer cycle's values (`None`: no longer listed).
    pub new: Option<State>,
    /// The kinds of change, in [`ChangeKind::ALL`] order.
    pub kinds: Vec<ChangeKind>,
}

impl ServiceChange {
    /// The service's overall direction: a regression when any change is
    /// one, else progress when any is, else neither.
    pub fn direction(&self) -> Direction {
        self.kinds
            .iter()
            .map(|k| k.direction())
            .min()
            .unwrap_or(Direction::Other)
    }
}

impl Diff {
    /// The changes of one section.
    pub fn section(&self, s: Section) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.kind.section() == s)
    }

    /// How many changes of one kind.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// True when no service changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// One side's services by ID (first row of each ID), in sheet order.
struct Indexed<'a> {
    by_id: HashMap<&'a str, (&'a Service, &'a Parsed)>,
    order: Vec<&'a str>,
    side: Side,
}

fn index<'a>(portfolio: &'a Portfolio, parsed: &'a [Parsed]) -> Indexed<'a> {
    let mut by_id = HashMap::new();
    let mut order = Vec::new();
    let mut side = Side {
        organisation: portfolio.organisation.clone(),
        sheet: portfolio.sheet.clone(),
        assessment_date: portfolio.assessment_date.clone(),
        services: portfolio.services.len() as u32,
        ..Side::default()
    };
    for (s, p) in portfolio.services.iter().zip(parsed) {
        let Some(id) = p.id.as_deref() else {
            side.unmatched_rows += 1;
            continue;
        };
        if by_id.contains_key(id) {
            if !side.duplicate_ids.iter().any(|d| d == id) {
                side.duplicate_ids.push(id.to_string());
            }
            continue;
        }
        by_id.insert(id, (s, p));
        order.push(id);
    }
    Indexed { by_id, order, side }
}

/// Sort key: X.1060 order, then own services by letter and number.
fn service_key(id: &str) -> (usize, (char, u32), String) {
    let pos = catalogue().position(id).unwrap_or(usize::MAX);
    (pos, id_key(id), id.to_string())
}

fn word_text<T: Copy>(
    p: &Parse<T>,
    raw: &Value,
    word: impl Fn(T) -> &'static str,
) -> Option<String> {
    match p {
        Parse::Missing => None,
        Parse::Value(v) => Some(word(*v).to_string()),
        Parse::Invalid(_) => Some(raw.display()),
    }
}

fn level_text(s: &Service, p: &Parsed) -> Option<String> {
    word_text(&p.level, &s.level, Level::as_str)
}

fn assignment_text(s: &Service, p: &Parsed) -> Option<String> {
    word_text(&p.assignment, &s.assignment, Assignment::as_str)
}

fn score_text(score: Score, raw: &Value) -> Option<String> {
    match score {
        Score::Missing => None,
        Score::NotApplicable => Some("N/A".into()),
        Score::Value(v) => Some(v.to_string()),
        Score::Invalid => Some(raw.display()),
    }
}

/// A score compared as parsed, an invalid one by its folded text.
fn score_key(score: Score, raw: &Value) -> (Score, String) {
    match score {
        Score::Invalid => (score, raw.folded()),
        _ => (score, String::new()),
    }
}

fn party_key(p: &Parsed) -> Vec<String> {
    let mut all: Vec<String> = p
        .parties
        .team
        .iter()
        .chain(&p.parties.contractor)
        .chain(&p.parties.other)
        .map(|s| fold(s))
        .filter(|s| !s.is_empty())
        .collect();
    all.sort();
    all
}

/// Every service ID of both sides, in X.1060 order, own services after.
fn ids_in_order<'a>(o: &Indexed<'a>, n: &Indexed<'a>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = o.order.iter().chain(&n.order).copied().collect();
    ids.sort_by_cached_key(|id| service_key(id));
    ids.dedup();
    ids
}

/// One row per service that changed, both cycles' values side by side.
fn service_rows(ids: &[&str], o: &Indexed, n: &Indexed, changes: &[Change]) -> Vec<ServiceChange> {
    let mut by_id: HashMap<&str, Vec<ChangeKind>> = HashMap::new();
    for c in changes {
        by_id.entry(c.service.as_str()).or_default().push(c.kind);
    }
    ids.iter()
        .filter_map(|id| {
            let mut kinds = by_id.remove(id)?;
            kinds.sort();
            let old = o.by_id.get(id);
            let new = n.by_id.get(id);
            let name = new
                .and_then(|(s, _)| s.name.clone())
                .or_else(|| old.and_then(|(s, _)| s.name.clone()));
            Some(ServiceChange {
                service: id.to_string(),
                name,
                old: old.map(|(s, p)| State::of(s, p)),
                new: new.map(|(s, p)| State::of(s, p)),
                kinds,
            })
        })
        .collect()
}

/// Compares an older and a newer portfolio of one organisation.
///
/// ```
/// use x1060::model::{Portfolio, Service, Value, Field};
/// use x1060::analysis::diff::{compare, ChangeKind};
/// let row = |as_is: f64| Service {
///     id: Some("A-1".into()),
///     level: Value::Text("Basic".into()),
///     assignment: Value::Text("Insourcing(SOC)".into()),
///     as_is: Value::Number(as_is),
///     to_be: Value::Number(4.0),
///     ..Service::default()
/// };
/// let pf = |s: Service| Portfolio {
///     fields: vec![Field::Id, Field::Level, Field::Assignment, Field::AsIs, Field::ToBe],
///     services: vec![s],
///     ..Portfolio::default()
/// };
/// let (old, new) = (pf(row(2.0)), pf(row(4.0)));
/// let d = compare(&old, &old.parse(), &new, &new.parse());
/// assert_eq!(d.count(ChangeKind::AsIsUp), 1);
/// assert_eq!(d.count(ChangeKind::GapClosed), 1);
/// ```
pub fn compare(
    old: &Portfolio,
    old_parsed: &[Parsed],
    new: &Portfolio,
    new_parsed: &[Parsed],
) -> Diff {
    let o = index(old, old_parsed);
    let n = index(new, new_parsed);

    let ids = ids_in_order(&o, &n);
    let mut changes = Vec::new();
    for id in ids {
        let push = |changes: &mut Vec<Change>, kind, name: &Option<String>, old, new| {
            changes.push(Change {
                kind,
                service: id.to_string(),
                name: name.clone(),
                old,
                new,
            })
        };
        match (o.by_id.get(id), n.by_id.get(id)) {
            (None, None) => {}
            (None, Some((s, p))) => push(
                &mut changes,
                ChangeKind::ServiceAdded,
                &s.name,
                None,
                level_text(s, p),
            ),
            (Some((s, p)), None) => push(
                &mut changes,
                ChangeKind::ServiceRemoved,
                &s.name,
                level_text(s, p),
                None,
            ),
            (Some((os, op)), Some((ns, np))) => {
                let name = ns.name.clone().or_else(|| os.name.clone());
                compare_service(id, &name, (os, op), (ns, np), &mut changes);
            }
        }
    }
    let services = service_rows(&ids_in_order(&o, &n), &o, &n, &changes);
    changes.sort_by_key(|c| (c.kind.section(), service_key(&c.service), c.kind));

    Diff {
        summary: summary(old, old_parsed, new, new_parsed),
        old: o.side,
        new: n.side,
        changes,
        services,
    }
}

fn compare_service(
    id: &str,
    name: &Option<String>,
    (os, op): (&Service, &Parsed),
    (ns, np): (&Service, &Parsed),
    changes: &mut Vec<Change>,
) {
    let mut push = |kind, old: Option<String>, new: Option<String>| {
        changes.push(Change {
            kind,
            service: id.to_string(),
            name: name.clone(),
            old,
            new,
        })
    };
    let unnecessary = |p: &Parsed| p.level.value() == Some(Level::Unnecessary);

    // §11.2: the level.
    if op.level != np.level {
        let kind = if unnecessary(np) {
            ChangeKind::ToUnnecessary
        } else if unnecessary(op) {
            ChangeKind::FromUnnecessary
        } else {
            ChangeKind::LevelChanged
        };
        push(kind, level_text(os, op), level_text(ns, np));
    }

    // §11.3: the assignment and the parties.
    if op.assignment != np.assignment {
        let unassigned = |p: &Parsed| p.assignment.value() == Some(Assignment::Unassigned);
        let kind = if unassigned(np) {
            ChangeKind::UnassignedIntroduced
        } else if unassigned(op) && np.assignment.value().is_some() {
            ChangeKind::UnassignedResolved
        } else {
            ChangeKind::AssignmentChanged
        };
        push(kind, assignment_text(os, op), assignment_text(ns, np));
    }
    if party_key(op) != party_key(np) {
        push(
            ChangeKind::PartyChanged,
            Some(op.parties.joined()).filter(|s| !s.is_empty()),
            Some(np.parties.joined()).filter(|s| !s.is_empty()),
        );
    }

    // §11.4: the scores, for services in the figures on both sides.
    if unnecessary(op) || unnecessary(np) {
        return;
    }
    if score_key(op.as_is, &os.as_is) != score_key(np.as_is, &ns.as_is) {
        let kind = match (op.as_is.value(), np.as_is.value()) {
            (Some(a), Some(b)) if b > a => ChangeKind::AsIsUp,
            (Some(a), Some(b)) if b < a => ChangeKind::AsIsDown,
            _ => ChangeKind::AsIsChanged,
        };
        push(
            kind,
            score_text(op.as_is, &os.as_is),
            score_text(np.as_is, &ns.as_is),
        );
    }
    if score_key(op.to_be, &os.to_be) != score_key(np.to_be, &ns.to_be) {
        let kind = match (op.to_be.value(), np.to_be.value()) {
            (Some(a), Some(b)) if b > a => ChangeKind::ToBeRaised,
            (Some(a), Some(b)) if b < a => ChangeKind::ToBeLowered,
            _ => ChangeKind::ToBeChanged,
        };
        push(
            kind,
            score_text(op.to_be, &os.to_be),
            score_text(np.to_be, &ns.to_be),
        );
    }
    if let (Some(a), Some(b)) = (op.gap(), np.gap()) {
        let lowered = matches!((op.to_be.value(), np.to_be.value()), (Some(x), Some(y)) if y < x);
        let kind = if a > 0 && b <= 0 && lowered {
            Some(ChangeKind::TargetCut)
        } else if a > 0 && b <= 0 {
            Some(ChangeKind::GapClosed)
        } else if a <= 0 && b > 0 {
            Some(ChangeKind::GapOpened)
        } else {
            None
        };
        if let Some(kind) = kind {
            push(kind, Some(a.to_string()), Some(b.to_string()));
        }
    }
}

/// Basic services below their To-Be, per category letter (`None`: overall).
fn basic_below(parsed: &[Parsed], letter: Option<char>, own: bool) -> u32 {
    let cat = catalogue();
    parsed
        .iter()
        .filter(|p| p.id.is_some() && p.level.value() == Some(Level::Basic))
        .filter(|p| p.gap().is_some_and(|g| g > 0))
        .filter(|p| match (letter, own) {
            (Some(l), _) => p.category == Some(l),
            (None, true) => p.category.and_then(|c| cat.category(c)).is_none(),
            (None, false) => true,
        })
        .count() as u32
}

/// One cycle's figures per group: categories A–I, `own` (when `with_own`)
/// and `overall`, keyed as in [`GroupDelta::group`].
pub fn snapshots(
    portfolio: &Portfolio,
    parsed: &[Parsed],
    with_own: bool,
) -> Vec<(String, Snapshot)> {
    let f = analysis::figures(portfolio, parsed);
    let mut out: Vec<(String, Snapshot)> = f
        .categories
        .iter()
        .map(|c| {
            let letter = c.id.chars().next();
            (
                c.id.clone(),
                Snapshot::of(&c.stats, basic_below(parsed, letter, false)),
            )
        })
        .collect();
    if with_own {
        out.push((
            "own".into(),
            Snapshot::of(&f.own, basic_below(parsed, None, true)),
        ));
    }
    out.push((
        "overall".into(),
        Snapshot::of(&f.overall, f.basic_below_target(parsed)),
    ));
    out
}

/// True when a portfolio has services outside categories A–I.
pub fn has_own(parsed: &[Parsed]) -> bool {
    let cat = catalogue();
    parsed
        .iter()
        .filter(|p| p.id.is_some())
        .any(|p| p.category.and_then(|c| cat.category(c)).is_none())
}

/// New − old of the means, where both exist.
pub fn delta(a: &Snapshot, b: &Snapshot) -> Delta {
    let d = |x: Option<f64>, y: Option<f64>| Some(y? - x?);
    Delta {
        mean_as_is: d(a.mean_as_is, b.mean_as_is),
        mean_to_be: d(a.mean_to_be, b.mean_to_be),
        achievement: d(a.achievement, b.achievement),
    }
}

fn summary(
    old: &Portfolio,
    old_parsed: &[Parsed],
    new: &Portfolio,
    new_parsed: &[Parsed],
) -> Vec<GroupDelta> {
    let own = has_own(old_parsed) || has_own(new_parsed);
    snapshots(old, old_parsed, own)
        .into_iter()
        .zip(snapshots(new, new_parsed, own))
        .map(|((group, old), (_, new))| GroupDelta {
            change: delta(&old, &new),
            group,
            old,
            new,
        })
        .collect()
}

#[cfg(test)]
mod tests;
