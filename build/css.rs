// Shared by build.rs (which ships the result) and the widget's unit tests.

/// The stylesheet without comments and without the whitespace CSS does not need: runs of
/// whitespace become one space, and none is kept next to `{ } ; , >` or after `:` (before
/// one it stays: `.a :hover` is not `.a:hover`). Quoted strings are copied as they are;
/// everything else (`calc(a * b)`, `and (`) keeps its single space.
pub fn minify_css(src: &str) -> String {
    const TIGHT: &[char] = &['{', '}', ';', ',', '>'];
    const TIGHT_AFTER: &[char] = &['{', '}', ';', ',', '>', ':'];
    let mut out = String::with_capacity(src.len());
    let mut space = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut prev = ' ';
            for c in chars.by_ref() {
                if prev == '*' && c == '/' {
                    break;
                }
                prev = c;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !TIGHT.contains(&c) && !out.ends_with(TIGHT_AFTER) && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
        if c == '"' || c == '\'' {
            while let Some(s) = chars.next() {
                out.push(s);
                if s == '\\' {
                    out.extend(chars.next());
                } else if s == c {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn drops_comments_and_spacing_but_keeps_strings_and_the_spaces_that_matter() {
        let css = r#"/* theme it */
.cw  :host ,
.cw > .a   {
  font: 12px/1.5 "Segoe  UI", sans-serif;   /* inline */
  content: "a /* b */ ;}";
  width: calc(100% - 2px);
}
@media (max-width: 420px) and (prefers-reduced-motion: reduce) { .b { x: 'it''s' } }
"#;
        assert_eq!(
            minify_css(css),
            r#".cw :host,.cw>.a{font:12px/1.5 "Segoe  UI",sans-serif;content:"a /* b */ ;}";width:calc(100% - 2px);}@media (max-width:420px) and (prefers-reduced-motion:reduce){.b{x:'it''s'}}"#
        );
    }

    #[test]
    fn the_shipped_stylesheet_loses_only_what_does_not_matter() {
        let src = include_str!("../style/widget.css");
        let min = minify_css(src);
        assert!(
            min.len() < src.len() * 9 / 10,
            "{} of {} bytes",
            min.len(),
            src.len()
        );
        assert!(!min.contains("/*") && !min.contains('\n'));
        // Every rule survives: as many blocks, declarations and strings as the source.
        let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
        let uncommented = {
            let mut s = src.to_string();
            while let (Some(a), Some(b)) = (s.find("/*"), s.find("*/")) {
                s.replace_range(a..b + 2, " ");
            }
            s
        };
        for c in ['{', '}', ';', '"', '(', ')'] {
            assert_eq!(count(&min, c), count(&uncommented, c), "count of {c:?}");
        }
    }
}
