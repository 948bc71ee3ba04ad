import CWinograd
import Foundation

/// How a convolution layer computes its products.
public enum ConvolutionAlgorithm: String, Equatable, Sendable, CaseIterable {
    /// Patches lowered to a matrix (im2col) times the weight: exact sums in BLAS's order, the only
    /// algorithm of reproducible mode.
    case im2col
    /// Winograd F(4x4, 3x3) for 3x3 stride-1 padding-1 layers: a quarter of the multiplications,
    /// results within a few float ulps of im2col's (see `WinogradConvolution`).
    case winograd

    /// The algorithm of this process: `im2col` in reproducible mode (`LRLAB_REPRODUCIBLE=1`),
    /// whose committed runs must stay bit-identical, `winograd` otherwise.
    ///
    /// `LRLAB_CONVOLUTION=im2col` (or `winograd`) overrides the choice outside reproducible mode,
    /// for benchmarks that compare the two.
    public static let processDefault = preferred(environment: ProcessInfo.processInfo.environment)

    /// The algorithm for a process started with `environment` (see `processDefault`).
    public static func preferred(environment: [String: String]) -> ConvolutionAlgorithm {
        if environment[ReproducibleMode.variable] == "1" { return .im2col }
        if let name = environment[overrideVariable], let chosen = ConvolutionAlgorithm(rawValue: name) { return chosen }
        return .winograd
    }

    /// What this process computes 3x3 convolutions with, as run.json records it: `im2col`, or
    /// `winograd F(4x4,3x3), AVX-512` / `winograd F(4x4,3x3), baseline` (the two builds may
    /// differ in the last bits), followed by `; stride 2 direct` where stride-2 layers run the
    /// direct kernels of `StridedConvolution`.
    public static var processDescription: String {
        switch processDefault {
        case .im2col: return "im2col"
        case .winograd:
            return "winograd F(4x4,3x3), " + (lrlab_winograd_uses_avx512() != 0 ? "AVX-512" : "baseline")
                + (StridedConvolution.isAvailable ? "; stride 2 direct" : "")
        }
    }

    /// The environment variable that picks an algorithm outside reproducible mode.
    public static let overrideVariable = "LRLAB_CONVOLUTION"

    /// Whether `winograd` can compute a layer of this kernel, stride and padding.
    public static func winogradApplies(kernelSize: Int, stride: Int, padding: Int) -> Bool {
        kernelSize == 3 && stride == 1 && padding == 1
    }
}
