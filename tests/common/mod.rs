//! Shared by tests/report.rs and tests/diff.rs: a test portfolio written with
//! rust_xlsxwriter, and running the x1060 binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use rust_xlsxwriter::Workbook;

pub const BIN: &str = env!("CARGO_BIN_EXE_x1060");

/// A score or text cell of a test portfolio.
#[derive(Clone, Debug)]
pub enum Cell {
    Num(f64),
    Text(String),
    Blank,
}

/// One service row of a test portfolio.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub level: Cell,
    pub assign: Cell,
    pub as_is: Cell,
    pub to_be: Cell,
}

/// The 64 services with varied, valid values (`seed` shifts the scores).
pub fn rows(seed: usize) -> Vec<Row> {
    let levels = ["ベーシック", "スタンダード", "アドバンスド", "オプション"];
    x1060::catalogue::catalogue()
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let as_is = 1 + (i * 7 + seed) % 4;
            let to_be = (as_is + (i + seed) % 3).min(5);
            Row {
                id: s.id.clone(),
                name: s.name_ja.clone(),
                level: Cell::Text(if s.id.starts_with(['A', 'B', 'D']) && i % 3 == 0 {
                    "ベーシック".into()
                } else {
                    levels[(i + seed) % 4].into()
                }),
                assign: Cell::Text("インソース(SOC部)".into()),
                as_is: Cell::Num(as_is as f64),
                to_be: Cell::Num(to_be as f64),
            }
        })
        .collect()
}

/// Writes a portfolio: a title row naming the organisation, the header
/// ID / サービス名 / 推奨レベル / サービス割り当て / 現状 / あるべき姿, the rows.
pub fn write_portfolio(path: &Path, org: &str, rows: &[Row]) {
    write_portfolios(path, &[("ポートフォリオ", org, rows)]);
}

/// Writes one portfolio sheet per `(sheet, organisation, rows)`, each laid
/// out as [`write_portfolio`] lays out its one sheet.
pub fn write_portfolios(path: &Path, sheets: &[(&str, &str, &[Row])]) {
    let mut wb = Workbook::new();
    for (name, org, rows) in sheets {
        add_portfolio_sheet(&mut wb, name, org, rows);
    }
    wb.save(path).unwrap();
}

fn add_portfolio_sheet(wb: &mut Workbook, name: &str, org: &str, rows: &[Row]) {
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    ws.write_string(0, 0, format!("組織名: {org}")).unwrap();
    for (c, h) in [
        "ID",
        "サービス名",
        "推奨レベル",
        "サービス割り当て",
        "現状",
        "あるべき姿",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        ws.write_string(r, 0, &row.id).unwrap();
        ws.write_string(r, 1, &row.name).unwrap();
        for (c, cell) in [&row.level, &row.assign, &row.as_is, &row.to_be]
            .into_iter()
            .enumerate()
        {
            let c = c as u16 + 2;
            match cell {
                Cell::Num(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                Cell::Text(t) => {
                    ws.write_string(r, c, t).unwrap();
                }
                Cell::Blank => {}
            }
        }
    }
}

pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run x1060")
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}
