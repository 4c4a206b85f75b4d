// mimalloc instead of the system allocator: ingest and queries allocate and
// free millions of small terms, quads and rows, many on one thread and freed
// on another; with glibc's allocator ingest took 15 % and the queries up to
// 25 % longer (bench/README.md). It serves C's malloc too (Cargo.toml says
// why). Only the binary chooses: the library leaves the allocator to whoever
// links it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    eldergraph::cli::main()
}
