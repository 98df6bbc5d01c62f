//! Comparing two review cycles of one organisation's portfolio (§11).
