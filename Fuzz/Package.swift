// swift-tools-version:6.0
// libFuzzer targets for LRLab's parsers of outside input (see docs/fuzzing.md).
//
// Built by scripts/fuzz with `-Xswiftc -sanitize=fuzzer,address`, apart from the main package so that
// its builds and CI stay unaffected. Every folder under Targets/ is one fuzz target: an executable
// of the same name whose main.swift calls `FuzzTarget.run`. Adding a target is adding such a
// folder; nothing here changes. LRLab/ is a link to the main package (a dependency found by the
// path `..` would share this package's identity when the checkout itself is called `fuzz`).
import Foundation
import PackageDescription

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let targetNames = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Targets").path)) ?? [])
    .filter { !$0.hasPrefix(".") }
    .sorted()

let package = Package(
    name: "LRLabFuzz",
    platforms: [.macOS(.v15)],
    products: targetNames.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(path: "LRLab")],
    targets: [
        .target(name: "CFuzzer", path: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer"], path: "Support"),
    ] + targetNames.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "LRLab", package: "LRLab"),
                .product(name: "Report", package: "LRLab"),
            ],
            path: "Targets/\(name)")
    },
    swiftLanguageModes: [.v6]
)
