//! seek/tell, pread/pwrite at offsets, sparse extension.
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
fn main() {
    let mut f = OpenOptions::new().read(true).write(true).create(true).truncate(true).open("/sandbox/s").unwrap();
    f.write_all(b"0123456789").unwrap();
    println!("tell: {}", f.stream_position().unwrap());
    println!("seek end-3: {}", f.seek(SeekFrom::End(-3)).unwrap());
    let mut buf = [0u8; 10];
    let n = f.read(&mut buf).unwrap();
    println!("read after seek: {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    println!("seek before start: {:?}", f.seek(SeekFrom::Current(-100)).map_err(|e| e.raw_os_error()));
    let fd = f.as_raw_fd() as u32;
    let iov = wasi::Iovec { buf: buf.as_mut_ptr(), buf_len: 4 };
    let n = unsafe { wasi::fd_pread(fd, &[iov], 2) }.unwrap();
    println!("pread: {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    println!("pos unchanged: {}", f.stream_position().unwrap());
    let ciov = wasi::Ciovec { buf: b"AB".as_ptr(), buf_len: 2 };
    unsafe { wasi::fd_pwrite(fd, &[ciov], 12) }.unwrap();
    let mut all = Vec::new();
    File::open("/sandbox/s").unwrap().read_to_end(&mut all).unwrap();
    println!("after pwrite: {:?}", all);
    println!("seek past end: {}", f.seek(SeekFrom::Start(100)).unwrap());
    f.write_all(b"Z").unwrap();
    println!("len: {}", f.metadata().unwrap().len());
}
