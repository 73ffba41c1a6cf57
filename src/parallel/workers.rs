//! Work that waits on something other than the cores (the network), on
//! many items at once within two bounds: so many in flight overall, and
//! so many for any one key (a host), so that a briefing citing a hundred
//! pages of one site does not hammer it.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};

struct State {
    /// Indices of the items not started yet, in order.
    pending: Vec<usize>,
    in_flight: HashMap<String, usize>,
}

/// Runs `work` on every item (its key first) on `concurrency` threads,
/// never more than `per_host` at once for one key; `done` is called after
/// each. An item whose key is at its bound waits while items of other
/// keys are taken. The results come back in the items' order.
pub fn workers<T: Sync, R: Send>(
    items: &[(String, T)],
    concurrency: usize,
    per_host: usize,
    work: impl Fn(&T) -> R + Sync,
    done: impl Fn() + Sync,
) -> Vec<R> {
    let state = Mutex::new(State {
        pending: (0..items.len()).rev().collect(),
        in_flight: HashMap::new(),
    });
    let changed = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let threads = concurrency.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
                        loop {
                            if state.pending.is_empty() {
                                break None;
                            }
                            let free = state.pending.iter().rposition(|&i| {
                                state.in_flight.get(&items[i].0).copied().unwrap_or(0) < per_host
                            });
                            if let Some(at) = free {
                                let index = state.pending.remove(at);
                                *state.in_flight.entry(items[index].0.clone()).or_insert(0) += 1;
                                break Some(index);
                            }
                            state = changed.wait(state).unwrap_or_else(|p| p.into_inner());
                        }
                    };
                    let Some(index) = index else {
                        changed.notify_all();
                        return;
                    };
                    let result = work(&items[index].1);
                    results.lock().unwrap_or_else(|p| p.into_inner())[index] = Some(result);
                    {
                        let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
                        if let Some(n) = state.in_flight.get_mut(&items[index].0) {
                            *n -= 1;
                        }
                    }
                    changed.notify_all();
                    done();
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|r| r.expect("every item is worked on"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::workers;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn no_host_gets_more_than_its_share() {
        let items: Vec<(String, usize)> = (0..24).map(|i| (format!("host{}", i % 2), i)).collect();
        let now = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let most = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let (all_now, all_most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let results = workers(
            &items,
            5,
            3,
            |&i| {
                let host = i % 2;
                let n = now[host].fetch_add(1, Ordering::SeqCst) + 1;
                most[host].fetch_max(n, Ordering::SeqCst);
                let all = all_now.fetch_add(1, Ordering::SeqCst) + 1;
                all_most.fetch_max(all, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(5));
                all_now.fetch_sub(1, Ordering::SeqCst);
                now[host].fetch_sub(1, Ordering::SeqCst);
                i * 10
            },
            || {},
        );
        assert_eq!(results, (0..24).map(|i| i * 10).collect::<Vec<_>>());
        assert!(most.iter().all(|m| m.load(Ordering::SeqCst) <= 3));
        let all = all_most.load(Ordering::SeqCst);
        assert!(
            (4..=5).contains(&all),
            "at most 5 in flight, and more than one host's share: {all}"
        );
    }
}
