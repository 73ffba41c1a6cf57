use super::{Work, in_runs, join_if, map, map_runs, shares};

#[test]
fn results_keep_the_order_of_the_items() {
    let items: Vec<usize> = (0..1000).collect();
    assert_eq!(
        map(Work::Briefings, items.clone(), |i| i * 2),
        items.iter().map(|i| i * 2).collect::<Vec<_>>()
    );
    assert_eq!(map(Work::Briefings, vec![1, 2], |i| i + 1), [2, 3]);
}

#[test]
fn runs_are_consecutive_and_their_results_in_order() {
    let items: Vec<usize> = (0..1000).collect();
    let runs = std::sync::Mutex::new(Vec::new());
    let done = map_runs(Work::Briefings, items.clone(), |run: Vec<usize>| {
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
    in_runs(cores, items, |run: Vec<usize>| {
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

/// Below its size, work stays on the calling thread.
#[test]
fn small_work_is_not_shared() {
    let here = std::thread::current().id();
    let threads = std::sync::Mutex::new(std::collections::HashSet::new());
    map(Work::Briefings, (0..3).collect(), |_: usize| {
        threads.lock().unwrap().insert(std::thread::current().id());
    });
    assert_eq!(
        threads
            .into_inner()
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [here]
    );
    assert!(!shares(Work::Citations, 499));
    assert!(!shares(Work::Pieces, 1024));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(shares(Work::Citations, 500), cores > 1);
}

#[test]
fn both_sides_of_a_join_run_and_come_back_in_place() {
    for side_by_side in [false, true] {
        let (a, b) = join_if(side_by_side, || 1, || "two");
        assert_eq!((a, b), (1, "two"));
    }
    let panicked = std::panic::catch_unwind(|| join_if(true, || 1, || panic!("on the side")));
    assert!(panicked.is_err(), "a panic on the side is raised again");
}
