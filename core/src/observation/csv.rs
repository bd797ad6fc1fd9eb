//! CSV cells that spreadsheets read safely and correctly. Pure text in, text out: the runner's
//! `--format csv` and the page's CSV export both build their rows with [`cell`].
//!
//! Two rules, in this order:
//! 1. OWASP's CSV-injection advice: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
//!    carriage return could be run as a formula by a spreadsheet, so it gets a leading `'`
//!    (shown as text, not evaluated). Cells that are plain numbers (`-3.5`) are left alone, so
//!    numeric columns stay numbers.
//! 2. RFC 4180: a cell holding a comma, a double quote, CR or LF is wrapped in double quotes,
//!    and each double quote inside is doubled.

use std::borrow::Cow;

/// Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV Injection").
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as one CSV cell: neutralised (OWASP) and quoted when needed (RFC 4180).
pub fn cell(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(FORMULA_START) && !is_plain_number(text);
    let quote = text.contains([',', '"', '\r', '\n']);
    if !formula && !quote {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
    Cow::Owned(out)
}

/// A number as this crate prints numbers (`-12`, `+0.5`, `-1e3`): an optional sign, digits with
/// at most one point, and an optional exponent with its own optional sign; nothing a
/// spreadsheet could evaluate as a formula. (Checked by hand rather than with the float parser,
/// which the page would otherwise carry only for this.)
fn is_plain_number(text: &str) -> bool {
    fn digits(s: &str) -> usize {
        s.bytes().take_while(u8::is_ascii_digit).count()
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let int = digits(body);
    let rest = &body[int..];
    let (frac, rest) = match rest.strip_prefix('.') {
        Some(r) => (digits(r), &r[digits(r)..]),
        None => (0, rest),
    };
    if int + frac == 0 {
        return false;
    }
    match rest.strip_prefix(['e', 'E']) {
        None => rest.is_empty(),
        Some(exp) => {
            let exp = exp.strip_prefix(['-', '+']).unwrap_or(exp);
            let n = digits(exp);
            n > 0 && n == exp.len()
        }
    }
}

/// Joins cells into one CSV record (no line ending), escaping each one.
pub fn record<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(c));
    }
    out
}

/// Splits one CSV record (no line ending) into its cells, the inverse of [`record`]: a quoted
/// cell may hold commas and doubled quotes. For readers of the runner's and the page's CSV.
pub fn split(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(cell) = cells.last_mut() {
                    cell.push('"');
                }
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_and_numbers_are_unchanged() {
        assert_eq!(cell("cpu-high"), "cpu-high");
        assert_eq!(cell("v1:3|v2:1"), "v1:3|v2:1");
        assert_eq!(cell("-3.50"), "-3.50");
        assert_eq!(cell("+2"), "+2");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn rfc4180_quotes_commas_quotes_and_newlines() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("cr\rlf"), "\"cr\rlf\"");
    }

    #[test]
    fn owasp_formula_starts_are_neutralised() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+cmd"), "'+cmd");
        assert_eq!(cell("-:2"), "'-:2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("-1+1"), "'-1+1");
        assert_eq!(cell("-inf"), "'-inf");
        // Both rules at once: the quote goes outside the neutralising apostrophe.
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
    }

    #[test]
    fn record_joins_escaped_cells() {
        assert_eq!(record(["a", "b,c", "=x"]), "a,\"b,c\",'=x");
    }

    #[test]
    fn split_reads_back_what_record_writes() {
        let cells = ["a", "b,c", "say \"hi\"", "", "v1:3|v2:1"];
        assert_eq!(split(&record(cells)), cells.map(String::from).to_vec());
    }
}

#[cfg(test)]
mod plain_number_tests {
    use super::is_plain_number;

    #[test]
    fn numbers_as_printed_are_plain_and_formulas_are_not() {
        for n in ["-12", "+0.5", "-1e3", "1E-7", ".5", "5.", "-0", "42"] {
            assert!(is_plain_number(n), "{n}");
        }
        for t in [
            "-", "+", "-.", "-1e", "-1e+", "=1+1", "-1+1", "1.2.3", "-inf", "--1", "-1 ",
        ] {
            assert!(!is_plain_number(t), "{t}");
        }
    }
}
