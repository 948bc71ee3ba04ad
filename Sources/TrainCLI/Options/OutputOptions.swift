import ArgumentParser
import Experiments
import Foundation
import Recorders
import TensorCore
import Training

/// Where runs are written and what is recorded (shared by lr-find, fit and fine-tune).
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder the run folders are made in.", valueName: "dir"))
    var out: String = "runs"

    @Option(name: .long, help: ArgumentHelp(
        "Recorders besides run.json: a comma list, or none. Registered: "
            + TrainCommandLine.registries.recorders.factories.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ") + ".",
        valueName: "list"))
    var record: String = TrainCommandLine.registries.recorders.defaultSelection.joined(separator: ",")

    @Option(name: .long, help: ArgumentHelp(
        "Extra callbacks for every run, a comma list"
            + (TrainCommandLine.registries.callbacks.factories.isEmpty ? " (none registered)." : ". Registered: "
                + TrainCommandLine.registries.callbacks.factories.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ") + "."),
        valueName: "list"))
    var callbacks: String?

    @Flag(name: .long, help: "Pin OpenBLAS to the kernels every AVX2 machine runs, so the same command and seed give bit-identical files on other machines (slower; also LRLAB_REPRODUCIBLE=1). run.json records the mode.")
    var reproducible = false

    @Flag(name: .long, help: "Print only the final summary (no progress).")
    var quiet = false

    /// Parses the two lists into registered names.
    func validate() throws {
        try CommandFailure.usage {
            _ = try TrainCommandLine.registries.recorders.parseSelection(record)
            for name in callbackNames where !TrainCommandLine.registries.callbacks.names.contains(name) {
                throw UnknownExtensionError(kind: "callback", name: name, known: TrainCommandLine.registries.callbacks.names)
            }
        }
    }

    /// The selected extra callbacks' names, in the order given.
    var callbackNames: [String] {
        (callbacks ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// New extra callbacks for one run.
    func makeCallbacks() throws -> [any Callback] {
        try TrainCommandLine.registries.callbacks.makeCallbacks(callbackNames)
    }

    /// The selected recorders' names.
    var recorders: [String] { (try? TrainCommandLine.registries.recorders.parseSelection(record)) ?? [] }
}

/// Turns Ctrl-C into a clean, `interrupted` end of the run for the whole process.
enum ProcessInterrupts {
    /// Installs the handlers for the rest of the process (the command never uninstalls them).
    static func install() { InterruptHandler().install() }
}

/// Writes `message` to standard error.
///
/// A standard error that cannot be written (redirected to a full disk) loses the message instead
/// of stopping the process (`FileHandle.write(_:)` would trap), so the exit status still tells.
func printError(_ message: String) {
    try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
}
