import CFuzzer
import Foundation

/// The entry point of a fuzz target: runs libFuzzer on a Swift closure.
///
/// A target's `main.swift` calls `FuzzTarget.run { bytes in ... }` once; the closure parses the
/// input and ignores thrown errors (a clear error is the right answer to a bad file). A crash,
/// a trap (precondition, overflow, bad index), a hang past `-timeout` or an allocation past
/// `-rss_limit_mb`/`-malloc_limit_mb` is what libFuzzer reports as a finding.
///
/// Debug builds only: SwiftPM links a debug executable's `main.swift` as the program's `main`
/// (in place of libFuzzer's), which is what lets the target choose its closure before the driver
/// starts; libFuzzer's own `main` then goes unused.
public enum FuzzTarget {
    /// The closure that parses one input; set by `run` before the driver starts.
    nonisolated(unsafe) static var body: (([UInt8]) -> Void)?

    /// Runs libFuzzer with the process's arguments (libFuzzer's flags, corpus folders, inputs to
    /// replay) on `body`, then exits with libFuzzer's status.
    ///
    /// With the environment variable `LRLAB_FUZZ_WRITE_SEEDS` set to a folder, it writes the
    /// inputs `seeds` makes (files made by LRLab's own writers) there instead and exits: that is
    /// how `scripts/fuzz --write-seeds` refreshes `Fuzz/Corpus/<target>/seed-*`.
    public static func run(seeds: () throws -> [(name: String, bytes: [UInt8])] = { [] },
                           _ body: @escaping ([UInt8]) -> Void) -> Never {
        if let folder = ProcessInfo.processInfo.environment["LRLAB_FUZZ_WRITE_SEEDS"] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for seed in try seeds() {
                    try Data(seed.bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent("seed-" + seed.name))
                }
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("cannot write the seeds to \(folder): \(error)\n".utf8))
                exit(1)
            }
        }
        Self.body = body
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput))
    }
}

/// libFuzzer's callback: one input to `FuzzTarget.body`. Always 0 (the input may enter the corpus).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.body?(bytes)
    return 0
}
