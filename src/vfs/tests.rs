use super::*;

fn sandbox(root: &NodeRef) -> Sandbox {
    Sandbox {
        root: root.clone(),
        guest_path: "/data".into(),
    }
}

#[test]
fn seeding_helpers_build_a_tree() {
    let mut vfs = Vfs::default();
    let root = vfs.new_dir(0).unwrap();
    vfs.write_file(&root, "a/b/c.txt", b"hi".to_vec(), 0)
        .unwrap();
    let c = lookup(&root, "a/b/c.txt").unwrap();
    assert_eq!(c.borrow().size(), 2);
    assert!(lookup(&root, "a/b").unwrap().borrow().is_dir());
    assert!(lookup(&root, "a/x").is_none());
    assert_eq!(
        vfs.write_file(&root, "a/b/c.txt/d", vec![], 0).err(),
        Some(Errno::Notdir)
    );
    assert_eq!(
        vfs.write_file(&root, "", vec![], 0).err(),
        Some(Errno::Inval)
    );
}

#[test]
fn inode_numbers_are_unique() {
    let mut vfs = Vfs::default();
    let a = vfs.new_dir(0).unwrap();
    let b = vfs.new_dir(0).unwrap();
    assert_ne!(a.borrow().ino, b.borrow().ino);
}

#[test]
fn resolution_reports_parent_name_and_trailing_slash() {
    let mut vfs = Vfs::default();
    let root = vfs.new_dir(0).unwrap();
    vfs.mkdir_all(&root, "x/y", 0).unwrap();
    let sb = sandbox(&root);
    let at = |path| PathAt {
        dir: &root,
        sandbox: &sb,
        path,
    };
    let r = resolve(at("x/y/new/"), false).unwrap();
    assert_eq!(r.name.as_deref(), Some("new"));
    assert!(r.node.is_none());
    assert!(r.trailing_slash);
    let r = resolve(at("x/./y/.."), false).unwrap();
    assert!(r.name.is_none());
    assert!(Rc::ptr_eq(
        r.node.as_ref().unwrap(),
        &lookup(&root, "x").unwrap()
    ));
    assert_eq!(resolve(at("x/../.."), false).unwrap_err(), Errno::Perm);
    assert_eq!(resolve(at("x/missing/z"), false).unwrap_err(), Errno::Noent);
}

#[test]
fn symlink_chain_limit_is_eloop() {
    let mut vfs = Vfs::default();
    let root = vfs.new_dir(0).unwrap();
    let sb = sandbox(&root);
    vfs.write_file(&root, "end", vec![1], 0).unwrap();
    let mut prev = "end".to_string();
    for i in 0..45 {
        let name = format!("l{i}");
        vfs.symlink(
            &prev,
            PathAt {
                dir: &root,
                sandbox: &sb,
                path: &name,
            },
            0,
        )
        .unwrap();
        prev = name;
    }
    let at = |path| PathAt {
        dir: &root,
        sandbox: &sb,
        path,
    };
    assert!(stat_path(at("l38"), true).is_ok());
    assert_eq!(stat_path(at("l44"), true).unwrap_err(), Errno::Loop);
}

#[cfg(not(feature = "stdio-only"))]
#[test]
fn preopen_lookup_takes_the_longest_matching_preopen() {
    let mut vfs = Vfs::default();
    let data = vfs.new_dir(0).unwrap();
    let nested = vfs.new_dir(0).unwrap();
    let database = vfs.new_dir(0).unwrap();
    vfs.write_file(&data, "out.txt", b"data".to_vec(), 0)
        .unwrap();
    vfs.write_file(&nested, "out.txt", b"nested".to_vec(), 0)
        .unwrap();
    vfs.write_file(&database, "x", b"db".to_vec(), 0).unwrap();
    let preopen =
        |guest_path: &str, root| Preopen::new(guest_path.into(), root, Files::available().unwrap());
    let preopens = vec![
        preopen("/data", data.clone()),
        preopen("/data/deep/", nested),
        preopen("/database", database),
    ];
    let contents = |path: &str| {
        let node = find_in_preopens(&preopens, path)?;
        let n = node.borrow();
        match &n.kind {
            NodeKind::File(d) => Some(String::from_utf8(d.to_vec()).unwrap()),
            _ => Some("<dir>".into()),
        }
    };
    assert_eq!(contents("/data/out.txt").as_deref(), Some("data"));
    assert_eq!(contents("/data/deep/out.txt").as_deref(), Some("nested"));
    assert_eq!(contents("/database/x").as_deref(), Some("db"));
    assert_eq!(contents("/data").as_deref(), Some("<dir>"));
    // A prefix that is not a whole path component is not a match.
    assert_eq!(contents("/datab/x"), None);
    assert_eq!(contents("/data/x"), None);
    assert_eq!(contents("/elsewhere/out.txt"), None);
}
