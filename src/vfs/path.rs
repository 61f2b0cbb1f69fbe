//! Path resolution inside a sandbox: never leaves the directory a path starts from.

use super::{NodeKind, NodeRef, PathAt, Sandbox};
use crate::abi::{Errno, WasiResult};
use std::borrow::Cow;

/// Symlink expansions allowed while resolving one path (Linux's limit).
const MAX_SYMLINKS: u32 = 40;
/// Longest single path component (Linux's NAME_MAX).
const MAX_NAME: usize = 255;

/// Where a path led.
#[derive(Debug)]
pub struct Resolved<'p> {
    /// The directory holding the final component.
    pub parent: NodeRef,
    /// The final component's name; `None` when the path ends in `.` or `..` (not a removable,
    /// creatable or renamable entry). Borrowed from the path unless a symlink led there.
    pub name: Option<Cow<'p, str>>,
    /// The node the final component names, if it exists.
    pub node: Option<NodeRef>,
    /// The path ended with `/`: the final component must be a directory.
    pub trailing_slash: bool,
}

impl Resolved<'_> {
    /// A path that ends at the directory on top of the walk (`.`, `..`, a link to a dir).
    fn directory_itself<'p>(stack: &[NodeRef], trailing_slash: bool) -> WasiResult<Resolved<'p>> {
        let dir = stack.last().cloned().ok_or(Errno::Perm)?;
        Ok(Resolved {
            parent: dir.clone(),
            name: None,
            node: Some(dir),
            trailing_slash,
        })
    }
}

/// Resolves `path` relative to `start`, inside `sandbox`.
///
/// Intermediate symlinks are always followed; the final one when `follow_final`, or when the
/// path ends in `/` (as wasmtime does: `stat("link/")` is the directory it names).
/// `..` above `start`, an absolute path, or an absolute symlink outside the sandbox's guest path
/// is `EPERM`, as wasmtime answers.
pub fn resolve(at: PathAt<'_>, follow_final: bool) -> WasiResult<Resolved<'_>> {
    walk(at, Final::followed(follow_final, false))
}

/// As [`resolve`], for an open with O_CREAT: a final component with a trailing `/`, the path's
/// own or a followed symlink target's (`l -> "d/"`), is `EISDIR` once the directories before it
/// resolve, without looking it up (Linux's order, through wasmtime: a link `d -> "d/"` is
/// `EISDIR`, not a loop).
pub fn resolve_to_create(at: PathAt<'_>, follow_final: bool) -> WasiResult<Resolved<'_>> {
    walk(at, Final::followed(follow_final, true))
}

/// Resolves `path` to the entry it names, never following a final symlink, with a trailing `/`
/// too: what mkdir, rmdir and rename act on.
pub fn resolve_entry(at: PathAt<'_>) -> WasiResult<Resolved<'_>> {
    walk(
        at,
        Final {
            follow: false,
            slash_follows: false,
            check_name: true,
            create: false,
        },
    )
}

/// As [`resolve`] or [`resolve_entry`] (`slash_follows`), leaving a final name that is too long
/// to [`Resolved::name_fits`]: rename and link check it only after both paths resolve.
pub fn resolve_unchecked_name(at: PathAt<'_>, slash_follows: bool) -> WasiResult<Resolved<'_>> {
    walk(
        at,
        Final {
            follow: false,
            slash_follows,
            check_name: false,
            create: false,
        },
    )
}

/// How the final component is taken.
struct Final {
    follow: bool,
    /// A trailing `/` follows a final symlink too.
    slash_follows: bool,
    /// A final name longer than `MAX_NAME` is refused at once.
    check_name: bool,
    /// O_CREAT: a final component with a trailing `/` is `EISDIR` ([`resolve_to_create`]).
    create: bool,
}

impl Final {
    /// [`resolve`]'s: a final symlink followed when asked or when the path ends in `/`.
    fn followed(follow: bool, create: bool) -> Final {
        Final {
            follow,
            slash_follows: true,
            check_name: true,
            create,
        }
    }
}

impl Resolved<'_> {
    /// `ENAMETOOLONG` for a final name longer than Linux's `NAME_MAX`.
    pub fn name_fits(&self) -> WasiResult<()> {
        match &self.name {
            Some(name) if name.len() > MAX_NAME => Err(Errno::Nametoolong),
            _ => Ok(()),
        }
    }
}

fn walk(at: PathAt<'_>, last: Final) -> WasiResult<Resolved<'_>> {
    let PathAt {
        dir: start,
        sandbox,
        path,
    } = at;
    if path.is_empty() {
        return Err(Errno::Noent);
    }
    if path.contains('\0') {
        return Err(Errno::Inval);
    }
    if path.starts_with('/') {
        return Err(Errno::Perm);
    }
    // Room for a few levels up front: growing it was one of the allocations on every call.
    let mut stack: Vec<NodeRef> = Vec::with_capacity(4);
    stack.push(start.clone());
    // What is left to walk from `pos`: the path itself, or, once a symlink is expanded, its
    // target followed by the rest (borrowed until then: no allocation per component).
    let mut rest: Cow<str> = Cow::Borrowed(path);
    let mut pos = 0;
    let mut trailing_slash = path.ends_with('/');
    let mut expansions = 0;

    while let Some((from, to)) = next_component(&rest, pos) {
        pos = to;
        let comp = &rest[from..to];
        let is_last = rest[to..].bytes().all(|b| b == b'/');
        let cur = stack.last().cloned().ok_or(Errno::Perm)?;
        if !cur.borrow().is_dir() {
            return Err(Errno::Notdir);
        }
        match comp {
            "." | ".." => {
                if comp == ".." {
                    if stack.len() == 1 {
                        return Err(Errno::Perm);
                    }
                    stack.pop();
                }
                if is_last {
                    return Resolved::directory_itself(&stack, trailing_slash);
                }
            }
            name => {
                if name.len() > MAX_NAME && (last.check_name || !is_last) {
                    return Err(Errno::Nametoolong);
                }
                if is_last && trailing_slash && last.create {
                    return Err(Errno::Isdir);
                }
                let child = cur.borrow().entries()?.get(name).cloned();
                let link_target = child.as_ref().and_then(|c| match &c.borrow().kind {
                    NodeKind::Symlink(t) => Some(t.clone()),
                    _ => None,
                });
                let follow = last.follow || (last.slash_follows && trailing_slash);
                if is_last && (link_target.is_none() || !follow) {
                    return Ok(Resolved {
                        parent: cur,
                        name: Some(match &rest {
                            Cow::Borrowed(path) => Cow::Borrowed(&path[from..to]),
                            Cow::Owned(_) => Cow::Owned(name.to_string()),
                        }),
                        node: child,
                        trailing_slash,
                    });
                }
                match (child, link_target) {
                    (None, _) => return Err(Errno::Noent),
                    (Some(_), Some(target)) => {
                        expansions += 1;
                        if expansions > MAX_SYMLINKS {
                            return Err(Errno::Loop);
                        }
                        if is_last && target.ends_with('/') {
                            trailing_slash = true;
                        }
                        let relative = expand_symlink(&target, sandbox, &mut stack)?;
                        if relative.is_empty() && is_last {
                            return Resolved::directory_itself(&stack, trailing_slash);
                        }
                        rest = Cow::Owned([relative.as_str(), "/", &rest[to..]].concat());
                        pos = 0;
                    }
                    (Some(node), None) => {
                        if !node.borrow().is_dir() {
                            return Err(Errno::Notdir);
                        }
                        stack.push(node);
                    }
                }
            }
        }
    }
    // Only reachable for paths made of slashes and dots that never named a component.
    Resolved::directory_itself(&stack, trailing_slash)
}

/// The byte range of the first component of `path` at or after `from`, if any is left.
fn next_component(path: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = path.as_bytes();
    let start = from + bytes.get(from..)?.iter().position(|&b| b != b'/')?;
    let len = bytes[start..].iter().position(|&b| b == b'/');
    Some((start, len.map_or(bytes.len(), |len| start + len)))
}

/// Prepares a symlink target for resolution: a relative target continues from the link's
/// directory; an absolute one restarts at the sandbox root when it lies under the sandbox's
/// guest path. Returns the part still to resolve.
fn expand_symlink(target: &str, sandbox: &Sandbox, stack: &mut Vec<NodeRef>) -> WasiResult<String> {
    if target.is_empty() {
        return Err(Errno::Noent);
    }
    if !target.starts_with('/') {
        return Ok(target.to_string());
    }
    let prefix = sandbox.guest_path.trim_end_matches('/');
    let rest = target.strip_prefix(prefix).ok_or(Errno::Perm)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return Err(Errno::Perm);
    }
    stack.clear();
    stack.push(sandbox.root.clone());
    Ok(rest.trim_start_matches('/').to_string())
}
