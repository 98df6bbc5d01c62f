//! The X.1060 service list and the vocabulary of RULES.md, loaded once from
//! the TOML files under `templates/` that are embedded in the binary.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::{fold, name_key};

const CATALOGUE_TOML: &str = include_str!("../templates/catalogue.toml");
const VOCABULARY_TOML: &str = include_str!("../templates/vocabulary.toml");
const TABLES_TOML: &str = include_str!("../templates/tables.toml");

/// A recommendation level (JT-X1060 Table 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// Needed first: the service must run before the CDC can work.
    Basic,
    /// Should run in a mature CDC.
    Standard,
    /// For an advanced CDC.
    Advanced,
    /// Run when the organisation's situation calls for it.
    Optional,
    /// Not needed by this organisation (kept listed for review, §11.2).
    Unnecessary,
}

impl Level {
    /// Every level, in the order the standard lists them.
    pub const ALL: [Level; 5] = [
        Level::Basic,
        Level::Standard,
        Level::Advanced,
        Level::Optional,
        Level::Unnecessary,
    ];

    /// True for Basic, Standard, Advanced and Optional: the service is *selected*.
    ///
    /// ```
    /// use x1060::catalogue::Level;
    /// assert!(Level::Optional.is_selected());
    /// assert!(!Level::Unnecessary.is_selected());
    /// ```
    pub fn is_selected(self) -> bool {
        self != Level::Unnecessary
    }

    /// The canonical English word (`Basic` …), as used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Basic => "Basic",
            Level::Standard => "Standard",
            Level::Advanced => "Advanced",
            Level::Optional => "Optional",
            Level::Unnecessary => "Unnecessary",
        }
    }

    /// The word for this level in a language (`ja` → ベーシック).
    pub fn word(self, lang: Lang) -> &'static str {
        vocabulary().level_words[&self].get(lang)
    }
}

/// A service assignment type (JT-X1060 Table 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Assignment {
    /// Performed by the organisation's own team.
    Insourcing,
    /// Performed by a contractor.
    Outsourcing,
    /// Own team and contractor together.
    Combination,
    /// Nobody performs it yet.
    Unassigned,
}

impl Assignment {
    /// Every assignment type, in the order of Table 2.
    pub const ALL: [Assignment; 4] = [
        Assignment::Insourcing,
        Assignment::Outsourcing,
        Assignment::Combination,
        Assignment::Unassigned,
    ];

    /// The canonical English word (`Insourcing` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Assignment::Insourcing => "Insourcing",
            Assignment::Outsourcing => "Outsourcing",
            Assignment::Combination => "Combination",
            Assignment::Unassigned => "Unassigned",
        }
    }

    /// The word for this type in a language (`ja` → インソース).
    pub fn word(self, lang: Lang) -> &'static str {
        vocabulary().assignment_words[&self].get(lang)
    }
}

/// The language of messages and generated workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// The language the environment asks for: `LANG` (or `LC_ALL`, `LC_MESSAGES`)
    /// starting with `ja` gives Japanese, anything else English.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.to_ascii_lowercase().starts_with("ja") {
                    Lang::Ja
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// A management phase (TR-XSup.44 FAQ 9), which the categories serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Strategic management: category A.
    Strategic,
    /// Operation: categories B and C.
    Operation,
    /// Response: categories D and H.
    Response,
    /// Supports every phase: E, F, G, I.
    Support,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 4] = [
        Phase::Strategic,
        Phase::Operation,
        Phase::Response,
        Phase::Support,
    ];

    /// The phase's name in a language.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Phase::Strategic => lang.pick("戦略マネジメント", "Strategic management"),
            Phase::Operation => lang.pick("運用", "Operation"),
            Phase::Response => lang.pick("対応", "Response"),
            Phase::Support => lang.pick("全フェーズ支援", "Supports every phase"),
        }
    }

    /// Stable machine key (`strategic` …).
    pub fn key(self) -> &'static str {
        match self {
            Phase::Strategic => "strategic",
            Phase::Operation => "operation",
            Phase::Response => "response",
            Phase::Support => "support",
        }
    }
}

/// One of the nine service categories A–I.
#[derive(Debug, Clone, Deserialize)]
pub struct Category {
    /// The letter, `A` … `I`.
    pub id: String,
    /// Japanese name (JT-X1060).
    pub name_ja: String,
    /// English name (X.1060).
    pub name_en: String,
    /// The management phase the category serves.
    pub phase: Phase,
}

impl Category {
    /// The letter as a `char`.
    pub fn letter(&self) -> char {
        self.id.chars().next().unwrap_or('?')
    }

    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_ja, &self.name_en)
    }
}

/// One of the 64 X.1060 services.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceDef {
    /// `A-1` … `I-7`.
    pub id: String,
    /// Japanese name (JT-X1060 Table 4).
    pub name_ja: String,
    /// The ISOG-J sheet's short name, where it differs.
    #[serde(default)]
    pub name_isogj: Option<String>,
    /// English name (ITU-T X.1060).
    pub name_en: String,
    /// Other English spellings the texts use.
    #[serde(default)]
    pub variants_en: Vec<String>,
    /// Other Japanese spellings the texts use.
    #[serde(default)]
    pub variants_ja: Vec<String>,
    /// What the service is for, in Japanese.
    #[serde(default)]
    pub description_ja: String,
    /// What the service is for, in English.
    #[serde(default)]
    pub description_en: String,
}

impl ServiceDef {
    /// The category letter.
    pub fn category(&self) -> char {
        self.id.chars().next().unwrap_or('?')
    }

    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_ja, &self.name_en)
    }

    /// The description in a language.
    pub fn description(&self, lang: Lang) -> &str {
        lang.pick(&self.description_ja, &self.description_en)
    }

    /// Every accepted spelling of the name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [self.name_ja.as_str(), self.name_en.as_str()]
            .into_iter()
            .chain(self.name_isogj.as_deref())
            .chain(self.variants_en.iter().map(String::as_str))
            .chain(self.variants_ja.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
struct CatalogueFile {
    category: Vec<Category>,
    service: Vec<ServiceDef>,
}

/// The X.1060 service list with its look-ups.
#[derive(Debug)]
pub struct Catalogue {
    /// The nine categories, A to I.
    pub categories: Vec<Category>,
    /// The 64 services, in X.1060 order.
    pub services: Vec<ServiceDef>,
    by_id: crate::text::FxMap<String, usize>,
    by_name: crate::text::FxMap<String, usize>,
}

impl Catalogue {
    /// The service with this canonical ID (`A-1`).
    ///
    /// ```
    /// let c = x1060::catalogue::catalogue();
    /// assert_eq!(c.service("B-3").unwrap().name_en, "Alerting & warning");
    /// assert!(c.service("A-14").is_none());
    /// ```
    pub fn service(&self, id: &str) -> Option<&ServiceDef> {
        self.by_id.get(id).map(|&i| &self.services[i])
    }

    /// The position of a service in X.1060 order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The service whose name (any accepted spelling) this is.
    ///
    /// ```
    /// let c = x1060::catalogue::catalogue();
    /// assert_eq!(c.service_by_name("CDC システム運用").unwrap().id, "G-11");
    /// assert_eq!(c.service_by_name("alerting and warning").unwrap().id, "B-3");
    /// ```
    ///
    /// A bilingual cell whose parts all name the same service names it:
    ///
    /// ```
    /// let c = x1060::catalogue::catalogue();
    /// assert_eq!(c.service_by_name("リスクマネジメント / Risk management").unwrap().id, "A-1");
    /// assert_eq!(c.service_by_name("リスクマネジメント (Risk management)").unwrap().id, "A-1");
    /// assert!(c.service_by_name("リスクマネジメント / Risk assessment").is_none());
    /// ```
    pub fn service_by_name(&self, name: &str) -> Option<&ServiceDef> {
        self.index_by_name(name).map(|i| &self.services[i])
    }

    fn index_by_name(&self, name: &str) -> Option<usize> {
        // Every row's name is looked up (X005, X007): the same names recur in
        // every file of a batch, so remember the answer per thread.
        thread_local! {
            static CACHE: crate::text::TextCache<Option<usize>> = Default::default();
        }
        crate::text::remembered(&CACHE, name, || self.index_by_name_uncached(name))
    }

    fn index_by_name_uncached(&self, name: &str) -> Option<usize> {
        let (key, parts) = crate::text::name_keys(name);
        if let Some(&i) = self.by_name.get(&key) {
            return Some(i);
        }
        let mut found = None;
        for part in &parts {
            let i = *self.by_name.get(part)?;
            if found.is_some_and(|f| f != i) {
                return None;
            }
            found = Some(i);
        }
        found
    }

    /// True when `name` is an accepted spelling of service `id`'s name.
    pub fn name_matches(&self, id: &str, name: &str) -> bool {
        self.index_by_name(name)
            .is_some_and(|i| self.services[i].id == id)
    }

    /// The one service whose name (any spelling) lies within 2 edits and a
    /// fifth of that name's length of `name` (RULES.md → Names, X010), when
    /// `name` matches no spelling exactly.
    ///
    /// ```
    /// let c = x1060::catalogue::catalogue();
    /// assert_eq!(c.near_miss("Risk managment").unwrap().id, "A-1");
    /// assert!(c.near_miss("Risk management").is_none());
    /// assert!(c.near_miss("Something else entirely").is_none());
    /// ```
    pub fn near_miss(&self, name: &str) -> Option<&ServiceDef> {
        if self.index_by_name(name).is_some() {
            return None;
        }
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        let mut hit: Option<usize> = None;
        for (spelling, &i) in &self.by_name {
            let len = spelling.chars().count();
            let limit = (len / 5).min(2);
            if limit == 0 || crate::text::edit_distance(&key, spelling, limit) > limit {
                continue;
            }
            if hit.is_some_and(|h| h != i) {
                return None;
            }
            hit = Some(i);
        }
        hit.map(|i| &self.services[i])
    }

    /// The category with this letter.
    pub fn category(&self, letter: char) -> Option<&Category> {
        self.categories.iter().find(|c| c.letter() == letter)
    }
}

/// The catalogue embedded in the binary.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let file: CatalogueFile =
            toml::from_str(CATALOGUE_TOML).expect("templates/catalogue.toml is valid");
        let by_id = file
            .service
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut by_name = crate::text::FxMap::default();
        for (i, s) in file.service.iter().enumerate() {
            for n in s.names() {
                by_name.entry(name_key(n)).or_insert(i);
            }
        }
        Catalogue {
            categories: file.category,
            services: file.service,
            by_id,
            by_name,
        }
    })
}

/// A word in Japanese and English.
#[derive(Debug, Clone, Deserialize)]
pub struct Words {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Words {
    /// The word in a language.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }
}

#[derive(Deserialize)]
struct VocabEntry<T> {
    id: T,
    ja: String,
    en: String,
    spellings: Vec<String>,
}

#[derive(Deserialize)]
struct ScoreVocab {
    na_ja: String,
    na_en: String,
    na_spellings: Vec<String>,
    suffixes: Vec<String>,
}

#[derive(Deserialize)]
struct CellVocab {
    placeholders: Vec<String>,
    party_separators: Vec<String>,
}

#[derive(Deserialize)]
struct VocabularyFile {
    level: Vec<VocabEntry<Level>>,
    assignment: Vec<VocabEntry<Assignment>>,
    score: ScoreVocab,
    cells: CellVocab,
}

/// The vocabulary of RULES.md, folded for matching.
#[derive(Debug)]
pub struct Vocabulary {
    levels: HashMap<String, Level>,
    assignments: HashMap<String, Assignment>,
    level_words: HashMap<Level, Words>,
    assignment_words: HashMap<Assignment, Words>,
    /// The N/A words a template offers.
    pub na_words: Words,
    /// Folded N/A spellings.
    pub not_applicable: HashSet<String>,
    /// Folded placeholders meaning "blank".
    pub placeholders: HashSet<String>,
    /// Folded score suffixes (`点`, `pts`).
    pub score_suffixes: Vec<String>,
    /// Characters separating two parties in one cell.
    pub party_separators: Vec<char>,
    /// Folded summary words (`合計`, `total` …).
    pub summary_words: Vec<String>,
}

impl Vocabulary {
    /// The level a folded text names, if any.
    ///
    /// ```
    /// use x1060::catalogue::{vocabulary, Level};
    /// assert_eq!(vocabulary().level("アドバンスト"), Some(Level::Advanced));
    /// assert_eq!(vocabulary().level("mandatory"), None);
    /// ```
    pub fn level(&self, folded: &str) -> Option<Level> {
        self.levels.get(folded).copied()
    }

    /// The assignment type a folded text names, if any.
    pub fn assignment(&self, folded: &str) -> Option<Assignment> {
        self.assignments.get(folded).copied()
    }

    /// Every folded level spelling and its level (for formulas that read
    /// a level cell live, as `annotate` writes).
    pub fn level_spellings(&self) -> impl Iterator<Item = (&str, Level)> {
        self.levels.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Every folded assignment spelling and its type.
    pub fn assignment_spellings(&self) -> impl Iterator<Item = (&str, Assignment)> {
        self.assignments.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// The vocabulary embedded in the binary.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let file: VocabularyFile =
            toml::from_str(VOCABULARY_TOML).expect("templates/vocabulary.toml is valid");
        let fold_all = |v: &[String]| v.iter().map(|w| fold(w)).collect::<Vec<_>>();
        let mut levels = HashMap::new();
        let mut level_words = HashMap::new();
        for e in file.level {
            for w in fold_all(&e.spellings) {
                levels.insert(w, e.id);
            }
            level_words.insert(e.id, Words { ja: e.ja, en: e.en });
        }
        let mut assignments = HashMap::new();
        let mut assignment_words = HashMap::new();
        for e in file.assignment {
            for w in fold_all(&e.spellings) {
                assignments.insert(w, e.id);
            }
            assignment_words.insert(e.id, Words { ja: e.ja, en: e.en });
        }
        let party_separators = file
            .cells
            .party_separators
            .iter()
            .flat_map(|s| s.chars())
            .flat_map(|c| {
                let n = crate::text::nfkc(&c.to_string()).chars().next();
                [Some(c), n]
            })
            .flatten()
            .collect();
        Vocabulary {
            levels,
            assignments,
            level_words,
            assignment_words,
            na_words: Words {
                ja: file.score.na_ja,
                en: file.score.na_en,
            },
            not_applicable: fold_all(&file.score.na_spellings).into_iter().collect(),
            placeholders: fold_all(&file.cells.placeholders).into_iter().collect(),
            score_suffixes: fold_all(&file.score.suffixes),
            party_separators,
            summary_words: crate::words::words().rows.summary.clone(),
        }
    })
}

/// Table 1 entry: what a level means.
#[derive(Debug, Clone, Deserialize)]
pub struct LevelRow {
    /// The level.
    pub level: Level,
    /// Meaning in Japanese.
    pub ja: String,
    /// Meaning in English.
    pub en: String,
}

/// Table 2 entry: what an assignment type means.
#[derive(Debug, Clone, Deserialize)]
pub struct AssignmentRow {
    /// The type.
    pub assignment: Assignment,
    /// Meaning in Japanese.
    pub ja: String,
    /// Meaning in English.
    pub en: String,
}

/// Table 3 entry: the criteria of one score (0 stands for N/A).
#[derive(Debug, Clone, Deserialize)]
pub struct ScoreRow {
    /// 1–5, or 0 for N/A.
    pub score: u8,
    /// Criterion for an insourced service, Japanese.
    pub insource_ja: String,
    /// Criterion for an insourced service, English.
    pub insource_en: String,
    /// Criterion for an outsourced service, Japanese.
    pub outsource_ja: String,
    /// Criterion for an outsourced service, English.
    pub outsource_en: String,
}

/// Figure 5 entry: a sourcing quadrant.
#[derive(Debug, Clone, Deserialize)]
pub struct QuadrantRow {
    /// Name, Japanese.
    pub name_ja: String,
    /// Name, English.
    pub name_en: String,
    /// Explanation, Japanese.
    pub ja: String,
    /// Explanation, English.
    pub en: String,
}

/// The standard's tables, for the guide sheet of a template.
#[derive(Debug, Clone, Deserialize)]
pub struct Tables {
    /// Which edition the tool follows, Japanese.
    #[serde(default)]
    pub edition_note_ja: String,
    /// Which edition the tool follows, English.
    #[serde(default)]
    pub edition_note_en: String,
    /// Table 1: levels.
    #[serde(default)]
    pub table1: Vec<LevelRow>,
    /// Table 2: assignment types.
    #[serde(default)]
    pub table2: Vec<AssignmentRow>,
    /// Table 3: scoring criteria.
    #[serde(default)]
    pub table3: Vec<ScoreRow>,
    /// Figure 5: sourcing quadrants.
    #[serde(default)]
    pub figure5: Vec<QuadrantRow>,
}

/// The standard's tables embedded in the binary.
pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| toml::from_str(TABLES_TOML).expect("templates/tables.toml is valid"))
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Assignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One prerequisite of RULES.md → C005: the services that build on another.
#[derive(Debug, Clone, Deserialize)]
pub struct Prerequisite {
    /// The services that build on [`Prerequisite::prerequisite`].
    pub dependents: Vec<String>,
    /// The service they build on.
    pub prerequisite: String,
    /// The section of Annex A that says so (`A.1.1`).
    pub source: String,
}

/// The prerequisite pairs of C005 (`templates/prerequisites.toml`), embedded.
///
/// ```
/// let pairs = x1060::catalogue::prerequisites();
/// let of_g1 = pairs.iter().find(|p| p.dependents.iter().any(|d| d == "G-1")).unwrap();
/// assert_eq!(of_g1.prerequisite, "A-8");
/// ```
pub fn prerequisites() -> &'static [Prerequisite] {
    #[derive(Deserialize)]
    struct File {
        pair: Vec<Prerequisite>,
    }
    static PAIRS: OnceLock<Vec<Prerequisite>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        toml::from_str::<File>(include_str!("../templates/prerequisites.toml"))
            .expect("templates/prerequisites.toml is valid")
            .pair
    })
}
