//! The chunk engine: reads a source in chunks of lines, runs a [`ChunkWork`] on waves of chunks in
//! parallel on the caller's rayon pool, and merges the results in file order, so the outcome is
//! identical for any thread count.
//!
//! Single reports read on a separate thread (decompression overlaps parsing); batch mode reads
//! inline, because its patients already run in parallel on the same pool. Chunk buffers are
//! recycled (reader → workers → reader), so their pages stay mapped instead of being grown and
//! zeroed afresh for every chunk. The engine knows nothing of VCF records: what a chunk means is
//! the work's business.

use crate::error::Result;
use crate::progress::Progress;
use rayon::prelude::*;

/// Lines per chunk.
const CHUNK_LINES: usize = 512;

/// Chunks per wave and thread. A wave ends when its slowest chunk does, so a thread may idle for
/// up to one chunk per wave: eight chunks per thread bound that to an eighth of a wave, while the
/// chunks in flight (a wave being processed and one read ahead) stay near 10 MB for a
/// Mutect2 + VEP file on two threads.
const CHUNKS_PER_THREAD: usize = 8;

/// A block of data lines in one buffer.
#[derive(Debug, Default, Clone)]
pub struct Chunk {
    pub text: String,
    pub(crate) ends: Vec<usize>,
    /// For merged input (`input::merge`): each line's file index and record number there;
    /// empty for a single file.
    pub(crate) origin: Vec<(u32, u64)>,
}

impl Chunk {
    pub fn with_capacity(lines: usize) -> Chunk {
        Chunk {
            text: String::with_capacity(lines * 256),
            ends: Vec::with_capacity(lines),
            origin: Vec::new(),
        }
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Bytes the buffer holds room for.
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.origin.clear();
    }
    /// Append one line (without its line break).
    pub(crate) fn push_line(&mut self, line: &str) {
        self.text.push_str(line);
        self.ends.push(self.text.len());
    }
    /// The lines, without their line breaks.
    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let line = self.text.get(start..end).unwrap_or("");
            start = end;
            line
        })
    }
}

/// Something that yields chunks of lines in order.
pub(crate) trait ChunkSource: Send {
    /// Fill `chunk` with up to `max` lines; returns the 1-based number of its first record. An
    /// empty chunk means the end of the source.
    fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64>;
}

/// The result of a chunk, merged in file order.
pub(crate) trait Merge {
    fn merge(&mut self, later: Self);
}

/// The work done on each chunk.
pub(crate) trait ChunkWork: Sync {
    type Out: Merge + Send;
    /// The value results are merged into.
    fn empty(&self) -> Self::Out;
    /// Process one chunk whose first record is `first_record` (1-based).
    fn process(&self, chunk: &Chunk, first_record: u64) -> Result<Self::Out>;
}

/// How the engine reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EngineOptions {
    /// Read on a separate thread (single reports) or inline (batch patients).
    pub reader_thread: bool,
}

/// Run `work` over every chunk of `source`. Records before a read error are processed first, so
/// that a bad record inside them is the error reported (file order).
pub(crate) fn run<S: ChunkSource, W: ChunkWork>(
    source: &mut S,
    work: &W,
    opts: EngineOptions,
    progress: Option<&Progress>,
) -> Result<W::Out> {
    let wave = rayon::current_num_threads().max(1) * CHUNKS_PER_THREAD;
    let mut total = work.empty();
    let mut process_wave = |chunks: &mut Vec<(u64, Chunk)>, pool: &mut Vec<Chunk>| -> Result<()> {
        let outs: Vec<Result<W::Out>> = chunks
            .par_iter()
            .map(|(first, lines)| work.process(lines, *first))
            .collect();
        pool.extend(chunks.drain(..).map(|(_, c)| c));
        for o in outs {
            total.merge(o?);
        }
        if let Some(p) = progress {
            p.tick_bytes();
        }
        Ok(())
    };
    if opts.reader_thread {
        threaded(source, wave, &mut process_wave)?;
    } else {
        inline(source, wave, &mut process_wave)?;
    }
    Ok(total)
}

std::thread_local! {
    /// Chunk buffers kept by each thread between sources: a batch reads its patients one after
    /// another on the same threads, and fresh buffers would be grown (and their pages faulted in
    /// and zeroed) again for every patient.
    static SPARE: std::cell::RefCell<Vec<Chunk>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The calling thread's spare chunk buffers.
fn take_spare() -> Vec<Chunk> {
    SPARE.with(|s| std::mem::take(&mut *s.borrow_mut()))
}

/// Keep up to `max` buffers of an ordinary size for the next source read on this thread (one
/// that grew for a huge line is freed).
fn keep_spare(mut pool: Vec<Chunk>, max: usize) {
    pool.retain(|c| c.capacity_bytes() <= CHUNK_LINES * 4096);
    pool.truncate(max);
    SPARE.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() < pool.len() {
            *s = pool;
        }
    });
}

type Wave<'a> = dyn FnMut(&mut Vec<(u64, Chunk)>, &mut Vec<Chunk>) -> Result<()> + 'a;

fn inline<S: ChunkSource>(source: &mut S, wave: usize, process_wave: &mut Wave<'_>) -> Result<()> {
    let mut pool: Vec<Chunk> = take_spare();
    let mut chunks = Vec::with_capacity(wave);
    let r = inline_loop(source, wave, process_wave, &mut pool, &mut chunks);
    pool.extend(chunks.into_iter().map(|(_, c)| c));
    keep_spare(pool, wave);
    r
}

fn inline_loop<S: ChunkSource>(
    source: &mut S,
    wave: usize,
    process_wave: &mut Wave<'_>,
    pool: &mut Vec<Chunk>,
    chunks: &mut Vec<(u64, Chunk)>,
) -> Result<()> {
    loop {
        for _ in 0..wave {
            let mut buf = pool.pop().unwrap_or_else(|| Chunk::with_capacity(CHUNK_LINES));
            let first = source.read_chunk(&mut buf, CHUNK_LINES)?;
            if buf.is_empty() {
                break;
            }
            chunks.push((first, buf));
        }
        if chunks.is_empty() {
            return Ok(());
        }
        process_wave(chunks, pool)?;
    }
}

fn threaded<S: ChunkSource>(source: &mut S, wave: usize, process_wave: &mut Wave<'_>) -> Result<()> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<(u64, Chunk)>>(wave);
    let (back_tx, back_rx) = std::sync::mpsc::channel::<Chunk>();
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || loop {
            let mut buf = back_rx.try_recv().unwrap_or_else(|_| Chunk::with_capacity(CHUNK_LINES));
            match source.read_chunk(&mut buf, CHUNK_LINES) {
                Ok(first) => {
                    if buf.is_empty() || tx.send(Ok((first, buf))).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                    break;
                }
            }
        });
        let mut pending: Vec<(u64, Chunk)> = Vec::with_capacity(wave);
        let mut pool: Vec<Chunk> = Vec::new();
        let mut read_err = None;
        for msg in rx.iter() {
            match msg {
                Ok(c) => {
                    pending.push(c);
                    if pending.len() >= wave {
                        process_wave(&mut pending, &mut pool)?;
                        for c in pool.drain(..) {
                            let _ = back_tx.send(c);
                        }
                    }
                }
                Err(e) => {
                    read_err = Some(e);
                    break;
                }
            }
        }
        process_wave(&mut pending, &mut pool)?;
        read_err.map_or(Ok(()), Err)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source of `n` numbered lines.
    struct Numbers {
        next: u64,
        n: u64,
    }

    impl ChunkSource for Numbers {
        fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64> {
            chunk.clear();
            let first = self.next + 1;
            while self.next < self.n && chunk.len() < max {
                self.next += 1;
                chunk.push_line(&self.next.to_string());
            }
            Ok(first)
        }
    }

    struct Sum;
    #[derive(Default)]
    struct Out(Vec<u64>);
    impl Merge for Out {
        fn merge(&mut self, later: Out) {
            self.0.extend(later.0);
        }
    }
    impl ChunkWork for Sum {
        type Out = Out;
        fn empty(&self) -> Out {
            Out::default()
        }
        fn process(&self, chunk: &Chunk, first: u64) -> Result<Out> {
            let lines: Vec<u64> = chunk.lines().map(|l| l.parse().unwrap_or(0)).collect();
            assert_eq!(lines.first().copied(), Some(first));
            Ok(Out(lines))
        }
    }

    #[test]
    fn results_come_back_in_file_order_threaded_or_inline() {
        for reader_thread in [true, false] {
            let mut src = Numbers { next: 0, n: 10_000 };
            let out = run(&mut src, &Sum, EngineOptions { reader_thread }, None).unwrap();
            assert_eq!(out.0, (1..=10_000).collect::<Vec<u64>>());
        }
    }
}
