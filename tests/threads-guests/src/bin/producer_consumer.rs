//! A Mutex/Condvar queue: one producer, two consumers, every item taken exactly once.
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};

struct Queue {
    items: Mutex<(VecDeque<u32>, bool)>,
    ready: Condvar,
}

fn main() {
    let queue = Arc::new(Queue { items: Mutex::new((VecDeque::new(), false)), ready: Condvar::new() });
    let consumers: Vec<_> = (0..2)
        .map(|_| {
            let q = queue.clone();
            std::thread::spawn(move || {
                let mut taken = Vec::new();
                loop {
                    let mut guard = q.items.lock().unwrap();
                    while guard.0.is_empty() && !guard.1 {
                        guard = q.ready.wait(guard).unwrap();
                    }
                    match guard.0.pop_front() {
                        Some(item) => taken.push(item),
                        None => return taken,
                    }
                }
            })
        })
        .collect();
    for item in 1..=1000 {
        queue.items.lock().unwrap().0.push_back(item);
        queue.ready.notify_one();
    }
    queue.items.lock().unwrap().1 = true;
    queue.ready.notify_all();
    let mut all: Vec<u32> = consumers.into_iter().flat_map(|c| c.join().unwrap()).collect();
    all.sort();
    println!("taken: {} items, sum {}, each once: {}", all.len(), all.iter().sum::<u32>(), all == (1..=1000).collect::<Vec<_>>());
}
