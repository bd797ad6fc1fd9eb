//! Every string the page shows, in English and Korean: one catalog (issue 5).
//!
//! Look strings up with [`t`]: `t(lang, "play")`. Keys are plain ASCII ids. Add new strings to
//! the section of the feature they belong to; a test checks keys are unique and non-empty.

/// The page's languages. `?lang=ko` or the `lang-select` control picks one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// (key, English, Korean).
const CATALOG: &[(&str, &str, &str)] = &[
    // --- page and controls (issue 5) ---------------------------------------------------------
    ("app_title", "Scaleout", "Scaleout"),
    ("play", "Play", "재생"),
    ("pause", "Pause", "일시정지"),
    ("step", "Step 1 min", "1분 진행"),
    ("speed", "Speed", "속도"),
    ("load", "Load", "부하"),
    ("requests_per_s", "requests/s", "요청/초"),
    ("desired", "Desired", "원하는 용량"),
    ("in_service", "In service", "서비스 중"),
    ("activity_history", "Activity history", "활동 기록"),
    ("language", "Language", "언어"),
    // --- share, embed, presets, files (issue 6) ------------------------------------------------
];

/// The string for `key` in `lang`; the key itself if it is missing (visible, never a panic).
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    CATALOG
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, en, ko)| match lang {
            Lang::En => en,
            Lang::Ko => ko,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_complete() {
        for (i, (k, en, ko)) in CATALOG.iter().enumerate() {
            assert!(!k.is_empty() && !en.is_empty() && !ko.is_empty(), "{k}");
            assert!(
                CATALOG[i + 1..].iter().all(|(k2, _, _)| k2 != k),
                "duplicate key {k}"
            );
        }
    }

    #[test]
    fn lookup_and_fallback() {
        assert_eq!(t(Lang::Ko, "play"), "재생");
        assert_eq!(t(Lang::En, "no_such_key"), "no_such_key");
        assert_eq!(Lang::from_code("KO"), Some(Lang::Ko));
    }
}
