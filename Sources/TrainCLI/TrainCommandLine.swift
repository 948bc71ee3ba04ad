import ArgumentParser
import Experiments
import Foundation
import Synchronization
import TensorCore

/// The `train` command line as a library: a package of your own gets the whole CLI, with its
/// own data sources, models and recorders registered next to LRLab's.
///
/// ```swift
/// // Sources/mytrain/main.swift
/// import Experiments
/// import TrainCLI
///
/// var registries = Registries.builtIn
/// registries.recorders.register(MyRecorderFactory())
/// registries.models.register(MyModelBuilder())
/// TrainCommandLine.main(registries: registries)
/// ```
///
/// `--record`, `--model` and `--data`/`--data-source` then accept the new names, and `--help`
/// lists them.
public enum TrainCommandLine {
    private static let current = Mutex(Registries.builtIn)

    /// The registries the commands of this process use.
    public static var registries: Registries { current.withLock { $0 } }

    /// Parses `arguments` (the process's own when nil), runs the command and exits.
    ///
    /// Sets OpenBLAS to one thread first: when `OPENBLAS_NUM_THREADS` is unset the process
    /// re-executes itself with it set, and likewise pins the kernel for `--reproducible` (see
    /// `BLASStartup`).
    public static func main(registries: Registries = .builtIn, arguments: [String]? = nil) -> Never {
        current.withLock { $0 = registries }
        BLASStartup.ensure()
        let mode = ReproducibleMode.current
        if mode.isRequested, let note = mode.note {
            printError("note: reproducible mode cannot hold here: \(note)")
        }
        TrainCommand.main(arguments)
        exit(0)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
