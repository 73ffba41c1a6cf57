//! The typesetting in a process of its own. Typst cannot be stopped from
//! outside and sets no bound on the memory a template or a document
//! takes, so `briefc` runs each typesetting as a child process of itself
//! (`briefc __typeset`, reading a [`Job`] on its standard input and
//! writing the [`Outcome`] on its standard output) under a memory limit
//! ([`MEMORY`]), and ends it at the `[pdf] timeout` deadline. Whatever
//! the files make Typst do, the build goes on: a typesetting that runs
//! out of time or memory, or fails, is a diagnostic and its PDF is left
//! out.
//!
//! A program that links the library without registering itself
//! ([`use_processes`], as tests do) typesets on a thread instead, with
//! the deadline but no memory limit.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Instant;

use super::job::{Job, Outcome};
use super::limits::MEMORY;
use super::typeset;

/// The argument that makes `briefc` the typesetting process.
pub const CHILD_ARGUMENT: &str = "__typeset";

/// How much of the child's standard error is kept to explain a failure.
const ERROR_TEXT: u64 = 16 * 1024;

static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// Runs every later typesetting of this process in a child process of
/// `program`, which must answer [`CHILD_ARGUMENT`] with [`child_main`].
pub fn use_processes(program: PathBuf) {
    let _ = PROGRAM.set(program);
}

/// Why a typesetting gave no outcome.
#[derive(Debug)]
pub enum Stopped {
    /// It was still running at the deadline.
    Timeout,
    /// It needed more memory than [`MEMORY`], or the system ended it for
    /// lack of memory.
    Memory,
    /// It failed in a way briefc did not foresee; what it said.
    Failed(String),
}

/// Typesets `job`, waiting until `deadline` at most.
pub fn typeset(job: Job, deadline: Instant) -> Result<Outcome, Stopped> {
    match PROGRAM.get() {
        Some(program) => in_child(program, job, deadline),
        None => on_thread(job, deadline),
    }
}

fn in_child(program: &PathBuf, job: Job, deadline: Instant) -> Result<Outcome, Stopped> {
    let mut child = Command::new(program)
        .arg(CHILD_ARGUMENT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Stopped::Failed(format!("the typesetting process did not start: {e}")))?;
    let (Some(stdin), Some(mut stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(Stopped::Failed(
            "the typesetting process has no pipes".into(),
        ));
    };
    // The job may be larger than a pipe holds: it is written while the
    // answer is read. A child that ends early closes the pipe, and the
    // write fails quietly; its status says why.
    let writer = std::thread::spawn(move || {
        let mut stdin = BufWriter::new(stdin);
        let _ = job.write_to(&mut stdin).and_then(|()| stdin.flush());
    });
    let errors = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut stderr = stderr;
        let _ = (&mut stderr).take(ERROR_TEXT).read_to_end(&mut kept);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        String::from_utf8_lossy(&kept).into_owned()
    });
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        let mut answer = Vec::new();
        let read = stdout.read_to_end(&mut answer).map(|_| answer);
        let _ = sender.send(read);
    });
    let left = deadline.saturating_duration_since(Instant::now());
    let answer = match receiver.recv_timeout(left) {
        Ok(answer) => answer,
        Err(RecvTimeoutError::Timeout) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Stopped::Timeout);
        }
        Err(RecvTimeoutError::Disconnected) => {
            Err(std::io::Error::other("the answer was not read"))
        }
    };
    let status = child
        .wait()
        .map_err(|e| Stopped::Failed(format!("the typesetting process was lost: {e}")))?;
    let _ = writer.join();
    let said = errors.join().unwrap_or_default();
    if status.success() {
        let answer = answer.map_err(|e| Stopped::Failed(e.to_string()))?;
        return Outcome::read_from(&mut answer.as_slice())
            .map_err(|e| Stopped::Failed(format!("the typesetting's answer is cut short: {e}")));
    }
    if said.contains("memory allocation of") || killed_by_system(&status) {
        return Err(Stopped::Memory);
    }
    let said = said.trim();
    Err(Stopped::Failed(if said.is_empty() {
        format!("the typesetting process ended with {status}")
    } else {
        said.to_string()
    }))
}

/// Whether the process was killed without asking (as the kernel does
/// when memory runs out).
fn killed_by_system(status: &std::process::ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(libc::SIGKILL)
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        false
    }
}

/// The typesetting on a thread of this process: a thread that overruns
/// the deadline is left to finish on its own.
fn on_thread(job: Job, deadline: Instant) -> Result<Outcome, Stopped> {
    let (sender, receiver) = channel();
    large_stacks_for_typst_threads();
    std::thread::Builder::new()
        .name("typeset".to_string())
        .stack_size(TYPESET_STACK)
        .spawn(move || {
            let _ = sender.send(typeset::run(job));
        })
        .map_err(|e| Stopped::Failed(format!("cannot start a thread to typeset: {e}")))?;
    let left = deadline.saturating_duration_since(Instant::now());
    match receiver.recv_timeout(left) {
        Ok(result) => result.map_err(Stopped::Failed),
        Err(RecvTimeoutError::Timeout) => Err(Stopped::Timeout),
        Err(RecvTimeoutError::Disconnected) => Err(Stopped::Failed(
            "the typesetting stopped without a result".into(),
        )),
    }
}

/// `briefc __typeset`: reads a job, typesets it, writes the outcome.
pub fn child_main() -> ExitCode {
    limit_memory();
    large_stacks_for_typst_threads();
    let mut stdin = std::io::stdin().lock();
    let job = match Job::read_from(&mut stdin) {
        Ok(job) => job,
        Err(error) => {
            eprintln!(
                "briefc {CHILD_ARGUMENT} is the typesetting process of briefc build; it reads a \
                 job that briefc writes, not one by hand ({error})"
            );
            return ExitCode::from(2);
        }
    };
    let done = std::thread::Builder::new()
        .name("typeset".to_string())
        .stack_size(TYPESET_STACK)
        .spawn(move || typeset::run(job))
        .map(|thread| thread.join());
    match done {
        Ok(Ok(Ok(outcome))) => {
            let mut stdout = BufWriter::new(std::io::stdout().lock());
            match outcome.write_to(&mut stdout).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(2),
            }
        }
        Ok(Ok(Err(fault))) => {
            eprintln!("{fault}");
            ExitCode::from(2)
        }
        // The panic's message is already on standard error.
        Ok(Err(_)) => ExitCode::from(101),
        Err(error) => {
            eprintln!("cannot start a thread to typeset: {error}");
            ExitCode::from(2)
        }
    }
}

/// Bounds the address space of the typesetting process: [`MEMORY`] for
/// its data, and room for the stacks and allocator arenas of its threads,
/// which are reserved rather than used.
fn limit_memory() {
    #[cfg(target_os = "linux")]
    {
        let threads = std::thread::available_parallelism().map_or(4, |n| n.get()) as u64 + 2;
        let reserved = threads * (TYPESET_STACK as u64 + (128 << 20)) + (1 << 30);
        let bytes = MEMORY + reserved;
        let limit = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: setrlimit reads the struct it is given and nothing else.
        unsafe {
            libc::setrlimit(libc::RLIMIT_AS, &limit);
        }
    }
}

/// The stack of the threads that lay a document out. Typst recurses once
/// or more per level of nested content, and a default thread stack (2 MiB)
/// overflows on a list nested a few dozen deep in a debug build; the space
/// is reserved, not used, until a document needs it.
const TYPESET_STACK: usize = 256 * 1024 * 1024;

/// Typst lays page runs out on rayon's global pool: its threads get the
/// same stacks, once per process. (A pool some other code built first
/// keeps its own settings.)
fn large_stacks_for_typst_threads() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(TYPESET_STACK)
            .build_global();
    });
}
