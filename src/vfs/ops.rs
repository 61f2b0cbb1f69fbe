//! Filesystem operations with wasmtime's semantics and errnos (mostly Linux's; where wasmtime
//! orders its checks its own way, e.g. on a trailing `/`, the functions say so).

use super::{
    resolve, resolve_entry, resolve_to_create, resolve_unchecked_name, NodeKind, NodeRef, PathAt,
    Resolved, Vfs,
};
use crate::abi::{oflags, Errno, WasiResult};
use std::borrow::Cow;
use std::rc::Rc;

/// What `path_open` asks of the filesystem.
#[derive(Clone, Copy, Debug)]
pub struct OpenRequest {
    pub follow: bool,
    pub oflags: u16,
    pub write: bool,
}

impl<'p> Resolved<'p> {
    /// A trailing `/` needs an existing directory (after following a final symlink).
    fn slash_ok(&self) -> WasiResult<()> {
        match &self.node {
            _ if !self.trailing_slash => Ok(()),
            None => Err(Errno::Noent),
            Some(node) if !is_dir(node) => Err(Errno::Notdir),
            Some(_) => Ok(()),
        }
    }

    fn existing(&self) -> WasiResult<NodeRef> {
        self.slash_ok()?;
        self.node.clone().ok_or(Errno::Noent)
    }

    /// Where a new entry (a symlink, a hard link) goes: nothing may be there, and a trailing
    /// `/` cannot name a new entry, as wasmtime answers.
    fn free_name(&self) -> WasiResult<Cow<'p, str>> {
        self.slash_ok()?;
        if self.trailing_slash || self.node.is_some() {
            return Err(Errno::Exist);
        }
        self.name.clone().ok_or(Errno::Exist)
    }
}

fn is_dir(node: &NodeRef) -> bool {
    node.borrow().is_dir()
}

/// A removed directory (by rmdir, or renamed over) takes no new entry: Linux's `ENOENT`, which
/// a guest still holding an fd to it gets through wasmtime. Checked before anything changes.
fn still_linked(dir: &NodeRef) -> WasiResult<()> {
    if dir.borrow().is_removed() {
        return Err(Errno::Noent);
    }
    Ok(())
}

fn insert_entry(parent: &NodeRef, name: Cow<str>, node: NodeRef, now: u64) -> WasiResult<()> {
    let mut p = parent.borrow_mut();
    p.entries_mut()?.insert(name.into_owned(), node);
    p.touch_modified(now);
    Ok(())
}

fn remove_entry(parent: &NodeRef, name: &str, now: u64) -> WasiResult<NodeRef> {
    let mut p = parent.borrow_mut();
    let node = p.entries_mut()?.remove(name).ok_or(Errno::Noent)?;
    p.touch_modified(now);
    drop(p);
    let mut n = node.borrow_mut();
    n.nlink = n.nlink.saturating_sub(1);
    n.ctim = now;
    drop(n);
    Ok(node)
}

/// True when `dir` is `ancestor` or lies somewhere below it.
fn contains_dir(ancestor: &NodeRef, dir: &NodeRef) -> bool {
    if Rc::ptr_eq(ancestor, dir) {
        return true;
    }
    let a = ancestor.borrow();
    match &a.kind {
        NodeKind::Dir(entries) => entries
            .values()
            .any(|child| is_dir(child) && contains_dir(child, dir)),
        _ => false,
    }
}

impl Vfs {
    /// Opens (and maybe creates or truncates) the node at `path`.
    pub fn open(&mut self, at: PathAt, req: OpenRequest, now: u64) -> WasiResult<NodeRef> {
        let o = req.oflags;
        if o & oflags::DIRECTORY != 0 && o & (oflags::CREAT | oflags::TRUNC) != 0 {
            return Err(Errno::Inval);
        }
        let creating = o & oflags::CREAT != 0;
        let exclusive = creating && o & oflags::EXCL != 0;
        // O_EXCL never follows the final symlink: the link itself is what exists.
        let follow = req.follow && !exclusive;
        let r = if creating {
            resolve_to_create(at, follow)?
        } else {
            resolve(at, follow)?
        };
        let Some(node) = r.node else {
            if !creating {
                return Err(Errno::Noent);
            }
            let name = r.name.ok_or(Errno::Inval)?;
            still_linked(&r.parent)?;
            let node = self.new_file(now)?;
            insert_entry(&r.parent, name, node.clone(), now)?;
            return Ok(node);
        };
        if exclusive {
            return Err(Errno::Exist);
        }
        let mut n = node.borrow_mut();
        match &mut n.kind {
            // Not followed (O_NOFOLLOW), with or without O_DIRECTORY: wasmtime's ELOOP.
            NodeKind::Symlink(_) => Err(Errno::Loop),
            NodeKind::Dir(_) if req.write || o & (oflags::TRUNC | oflags::CREAT) != 0 => {
                Err(Errno::Isdir)
            }
            NodeKind::Dir(_) => Ok(()),
            NodeKind::File(_) if o & oflags::DIRECTORY != 0 || r.trailing_slash => {
                Err(Errno::Notdir)
            }
            NodeKind::File(data) => {
                if o & oflags::TRUNC != 0 {
                    data.set_len(0)?;
                    n.touch_modified(now);
                }
                Ok(())
            }
        }?;
        drop(n);
        Ok(node)
    }

    pub fn create_directory(&mut self, at: PathAt, now: u64) -> WasiResult<()> {
        let r = resolve_entry(at)?;
        if r.node.is_some() {
            return Err(Errno::Exist);
        }
        let name = r.name.ok_or(Errno::Exist)?;
        still_linked(&r.parent)?;
        let dir = self.new_dir(now)?;
        insert_entry(&r.parent, name, dir, now)
    }

    pub fn symlink(&mut self, target: &str, at: PathAt, now: u64) -> WasiResult<()> {
        let r = resolve(at, false)?;
        let name = r.free_name()?;
        still_linked(&r.parent)?;
        let link = self.new_node(NodeKind::Symlink(target.to_string()), now)?;
        insert_entry(&r.parent, name, link, now)
    }
}

pub fn stat_path(at: PathAt, follow: bool) -> WasiResult<NodeRef> {
    resolve(at, follow)?.existing()
}

pub fn readlink(at: PathAt) -> WasiResult<String> {
    let node = resolve(at, false)?.existing()?;
    let n = node.borrow();
    match &n.kind {
        NodeKind::Symlink(target) => Ok(target.clone()),
        _ => Err(Errno::Inval),
    }
}

/// Acts on the entry itself, a trailing `/` too: the official wasi-testsuite removes `dir/`
/// (wasmtime-py 50 answers `EINVAL` there and fails that test).
pub fn remove_directory(at: PathAt, now: u64) -> WasiResult<()> {
    let r = resolve_entry(at)?;
    let node = r.node.ok_or(Errno::Noent)?;
    let name = r.name.ok_or(Errno::Inval)?;
    if !is_dir(&node) {
        return Err(Errno::Notdir);
    }
    if !node.borrow().entries()?.is_empty() {
        return Err(Errno::Notempty);
    }
    remove_entry(&r.parent, &name, now).map(drop)
}

pub fn unlink_file(at: PathAt, now: u64) -> WasiResult<()> {
    let r = resolve(at, false)?;
    let node = r.node.ok_or(Errno::Noent)?;
    let name = r.name.ok_or(Errno::Isdir)?;
    if is_dir(&node) {
        return Err(Errno::Isdir);
    }
    if r.trailing_slash {
        return Err(Errno::Notdir);
    }
    remove_entry(&r.parent, &name, now).map(drop)
}

/// In wasmtime's order: each path resolves (a path out of the sandbox is `EPERM`; one with a
/// trailing `/` must reach a directory), the source first; then the source must exist, the
/// destination must not (`.` and `..` do), and only then is a directory refused.
pub fn link(src: PathAt, dst: PathAt, now: u64) -> WasiResult<()> {
    let src = resolve_unchecked_name(src, true)?;
    src.slash_ok()?;
    let dst = resolve_unchecked_name(dst, true)?;
    dst.slash_ok()?;
    src.name_fits()?;
    let src = src.existing()?;
    dst.name_fits()?;
    let name = dst.free_name()?;
    still_linked(&dst.parent)?;
    if is_dir(&src) {
        return Err(Errno::Perm);
    }
    {
        let mut s = src.borrow_mut();
        s.nlink += 1;
        s.ctim = now;
    }
    insert_entry(&dst.parent, name, src, now)
}

/// As Linux's renameat (through wasmtime): both paths resolve first, then `.` or `..` at the
/// end of either is `EBUSY`, before the source is looked for.
pub fn rename(src: PathAt, dst: PathAt, now: u64) -> WasiResult<()> {
    let src = resolve_unchecked_name(src, false)?;
    let dst = resolve_unchecked_name(dst, false)?;
    let (Some(src_name), Some(dst_name)) = (&src.name, &dst.name) else {
        return Err(Errno::Busy);
    };
    src.name_fits()?;
    let node = src.node.clone().ok_or(Errno::Noent)?;
    dst.name_fits()?;
    still_linked(&dst.parent)?;
    let moving_dir = is_dir(&node);
    if !moving_dir && (src.trailing_slash || dst.trailing_slash) {
        return Err(Errno::Notdir);
    }
    // Linux checks the two paths against each other before their types.
    if moving_dir && contains_dir(&node, &dst.parent) {
        return Err(Errno::Inval);
    }
    if let Some(existing) = &dst.node {
        // The destination holds the source somewhere below it (only a non-empty one can).
        if is_dir(existing)
            && !existing.borrow().entries()?.is_empty()
            && contains_dir(existing, &src.parent)
        {
            return Err(Errno::Notempty);
        }
        if Rc::ptr_eq(existing, &node) {
            return Ok(());
        }
        match (moving_dir, is_dir(existing)) {
            (true, false) => return Err(Errno::Notdir),
            (false, true) => return Err(Errno::Isdir),
            (true, true) if !existing.borrow().entries()?.is_empty() => {
                return Err(Errno::Notempty)
            }
            _ => {}
        }
    }
    let moved = src
        .parent
        .borrow_mut()
        .entries_mut()?
        .remove(src_name)
        .ok_or(Errno::Noent)?;
    src.parent.borrow_mut().touch_modified(now);
    moved.borrow_mut().ctim = now;
    let replaced = {
        let mut p = dst.parent.borrow_mut();
        p.touch_modified(now);
        p.entries_mut()?.insert(dst_name.to_string(), moved)
    };
    if let Some(old) = replaced {
        let mut o = old.borrow_mut();
        o.nlink = o.nlink.saturating_sub(1);
        o.ctim = now;
    }
    Ok(())
}
