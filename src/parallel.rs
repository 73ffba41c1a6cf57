//! Work on many independent items (briefings, output files) shared out in
//! runs between the machine's cores, the results kept in the items' order
//! so the output does not depend on which core was faster.

use std::sync::{Mutex, PoisonError};

/// `work` on every item, on up to as many threads as there are cores, but
/// only where each thread gets at least `min_per_thread` items.
pub fn map<T: Send, R: Send>(
    items: Vec<T>,
    min_per_thread: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    map_runs(items, min_per_thread, |run| {
        run.into_iter().map(&work).collect()
    })
}

/// How many runs each thread's share of the items is cut into. A thread
/// takes the next run as soon as it is done with one, so a thread slowed
/// down (by a briefing ten times the others' size, or by another program
/// on its core) takes fewer runs and the others more, and no core waits
/// at the end for more than about one run of another's.
const RUNS_PER_THREAD: usize = 16;

/// [`map`] for work that wants a run of consecutive items at once, and
/// gives one result per item, in order.
pub fn map_runs<T: Send, R: Send>(
    items: Vec<T>,
    min_per_thread: usize,
    work: impl Fn(Vec<T>) -> Vec<R> + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(items.len() / min_per_thread.max(1)).max(1);
    if threads == 1 {
        return work(items);
    }
    let run_len = items.len().div_ceil(threads * RUNS_PER_THREAD).max(1);
    // The items not yet taken, and how many runs were taken before them.
    let left = Mutex::new((0, items.into_iter()));
    let take_runs = || {
        let mut done = Vec::new();
        loop {
            let (index, run) = {
                let mut left = left.lock().unwrap_or_else(PoisonError::into_inner);
                let run: Vec<T> = left.1.by_ref().take(run_len).collect();
                left.0 += 1;
                (left.0, run)
            };
            if run.is_empty() {
                return done;
            }
            done.push((index, work(run)));
        }
    };
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(take_runs)).collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            super::map(items.clone(), 4, |i| i * 2),
            items.iter().map(|i| i * 2).collect::<Vec<_>>()
        );
        assert_eq!(super::map(vec![1, 2], 4, |i| i + 1), [2, 3]);
    }

    #[test]
    fn runs_are_consecutive_and_their_results_in_order() {
        let items: Vec<usize> = (0..1000).collect();
        let runs = std::sync::Mutex::new(Vec::new());
        let done = super::map_runs(items.clone(), 4, |run: Vec<usize>| {
            runs.lock().unwrap().push(run.clone());
            run.into_iter().map(|i| i + 1).collect()
        });
        assert_eq!(done, items.iter().map(|i| i + 1).collect::<Vec<_>>());
        let mut runs = runs.into_inner().unwrap();
        runs.sort();
        assert_eq!(runs.concat(), items, "every item in exactly one run");
        assert!(
            runs.iter()
                .all(|run| run.windows(2).all(|w| w[1] == w[0] + 1))
        );
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores > 1 {
            assert!(runs.len() > cores, "{} runs for {cores} cores", runs.len());
        }
    }

    /// One thread held up on its first run: the others take the rest.
    #[test]
    fn a_slow_run_does_not_hold_back_the_others() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 {
            return;
        }
        let items: Vec<usize> = (0..320).collect();
        let taken = std::sync::Mutex::new(Vec::new());
        super::map_runs(items, 4, |run: Vec<usize>| {
            if run[0] == 0 {
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
            taken
                .lock()
                .unwrap()
                .push((std::thread::current().id(), run.len()));
            run
        });
        let taken = taken.into_inner().unwrap();
        let slow = taken[taken.len() - 1].0;
        let by_slow: usize = taken
            .iter()
            .filter(|(id, _)| *id == slow)
            .map(|(_, n)| n)
            .sum();
        assert!(
            by_slow < 320 / cores,
            "the held-up thread did {by_slow} of 320 items"
        );
    }
}
