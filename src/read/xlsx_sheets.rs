//! The worksheets of an `.xlsx` / `.xlsm`: each read by the fast path
//! ([`super::xlsx_fast`]) or, when it declines, by calamine's cell reader,
//! and placed into its [`Sheet`] within the limits either way.

use std::io::Cursor;

use calamine::Xlsx;

use super::*;

/// Every worksheet of the workbook, in workbook order, with the merged
/// areas of those that have any.
pub(super) fn read_xlsx_sheets(
    xlsx: &mut Xlsx<Cursor<Shared>>,
    opts: &ReadOptions,
    merges: MergeSheets,
    fast: Option<&xlsx_fast::Book>,
) -> Result<Workbook, ReadErrorKind> {
    let mut sheets = Vec::new();
    // Cells the dense grids hold in all: a sparse sheet (one cell far right on
    // every row) must not make a small file fill gigabytes.
    let mut built = 0u64;
    for (name, visible) in worksheet_names(xlsx) {
        let blank = || Sheet {
            name: name.clone(),
            visible,
            ..Sheet::default()
        };
        let mut sheet = blank();
        let fast_read = match fast.and_then(|book| book.sheet(&name).map(|xml| (book, xml))) {
            Some((book, xml)) => {
                let before = built;
                let read = read_cells_fast(book, xml, &name, opts, &mut built, &mut sheet)?;
                if read.is_err() {
                    built = before;
                    sheet = blank();
                }
                read.is_ok()
            }
            None => false,
        };
        if !fast_read {
            read_cells_with_calamine(xlsx, &name, opts, &mut built, &mut sheet)?;
        }
        if let MergeSheets::Named(found) = &merges {
            sheet.merges = found.get(&name).cloned().unwrap_or_default();
        } else {
            sheet.merges = xlsx
                .merge_cells_by_sheet_name(&name)
                .map(|m| m.iter().map(merge_of).collect())
                .unwrap_or_default();
        }
        sheet.grid.trim();
        sheets.push(sheet);
    }
    Ok(Workbook {
        format: Format::Xlsx,
        sheets,
        display: None,
        props: None,
    })
}

/// One worksheet's cells through the fast path ([`xlsx_fast`]); `Declined`
/// leaves a half-filled sheet for the caller to discard.
fn read_cells_fast(
    book: &xlsx_fast::Book,
    xml: &[u8],
    name: &str,
    opts: &ReadOptions,
    built: &mut u64,
    sheet: &mut Sheet,
) -> Result<Result<(), xlsx_fast::Declined>, ReadErrorKind> {
    let mut cells = match book.cells(xml) {
        Ok(c) => c,
        Err(d) => return Ok(Err(d)),
    };
    let mut placer = Placer::new(name, opts, built);
    placer.width = reserved_width(cells.last_col());
    loop {
        match cells.next_cell() {
            Ok(Some(c)) => {
                if !placer.place(sheet, c.pos, c.value, c.formula.then(String::new))? {
                    return Ok(Ok(()));
                }
            }
            Ok(None) => return Ok(Ok(())),
            Err(d) => return Ok(Err(d)),
        }
    }
}

thread_local! {
    static CALAMINE_SHEETS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many `.xlsx` worksheets this thread has read with calamine's cell
/// reader rather than the fast path (the tests assert that plain sheets
/// never are).
pub fn xlsx_sheets_read_by_calamine() -> usize {
    CALAMINE_SHEETS.with(std::cell::Cell::get)
}

/// One worksheet's cells through calamine's cell reader.
fn read_cells_with_calamine(
    xlsx: &mut Xlsx<Cursor<Shared>>,
    name: &str,
    opts: &ReadOptions,
    built: &mut u64,
    sheet: &mut Sheet,
) -> Result<(), ReadErrorKind> {
    CALAMINE_SHEETS.with(|n| n.set(n.get() + 1));
    let mut cells = xlsx
        .worksheet_cells_reader(name)
        .map_err(|e| calamine_error(&e.to_string()))?;
    let mut placer = Placer::new(name, opts, built);
    placer.width = reserved_width(cells.dimensions().end.1);
    loop {
        let (pos, value, formula) = if opts.formulas {
            match cells.next_cell_with_formula() {
                Ok(Some(c)) => (c.pos, value_of_ref(c.value), c.formula),
                Ok(None) => break,
                Err(e) => return Err(calamine_error(&e.to_string())),
            }
        } else {
            match cells.next_cell_with_formula_metadata() {
                Ok(Some(c)) => (
                    c.pos,
                    value_of_ref(c.value),
                    c.formula.map(|_| String::new()),
                ),
                Ok(None) => break,
                Err(e) => return Err(calamine_error(&e.to_string())),
            }
        };
        if !placer.place(sheet, pos, value, formula)? {
            break;
        }
    }
    Ok(())
}

/// Puts a worksheet's cells into its [`Sheet`] within the limits, whichever
/// reader read them.
struct Placer<'a> {
    name: &'a str,
    opts: &'a ReadOptions,
    /// Cells the workbook's grids hold so far.
    built: &'a mut u64,
    /// Cells a new grid row reserves.
    width: usize,
}

impl<'a> Placer<'a> {
    fn new(name: &'a str, opts: &'a ReadOptions, built: &'a mut u64) -> Placer<'a> {
        Placer {
            name,
            opts,
            built,
            width: 1,
        }
    }

    /// Places one cell; `false` once the rows past the limit begin (the
    /// rest of the sheet is left unread).
    fn place(
        &mut self,
        sheet: &mut Sheet,
        pos: (u32, u32),
        value: Value,
        formula: Option<String>,
    ) -> Result<bool, ReadErrorKind> {
        let limits = &self.opts.limits;
        let (row, col) = pos;
        if row >= limits.max_rows {
            sheet.truncated = true;
            return Ok(false);
        }
        if col >= limits.max_cols {
            sheet.truncated = true;
            return Ok(true);
        }
        if let Some(f) = formula {
            // `<v></v>` on a t="str" cell is a stored empty string, not a missing result.
            if value == Value::Empty {
                sheet.uncached.insert(pos);
            }
            if self.opts.formulas && !f.is_empty() {
                sheet.formulas.push((pos, f));
            }
        }
        if !value.is_empty() {
            let have = sheet.grid.row(row).len() as u64;
            if u64::from(col) >= have {
                *self.built += u64::from(col) + 1 - have;
                if *self.built > limits.max_cells {
                    return Err(ReadErrorKind::too_large(format!(
                        "sheet '{}' spreads its cells over more than {} cells",
                        self.name, limits.max_cells
                    )));
                }
            }
            sheet.grid.set(row, col, value, self.width);
        }
        Ok(true)
    }
}
