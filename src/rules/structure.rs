//! Structure rules (X): is this a usable portfolio table at all?
//!
//! X001 (no portfolio) is raised by the reader's caller, see [`super::no_portfolio`].

use std::sync::OnceLock;

use super::{Ctx, Rule, Severity, Violation, shown_text};
use crate::catalogue::{Lang, ServiceDef, catalogue};
use crate::model::{Field, NearMiss, Service};
use crate::read::NoPortfolio;
use crate::text::FxMap;

/// X001: no sheet holds a portfolio; the reader says what it looked for.
pub struct NoPortfolioFound<'a>(pub &'a NoPortfolio);

impl Violation for NoPortfolioFound<'_> {
    const RULE: Rule = Rule {
        id: "X001",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.1, Fig. 4",
        source_ja: "9.1節、図4",
        title_en: "No portfolio found",
        title_ja: "ポートフォリオが見つからない",
        what_en: "Fires when no sheet of the workbook holds a portfolio, that is a column with at least three X.1060 service IDs or service names; a sheet is a portfolio when it has such a column and at least two of the level, assignment, As-Is and To-Be columns, so a list of services alone gets X001, which says that a list was found but no portfolio columns; the finding says what was looked for. A file that cannot be opened at all (not a spreadsheet, truncated, encrypted, over the size limits) is not X001: `check` exits with 2 for it instead.",
        what_ja: "ブックのどのシートにもポートフォリオ、つまり X.1060 のサービス ID かサービス名を 3 つ以上含む列と、推奨レベル・割り当て・現状・あるべき姿のうち 2 つ以上の列を持つシートがないときに出る（何を探したかを示す）。サービスの一覧だけのシートも X001 になり、一覧は見つかったがポートフォリオの列がないことを示す。そもそも開けないファイル（スプレッドシートでない、壊れている、暗号化されている、サイズ上限を超える）は X001 ではなく、`check` が終了コード 2 を返す。",
        why_en: "§9.1 builds the CDC service portfolio from the service list, and Figure 4 shows it as a matrix with one row per service. Without a column saying which service each row is, no other check or figure can be made.",
        why_ja: "9.1節ではサービスリストから CDC サービスポートフォリオを作り、図4はそれを 1 サービス 1 行のマトリクスとして示している。各行がどのサービスかを示す列がなければ、ほかのチェックも集計もできない。",
        fix_en: "List the services in one column, one per row, by X.1060 ID (A-1 … I-7) or name, or start from a blank workbook made by `x1060 template`; also check that this is the right file.",
        fix_ja: "サービスを 1 行に 1 つずつ、X.1060 の ID（A-1〜I-7）か名前で 1 つの列に並べるか、`x1060 template` で作った空のブックから始める。対象のファイルが正しいかも確認する。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(&self.0.ja, &self.0.en).to_string()
    }
}

/// X002: the portfolio lacks a needed column.
pub struct MissingColumn(pub Field);

impl Violation for MissingColumn {
    const RULE: Rule = Rule {
        id: "X002",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Fig. 4",
        source_ja: "図4",
        title_en: "Portfolio column missing",
        title_ja: "ポートフォリオに必要な列がない",
        what_en: "Fires when the portfolio has no column for the recommendation level, the assignment, the As-Is score or the To-Be score, one finding per missing column. The rules that read a missing column stay silent for every row.",
        what_ja: "ポートフォリオに推奨レベル、サービス割り当て、現状スコア、あるべき姿スコアのいずれかの列がないときに、欠けている列ごとに 1 件出る。欠けている列を読むルールは、どの行についても出ない。",
        why_en: "The service matrix of Figure 4 is filled in through the three phases of §9.1: the level in phase 1, the assignment in phase 2 and the As-Is and To-Be scores in phase 3. A portfolio without one of these columns is incomplete and cannot be evaluated.",
        why_ja: "図4のサービスマトリクスは 9.1節の 3 つのフェーズで埋められる。フェーズ1で推奨レベル、フェーズ2でサービス割り当て、フェーズ3で現状とあるべき姿のスコアである。どれかの列を欠くポートフォリオは未完成で、評価できない。",
        fix_en: "Add the missing column with a recognisable header, such as 推奨レベル / Recommendation level, サービス割り当て / Assignment, 現状 / As-Is or あるべき姿 / To-Be, and fill it in for every service.",
        fix_ja: "「推奨レベル」「サービス割り当て」「現状」「あるべき姿」のように分かる見出し（英語の見出しも可）で欠けている列を追加し、各サービスについて記入する。",
    };

    fn message(&self, lang: Lang) -> String {
        let label = self.0.label(lang);
        match lang {
            Lang::En => format!("no {label} column: add a column headed \"{label}\""),
            Lang::Ja => format!("{label}の列がありません: 見出し「{label}」の列を追加してください"),
        }
    }
}

/// X003: a service ID on a second row.
pub struct DuplicateService {
    /// The service ID.
    pub id: String,
    /// The 1-based sheet row of its first row.
    pub first_row: u32,
}

impl Violation for DuplicateService {
    const RULE: Rule = Rule {
        id: "X003",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§12",
        source_ja: "12節",
        title_en: "Service listed twice",
        title_ja: "サービスが重複している",
        what_en: "Fires when two rows carry the same service ID once IDs are normalised (`A-1`, `A1`, `A－1` and `a-01` are one ID); the finding is on the second row and names the first.",
        what_ja: "ID を正規化したうえで（`A-1`、`A1`、`A－1`、`a-01` は同じ ID）、2 つの行が同じサービス ID を持つときに出る。指摘は 2 つ目の行に付き、最初の行を示す。",
        why_en: "§12 (Table 4) gives every service one ID, and the portfolio holds one level, one assignment and one pair of scores per service. A second row makes the service's values ambiguous and counts it twice in the figures.",
        why_ja: "12節（表4）では各サービスに ID が 1 つ割り振られ、ポートフォリオはサービスごとに推奨レベル、割り当て、スコアの組を 1 つずつ持つ。行が 2 つあるとどちらの値が正しいか分からず、集計でも二重に数えてしまう。",
        fix_en: "Keep one row per service: merge the two rows, or correct the mistyped ID (an own service gets an ID of its own).",
        fix_ja: "1 サービス 1 行にする。2 つの行をまとめるか、打ち間違えた ID を直す（独自サービスには独自の ID を付ける）。",
    };

    fn message(&self, lang: Lang) -> String {
        let (id, first) = (&self.id, self.first_row);
        match lang {
            Lang::En => {
                format!("{id} is listed twice (first on row {first}): keep one row per service")
            }
            Lang::Ja => format!(
                "{id} が重複しています（最初は {first} 行目）: 1 サービス 1 行にしてください"
            ),
        }
    }
}

/// X004: a service of the X.1060 list has no row.
pub struct MissingService<'a>(pub &'a ServiceDef);

impl Violation for MissingService<'_> {
    const RULE: Rule = Rule {
        id: "X004",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.1 phase 1, §11.2",
        source_ja: "9.1節 フェーズ1、11.2節",
        title_en: "X.1060 service has no row",
        title_ja: "X.1060 のサービスの行がない",
        what_en: "Fires once for each service of the X.1060 list (Table 4) that has no row in the portfolio, so the catalogue decision for it is not recorded. A service that is listed at Unnecessary has a row and does not fire.",
        what_ja: "X.1060 のサービスリスト（表4）のサービスのうち、ポートフォリオに行がなく、カタログでの判断が記録されていないものごとに 1 件出る。「不要」として載っているサービスは行があるので出ない。",
        why_en: "Phase 1 of §9.1 draws the catalogue from the whole service list, and §11.2 re-examines the services judged Unnecessary as the environment and threats change. A service left out instead of being recorded as Unnecessary drops out of that review.",
        why_ja: "9.1節のフェーズ1ではサービスリスト全体からカタログを作り、11.2節では環境や脅威の変化に応じて「不要」としたサービスを再検討する。「不要」と記録せずに省いたサービスは、この見直しから抜け落ちてしまう。",
        fix_en: "Add a row for the service; if the organisation does not need it, record it with the level Unnecessary (不要) rather than leaving it out.",
        fix_ja: "そのサービスの行を追加する。組織に必要がなければ、行を省かずに推奨レベルを「不要」として記録する。",
    };

    fn message(&self, lang: Lang) -> String {
        let d = self.0;
        match lang {
            Lang::En => format!(
                "{} {} has no row, so the catalogue decision for it is not recorded: list it, as Unnecessary if it is not needed (Unnecessary services are re-examined too)",
                d.id, d.name_en
            ),
            Lang::Ja => format!(
                "{} {} の行がないため、カタログでの判断が記録されていません: 不要な場合も推奨レベルを「不要」として行を残してください（不要としたサービスも見直しの対象です）",
                d.id, d.name_ja
            ),
        }
    }
}

/// X005: a row's name is not the X.1060 name of its ID.
pub struct NameMismatch<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The service its ID names.
    pub def: &'a ServiceDef,
}

impl Violation for NameMismatch<'_> {
    const RULE: Rule = Rule {
        id: "X005",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Table 4",
        source_ja: "表4",
        title_en: "Name does not match the ID",
        title_ja: "名前が ID と一致しない",
        what_en: "Fires when a row's ID is in the X.1060 list but its name is none of the accepted names of that ID (Japanese, ISOG-J short name, English or an English variant), compared with white space and `・` removed, `&` read as `and` and case ignored.",
        what_ja: "行の ID が X.1060 のリストにあるのに、名前がその ID の名前（日本語、ISOG-J の略称、英語とその表記揺れ）のどれとも一致しないときに出る。比較では空白と「・」を除き、`&` を `and` と読み、大文字と小文字を区別しない。",
        why_en: "Table 4 fixes the ID and the name of every service. A name that belongs to another service usually means that rows or cells shifted while the sheet was edited, so the level, assignment and scores may sit against the wrong service.",
        why_ja: "表4は各サービスの ID と名前を定めている。別のサービスの名前が書かれているのは、編集中に行やセルがずれたためであることが多く、推奨レベルや割り当て、スコアが別のサービスのものになっているおそれがある。",
        fix_en: "Check the row and correct the ID or the name so that they agree with Table 4; if the row is really an own service, give it an ID outside the X.1060 list.",
        fix_ja: "行を確認し、表4と合うように ID か名前を直す。本当に組織独自のサービスなら、X.1060 のリストにない ID を付ける。",
    };

    fn message(&self, lang: Lang) -> String {
        let (n, d) = (shown_text(self.name), self.def);
        match lang {
            Lang::En => format!(
                "name \"{n}\" is not the X.1060 name of {} ({}): is the row shifted?",
                d.id, d.name_en
            ),
            Lang::Ja => format!(
                "名前「{n}」は {} の X.1060 の名前（{}）と違います: 行がずれていませんか",
                d.id, d.name_ja
            ),
        }
    }
}

/// X006: a row's ID is not in the X.1060 list (an error when the row has no name).
pub struct OwnService {
    /// The ID.
    pub id: String,
    /// True when the row has a name.
    pub named: bool,
}

impl Violation for OwnService {
    const RULE: Rule = Rule {
        id: "X006",
        severity: Severity::Info,
        severity_note_en: Some(
            "It is an error instead when the row with the unknown ID has no name, because such a row cannot be identified.",
        ),
        severity_note_ja: Some(
            "名前のない行に未知の ID があるときは、その行を特定できないので、代わりにエラーになる。",
        ),
        source: "§9.1 phase 1",
        source_ja: "9.1節 フェーズ1",
        title_en: "Own service (ID not in X.1060)",
        title_ja: "独自サービス（X.1060 にない ID）",
        what_en: "Fires when a row's ID is not in the X.1060 list: the row is counted as the organisation's own service, in its category when the letter is A–I, otherwise in an own-services group counted only in the overall figures. It is an error when that row has no name.",
        what_ja: "行の ID が X.1060 のリストにないときに出る。その行は組織独自のサービスとして、文字が A〜I ならそのカテゴリーに、それ以外なら全体の集計にだけ数える独自サービスのグループに数える。その行に名前がなければエラーになる。",
        why_en: "Phase 1 of §9.1 lets an organisation define services missing from the list and add them to its catalogue, so an unknown ID is normally fine and the finding only says how it was counted. An unknown ID with no name, however, tells nobody what the service is.",
        why_ja: "9.1節のフェーズ1では、リストにないサービスを組織が新たに定義してカタログに追加できる。したがって未知の ID は通常問題なく、この指摘はどう数えたかを知らせるだけである。ただし名前のない未知の ID は、何のサービスか誰にも分からない。",
        fix_en: "Nothing to do for an intended own service; otherwise correct the mistyped ID. When it is an error, write the service's name in the row.",
        fix_ja: "意図した独自サービスなら対応は不要。そうでなければ打ち間違えた ID を直す。エラーのときは、その行にサービス名を書く。",
    };

    fn message(&self, lang: Lang) -> String {
        let id = &self.id;
        match (lang, self.named) {
            (Lang::En, true) => {
                format!("{id} is not an X.1060 service: counted as the organisation's own")
            }
            (Lang::Ja, true) => {
                format!("{id} は X.1060 のサービスではありません: 組織独自のサービスとして数えます")
            }
            (Lang::En, false) => {
                format!("{id} is not an X.1060 service and the row has no name: name the service")
            }
            (Lang::Ja, false) => format!(
                "{id} は X.1060 のサービスではなく、名前もありません: サービス名を記入してください"
            ),
        }
    }

    fn severity(&self) -> Severity {
        if self.named {
            Severity::Info
        } else {
            Severity::Error
        }
    }
}

/// X007: a row with no ID.
pub enum NoId<'a> {
    /// Its name is an X.1060 name: the ID is taken from it (info).
    TakenFromName(&'a str),
    /// Its name matches no service (error).
    UnknownName(&'a str),
    /// Its name is near this service, which another row holds (error).
    NearHeld {
        /// The name as written.
        name: &'a str,
        /// The nearest service.
        near: &'a ServiceDef,
    },
    /// Values but neither an ID nor a name (error).
    Nothing,
}

impl Violation for NoId<'_> {
    const RULE: Rule = Rule {
        id: "X007",
        severity: Severity::Info,
        severity_note_en: Some(
            "It is an error instead when the row has no ID and its name matches no X.1060 service (or is near a service another row already holds), so the row cannot be identified.",
        ),
        severity_note_ja: Some(
            "ID がなく、名前がどの X.1060 サービスとも一致しない行（すでに別の行にあるサービスに近い名前の行を含む）は特定できないので、代わりにエラーになる。",
        ),
        source: "Table 4",
        source_ja: "表4",
        title_en: "ID taken from the service name",
        title_ja: "サービス名から ID を補った",
        what_en: "Fires when a row has no ID but its name is an X.1060 service name, so the ID is taken from the name (an ID in the same cell as the name, as in `A-1 リスクマネジメント`, counts as an ID). It is an error when the name matches no X.1060 service, or when it is only near the name of a service that another row already holds (see X010).",
        what_ja: "行に ID がないが名前が X.1060 のサービス名であり、名前から ID を補ったときに出る（`A-1 リスクマネジメント` のように名前と同じセルにある ID は ID として扱う）。名前がどの X.1060 サービスとも一致しない場合や、すでに別の行にあるサービスの名前に近いだけの場合（X010 を参照）はエラーになる。",
        why_en: "Table 4 pairs every service name with one ID, so a known name identifies its service. An unknown name without an ID cannot be placed in a category, counted, or followed from one review cycle to the next.",
        why_ja: "表4では各サービス名に ID が 1 つ対応するので、既知の名前からサービスが分かる。ID のない未知の名前は、カテゴリーに振り分けることも、集計することも、見直しの回をまたいで追うこともできない。",
        fix_en: "Write the ID in the ID column. For an own service, give it an ID of your own: a letter A–I with a number not in the list (such as A-14) counts it in that category, another letter (such as J-1) in a separate own-services group.",
        fix_ja: "ID の列に ID を書く。独自サービスには独自の ID を付ける。A〜I の文字とリストにない番号（A-14 など）ならそのカテゴリーに、ほかの文字（J-1 など）なら独自サービスのグループに数える。",
    };

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NoId::TakenFromName(id), Lang::En) => format!("no ID; taken from the name as {id}"),
            (NoId::TakenFromName(id), Lang::Ja) => {
                format!("ID がありません。名前から {id} とみなしました")
            }
            (NoId::UnknownName(n), Lang::En) => format!(
                "no ID and the name \"{}\" is not an X.1060 service: give the row an ID of your own (e.g. J-1)",
                shown_text(n)
            ),
            (NoId::UnknownName(n), Lang::Ja) => format!(
                "ID がなく、名前「{}」は X.1060 のサービスではありません: 独自の ID（例: J-1）を付けてください",
                shown_text(n)
            ),
            (NoId::NearHeld { name, near }, Lang::En) => format!(
                "no ID and the name \"{}\" is no X.1060 name; it is near {} {}, which another row already holds: give the row its ID",
                shown_text(name),
                near.id,
                near.name_en
            ),
            (NoId::NearHeld { name, near }, Lang::Ja) => format!(
                "ID がなく、名前「{}」は X.1060 の名前ではありません。{} {} に近いものの、そのサービスの行はほかにあります: この行に ID を付けてください",
                shown_text(name),
                near.id,
                near.name_ja
            ),
            (NoId::Nothing, Lang::En) => {
                "a row with values but neither a service ID nor a name: add both, or clear the row"
                    .into()
            }
            (NoId::Nothing, Lang::Ja) => {
                "値はあるのにサービス ID も名前もない行です: 両方を記入するか、行を消してください"
                    .into()
            }
        }
    }

    fn severity(&self) -> Severity {
        match self {
            NoId::TakenFromName(_) => Severity::Info,
            _ => Severity::Error,
        }
    }
}

/// X008: a level, assignment or score cell holds a formula with no stored result.
pub struct UncachedFormula(pub Field);

impl Violation for UncachedFormula {
    const RULE: Rule = Rule {
        id: "X008",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "—",
        source_ja: "—",
        title_en: "Formula without a stored result",
        title_ja: "計算結果が保存されていない数式",
        what_en: "Fires once for each level, assignment or score cell holding a formula with no stored result: its value is unknown and the cell counts as blank (so C001, P001, S003 or S004 may fire as well). A formula with a stored result is read by that value and does not fire.",
        what_ja: "推奨レベル、割り当て、スコアのセルが計算結果の保存されていない数式を持つときに、そのセルごとに 1 件出る。値が分からないのでセルは空欄とみなす（そのため C001、P001、S003、S004 も出ることがある）。計算結果が保存された数式はその値で読むので出ない。",
        why_en: "This is not a rule of the standard but of reading the file: the tool uses the value a spreadsheet program last calculated and saved, and files written by some tools or scripts hold only the formula, so the value a person would see is unknown.",
        why_ja: "これは標準ではなくファイルの読み取りに関するルールである。このツールは表計算ソフトが最後に計算して保存した値を使うが、一部のツールやスクリプトが書いたファイルは数式しか持たないため、人が見るはずの値が分からない。",
        fix_en: "Open the file in a spreadsheet program and save it so the results are stored, or type the values instead of formulas.",
        fix_ja: "表計算ソフトでファイルを開いて保存し、計算結果を保存させる。または数式の代わりに値を直接入力する。",
    };

    fn message(&self, lang: Lang) -> String {
        let label = self.0.label(lang);
        match lang {
            Lang::En => format!(
                "the {label} cell holds a formula with no stored result, so its value is unknown: open and save the file in a spreadsheet program, or type the value"
            ),
            Lang::Ja => format!(
                "{label}のセルは計算結果が保存されていない数式で、値が分かりません: 表計算ソフトで開いて保存するか、値を入力してください"
            ),
        }
    }
}

/// X009: several As-Is / To-Be pairs side by side.
pub struct SeveralScorePairs<'a> {
    /// The headers of the pair read.
    pub read: &'a str,
    /// The headers of the pairs kept as extra columns.
    pub kept: &'a [String],
}

impl Violation for SeveralScorePairs<'_> {
    const RULE: Rule = Rule {
        id: "X009",
        severity: Severity::Info,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§11",
        source_ja: "11節",
        title_en: "Several As-Is / To-Be pairs",
        title_ja: "現状とあるべき姿の組が複数ある",
        what_en: "Fires once per sheet that holds several As-Is / To-Be pairs side by side, one per review cycle: the pair whose headers carry the latest year or date is read (else the rightmost), the others stay extra columns; the finding names the pair read and those kept.",
        what_ja: "1 つのシートに現状とあるべき姿の組が見直しの回ごとに複数並んでいるとき、シートごとに 1 件出る。見出しの年または日付が最も新しい組（なければ最も右の組）を読み、ほかの組は追加の列として残す。指摘は読んだ組と残した組を示す。",
        why_en: "§11 evaluates the portfolio again at every review cycle, and many organisations keep the earlier cycles' scores beside the new ones. Only one pair can be checked and counted, so the tool says which one it read.",
        why_ja: "11節では見直しのたびにポートフォリオを評価し直し、多くの組織は前回までのスコアを新しいスコアの横に残している。チェックと集計に使えるのは 1 組だけなので、どの組を読んだかを示す。",
        fix_en: "Nothing to do if the pair read is the current one; otherwise put the year or date of each cycle in its headers, or move the earlier cycles to a sheet of their own.",
        fix_ja: "読んだ組が今回のものであれば対応は不要。そうでなければ各回の見出しに年か日付を入れるか、前回までの組を別のシートに移す。",
    };

    fn message(&self, lang: Lang) -> String {
        let n = self.kept.len() + 1;
        match lang {
            Lang::En => format!(
                "{n} As-Is/To-Be pairs: read \"{}\"; kept as extra columns: {}",
                shown_text(self.read),
                self.kept
                    .iter()
                    .map(|k| format!("\"{}\"", shown_text(k)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Lang::Ja => format!(
                "現状とあるべき姿の組が {n} 組あります: 「{}」を読み、ほかは追加の列として残しました: {}",
                shown_text(self.read),
                self.kept
                    .iter()
                    .map(|k| format!("「{}」", shown_text(k)))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }
    }
}

/// X010: a name with no ID read as the nearest X.1060 name.
pub struct NearMissName<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The service it was read as.
    pub def: &'a ServiceDef,
}

impl Violation for NearMissName<'_> {
    const RULE: Rule = Rule {
        id: "X010",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Table 4",
        source_ja: "表4",
        title_en: "Name read as the nearest X.1060 name",
        title_ja: "名前を最も近い X.1060 の名前とみなした",
        what_en: "Fires when a row has no ID and its name is none of the accepted spellings but lies within a small edit distance (at most 2 edits and at most a fifth of the X.1060 name's length) of exactly one service's name, and no other row holds that service: the row is read as that service, and the finding says which.",
        what_ja: "行に ID がなく、名前がどの表記とも一致しないが、ちょうど 1 つのサービスの名前と僅かな違い（2 文字以内かつ X.1060 の名前の長さの 5 分の 1 以内の編集）しかなく、そのサービスの行がほかにないときに出る。その行はそのサービスとして読み、指摘はどのサービスとみなしたかを示す。",
        why_en: "Table 4 fixes the name of every service. A name one or two letters off is most likely a typo, and reading it as that service keeps its values in the figures; but it is a guess, so a person should confirm it.",
        why_ja: "表4は各サービスの名前を定めている。1〜2 文字違うだけの名前は打ち間違いである可能性が高く、そのサービスとして読めば値を集計に含められる。ただし推測なので、人が確かめる必要がある。",
        fix_en: "Correct the spelling of the name, or write the service's ID in the ID column.",
        fix_ja: "名前の綴りを直すか、ID の列にサービスの ID を記入する。",
    };

    fn message(&self, lang: Lang) -> String {
        let (n, d) = (shown_text(self.name), self.def);
        match lang {
            Lang::En => format!(
                "no ID and the name \"{n}\" is no X.1060 name: read as the nearest, {} {}; correct the spelling or add the ID",
                d.id, d.name_en
            ),
            Lang::Ja => format!(
                "ID がなく、名前「{n}」は X.1060 の名前ではありません。最も近い {} {} とみなしました: 名前を直すか ID を記入してください",
                d.id, d.name_ja
            ),
        }
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    for field in [Field::Level, Field::Assignment, Field::AsIs, Field::ToBe] {
        if !ctx.portfolio.has(field) {
            ctx.on_header(MissingColumn(field));
        }
    }
    if let Some(pairs) = &ctx.portfolio.score_pairs {
        let v = SeveralScorePairs {
            read: &pairs.read,
            kept: &pairs.kept,
        };
        ctx.on_sheet(v, &pairs.sheet, pairs.at);
    }
    rows(ctx);
    missing_services(ctx);
}

/// X003, X005, X006, X007, X008, X010: per row.
fn rows(ctx: &mut Ctx) {
    let cat = catalogue();
    let mut seen = FirstRows::new(ctx.parsed.len());
    let portfolio = ctx.portfolio;
    for (i, (s, p)) in portfolio.services.iter().zip(ctx.parsed).enumerate() {
        let name = s.name.as_deref();
        // The row's own ID, when written, is its parsed ID too (Parsed::of).
        let def = ctx.def(i);
        match (&s.id, &p.id) {
            (None, None) => {
                let v = match (&p.near_miss, name) {
                    (Some(NearMiss::Taken(near) | NearMiss::ReadAs(near)), Some(name)) => {
                        // The peer names the near service on X008 (RULES.md → X010).
                        uncached(ctx, s, Some(near));
                        match cat.service(near) {
                            Some(near) => NoId::NearHeld { name, near },
                            None => NoId::UnknownName(name),
                        }
                    }
                    (_, Some(name)) => NoId::UnknownName(name),
                    (_, None) => NoId::Nothing,
                };
                ctx.on_cell(v, s, Field::Id, None);
                continue;
            }
            (None, Some(id)) => match (&p.near_miss, def) {
                (Some(NearMiss::ReadAs(_)), Some(def)) => {
                    let name = name.unwrap_or_default();
                    ctx.on_cell(NearMissName { name, def }, s, Field::Id, Some(id));
                }
                _ => ctx.on_cell(NoId::TakenFromName(id), s, Field::Id, Some(id)),
            },
            (Some(id), _) => match (def, ctx.position(i)) {
                (Some(def), Some(at)) => {
                    if let Some(name) = name.filter(|n| !name_matches(at, n)) {
                        ctx.on_cell(NameMismatch { name, def }, s, Field::Name, Some(id));
                    }
                }
                _ => {
                    let v = OwnService {
                        id: id.clone(),
                        named: name.is_some(),
                    };
                    ctx.on_cell(v, s, Field::Id, Some(id));
                }
            },
        }
        let Some(id) = p.id.as_deref() else {
            continue;
        };
        let row = s.origin.as_ref().map_or(0, |o| o.row + 1);
        if let Some(first_row) = seen.first_or_insert(ctx.position(i), id, row) {
            let v = DuplicateService {
                id: id.to_string(),
                first_row,
            };
            ctx.on_cell(v, s, Field::Id, Some(id));
        }
        uncached(ctx, s, Some(id));
    }
}

/// The 1-based row on which each service ID was first seen (X003): by
/// position for the X.1060 services, by ID for the own ones.
struct FirstRows<'a> {
    listed: Vec<Option<u32>>,
    own: FxMap<&'a str, u32>,
}

impl<'a> FirstRows<'a> {
    fn new(rows: usize) -> Self {
        let listed = vec![None; catalogue().services.len()];
        let own = FxMap::with_capacity_and_hasher(rows.min(16), Default::default());
        FirstRows { listed, own }
    }

    /// The first row of `id` when it was seen before; else records `row` as it.
    fn first_or_insert(&mut self, position: Option<usize>, id: &'a str, row: u32) -> Option<u32> {
        let first = match position {
            Some(i) => &mut self.listed[i],
            None => match self.own.get(id) {
                Some(&first) => return Some(first),
                None => {
                    self.own.insert(id, row);
                    return None;
                }
            },
        };
        match *first {
            Some(first) => Some(first),
            None => {
                *first = Some(row);
                None
            }
        }
    }
}

/// [`crate::catalogue::Catalogue::name_matches`] for the service at
/// `position`: the service's own spellings, as written in the catalogue,
/// are answered without folding or hashing the name.
fn name_matches(position: usize, name: &str) -> bool {
    static OWN_SPELLINGS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let cat = catalogue();
    let spellings = OWN_SPELLINGS.get_or_init(|| {
        cat.services
            .iter()
            .map(|d| d.names().filter(|n| cat.name_matches(&d.id, n)).collect())
            .collect()
    });
    spellings[position].contains(&name) || cat.name_matches(&cat.services[position].id, name)
}

/// X008: one finding per cell holding a formula with no stored result.
fn uncached(ctx: &mut Ctx, s: &Service, id: Option<&str>) {
    for &field in s.origin.iter().flat_map(|o| &o.uncached) {
        ctx.on_cell(UncachedFormula(field), s, field, id);
    }
}

/// X004: one finding per service of the X.1060 list with no row.
fn missing_services(ctx: &mut Ctx) {
    let services = &catalogue().services;
    let mut present = vec![false; services.len()];
    for row in 0..ctx.parsed.len() {
        if let Some(i) = ctx.position(row) {
            present[i] = true;
        }
    }
    for (d, _) in services.iter().zip(present).filter(|(_, present)| !present) {
        ctx.on_file(MissingService(d), Some(&d.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_matches_agrees_with_the_catalogue() {
        let cat = catalogue();
        let other = |n: &str| {
            [
                n.to_uppercase(),
                format!(" {n} "),
                format!("{n}x"),
                n.replace(' ', ""),
            ]
        };
        for (i, d) in cat.services.iter().enumerate() {
            for spelling in d.names() {
                for name in std::iter::once(spelling.to_string()).chain(other(spelling)) {
                    for (j, e) in cat
                        .services
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| j % 7 == i % 7)
                    {
                        assert_eq!(
                            name_matches(j, &name),
                            cat.name_matches(&e.id, &name),
                            "{name} / {}",
                            e.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn first_rows_by_position_and_by_own_id() {
        let mut seen = FirstRows::new(4);
        assert_eq!(seen.first_or_insert(Some(0), "A-1", 3), None);
        assert_eq!(seen.first_or_insert(None, "J-1", 4), None);
        assert_eq!(seen.first_or_insert(Some(0), "A-1", 5), Some(3));
        assert_eq!(seen.first_or_insert(None, "J-1", 6), Some(4));
        assert_eq!(seen.first_or_insert(None, "J-2", 7), None);
    }
}
