//! Work on many independent items (briefings, output files) shared out in
//! runs between the machine's cores, the results kept in the items' order
//! so the output does not depend on which core was faster.

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

/// [`map`] for work that wants a thread's whole run of items at once, and
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
    let per_thread = items.len().div_ceil(threads);
    let mut runs: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut items = items.into_iter();
    for _ in 0..threads {
        runs.push(items.by_ref().take(per_thread).collect());
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .into_iter()
            .map(|run| scope.spawn(move || work(run)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
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
    fn runs_are_whole_and_their_results_in_order() {
        let items: Vec<usize> = (0..100).collect();
        let runs = std::sync::Mutex::new(Vec::new());
        let done = super::map_runs(items.clone(), 4, |run: Vec<usize>| {
            runs.lock().unwrap().push(run.len());
            run.into_iter().map(|i| i + 1).collect()
        });
        assert_eq!(done, items.iter().map(|i| i + 1).collect::<Vec<_>>());
        let runs = runs.into_inner().unwrap();
        assert_eq!(runs.iter().sum::<usize>(), 100);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(runs.len(), cores.min(25));
    }
}
