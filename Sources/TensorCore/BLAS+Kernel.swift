#if canImport(Glibc)
import Glibc
#endif

extension BLAS {
    /// The name of the kernel set OpenBLAS runs, such as `SkylakeX` or `Haswell` (empty when the
    /// BLAS library is not OpenBLAS).
    public static var kernelName: String {
        _ = kernelSelection
        #if os(Linux)
        typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "openblas_get_corename"),
              let name = unsafeBitCast(symbol, to: CoreName.self)() else { return "" }
        return String(cString: name)
        #else
        return ""
        #endif
    }

    /// Runs once, before the first product in the process: moves OpenBLAS off its generic
    /// fallback onto the kernels the processor supports.
    ///
    /// OpenBLAS picks its kernels from the processor's model number, and releases older than the
    /// processor (Debian 12 ships 0.3.21) fall back to `Prescott`, SSE3 only, on recent Xeons:
    /// matrix products then run at a third of the speed the AVX-512 kernels reach. When the library
    /// chose `Prescott` and the operating system reports AVX-512 (F, BW, DQ, VL) or AVX2 with FMA,
    /// this selects `SkylakeX` or `Haswell` through OpenBLAS's own `OPENBLAS_CORETYPE` mechanism,
    /// exactly as if the variable had been set at start-up. A user's `OPENBLAS_CORETYPE` is left
    /// alone, as is any other BLAS library (the symbols are looked up, not linked).
    @usableFromInline
    static let kernelSelection: Void = {
        #if os(Linux)
        guard getenv("OPENBLAS_CORETYPE") == nil else { return }
        let program = dlopen(nil, RTLD_NOW)
        typealias Function = @convention(c) () -> Void
        typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?
        guard let nameSymbol = dlsym(program, "openblas_get_corename"),
              let quitSymbol = dlsym(program, "gotoblas_dynamic_quit"),
              let initSymbol = dlsym(program, "gotoblas_dynamic_init"),
              let current = unsafeBitCast(nameSymbol, to: CoreName.self)(),
              String(cString: current) == "Prescott",
              let kernel = supportedKernel(processorFlags: processorFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", kernel, 1)
        unsafeBitCast(quitSymbol, to: Function.self)()
        unsafeBitCast(initSymbol, to: Function.self)()
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }()

    /// The OpenBLAS kernel set for a processor with `flags` (as `/proc/cpuinfo` lists them), or nil
    /// when it has neither AVX-512 nor AVX2 with FMA.
    static func supportedKernel(processorFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The instruction-set flags of the first processor in `/proc/cpuinfo` (empty if unreadable).
    static func processorFlags() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags") else { continue }
            return Set(text.split(separator: ":", maxSplits: 1).last?.split(whereSeparator: \.isWhitespace).map(String.init) ?? [])
        }
        return []
    }
}
