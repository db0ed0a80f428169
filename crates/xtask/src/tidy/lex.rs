//! Rust source reduced to its code: comments and the contents of string and character
//! literals blanked out (line breaks kept, so line numbers stay right), then split into tokens.

/// `text` with every comment (line, doc, nested block) and every string, raw string and
/// character literal replaced by spaces; line breaks are kept.
pub(super) fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && !i.checked_sub(1).is_some_and(|p| ident(chars[p]) && !matches!(chars[p], 'b' | 'c')) && {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            chars.get(i + 1 + hashes) == Some(&'"')
        } {
            // A raw string: r"…", r#"…"#, br"…", cr#"…"#.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let closes = |at: usize| chars[at] == '"' && (1..=hashes).all(|k| chars.get(at + k) == Some(&'#'));
            let open = hashes + 2;
            out.push_str(&" ".repeat(open));
            i += open;
            while i < chars.len() && !closes(i) {
                blank(&mut out, chars[i]);
                i += 1;
            }
            let close = (hashes + 1).min(chars.len() - i);
            out.push_str(&" ".repeat(close));
            i += close;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if let Some(&e) = chars.get(i) {
                    blank(&mut out, e);
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{1F600}'); a lifetime ('a) has no closing quote.
            out.push(' ');
            i += 1;
            if chars.get(i) == Some(&'\\') {
                out.push(' ');
                i += 1;
            }
            while i < chars.len() && chars[i] != '\'' && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// A token of stripped code: an identifier, `::`, or any other single character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) text: String,
    /// 1-based.
    pub(super) line: usize,
}

/// The tokens of stripped code (numbers and literals' blanks are dropped).
pub(super) fn tokens(code: &str) -> Vec<Token> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            if !c.is_ascii_digit() {
                out.push(Token { text: chars[start..i].iter().collect(), line });
            }
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(Token { text: "::".to_owned(), line });
            i += 2;
        } else {
            out.push(Token { text: c.to_string(), line });
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_literals_are_blanked_and_lines_kept() {
        let text = "use crate::a; // crate::b\n/* crate::c /* nested */ crate::d */ let s = \"crate::e \\\" crate::f\";\n\
                    let r = r#\"crate::g \"quoted\" \"#; let c = '\"'; let l: &'static str = x::<'a>();\n//! crate::h\n";
        let code = strip(text);
        assert_eq!(code.lines().count(), text.lines().count());
        for hidden in ["crate::b", "crate::c", "crate::d", "crate::e", "crate::f", "crate::g", "crate::h"] {
            assert!(!code.contains(hidden), "{hidden} in {code}");
        }
        assert!(code.contains("use crate::a;"), "{code}");
        assert!(code.contains("&'static str = x::<'a>()"), "lifetimes are code: {code}");
    }

    #[test]
    fn tokens_carry_their_line() {
        let toks = tokens("use crate::{a,\n b::c};");
        let texts: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["use", "crate", "::", "{", "a", ",", "b", "::", "c", "}", ";"]);
        assert_eq!(toks[6].line, 2);
    }
}
