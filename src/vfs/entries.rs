//! A directory's entries: a `Vec` sorted by name. Smaller code than a `BTreeMap` (this ships
//! to browsers), lookups by binary search, and `readdir` cookies count its live entries.

use super::NodeRef;

/// Removed entries below this many are left in place before the `Vec` is compacted.
const MIN_TOMBSTONES: usize = 32;

#[derive(Debug, Default)]
pub struct DirEntries {
    /// Sorted by name. A removed entry stays as a tombstone (no node) until tombstones outnumber
    /// the live entries: removing each of n files would otherwise shift the rest, O(n²).
    slots: Vec<(String, Option<NodeRef>)>,
    live: usize,
}

impl DirEntries {
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.slots.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&NodeRef> {
        self.find(name).ok().and_then(|i| self.slots[i].1.as_ref())
    }

    /// Adds or replaces `name`; returns what it replaced.
    pub fn insert(&mut self, name: String, node: NodeRef) -> Option<NodeRef> {
        let old = match self.find(&name) {
            Ok(i) => self.slots[i].1.replace(node),
            Err(i) => {
                self.slots.insert(i, (name, Some(node)));
                None
            }
        };
        if old.is_none() {
            self.live += 1;
        }
        old
    }

    pub fn remove(&mut self, name: &str) -> Option<NodeRef> {
        let i = self.find(name).ok()?;
        let node = self.slots[i].1.take()?;
        self.live -= 1;
        let dead = self.slots.len() - self.live;
        if dead >= MIN_TOMBSTONES && dead > self.live {
            self.slots.retain(|(_, node)| node.is_some());
        }
        Some(node)
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Entries in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeRef)> {
        self.slots
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_ref()?)))
    }

    /// Entries in name order from the `skip`th on: where `readdir` resumes. Without tombstones
    /// that is a slice index, so reading a big directory in small buffers is not quadratic.
    pub fn iter_from(&self, skip: usize) -> impl Iterator<Item = (&str, &NodeRef)> {
        let start = if self.live == self.slots.len() {
            skip.min(self.slots.len())
        } else {
            let mut live = self
                .slots
                .iter()
                .enumerate()
                .filter(|(_, (_, v))| v.is_some());
            live.nth(skip).map_or(self.slots.len(), |(i, _)| i)
        };
        self.slots[start..]
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_ref()?)))
    }

    pub fn values(&self) -> impl Iterator<Item = &NodeRef> {
        self.iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::Vfs;

    #[test]
    fn entries_stay_sorted_and_replace_in_place() {
        let mut vfs = Vfs::default();
        let mut entries = DirEntries::default();
        for name in ["b", "a", "c"] {
            assert!(entries
                .insert(name.into(), vfs.new_dir(0).unwrap())
                .is_none());
        }
        let names: Vec<&str> = entries.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let replacement = vfs.new_dir(0).unwrap();
        let old = entries.insert("b".into(), replacement.clone()).unwrap();
        assert!(!std::rc::Rc::ptr_eq(&old, &replacement));
        assert!(std::rc::Rc::ptr_eq(entries.get("b").unwrap(), &replacement));
        assert!(entries.remove("a").is_some());
        assert!(entries.remove("a").is_none());
        assert_eq!(entries.len(), 2);
        assert!(entries.get("zz").is_none());
    }

    #[test]
    fn removed_entries_are_gone_and_the_rest_keep_their_order() {
        let mut vfs = Vfs::default();
        let mut entries = DirEntries::default();
        let names: Vec<String> = (0..150).map(|i| format!("n{i:03}")).collect();
        for name in &names {
            entries.insert(name.clone(), vfs.new_file(0).unwrap());
        }
        // Past the compaction point (tombstones outnumber live entries) and short of it.
        for removed in [40, 100] {
            for name in &names[..removed] {
                entries.remove(name);
            }
            assert_eq!(entries.len(), 150 - removed);
            let left: Vec<&str> = entries.iter().map(|(k, _)| k).collect();
            assert_eq!(left, names[removed..]);
            assert!(entries.get(&names[0]).is_none());
            assert!(entries.remove(&names[0]).is_none());
            assert_eq!(entries.len(), 150 - removed);
        }
        let back = vfs.new_file(0).unwrap();
        assert!(entries.insert(names[0].clone(), back.clone()).is_none());
        assert!(std::rc::Rc::ptr_eq(entries.get(&names[0]).unwrap(), &back));
        assert_eq!(entries.len(), 51);
        assert_eq!(entries.iter().next().unwrap().0, names[0]);
        for name in &names {
            entries.remove(name);
        }
        assert!(entries.is_empty());
        assert_eq!(entries.iter_from(3).count(), 0);
        assert_eq!(entries.iter().count(), 0);
    }

    #[test]
    fn iter_from_resumes_at_the_nth_live_entry_with_and_without_tombstones() {
        let mut vfs = Vfs::default();
        let mut entries = DirEntries::default();
        let names: Vec<String> = (0..40).map(|i| format!("n{i:02}")).collect();
        for name in &names {
            entries.insert(name.clone(), vfs.new_file(0).unwrap());
        }
        let check = |entries: &DirEntries, live: &[&String]| {
            for skip in 0..=live.len() + 2 {
                let got: Vec<&str> = entries.iter_from(skip).map(|(k, _)| k).collect();
                let want: Vec<&str> = live.iter().skip(skip).map(|s| s.as_str()).collect();
                assert_eq!(got, want, "skip {skip}");
            }
        };
        check(&entries, &names.iter().collect::<Vec<_>>());
        // Every third one removed: fewer tombstones than live entries, so they stay in place.
        for name in names.iter().step_by(3) {
            entries.remove(name);
        }
        let live: Vec<&String> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 != 0)
            .map(|(_, n)| n)
            .collect();
        check(&entries, &live);
    }
}
