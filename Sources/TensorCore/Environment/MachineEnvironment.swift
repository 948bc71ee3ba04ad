import CBLAS
import Foundation

/// What this process runs on: the BLAS library and the kernel it chose, the processor and the
/// operating system, and the LRLab build.
///
/// Read once per process (`current`), after OpenBLAS has chosen its kernel.
public struct MachineEnvironment: Equatable, Sendable {
    public var blasConfig: String
    public var blasKernel: String
    public var blasThreads: Int
    public var cpuModel: String?
    /// The processor features among those that pick OpenBLAS's x86-64 kernels.
    public var cpuFeatures: [String]
    public var operatingSystem: String
    /// The git commit of the checkout the running executable was built in, if it was.
    public var lrlabCommit: String?
    /// The convolution algorithm and build (`ConvolutionAlgorithm.processDescription`).
    public var convolution: String = ConvolutionAlgorithm.processDescription
    /// The batch normalisation loops and build (`NormalizationAlgorithm.processDescription`).
    public var normalization: String = NormalizationAlgorithm.processDescription

    /// The features that decide which OpenBLAS kernel an x86-64 processor gets.
    public static let kernelFeatures = ["sse3", "ssse3", "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
                                        "avx512dq", "avx512vl", "avx512_bf16", "amx_tile"]

    /// This process's environment, read on first use.
    public static var current: MachineEnvironment { cached }

    private static let cached: MachineEnvironment = {
        BLAS.setThreadCount(1)
        let cpu = processorInfo()
        return MachineEnvironment(
            blasConfig: openblas_get_config().map { String(cString: $0) } ?? "",
            blasKernel: openblas_get_corename().map { String(cString: $0) } ?? "",
            blasThreads: Int(openblas_get_num_threads()),
            cpuModel: cpu.model, cpuFeatures: kernelFeatures.filter(cpu.flags.contains),
            operatingSystem: operatingSystemName(), lrlabCommit: checkoutCommit())
    }()

    /// The BLAS library and version, the first two words of the config (`OpenBLAS 0.3.21`).
    public var blasLibrary: String {
        blasConfig.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// The model name and flags of the first processor in `/proc/cpuinfo`.
    static func processorInfo() -> (model: String?, flags: Set<String>) {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return (nil, []) }
        var model: String?
        var flags = Set<String>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces), value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "model name", model == nil { model = value }
            if key == "flags" || key == "Features", flags.isEmpty { flags = Set(value.split(separator: " ").map(String.init)) }
            if model != nil && !flags.isEmpty { break }
        }
        return (model, flags)
    }

    /// `PRETTY_NAME` of `/etc/os-release` with the kernel's release and machine.
    static func operatingSystemName() -> String {
        var name = "unknown system"
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var system = utsname()
        uname(&system)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(name), \(text(system.sysname)) \(text(system.release)) \(text(system.machine))"
    }

    /// The commit `HEAD` names in the checkout that holds the running executable
    /// (`<checkout>/.build/<configuration>/<executable>`), read from the `.git` folder's files.
    static func checkoutCommit() -> String? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        for _ in 0..<6 {
            let git = folder.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
                let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.hasPrefix("ref: ") else { return trimmed }
                let ref = String(trimmed.dropFirst(5))
                if let commit = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
                    return commit.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                let packed = (try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)) ?? ""
                return packed.split(separator: "\n").first { $0.hasSuffix(" " + ref) }.map { String($0.prefix(40)) }
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
