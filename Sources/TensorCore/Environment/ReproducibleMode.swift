import Foundation

/// Bit-identical runs across machines: OpenBLAS pinned to one kernel set that every x86-64
/// processor with AVX2 and FMA runs, the same arithmetic in the same order everywhere.
///
/// OpenBLAS picks its kernels by processor (`Haswell`, `SkylakeX`, `Cooperlake`, `Zen`, ...), and
/// they sum products in different orders, so the last bits differ between machines from the first
/// batch on; an LR range test amplifies that into other suggestions. The kernel is chosen when
/// the library loads, from `OPENBLAS_CORETYPE`, so the mode is set before the process starts:
/// `train --reproducible` (or `LRLAB_REPRODUCIBLE=1`) re-executes itself with the variable set.
public struct ReproducibleMode: Equatable, Sendable {
    /// The environment switch: `1` asks for the mode.
    public static let variable = "LRLAB_REPRODUCIBLE"
    /// The kernel set every AVX2 machine has.
    public static let pinnedKernel = "Haswell"

    /// Whether the mode was asked for.
    public var isRequested: Bool
    /// Whether the kernel is pinned in this process.
    public var isPinned: Bool
    /// Why the mode cannot hold here (no AVX2, another architecture, another BLAS), when asked.
    public var note: String?

    /// The mode of this process.
    public static var current: ReproducibleMode {
        let requested = ProcessInfo.processInfo.environment[variable] == "1"
        guard requested else { return ReproducibleMode(isRequested: false, isPinned: false, note: nil) }
        if let reason = unsupportedReason() { return ReproducibleMode(isRequested: true, isPinned: false, note: reason) }
        let kernel = MachineEnvironment.current.blasKernel
        guard kernel == pinnedKernel else {
            return ReproducibleMode(isRequested: true, isPinned: false,
                                    note: "OpenBLAS runs its \(kernel) kernels, not \(pinnedKernel): start the process with OPENBLAS_CORETYPE=\(pinnedKernel)")
        }
        return ReproducibleMode(isRequested: true, isPinned: true, note: nil)
    }

    /// Why this machine cannot run the pinned kernels, or nil when it can.
    public static func unsupportedReason() -> String? {
        #if arch(x86_64)
        let flags = Set(MachineEnvironment.processorInfo().flags)
        guard flags.contains("avx2") && flags.contains("fma") else {
            return "this processor has no AVX2 and FMA, so OpenBLAS cannot run its \(pinnedKernel) kernels; results may differ in the last bits from other machines"
        }
        return nil
        #else
        return "reproducible mode pins OpenBLAS's x86-64 kernels; on this architecture results may differ in the last bits from x86-64 machines"
        #endif
    }

    /// The variables to start a process with for the mode (empty where it cannot hold).
    public static func processEnvironment() -> [String: String] {
        unsupportedReason() == nil ? ["OPENBLAS_CORETYPE": pinnedKernel, variable: "1"] : [variable: "1"]
    }
}
