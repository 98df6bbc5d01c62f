//! The portfolios of a workbook ([`locate::find_portfolios`]) finished with
//! what only the package tells: the assessment date from the document
//! properties ([`props`]) and the displayed text of the cells a finding
//! quotes ([`display`]).

use super::{NoPortfolio, Workbook, display, locate, props};
use crate::model::Portfolio;

/// Finds the portfolio in a workbook: the first of [`find_portfolios`].
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolio};
/// let wb = read_workbook("portfolio.xlsx".as_ref(), &Default::default())?;
/// match find_portfolio(&wb, None) {
///     Ok(p) => println!("{} services on {}", p.services.len(), p.sheet),
///     Err(none) => println!("X001: {}", none.en),
/// }
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn find_portfolio(wb: &Workbook, sheet: Option<&str>) -> Result<Portfolio, NoPortfolio> {
    find_portfolios(wb, sheet).map(|mut all| all.swap_remove(0))
}

/// Finds every portfolio in a workbook ([`locate::find_portfolios`]), with
/// what only the package tells: the assessment date from the document
/// properties when no cell states one ([`props`]), and the displayed text
/// of the cells a finding will quote ([`display`]).
///
/// ```no_run
/// use x1060::read::{read_workbook, find_portfolios};
/// let wb = read_workbook("group.xlsx".as_ref(), &Default::default())?;
/// for p in find_portfolios(&wb, None).unwrap_or_default() {
///     println!("{}: {} services", p.sheet, p.services.len());
/// }
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn find_portfolios(wb: &Workbook, sheet: Option<&str>) -> Result<Vec<Portfolio>, NoPortfolio> {
    let mut all = locate::find_portfolios(wb, sheet)?;
    for p in &mut all {
        if p.assessment_date.is_none() {
            p.assessment_date = wb.props.as_ref().and_then(props::Source::assessment_date);
        }
        display::quote_as_displayed(wb, p);
    }
    Ok(all)
}
