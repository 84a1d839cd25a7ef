//! Ships the widget's stylesheet minified (no comments, no indentation): `style/widget.css`
//! stays the readable, commented source. See BENCHMARKS.md for what it saves.

include!("build/css.rs");

fn main() {
    println!("cargo:rerun-if-changed=style/widget.css");
    println!("cargo:rerun-if-changed=build/css.rs");
    let css = std::fs::read_to_string("style/widget.css").expect("read style/widget.css");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("widget.css");
    std::fs::write(out, minify_css(&css)).expect("write the minified stylesheet");
}
