//! Directory trees carried between the host and the browser and written back.
//!
//! `cargo xtask run --dir` sends a tree as a flat list of entries (`manifest`) and each file's
//! bytes as a request of its own, and takes the guest's tree back the same way
//! (`from_entries`): no file passes through a JSON string, so size is bounded by memory, not
//! by the engine's longest string. Files carry their mtimes both ways; a sparse file comes
//! back as its stored bytes and its size. The conformance fixtures, small, use the JSON form
//! `{name: {file: base64} | {dir: {...}} | {symlink: target}}` (`to_json`).

use crate::cmd::Result;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    File(FileNode),
    Dir(Tree),
    Symlink(String),
}

/// A file: its first bytes (all of them from the host; from the guest, those stored), its
/// size (zeros past `data`), and when it was last modified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileNode {
    pub data: Vec<u8>,
    pub size: u64,
    pub mtime_ms: Option<u64>,
}

impl FileNode {
    pub fn new(data: Vec<u8>) -> FileNode {
        FileNode {
            size: data.len() as u64,
            data,
            mtime_ms: None,
        }
    }
}

pub type Tree = BTreeMap<String, Node>;

/// The tree under `dir`; sockets, FIFOs and devices are skipped, saying so (no guest can use
/// them, and reading one would hang or fail the whole run).
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
        } else if meta.is_file() {
            let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mtime_ms = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_millis() as u64);
            Node::File(FileNode {
                mtime_ms,
                ..FileNode::new(data)
            })
        } else {
            eprintln!(
                "--dir: skipping {}: not a file, directory or symlink",
                path.display()
            );
            continue;
        };
        tree.insert(name, node);
    }
    Ok(tree)
}

/// The bytes the regular files under `dir` hold, from their metadata (nothing is read).
pub fn bytes_under(dir: &Path) -> Result<u64> {
    let mut total = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let meta = std::fs::symlink_metadata(entry.path()).map_err(|e| e.to_string())?;
        total += if meta.is_dir() {
            bytes_under(&entry.path())?
        } else if meta.is_file() {
            meta.len()
        } else {
            0
        };
    }
    Ok(total)
}

/// The tree as a flat list, parents before children: `[{path, kind, size, mtime, target}]`
/// (`path` relative to the tree's root, `mtime` in ms). The files' bytes go separately.
pub fn manifest(tree: &Tree) -> Vec<Value> {
    let mut out = Vec::new();
    let mut work: Vec<(String, &Tree)> = vec![(String::new(), tree)];
    while let Some((prefix, tree)) = work.pop() {
        for (name, node) in tree {
            let path = format!("{prefix}{name}");
            out.push(match node {
                Node::File(f) => {
                    json!({ "path": path, "kind": "file", "size": f.size, "mtime": f.mtime_ms })
                }
                Node::Symlink(target) => {
                    json!({ "path": path, "kind": "symlink", "target": target })
                }
                Node::Dir(sub) => {
                    work.push((format!("{path}/"), sub));
                    json!({ "path": path, "kind": "dir" })
                }
            });
        }
    }
    out
}

/// The bytes of the file at `path` (as [`manifest`] names it), if there is one.
pub fn file_at<'a>(tree: &'a Tree, path: &str) -> Option<&'a [u8]> {
    let mut parts = path.split('/').peekable();
    let mut tree = tree;
    while let Some(part) = parts.next() {
        match (tree.get(part)?, parts.peek()) {
            (Node::Dir(sub), Some(_)) => tree = sub,
            (Node::File(f), None) => return Some(&f.data),
            _ => return None,
        }
    }
    None
}

/// The tree a guest left under `root` (its guest path), from the entries `result.entries()`
/// gave (guest paths) and the file bodies posted by path. Refused when `root` itself is not
/// among them: that is a run that never started, not an emptied directory.
pub fn from_entries(
    root: &str,
    entries: &[Value],
    bodies: &mut HashMap<String, Vec<u8>>,
) -> Result<Tree> {
    let root = root.trim_end_matches('/');
    if !entries
        .iter()
        .any(|e| e["path"] == root && e["kind"] == "dir")
    {
        return Err(format!("entries: {root} itself is not among them"));
    }
    let mut tree = Tree::new();
    let prefix = format!("{root}/");
    // Parents sort before their children.
    let mut sorted: Vec<&Value> = entries.iter().collect();
    sorted.sort_by_key(|e| e["path"].as_str().unwrap_or_default().to_string());
    for entry in sorted {
        let full = entry["path"]
            .as_str()
            .ok_or("entries: an entry has no path")?;
        let Some(rel) = full.strip_prefix(&prefix) else {
            continue; // the preopen itself
        };
        let node = match entry["kind"].as_str() {
            Some("file") => Node::File(FileNode {
                data: bodies.remove(full).unwrap_or_default(),
                size: entry["size"].as_u64().unwrap_or(0),
                mtime_ms: entry["mtimeMs"].as_u64(),
            }),
            Some("dir") => Node::Dir(Tree::new()),
            Some("symlink") => Node::Symlink(entry["target"].as_str().unwrap_or_default().into()),
            _ => return Err(format!("entries: {full}: unknown kind")),
        };
        let (parents, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let mut dir = &mut tree;
        for part in parents.split('/').filter(|p| !p.is_empty()) {
            dir = match dir.get_mut(part) {
                Some(Node::Dir(sub)) => sub,
                _ => return Err(format!("entries: {full}: its directory is missing")),
            };
        }
        dir.insert(name.to_string(), node);
    }
    Ok(tree)
}

pub fn to_json(tree: &Tree) -> Value {
    let map: Map<String, Value> = tree
        .iter()
        .map(|(name, node)| {
            let v = match node {
                Node::File(f) => json!({ "file": BASE64.encode(&f.data) }),
                Node::Dir(sub) => json!({ "dir": to_json(sub) }),
                Node::Symlink(target) => json!({ "symlink": target }),
            };
            (name.clone(), v)
        })
        .collect();
    Value::Object(map)
}

#[cfg(test)]
pub fn from_json(value: &Value) -> Result<Tree> {
    let obj = value.as_object().ok_or("tree: expected an object")?;
    obj.iter()
        .map(|(name, v)| {
            let node = if let Some(b64) = v.get("file").and_then(Value::as_str) {
                Node::File(FileNode::new(
                    BASE64.decode(b64).map_err(|e| format!("tree: {e}"))?,
                ))
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
/// changed (a file's size and mtime as the guest left them), removes what was deleted.
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
            Node::File(f) => write_file(&path, f)?,
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

/// The bytes, then the size (a sparse tail stays sparse on the host), then the mtime.
fn write_file(path: &Path, f: &FileNode) -> std::io::Result<()> {
    std::fs::write(path, &f.data)?;
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    if f.size > f.data.len() as u64 {
        file.set_len(f.size)?;
    }
    if let Some(ms) = f.mtime_ms {
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_millis(ms))?;
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

    fn file(data: &[u8]) -> Node {
        Node::File(FileNode::new(data.to_vec()))
    }

    #[test]
    fn file_bytes_cross_as_base64() {
        let mut tree = Tree::new();
        for (name, data) in [
            ("empty", &b""[..]),
            ("text", b"foobar"),
            ("bin", &[0, 255, 128, 7]),
        ] {
            tree.insert(name.into(), file(data));
        }
        let json = to_json(&tree);
        assert_eq!(json["text"]["file"], "Zm9vYmFy");
        assert_eq!(from_json(&json).unwrap(), tree);
        assert!(from_json(&json!({"x": {"file": "not base64!"}})).is_err());
    }

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-tree-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_tree_goes_out_as_a_list_and_comes_back_from_entries() {
        let dir = temp_dir("entries");
        std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
        std::fs::write(dir.join("sub/deeper/f"), b"deep").unwrap();
        std::fs::write(dir.join("top"), b"t").unwrap();
        std::os::unix::fs::symlink("top", dir.join("link")).unwrap();
        let tree = read_host(&dir).unwrap();
        let list = manifest(&tree);
        let paths: Vec<&str> = list.iter().map(|e| e["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["link", "sub", "top", "sub/deeper", "sub/deeper/f"]);
        assert_eq!(file_at(&tree, "sub/deeper/f"), Some(&b"deep"[..]));
        assert_eq!(file_at(&tree, "sub"), None);
        // As the page posts them back: guest paths, bodies by path, mtimes in ms.
        let entries: Vec<Value> = list
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e["path"] = json!(format!("/data/{}", e["path"].as_str().unwrap()));
                e["mtimeMs"] = e["mtime"].clone();
                e
            })
            .collect();
        let mut bodies: HashMap<String, Vec<u8>> = [
            ("/data/sub/deeper/f".to_string(), b"deep".to_vec()),
            ("/data/top".to_string(), b"t".to_vec()),
        ]
        .into();
        assert!(from_entries("/data", &entries, &mut bodies).is_err());
        let mut entries = entries;
        entries.push(json!({ "path": "/data", "kind": "dir" }));
        assert_eq!(from_entries("/data", &entries, &mut bodies).unwrap(), tree);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sockets_are_skipped_not_fatal() {
        let dir = temp_dir("socket");
        let _socket = std::os::unix::net::UnixListener::bind(dir.join("s.sock")).unwrap();
        std::fs::write(dir.join("kept"), b"k").unwrap();
        let tree = read_host(&dir).unwrap();
        assert_eq!(tree.keys().collect::<Vec<_>>(), ["kept"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_back_applies_creations_changes_deletions_sizes_and_mtimes() {
        let dir = temp_dir("write-back");
        std::fs::create_dir_all(dir.join("gone_dir")).unwrap();
        std::fs::write(dir.join("keep"), b"same").unwrap();
        std::fs::write(dir.join("change"), b"old").unwrap();
        std::fs::write(dir.join("gone"), b"x").unwrap();
        let before = read_host(&dir).unwrap();
        let mut after = before.clone();
        after.remove("gone");
        after.remove("gone_dir");
        after.insert("change".into(), file(b"new"));
        let mut sub = Tree::new();
        sub.insert("made".into(), file(b"m"));
        after.insert("sub".into(), Node::Dir(sub));
        after.insert("link".into(), Node::Symlink("keep".into()));
        // A sparse file: 2 bytes stored, 1 GiB long; and a time the guest set.
        let sparse = FileNode {
            data: b"hi".to_vec(),
            size: 1 << 30,
            mtime_ms: Some(1_000_000_000_000),
        };
        after.insert("sparse".into(), Node::File(sparse));
        write_back(&dir, &before, &after).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["change", "keep", "link", "sparse", "sub"]);
        let meta = std::fs::metadata(dir.join("sparse")).unwrap();
        assert_eq!(meta.len(), 1 << 30);
        let mtime = meta.modified().unwrap().duration_since(UNIX_EPOCH).unwrap();
        assert_eq!(mtime.as_millis(), 1_000_000_000_000);
        // Sparse on the host too: far fewer blocks than its length.
        use std::os::unix::fs::MetadataExt;
        assert!(meta.blocks() * 512 < 1 << 20, "{} blocks", meta.blocks());
        assert_eq!(std::fs::read(dir.join("change")).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
