fn main() -> std::process::ExitCode {
    eldergraph::cli::main()
}
