//! Form bodies in Stripe's bracket notation (DESIGN §9): `line_items[0][price]=price_…`,
//! `metadata[order]=42`, `cross_sells[]=prod_…`. serde_qs reads the form into a tree of
//! strings; the tree is typed by the operation's schema in the OpenAPI document (the same
//! document `GET /v1/openapi.json` serves), so that `quantity=2` becomes the integer `2`;
//! the typed tree is then read like a JSON body, with the same checks and the same errors.
//!
//! An empty value unsets: `""` becomes `null` (for a metadata key: the key is removed),
//! or `[]` for a list. A field that cannot be unset says so.

use crate::error::AppError;
use checkout_core::Code;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// Most parameters one form may carry (100 line items of 5 fields, 50 metadata keys,
/// and room to spare); more is refused before anything is parsed.
pub const MAX_PARAMS: usize = 1_000;

/// Deepest bracket nesting read (`line_items[0][adjustable_quantity][enabled]` is 3).
pub const MAX_DEPTH: usize = 5;

fn refuse(message: impl Into<String>) -> AppError {
    AppError::new(Code::FormInvalid, message)
}

fn invalid(message: impl Into<String>, param: &str) -> AppError {
    AppError::with_param(Code::ParameterInvalid, message, param.to_string())
}

/// The component schemas of the OpenAPI document, built once.
fn schemas() -> &'static Map<String, Value> {
    static SCHEMAS: OnceLock<Map<String, Value>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        crate::openapi::document()
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    })
}

/// The untyped tree of a form: nested objects and arrays of strings.
fn tree(bytes: &[u8]) -> Result<Value, AppError> {
    // Counted on the raw bytes, before any parsing work is spent on a hostile body.
    let pairs = bytes
        .split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .count();
    if pairs > MAX_PARAMS {
        return Err(refuse(format!(
            "the form has {pairs} parameters; at most {MAX_PARAMS} are read"
        )));
    }
    let config = serde_qs::Config::new()
        .max_depth(MAX_DEPTH)
        .use_form_encoding(true);
    let tree: Value = config.deserialize_bytes(bytes).map_err(|e| match e {
        serde_qs::Error::Utf8(_) => {
            refuse("the form is not valid UTF-8 (percent-encode UTF-8 text)")
        }
        e => refuse(format!("the form cannot be read: {e}")),
    })?;
    // serde_qs keeps what lies deeper than MAX_DEPTH as a key with brackets in it.
    fn too_deep(v: &Value) -> bool {
        match v {
            Value::Object(m) => m.iter().any(|(k, v)| k.contains('[') || too_deep(v)),
            Value::Array(a) => a.iter().any(too_deep),
            _ => false,
        }
    }
    if too_deep(&tree) {
        return Err(refuse(format!(
            "the form nests brackets deeper than {MAX_DEPTH} levels"
        )));
    }
    match tree {
        Value::Object(_) => Ok(tree),
        Value::Null => Ok(Value::Object(Map::new())),
        _ => Err(refuse("the form must be key=value pairs")),
    }
}

/// Reads a form body as `T`, typed by `T`'s schema in the OpenAPI document.
pub fn read<T: serde::de::DeserializeOwned + utoipa::ToSchema>(
    bytes: &[u8],
) -> Result<T, AppError> {
    let name = T::name();
    let schema = schemas()
        .get(name.as_ref())
        .ok_or_else(|| AppError::internal(format!("no schema {name} in the document")))?;
    let typed = Typer { defs: schemas() }.value(tree(bytes)?, schema, "")?;
    crate::api::parse_value(typed)
}

/// The types a schema names itself: `"type": "string"` or `["string", "null"]`.
fn own_types(schema: &Value) -> impl Iterator<Item = &str> {
    let list: &[Value] = match schema.get("type") {
        Some(Value::Array(ts)) => ts,
        Some(t) => std::slice::from_ref(t),
        None => &[],
    };
    list.iter().filter_map(Value::as_str)
}

/// A schema's `oneOf`, `anyOf` and `allOf` alternatives.
fn alternatives(schema: &Value) -> impl Iterator<Item = &Value> {
    ["oneOf", "anyOf", "allOf"]
        .into_iter()
        .filter_map(|k| schema.get(k).and_then(Value::as_array))
        .flatten()
}

/// Types a tree of strings by a JSON schema (OpenAPI 3.1, as utoipa writes it).
struct Typer<'a> {
    defs: &'a Map<String, Value>,
}

/// The name a field has in an error's `param`, in the dotted form serde_path_to_error
/// writes (`line_items[0].price`), which the error body turns into brackets.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn shown(path: &str) -> String {
    crate::error::bracket_param(path)
}

impl Typer<'_> {
    /// `schema` with `$ref`s followed.
    fn resolve<'s>(&'s self, mut schema: &'s Value) -> &'s Value {
        for _ in 0..16 {
            let Some(r) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            match r
                .strip_prefix("#/components/schemas/")
                .and_then(|n| self.defs.get(n))
            {
                Some(s) => schema = s,
                None => break,
            }
        }
        schema
    }

    /// The alternative of `schema` (itself, or one of its `oneOf`/`anyOf`/`allOf`) that
    /// describes values of type `kind`.
    fn variant<'s>(&'s self, schema: &'s Value, kind: &str) -> Option<&'s Value> {
        let schema = self.resolve(schema);
        if own_types(schema).any(|t| t == kind)
            || (kind == "object" && schema.get("properties").is_some())
        {
            return Some(schema);
        }
        alternatives(schema).find_map(|alt| self.variant(alt, kind))
    }

    /// Whether `schema` takes the string `s` as a string (a `oneOf` of an integer and
    /// the string `"inf"` takes `"5"` as the integer 5).
    fn takes_string(&self, schema: &Value, s: &str) -> bool {
        let schema = self.resolve(schema);
        let listed = match schema.get("enum").and_then(Value::as_array) {
            Some(values) => values.iter().any(|v| v == s),
            None => true,
        };
        (own_types(schema).any(|t| t == "string") && listed)
            || alternatives(schema).any(|alt| self.takes_string(alt, s))
    }

    fn value(&self, v: Value, schema: &Value, path: &str) -> Result<Value, AppError> {
        let allows = |kind: &str| self.variant(schema, kind).is_some();
        // A schema that says nothing (an unknown field, a list's items left open): left
        // as it came, for serde to name it.
        const KINDS: [&str; 7] = [
            "string", "integer", "number", "boolean", "array", "object", "null",
        ];
        if !KINDS.iter().any(|k| allows(k)) {
            return Ok(v);
        }
        match v {
            Value::String(s) if s.is_empty() => {
                if allows("array") {
                    Ok(Value::Array(vec![]))
                } else if allows("null") {
                    Ok(Value::Null)
                } else {
                    Err(invalid(
                        format!(
                            "{} was sent empty, which unsets a field, and it cannot be unset",
                            shown(path)
                        ),
                        path,
                    ))
                }
            }
            Value::String(s) => {
                // A string that does not read as the type asked for is left as it
                // came: serde refuses it as it refuses the same string in JSON.
                let typed = if self.takes_string(schema, &s) {
                    None
                } else if allows("integer") {
                    s.parse::<i64>().ok().map(Value::from)
                } else if allows("number") {
                    s.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                } else if allows("boolean") {
                    match s.as_str() {
                        "true" => Some(Value::Bool(true)),
                        "false" => Some(Value::Bool(false)),
                        _ => None,
                    }
                } else if allows("array") {
                    return Err(invalid(
                        format!("{0} is a list: send {0}[0]=…", shown(path)),
                        path,
                    ));
                } else if allows("object") {
                    return Err(invalid(
                        format!("{0} has fields: send {0}[name]=…", shown(path)),
                        path,
                    ));
                } else {
                    None
                };
                Ok(typed.unwrap_or(Value::String(s)))
            }
            Value::Array(items) => {
                if let Some(s) = self.variant(schema, "array") {
                    let item = s.get("items").unwrap_or(&Value::Null);
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| self.value(v, item, &format!("{path}[{i}]")))
                        .collect::<Result<Vec<_>, _>>()
                        .map(Value::Array)
                } else if allows("object") {
                    // `metadata[0]=…`: keys that happen to be digits.
                    let map = items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (i.to_string(), v))
                        .collect();
                    self.value(Value::Object(map), schema, path)
                } else {
                    Err(invalid(
                        format!("{} is given more than once", shown(path)),
                        path,
                    ))
                }
            }
            Value::Object(map) => {
                if let Some(s) = self.variant(schema, "object") {
                    let props = s.get("properties").and_then(Value::as_object);
                    let extra = s.get("additionalProperties");
                    let mut out = Map::new();
                    for (k, v) in map {
                        if k.is_empty() {
                            return Err(invalid(
                                format!("{0} is given both as a value and as {0}[…]", shown(path)),
                                path,
                            ));
                        }
                        let field = join(path, &k);
                        let sub = props.and_then(|p| p.get(&k)).or(match extra {
                            Some(Value::Bool(false)) | None => None,
                            Some(e) => Some(e),
                        });
                        let typed = match sub {
                            Some(sub) => self.value(v, sub, &field)?,
                            None => v,
                        };
                        out.insert(k, typed);
                    }
                    Ok(Value::Object(out))
                } else if allows("array") {
                    // `line_items[0]=…&line_items[x]=…`, or indexes with a gap.
                    let bad = map
                        .keys()
                        .find(|k| k.parse::<usize>().is_err())
                        .cloned()
                        .unwrap_or_default();
                    Err(invalid(
                        format!(
                            "{} is a list: its indexes must be 0, 1, 2, … (found `{bad}`)",
                            shown(path)
                        ),
                        path,
                    ))
                } else {
                    Err(invalid(
                        format!("{} takes a single value, not fields", shown(path)),
                        path,
                    ))
                }
            }
            other => Ok(other),
        }
    }
}
