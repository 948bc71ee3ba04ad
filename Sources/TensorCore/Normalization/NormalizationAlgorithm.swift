import CNormalization
import Foundation

/// Which loops batch normalisation runs.
public enum NormalizationAlgorithm: String, Equatable, Sendable, CaseIterable {
    /// The Swift loops of `NormalizationKernels` (eight `Float` lanes, statistics in two passes
    /// over the channel): the only kernels of reproducible mode, whose committed runs must stay
    /// bit-identical.
    case reference
    /// The C loops of `FastNormalizationKernels` in their AVX-512 build (16 lanes, fused
    /// multiply-adds); processors without AVX-512 run the baseline build instead.
    case avx512
    /// The same C loops built for baseline x86-64 (SSE2, four lanes).
    case baseline

    /// The loops of this process: `reference` in reproducible mode (`LRLAB_REPRODUCIBLE=1`), the
    /// fast C loops otherwise, in their AVX-512 build where the processor has it.
    ///
    /// `LRLAB_NORMALIZATION=reference` (or `fast`) overrides the choice outside reproducible mode,
    /// for benchmarks that compare the two; `LRLAB_NORMALIZATION_BASELINE=1` runs the baseline
    /// build of the fast loops on an AVX-512 processor (for tests of that build).
    public static let processDefault = preferred(environment: ProcessInfo.processInfo.environment)

    /// The loops for a process started with `environment` on a processor that has AVX-512 or not
    /// (see `processDefault`).
    public static func preferred(environment: [String: String],
                                 hasAVX512: Bool = FastNormalizationKernels.processorHasAVX512) -> NormalizationAlgorithm {
        if environment[ReproducibleMode.variable] == "1" { return .reference }
        if environment[overrideVariable] == "reference" { return .reference }
        if environment[baselineVariable] == "1" || !hasAVX512 { return .baseline }
        return .avx512
    }

    /// What this process normalises batches with, as run.json records it: `reference`, or
    /// `fast, AVX-512` / `fast, baseline` (which differ from the reference and from each other in
    /// the last bits).
    public static var processDescription: String { processDefault.description }

    /// `reference`, `fast, AVX-512` or `fast, baseline`.
    public var description: String {
        switch self {
        case .reference: return "reference"
        case .avx512: return "fast, AVX-512"
        case .baseline: return "fast, baseline"
        }
    }

    /// The environment variable that picks `reference` or `fast` outside reproducible mode.
    public static let overrideVariable = "LRLAB_NORMALIZATION"
    /// The environment switch (`1`) for the baseline build of the fast loops.
    public static let baselineVariable = "LRLAB_NORMALIZATION_BASELINE"
}
