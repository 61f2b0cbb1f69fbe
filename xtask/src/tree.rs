//! Directory trees carried between the host and the browser (`--dir`, conformance fixtures),
//! as JSON `{name: {file: base64} | {dir: {...}} | {symlink: target}}`, and written back.

use crate::cmd::Result;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    File(Vec<u8>),
    Dir(Tree),
    Symlink(String),
}

pub type Tree = BTreeMap<String, Node>;

pub fn read_host(dir: &Path) -> Result<Tree> {
    let mut tree = Tree::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let meta =
            std::fs::symlink_metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let node = if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).map_err(|e| e.to_string())?;
            Node::Symlink(target.to_string_lossy().into_owned())
        } else if meta.is_dir() {
            Node::Dir(read_host(&path)?)
        } else {
            Node::File(std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?)
        };
        tree.insert(name, node);
    }
    Ok(tree)
}

pub fn to_json(tree: &Tree) -> Value {
    let map: Map<String, Value> = tree
        .iter()
        .map(|(name, node)| {
            let v = match node {
                Node::File(data) => json!({ "file": BASE64.encode(data) }),
                Node::Dir(sub) => json!({ "dir": to_json(sub) }),
                Node::Symlink(target) => json!({ "symlink": target }),
            };
            (name.clone(), v)
        })
        .collect();
    Value::Object(map)
}

pub fn from_json(value: &Value) -> Result<Tree> {
    let obj = value.as_object().ok_or("tree: expected an object")?;
    obj.iter()
        .map(|(name, v)| {
            let node = if let Some(b64) = v.get("file").and_then(Value::as_str) {
                Node::File(BASE64.decode(b64).map_err(|e| format!("tree: {e}"))?)
            } else if let Some(sub) = v.get("dir") {
                Node::Dir(from_json(sub)?)
            } else if let Some(target) = v.get("symlink").and_then(Value::as_str) {
                Node::Symlink(target.to_string())
            } else {
                return Err(format!("tree: bad entry `{name}`"));
            };
            Ok((name.clone(), node))
        })
        .collect()
}

/// Makes `dir` on the host match `after`, given it held `before`: writes what was created or
/// changed, removes what was deleted.
pub fn write_back(dir: &Path, before: &Tree, after: &Tree) -> std::io::Result<()> {
    for (name, old) in before {
        if !after.contains_key(name) {
            remove(&dir.join(name), old)?;
        }
    }
    let empty = Tree::new();
    for (name, new) in after {
        let path = dir.join(name);
        let old = before.get(name);
        if old == Some(new) {
            continue;
        }
        let same_kind = matches!(
            (old, new),
            (Some(Node::Dir(_)), Node::Dir(_)) | (Some(Node::File(_)), Node::File(_))
        );
        if let (Some(old), false) = (old, same_kind) {
            remove(&path, old)?;
        }
        match new {
            Node::File(data) => std::fs::write(&path, data)?,
            Node::Symlink(target) => std::os::unix::fs::symlink(target, &path)?,
            Node::Dir(sub) => {
                std::fs::create_dir_all(&path)?;
                let old_sub = match old {
                    Some(Node::Dir(t)) => t,
                    _ => &empty,
                };
                write_back(&path, old_sub, sub)?;
            }
        }
    }
    Ok(())
}

fn remove(path: &Path, node: &Node) -> std::io::Result<()> {
    match node {
        Node::Dir(_) => std::fs::remove_dir_all(path),
        _ => std::fs::remove_file(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_bytes_cross_as_base64() {
        let mut tree = Tree::new();
        for (name, data) in [
            ("empty", &b""[..]),
            ("text", b"foobar"),
            ("bin", &[0, 255, 128, 7]),
        ] {
            tree.insert(name.into(), Node::File(data.to_vec()));
        }
        let json = to_json(&tree);
        assert_eq!(json["text"]["file"], "Zm9vYmFy");
        assert_eq!(from_json(&json).unwrap(), tree);
        assert!(from_json(&json!({"x": {"file": "not base64!"}})).is_err());
    }

    #[test]
    fn write_back_applies_creations_changes_and_deletions() {
        let dir = std::env::temp_dir().join(format!("xtask-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("gone_dir")).unwrap();
        std::fs::write(dir.join("keep"), b"same").unwrap();
        std::fs::write(dir.join("change"), b"old").unwrap();
        std::fs::write(dir.join("gone"), b"x").unwrap();
        let before = read_host(&dir).unwrap();
        let mut after = before.clone();
        after.remove("gone");
        after.remove("gone_dir");
        after.insert("change".into(), Node::File(b"new".to_vec()));
        let mut sub = Tree::new();
        sub.insert("made".into(), Node::File(b"m".to_vec()));
        after.insert("sub".into(), Node::Dir(sub));
        after.insert("link".into(), Node::Symlink("keep".into()));
        let json = to_json(&after);
        write_back(&dir, &before, &from_json(&json).unwrap()).unwrap();
        assert_eq!(read_host(&dir).unwrap(), after);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
