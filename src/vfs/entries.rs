//! A directory's entries: a `Vec` sorted by name. Smaller code than a `BTreeMap` (this ships
//! to browsers), lookups by binary search, and `readdir` cookies index it directly.

use super::NodeRef;

#[derive(Debug, Default)]
pub struct DirEntries(Vec<(String, NodeRef)>);

impl DirEntries {
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&NodeRef> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    /// Adds or replaces `name`; returns what it replaced.
    pub fn insert(&mut self, name: String, node: NodeRef) -> Option<NodeRef> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, node)),
            Err(i) => {
                self.0.insert(i, (name, node));
                None
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<NodeRef> {
        self.find(name).ok().map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeRef)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn values(&self) -> impl Iterator<Item = &NodeRef> {
        self.0.iter().map(|(_, v)| v)
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
}
