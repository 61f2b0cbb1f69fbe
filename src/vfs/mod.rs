//! The in-memory filesystem: inodes shared by reference, so hard links are two directory
//! entries holding the same node and a deleted-but-open file lives until its last fd closes.

mod entries;
mod file;
mod ops;
mod path;

pub use entries::DirEntries;
pub use file::{FileData, WriteSource};

pub use ops::{link, readlink, remove_directory, rename, stat_path, unlink_file, OpenRequest};
pub use path::{resolve, resolve_entry, resolve_to_create, resolve_unchecked_name, Resolved};

use crate::abi::{filetype, Errno, Filestat, WasiResult};
use crate::limits::{Limits, Usage};
use std::cell::RefCell;
use std::rc::Rc;

pub type NodeRef = Rc<RefCell<Node>>;

#[derive(Debug)]
pub struct Node {
    pub ino: u64,
    /// Hard links to this node (directories compute theirs from their subdirectories).
    pub nlink: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
    pub kind: NodeKind,
    /// Counts this node against the run's inode limit while it exists.
    _inode: InodeTicket,
}

#[derive(Debug)]
struct InodeTicket(Rc<Usage>);

impl Drop for InodeTicket {
    fn drop(&mut self) {
        self.0.drop_inode();
    }
}

#[derive(Debug)]
pub enum NodeKind {
    File(FileData),
    Dir(DirEntries),
    Symlink(String),
}

impl Node {
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, NodeKind::Dir(_))
    }

    /// In no directory any more (its last link removed), though a guest may hold an fd to it.
    pub fn is_removed(&self) -> bool {
        self.nlink == 0
    }

    pub fn filetype(&self) -> u8 {
        match self.kind {
            NodeKind::File(_) => filetype::REGULAR_FILE,
            NodeKind::Dir(_) => filetype::DIRECTORY,
            NodeKind::Symlink(_) => filetype::SYMBOLIC_LINK,
        }
    }

    pub fn size(&self) -> u64 {
        match &self.kind {
            NodeKind::File(data) => data.len(),
            NodeKind::Dir(entries) => entries.len() as u64,
            NodeKind::Symlink(target) => target.len() as u64,
        }
    }

    pub fn stat(&self) -> Filestat {
        let nlink = match &self.kind {
            // A removed directory has no links left, as Linux's fstat says.
            NodeKind::Dir(_) if self.is_removed() => 0,
            NodeKind::Dir(entries) => {
                2 + entries.values().filter(|n| n.borrow().is_dir()).count() as u64
            }
            _ => self.nlink,
        };
        Filestat {
            dev: 1,
            ino: self.ino,
            filetype: self.filetype(),
            nlink,
            size: self.size(),
            atim: self.atim,
            mtim: self.mtim,
            ctim: self.ctim,
        }
    }

    pub fn entries(&self) -> WasiResult<&DirEntries> {
        match &self.kind {
            NodeKind::Dir(entries) => Ok(entries),
            _ => Err(Errno::Notdir),
        }
    }

    pub fn entries_mut(&mut self) -> WasiResult<&mut DirEntries> {
        match &mut self.kind {
            NodeKind::Dir(entries) => Ok(entries),
            _ => Err(Errno::Notdir),
        }
    }

    pub fn data_mut(&mut self) -> WasiResult<&mut FileData> {
        match &mut self.kind {
            NodeKind::File(data) => Ok(data),
            NodeKind::Dir(_) => Err(Errno::Isdir),
            NodeKind::Symlink(_) => Err(Errno::Inval),
        }
    }

    pub fn touch_modified(&mut self, now: u64) {
        self.mtim = now;
        self.ctim = now;
    }
}

/// A preopened directory: the root a path may never leave, and the guest path it is known by
/// (absolute symlink targets under that path resolve inside it).
#[derive(Clone, Debug)]
pub struct Sandbox {
    pub root: NodeRef,
    pub guest_path: String,
}

/// A path argument: the directory it is relative to, and the sandbox that directory is in.
#[derive(Clone, Copy)]
pub struct PathAt<'a> {
    pub dir: &'a NodeRef,
    pub sandbox: &'a Sandbox,
    pub path: &'a str,
}

/// Allocates inode numbers and holds the run's [`Usage`]; the nodes live in the tree.
#[derive(Debug)]
pub struct Vfs {
    next_ino: u64,
    pub usage: Rc<Usage>,
}

impl Default for Vfs {
    fn default() -> Self {
        Vfs::with_limits(Limits::default())
    }
}

impl Vfs {
    pub fn with_limits(limits: Limits) -> Self {
        Vfs {
            next_ino: 1,
            usage: Usage::new(limits),
        }
    }

    /// A node, unless the inode limit is reached (`ENOSPC`).
    pub fn new_node(&mut self, kind: NodeKind, now: u64) -> WasiResult<NodeRef> {
        self.usage.add_inode()?;
        let ino = self.next_ino;
        self.next_ino += 1;
        Ok(Rc::new(RefCell::new(Node {
            ino,
            nlink: 1,
            atim: now,
            mtim: now,
            ctim: now,
            kind,
            _inode: InodeTicket(self.usage.clone()),
        })))
    }

    pub fn new_dir(&mut self, now: u64) -> WasiResult<NodeRef> {
        self.new_node(NodeKind::Dir(DirEntries::default()), now)
    }

    pub fn new_file(&mut self, now: u64) -> WasiResult<NodeRef> {
        let data = FileData::new(&self.usage);
        self.new_node(NodeKind::File(data), now)
    }

    /// Host-side helper for seeding a tree: creates `path` (slash separated, relative to `dir`)
    /// with its missing parent directories and the given contents; the file's node.
    pub fn write_file(
        &mut self,
        dir: &NodeRef,
        path: &str,
        data: Vec<u8>,
        now: u64,
    ) -> WasiResult<NodeRef> {
        let (parent, name) = self.mkdir_parents(dir, path, now)?;
        let data = FileData::with_bytes(&self.usage, data)?;
        let node = self.new_node(NodeKind::File(data), now)?;
        parent
            .borrow_mut()
            .entries_mut()?
            .insert(name, node.clone());
        Ok(node)
    }

    /// Host-side helper: creates directory `path` and its parents under `dir`; returns it.
    pub fn mkdir_all(&mut self, dir: &NodeRef, path: &str, now: u64) -> WasiResult<NodeRef> {
        let mut cur = dir.clone();
        for comp in path.split('/').filter(|c| !c.is_empty() && *c != ".") {
            let next = cur.borrow().entries()?.get(comp).cloned();
            cur = match next {
                Some(n) if n.borrow().is_dir() => n,
                Some(_) => return Err(Errno::Notdir),
                None => {
                    let n = self.new_dir(now)?;
                    cur.borrow_mut()
                        .entries_mut()?
                        .insert(comp.to_string(), n.clone());
                    n
                }
            };
        }
        Ok(cur)
    }

    fn mkdir_parents(
        &mut self,
        dir: &NodeRef,
        path: &str,
        now: u64,
    ) -> WasiResult<(NodeRef, String)> {
        let trimmed = path.trim_matches('/');
        let (parent_path, name) = match trimmed.rsplit_once('/') {
            Some((p, n)) => (p, n),
            None => ("", trimmed),
        };
        if name.is_empty() || name == "." || name == ".." {
            return Err(Errno::Inval);
        }
        Ok((self.mkdir_all(dir, parent_path, now)?, name.to_string()))
    }
}

/// Host-side helper: the node at `path` under `dir`, without following symlinks.
pub fn lookup(dir: &NodeRef, path: &str) -> Option<NodeRef> {
    let mut cur = dir.clone();
    for comp in path.split('/').filter(|c| !c.is_empty() && *c != ".") {
        let next = cur.borrow().entries().ok()?.get(comp).cloned()?;
        cur = next;
    }
    Some(cur)
}

/// What every open file, directory and preopen holds: this build has a file system. Built
/// with the `stdio-only` feature it is a type with no values, so no fd can be a file or a
/// directory, the compiler knows it, and the code that handles one drops out of the host: the
/// stdio-only host (web/pkg/stdio/), which serves the runs given no `dirs`. Without a preopen
/// no fd ever is a file or a directory, so such a run goes the same in both.
#[cfg(not(feature = "stdio-only"))]
#[derive(Clone, Copy)]
pub struct Files;
#[cfg(feature = "stdio-only")]
#[derive(Clone, Copy)]
pub enum Files {}

impl Files {
    /// `ENOTSUP` in the stdio-only build, which has no file system to open.
    pub fn available() -> WasiResult<Files> {
        #[cfg(not(feature = "stdio-only"))]
        return Ok(Files);
        #[cfg(feature = "stdio-only")]
        Err(Errno::Notsup)
    }

    /// Does nothing; where no `Files` can exist (the stdio-only build) it cannot be called, so
    /// the compiler drops the code after it.
    pub fn present(self) {
        #[cfg(feature = "stdio-only")]
        match self {}
    }
}

/// A preopened directory as the host keeps it after the run, to read the files left in it.
pub struct Preopen {
    /// As the guest sees it (`/data`).
    pub guest_path: String,
    root: NodeRef,
    files: Files,
}

impl Preopen {
    pub fn new(guest_path: String, root: NodeRef, files: Files) -> Self {
        Preopen {
            guest_path,
            root,
            files,
        }
    }

    /// Its directory. Reached through `files`: in the stdio-only build no preopen exists, and
    /// the code reading one drops out with this.
    pub fn root(&self) -> &NodeRef {
        self.files.present();
        &self.root
    }
}

/// Host-side helper: the node at guest path `path` (`/data/out.txt`), looked up in the
/// preopen whose guest path is its longest prefix (`/data` holds `/data/x`, not `/database`).
pub fn find_in_preopens(preopens: &[Preopen], path: &str) -> Option<NodeRef> {
    preopens
        .iter()
        .filter_map(|p| {
            let root = p.root();
            let rest = path.strip_prefix(p.guest_path.trim_end_matches('/'))?;
            (rest.is_empty() || rest.starts_with('/')).then_some((p.guest_path.len(), root, rest))
        })
        .max_by_key(|(len, _, _)| *len)
        .and_then(|(_, node, rest)| lookup(node, rest))
}

#[cfg(test)]
mod tests;
