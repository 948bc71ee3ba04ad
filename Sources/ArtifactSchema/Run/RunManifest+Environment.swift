extension RunManifest {
    /// The machine and software a run ran on.
    ///
    /// The BLAS kernel decides the last bits of every matrix product, and an LR range test
    /// amplifies them: two machines reproduce each other's runs bit for bit only when these
    /// agree (`reproducible` says whether the kernel was pinned for that).
    public struct Environment: Codable, Equatable, Sendable {
        /// Such as `OpenBLAS 0.3.21`.
        public var blasLibrary: String?
        /// `openblas_get_config()`: version and build options, such as `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`.
        public var blasConfig: String?
        /// The kernel set OpenBLAS chose (`openblas_get_corename()`), such as `Haswell`.
        public var blasKernel: String?
        public var blasThreads: Int?
        /// Such as `AMD EPYC 7B13` (`/proc/cpuinfo`'s model name).
        public var cpuModel: String?
        /// The processor features that pick the kernel, such as `["avx", "avx2", "fma"]`.
        public var cpuFeatures: [String]?
        public var lrlabVersion: String?
        /// The git commit LRLab was built from, when built from a checkout.
        public var lrlabCommit: String?
        /// Such as `Debian GNU/Linux 12 (bookworm), Linux 6.1.0 x86_64`.
        public var operatingSystem: String?
        /// Whether the run pinned the BLAS kernel for bit-identical results across machines.
        public var reproducible: Bool?
        /// Why pinning could not hold here, when it could not.
        public var reproducibleNote: String?
        /// How 3x3 convolutions were computed: `im2col` (always in reproducible mode), or
        /// `winograd F(4x4,3x3), AVX-512` / `..., baseline` for stride 1, which differ from im2col
        /// and from each other in the last bits, with `; stride 2 direct` where stride-2 layers ran
        /// the direct channels-last kernels.
        public var convolution: String?
        /// The batch normalisation loops: `reference` (always in reproducible mode), or
        /// `fast, AVX-512` / `fast, baseline`, which differ from the reference and from each other
        /// in the last bits.
        public var normalization: String?

        public init() {}
    }
}
