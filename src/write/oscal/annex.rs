//! JT-X1060 Annex A (付属資料A): the standard's description of each service,
//! in Japanese, with its section (`templates/annex_a.toml`, embedded).
//!
//! The seeds of the project hold no English Annex A text, so there is no
//! English description of the standard here; English outputs use x1060's
//! own short summary (`templates/catalogue.toml`) and say it is ours.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// Where the Annex A texts come from, in each language.
#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    /// The Japanese source (JT-X1060 付属資料A).
    pub ja: String,
    /// What JT-X1060 says of the annex's standing.
    pub ja_note: String,
    /// The seed the Japanese text was taken from.
    pub ja_seed: String,
    /// The English source: says there is none.
    pub en: String,
    /// What the English seed holds instead.
    pub en_seed: String,
}

/// The Annex A heading of a category (`A.1`, カテゴリーA).
#[derive(Debug, Clone, Deserialize)]
pub struct CategoryText {
    /// The category letter.
    pub id: String,
    /// The section (`A.1`).
    pub section: String,
    /// The heading as JT-X1060 writes it.
    pub heading_ja: String,
}

/// The Annex A text of one service.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceText {
    /// The service ID (`A-1`).
    pub id: String,
    /// The section (`A.1.1`).
    pub section: String,
    /// The heading as JT-X1060 writes it.
    pub heading_ja: String,
    /// The description, quoted from JT-X1060.
    pub ja: String,
    /// The citation (`JT-X1060 付属資料A A.1.1`).
    pub source: String,
}

/// Annex A, loaded once.
#[derive(Debug)]
pub struct AnnexA {
    /// Where the texts come from.
    pub source: Source,
    /// The nine category headings.
    pub categories: Vec<CategoryText>,
    /// The 64 service texts, in X.1060 order.
    pub services: Vec<ServiceText>,
    by_id: HashMap<String, usize>,
}

impl AnnexA {
    /// The text of a service.
    ///
    /// ```
    /// let a = x1060::write::oscal::annex::annex_a();
    /// let b3 = a.service("B-3").unwrap();
    /// assert_eq!(b3.section, "A.2.3");
    /// assert!(b3.ja.starts_with("「通知・警告」サービスは"));
    /// ```
    pub fn service(&self, id: &str) -> Option<&ServiceText> {
        self.by_id.get(id).map(|&i| &self.services[i])
    }

    /// The heading of a category.
    pub fn category(&self, letter: &str) -> Option<&CategoryText> {
        self.categories.iter().find(|c| c.id == letter)
    }
}

/// The Annex A texts embedded in the binary.
pub fn annex_a() -> &'static AnnexA {
    #[derive(Deserialize)]
    struct File {
        source: Source,
        category: Vec<CategoryText>,
        service: Vec<ServiceText>,
    }
    static ANNEX: OnceLock<AnnexA> = OnceLock::new();
    ANNEX.get_or_init(|| {
        let f: File = toml::from_str(include_str!("../../../templates/annex_a.toml"))
            .expect("templates/annex_a.toml is valid");
        let by_id = f
            .service
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        AnnexA {
            source: f.source,
            categories: f.category,
            services: f.service,
            by_id,
        }
    })
}
