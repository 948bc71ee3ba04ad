import Foundation
import XCTest

/// `--reproducible` as a user checks it: run.json says the kernel was pinned, and the flag and
/// the environment switch give the same bits.
final class ReproducibleModeTests: XCTestCase {
    func testReproducibleRunsPinTheKernelAndRecordTheEnvironment() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let arguments = ["lr-find", "--data-source", "synthetic", "--synthetic-count", "512", "--iterations", "20",
                         "--batch-size", "16", "--quiet"]
        let flag = try CommandRunner.run("train", arguments + ["--reproducible", "--out", dir.appendingPathComponent("a").path])
        XCTAssertEqual(flag.status, 0, flag.stderr)
        let variable = try CommandRunner.run("/usr/bin/env", ["LRLAB_REPRODUCIBLE=1",
                                                              CommandRunner.productsDirectory.appendingPathComponent("train").path]
                                             + arguments + ["--out", dir.appendingPathComponent("b").path])
        XCTAssertEqual(variable.status, 0, variable.stderr)
        let plain = try CommandRunner.run("train", arguments + ["--out", dir.appendingPathComponent("c").path])
        XCTAssertEqual(plain.status, 0, plain.stderr)

        func run(_ name: String) throws -> (environment: [String: Any], metrics: Data) {
            let folder = dir.appendingPathComponent(name)
            let id = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
            let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent(id).appendingPathComponent("run.json"))) as? [String: Any])
            return (try XCTUnwrap(manifest["environment"] as? [String: Any]),
                    try Data(contentsOf: folder.appendingPathComponent(id).appendingPathComponent("metrics.csv")))
        }
        let (a, b, c) = (try run("a"), try run("b"), try run("c"))
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ").map(String.init)) } ?? []
        if flags.contains("avx2") && flags.contains("fma") {
            XCTAssertEqual(a.environment["reproducible"] as? Bool, true, "\(a.environment)")
            XCTAssertEqual(a.environment["blasKernel"] as? String, "Haswell")
            XCTAssertEqual(b.environment["blasKernel"] as? String, "Haswell")
        } else {
            // Where the pinned kernels cannot run, the mode says so in one line and in run.json.
            XCTAssertEqual(a.environment["reproducible"] as? Bool, false)
            XCTAssertNotNil(a.environment["reproducibleNote"] as? String)
            XCTAssertTrue(flag.stderr.contains("reproducible mode cannot hold here"), flag.stderr)
        }
        XCTAssertEqual(c.environment["reproducible"] as? Bool, false)
        // Reproducible mode computes convolutions as im2col everywhere; the default mode with Winograd.
        XCTAssertEqual(a.environment["convolution"] as? String, "im2col")
        XCTAssertEqual(b.environment["convolution"] as? String, "im2col")
        let avx512 = ["avx512f", "avx512vl", "avx512dq"].allSatisfy(flags.contains)
        XCTAssertEqual(c.environment["convolution"] as? String,
                       avx512 ? "winograd F(4x4,3x3), AVX-512; stride 2 direct" : "winograd F(4x4,3x3), baseline")
        // Batch normalisation keeps the Swift reference loops in reproducible mode, the C loops otherwise.
        XCTAssertEqual(a.environment["normalization"] as? String, "reference")
        XCTAssertEqual(b.environment["normalization"] as? String, "reference")
        XCTAssertEqual(c.environment["normalization"] as? String, "fast, " + (avx512 ? "AVX-512" : "baseline"))
        XCTAssertEqual(a.metrics, b.metrics, "the flag and the switch give the same bits")
        for key in ["blasLibrary", "blasConfig", "cpuModel", "operatingSystem", "lrlabVersion"] {
            XCTAssertNotNil(a.environment[key], key)
        }
        XCTAssertEqual((a.environment["blasThreads"] as? Int), 1)
    }
}
